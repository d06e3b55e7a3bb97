// On claim: the department's other open tickets that read like the same problem,
// each with a "same problem" button that links them (see link-commands.ts). Kept
// apart from what else a claim shows, so it adds to the claim reply and nothing more.
import type { Turn } from '../turn.js';
import { t } from '../i18n.js';
import { TfIdfIndex } from '../faq/tfidf-index.js';
import { reply, type Reply, type ReplyAction } from '../replies.js';
import { statusLabel } from '../tickets/ticket-words.js';
import type { Ticket } from '../tickets/ticket.js';
import { openOutages, outageText } from './open-outages.js';

/** How much of the department's open queue is compared: the top of it, in queue order. */
export const SIMILAR_POOL = 200;
export const SIMILAR_SHOWN = 3;
/** Below this two tickets share words ("non funziona"), not a problem: see test/unit/outage-similarity.test.ts. */
export const SIMILAR_MIN = 0.22;

const STILL_OPEN = ['open', 'in_progress', 'waiting_user'] as const;

/** The "same problem" button for one similar ticket, which ties the pair under one parent; null when they already are, or cannot be. */
function sameProblem(turn: Turn, claimed: Ticket, other: Ticket, isParent: (code: string) => boolean): ReplyAction | null {
  const root = claimed.linkedTo ?? claimed.code;
  if (other.code === root || other.linkedTo === root) return null;
  const button = (code: string, parent: string): ReplyAction => ({ id: `link:${code}_${parent}`, label: t(turn.locale, 'outage.same', { code, parent }) });
  // The other one is part of an outage already: the claimed ticket joins it, unless it has its own.
  if (other.linkedTo || isParent(other.code)) return isParent(claimed.code) ? null : button(claimed.code, other.linkedTo ?? other.code);
  return button(other.code, root);
}

export async function similarOpenTickets(turn: Turn, claimed: Ticket): Promise<Reply[]> {
  const page = await turn.deps.store.queue({ departments: [claimed.department], statuses: STILL_OPEN, limit: SIMILAR_POOL });
  const others = page.items.filter((tk) => tk.code !== claimed.code);
  if (others.length === 0) return [];
  const index = new TfIdfIndex(
    others.map((tk, entry) => ({ text: outageText(tk), entry })),
    others.length,
  );
  const similar = index
    .score(outageText(claimed))
    .filter((s) => s.score >= SIMILAR_MIN)
    .slice(0, SIMILAR_SHOWN)
    .map((s) => others[s.entry]!);
  if (similar.length === 0) return [];
  const { parents } = await openOutages(turn);
  const isParent = (code: string) => parents.some((p) => p.code === code);
  const lines = similar.map((tk) =>
    t(turn.locale, 'outage.similar.line', { code: tk.code, status: statusLabel(turn.locale, tk.status, 'staff'), requester: tk.requester.name, title: tk.title }),
  );
  const actions = similar.flatMap((tk) => sameProblem(turn, claimed, tk, isParent) ?? []);
  return [reply(t(turn.locale, 'outage.similar', { lines: lines.join('\n') }), undefined, actions)];
}
