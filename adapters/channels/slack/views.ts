// Slack views: the "new ticket" modal and the App Home tab. Pure builders.
import type { CommandOf, Reply } from '../../../src/index.js';
import { renderReply } from './render-reply.js';

export const NEW_TICKET_CALLBACK = 'sportello_new_ticket';

const option = (value: string, text: string) => ({ text: { type: 'plain_text', text }, value });

export function newTicketModal(departments: readonly string[]) {
  return {
    type: 'modal',
    callback_id: NEW_TICKET_CALLBACK,
    title: { type: 'plain_text', text: 'New ticket' },
    submit: { type: 'plain_text', text: 'Open ticket' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'input', block_id: 'title', label: { type: 'plain_text', text: 'Title' }, element: { type: 'plain_text_input', action_id: 'value', max_length: 150 } },
      {
        type: 'input',
        block_id: 'description',
        optional: true,
        label: { type: 'plain_text', text: 'Description' },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 3500 },
      },
      {
        type: 'input',
        block_id: 'department',
        optional: true,
        label: { type: 'plain_text', text: 'Department' },
        element: { type: 'static_select', action_id: 'value', options: departments.map((d) => option(d, d)) },
      },
      {
        type: 'input',
        block_id: 'urgency',
        optional: true,
        label: { type: 'plain_text', text: 'Urgency' },
        element: {
          type: 'static_select',
          action_id: 'value',
          options: [option('high', 'High: I cannot work'), option('medium', 'Medium'), option('low', 'Low: when you can')],
        },
      },
    ],
  };
}

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
