// The search message extension: Teams sends `composeExtension/query` as the
// person types in the extension's box (and once on opening it, `initialRun`);
// the answer is a list of ticket cards, each with a one-line preview. Pure.
import type { Reply, TicketSearch } from '../../../src/index.js';
import { adaptiveCard, CARD_TYPE, cardText } from './render-reply.js';

export const SEARCH_INVOKE = 'composeExtension/query';
/** The manifest's command ids, each the search it runs. */
export const SEARCH_COMMANDS: Readonly<Record<string, TicketSearch>> = Object.freeze(Object.assign(Object.create(null), { unassigned: 'unassigned', mine: 'mine' }));
/** The one parameter each command declares. */
export const SEARCH_PARAMETER = 'query';

/** What to look for, or null for a command this version does not define. `initialRun` looks for everything. */
export function searchOf(value: unknown): { which: TicketSearch; typed: string } | null {
  const v = value as { commandId?: unknown; parameters?: unknown } | null | undefined;
  const which = typeof v?.commandId === 'string' && Object.hasOwn(SEARCH_COMMANDS, v.commandId) ? SEARCH_COMMANDS[v.commandId]! : null;
  if (!which) return null;
  const params = Array.isArray(v?.parameters) ? (v.parameters as { name?: unknown; value?: unknown }[]) : [];
  const typed = params.find((p) => p?.name === SEARCH_PARAMETER)?.value;
  return { which, typed: typeof typed === 'string' ? typed.slice(0, 200) : '' };
}

/** The invoke's answer: a card per ticket found (its first line the preview), or the desk's refusal as a message. */
export function searchResult(replies: readonly Reply[]): { status: number; body: unknown } {
  if (replies.length === 1 && replies[0]!.ephemeral) {
    return { status: 200, body: { composeExtension: { type: 'message', text: cardText(replies[0]!.text) } } };
  }
  const attachments = replies.map((r) => {
    const [first = '', ...rest] = r.text.split('\n');
    return {
      contentType: CARD_TYPE,
      content: adaptiveCard([r]),
      preview: { contentType: 'application/vnd.microsoft.card.thumbnail', content: { title: cardText(first), text: cardText(rest.join(' ')) } },
    };
  });
  return { status: 200, body: { composeExtension: { type: 'result', attachmentLayout: 'list', attachments } } };
}
