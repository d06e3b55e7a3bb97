// Reply -> Block Kit, always with `text` as the fallback notifications and
// screen readers use. Buttons carry the desk's action id in `value`. Every text
// is escaped: Slack reads `<!here>`, `<@U…>` and `<url|label>` in it as pings
// and disguised links, and the desk's text carries what requesters wrote.
import type { Reply } from '../../../src/index.js';
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

export function renderReply(reply: Reply): SlackMessage {
  const blocks: Block[] = [{ type: 'section', text: { type: 'mrkdwn', text: escape(reply.text).slice(0, SECTION_LIMIT) } }];
  if (reply.ticket) {
    const t = reply.ticket;
    const fields = [`*${t.code}*`, escape(t.statusLabel), escape(t.priorityLabel), `${escape(t.departmentName)} L${t.tier}`];
    if (t.assigneeName) fields.push(escape(t.assigneeName));
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: fields.join(' · ') }] });
  }
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
  return { text: escape(reply.text), blocks };
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
  return { text: escape(replies.map((r) => r.text).join('\n')), blocks };
}
