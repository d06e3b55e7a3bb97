// Slack views: reading the new-ticket modal of earlier versions, and the App Home tab. Pure builders.
import type { CommandOf, Reply } from '../../../src/index.js';
import { renderReply } from './render-reply.js';

export const NEW_TICKET_CALLBACK = 'sportello_new_ticket';

type StateValues = Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null }>>;

/** The modal's fields as a `new` command (the desk checks the choices); null when the title is missing. */
export function commandFromModal(values: StateValues): CommandOf<'new'> | null {
  const field = (block: string) => {
    const v = values[block]?.value;
    return (v?.value ?? v?.selected_option?.value ?? '').trim();
  };
  const title = field('title');
  if (!title) return null;
  const description = field('description');
  const command: CommandOf<'new'> = { verb: 'new', text: description ? `${title}\n${description}` : title };
  if (field('department')) command.department = field('department');
  if (field('urgency')) command.urgency = field('urgency');
  return command;
}

/** Slack refuses a whole view of more than 100 blocks. */
const VIEW_BLOCKS = 100;

export function homeView(sections: readonly Reply[]) {
  const blocks = sections.flatMap((r, i) => [...(i > 0 ? [{ type: 'divider' }] : []), ...renderReply(r).blocks]).slice(0, VIEW_BLOCKS);
  return { type: 'home', blocks: blocks.length > 0 ? blocks : [{ type: 'section', text: { type: 'mrkdwn', text: 'No tickets yet.' } }] };
}
