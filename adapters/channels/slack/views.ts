// Slack views: reading the new-ticket modal of earlier versions, and the App Home tab. Pure builders.
import { homeWords, type CommandOf, type HomeWords, type Overview, type Reply } from '../../../src/index.js';
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

export const HOME_NEW_TICKET = 'sportello-home-new';
export const HOME_DEPARTMENT = 'sportello-home-department';
/** The filter's value for "every department I work". */
export const ALL_DEPARTMENTS = '*';

type Block = Record<string, unknown>;

const option = (value: string, text: string) => ({ text: { type: 'plain_text', text }, value });

/** A Claim button in a list of them reads the same to the eye; a screen reader says which ticket it takes. */
function labelClaims(blocks: Block[], words: HomeWords): Block[] {
  return blocks.map((b) => {
    if (b.type !== 'actions') return b;
    const elements = (b.elements as Block[]).map((e) => {
      const value = typeof e.value === 'string' ? e.value : '';
      return value.startsWith('claim:') ? { ...e, accessibility_label: words.claimCode(value.slice('claim:'.length)).slice(0, 75) } : e;
    });
    return { ...b, elements };
  });
}

/**
 * The App Home as the reader's language draws it: "New ticket" (and, for an
 * agent of several departments, the queue's filter) on top, then their tickets,
 * what they hold, and the queue with a Claim button per row.
 */
export function overviewHome(overview: Overview) {
  const words = homeWords(overview.locale ?? 'en');
  const top: Block[] = [{ type: 'button', action_id: HOME_NEW_TICKET, style: 'primary', text: { type: 'plain_text', text: words.newTicket }, value: 'new' }];
  const departments = overview.departments ?? [];
  if (departments.length > 1) {
    const all = option(ALL_DEPARTMENTS, words.allDepartments);
    const options = [all, ...departments.map((d) => option(d.id, d.name.slice(0, 75)))];
    const chosen = options.find((o) => o.value === overview.department) ?? all;
    top.push({ type: 'static_select', action_id: HOME_DEPARTMENT, placeholder: { type: 'plain_text', text: words.filter }, options, initial_option: chosen });
  }
  const sections = overview.sections.flatMap((r, i) => [...(i > 0 ? [{ type: 'divider' }] : []), ...renderReply(r).blocks]);
  const body = sections.length > 0 ? labelClaims(sections, words) : [{ type: 'section', text: { type: 'mrkdwn', text: words.empty } }];
  return { type: 'home', blocks: [{ type: 'actions', block_id: 'sportello-home-top', elements: top }, ...body].slice(0, VIEW_BLOCKS) };
}
