// Reply -> Block Kit, always with `text` as the fallback notifications and
// screen readers use. Buttons carry the desk's action id in `value`. Every text
// is escaped: Slack reads `<!here>`, `<@U…>` and `<url|label>` in it as pings
// and disguised links, and the desk's text carries what requesters wrote.
import { cardFieldName, type CardField, type CardPerson, type Reply, type TicketView } from '../../../src/index.js';
import { formButtonValue } from './form-modal.js';

export const ACTION_PREFIX = 'sportello:';
/** The button that opens a reply's form in a modal; its value is the form itself, since the adapter keeps none. */
export const FORM_BUTTON = 'sportello-form';
/** Slack's ceiling for a button's value. */
const BUTTON_VALUE_LIMIT = 2000;

type Block = Record<string, unknown>;

export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** Slack treats &, < and > as markup in text (`text` of a message as much as its blocks). */
export function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const SECTION_LIMIT = 3000;

/** Escaped text cut to a limit, never inside an entity (`&am` would show as typed). */
function clip(escaped: string, max: number): string {
  return escaped.length <= max ? escaped : escaped.slice(0, max).replace(/&[a-z]*$/, '');
}
/** Block Kit: a section holds 10 fields at most, each 2000 characters. */
const FIELD_LIMIT = 2000;
const TITLE_SHOWN = 300;

/** A Slack person is mentioned (Slack draws their name, for this workspace); anyone else is named. */
function who(p: CardPerson): string {
  return p.platform === 'slack' && /^[UW][A-Z0-9]+$/.test(p.id) ? `<@${p.id}>` : escape(p.name);
}

/** Slack draws the moment in the reader's own time zone; the fallback is for clients that cannot. */
function slackDate(ms: number, fallback: string): string {
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${escape(fallback)}>`;
}

/**
 * Where the ticket stands against its SLA target: the words, then the due moment as Slack
 * draws it (paused: the words alone). The fallback is the moment too, not "in 40 min",
 * which would turn false on a card read later.
 */
function slaValue(t: TicketView): string {
  if (t.slaState === 'paused' || t.dueAt === undefined) return escape(t.slaLabel ?? t.slaLead ?? '');
  return `${escape(t.slaLead ?? '')} ${slackDate(t.dueAt, t.dueLabel ?? new Date(t.dueAt).toISOString())}`;
}

/** A ticket as a section's two-column fields: each value under its name, in the language of the values. */
export function ticketFields(t: TicketView): Block[] {
  const name = (field: CardField) => cardFieldName(t.locale ?? 'en', field);
  const field = (label: string, value: string): Block => ({ type: 'mrkdwn', text: clip(`*${escape(label)}*\n${value}`, FIELD_LIMIT) });
  const fields: Block[] = [{ type: 'mrkdwn', text: clip(`*${escape(t.code)}*${t.title ? `\n${escape(t.title.slice(0, TITLE_SHOWN))}` : ''}`, FIELD_LIMIT) }];
  fields.push(field(name('status'), escape(t.statusLabel)), field(name('priority'), escape(t.priorityLabel)), field(name('queue'), `${escape(t.departmentName)} L${t.tier}`));
  const agent = t.assigneePerson ? who(t.assigneePerson) : t.assigneeName ? escape(t.assigneeName) : undefined;
  if (agent) fields.push(field(name('agent'), agent));
  if (t.requester) fields.push(field(name('requester'), who(t.requester)));
  if (t.slaLead) fields.push(field(name('sla'), slaValue(t)));
  else if (t.dueAt !== undefined) fields.push(field(name('due'), slackDate(t.dueAt, t.dueLabel ?? new Date(t.dueAt).toISOString())));
  if (t.channelName) fields.push(field(name('channel'), escape(t.channelName)));
  return fields.slice(0, 10);
}

export function renderReply(reply: Reply): SlackMessage {
  const section: Block = { type: 'section', text: { type: 'mrkdwn', text: clip(escape(reply.text), SECTION_LIMIT) } };
  if (reply.ticket) section.fields = ticketFields(reply.ticket);
  const blocks: Block[] = [section];
  const elements: Block[] = [];
  const form = reply.form ? formButtonValue(reply.form, BUTTON_VALUE_LIMIT) : null;
  // A form too big to ride in its button (and not the desk's own, which the adapter can build again) is left out: the text says what to write instead.
  if (reply.form && form) {
    elements.push({ type: 'button', action_id: FORM_BUTTON, style: 'primary', text: { type: 'plain_text', text: reply.form.openLabel.slice(0, 75) }, value: form });
  }
  (reply.actions ?? []).slice(0, 25 - elements.length).forEach((a, i) =>
    elements.push({ type: 'button', action_id: `${ACTION_PREFIX}${i}`, text: { type: 'plain_text', text: a.label.slice(0, 75) }, value: a.id }),
  );
  if (elements.length > 0) blocks.push({ type: 'actions', elements });
  return { text: messageText(reply.text), blocks };
}

/** Slack refuses a message whose text passes 40,000 characters (msg_too_long); the blocks carry the rest. */
const MESSAGE_TEXT = 40_000;

function messageText(text: string): string {
  const escaped = escape(text);
  // Never cut inside an entity: `&am` would show as typed.
  return clip(escaped, MESSAGE_TEXT);
}

/** Slack refuses a message of more than 50 blocks. */
const MESSAGE_BLOCKS = 50;

/**
 * Several replies as one message, each under a divider with its own buttons: a
 * response_url takes five messages at most, and a queue page is more than that.
 */
export function renderReplies(replies: readonly Reply[]): SlackMessage {
  if (replies.length === 1) return renderReply(replies[0]!);
  const blocks = replies.flatMap((r, i) => [...(i > 0 ? [{ type: 'divider' }] : []), ...renderReply(r).blocks]).slice(0, MESSAGE_BLOCKS);
  return { text: messageText(replies.map((r) => r.text).join('\n')), blocks };
}

/**
 * A message as it reads once one of its buttons was pressed: the block holding
 * that button gives way to a line saying what was pressed (and by whom, where
 * others read it), so it cannot be pressed again. Other blocks' buttons (the
 * next item of a list) stay. Null when the pressed block is not in the message.
 */
export function retirePressed(blocks: readonly Block[], pressed: { block_id?: string; value?: string }, label: string, by?: string): Block[] | null {
  const holds = (b: Block) =>
    b.type === 'actions' &&
    (pressed.block_id !== undefined && b.block_id !== undefined ? b.block_id === pressed.block_id : ((b.elements as Block[] | undefined) ?? []).some((e) => e.value === pressed.value));
  const at = blocks.findIndex(holds);
  if (at < 0) return null;
  const note = `✓ ${escape(label).slice(0, 200)}${by ? ` · ${escape(by).slice(0, 200)}` : ''}`;
  return blocks.map((b, i) => (i === at ? { type: 'context', elements: [{ type: 'mrkdwn', text: note }] } : b));
}
