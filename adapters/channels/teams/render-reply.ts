// Reply -> Teams message: plain text when there is nothing to press, otherwise
// an Adaptive Card 1.5 whose buttons are Action.Execute (universal actions) with
// Action.Submit as the fallback older clients use. Both carry the desk's action
// id in `data.sportello`. Text is made inert on the way: the desk's words carry
// what requesters wrote, and Teams renders markdown links in cards and messages
// and HTML in messages.
import type { Reply } from '../../../src/index.js';
import { breakMarkdownLinks } from '../markdown-links.js';
import type { Attachment, OutgoingActivity } from './teams-types.js';

export const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';
export const ACTION_VERB = 'sportello';
/** A form's submit button carries the form's id here; its inputs come back beside it, their ids prefixed. */
export const FORM_KEY = 'sportelloForm';
export const FIELD_PREFIX = 'sportelloField.';

type Element = Record<string, unknown>;

/** For a TextBlock, a card's fallbackText or a message's summary: markdown that knows links, not HTML. */
export const cardText = breakMarkdownLinks;

/** For a message's `text`, which Teams reads as markdown with HTML in it: `<a href>`, `<at>` stay words. */
export function messageText(text: string): string {
  return breakMarkdownLinks(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function ticketLine(reply: Reply): Element[] {
  const t = reply.ticket;
  if (!t) return [];
  const facts = [t.code, t.statusLabel, t.priorityLabel, `${t.departmentName} L${t.tier}`];
  if (t.assigneeName) facts.push(t.assigneeName);
  return [{ type: 'TextBlock', text: cardText(facts.join(' · ')), isSubtle: true, size: 'Small', wrap: true }];
}

/** `withForm`: the card has inputs, which a plain button must neither check nor send (an empty required field would block it). */
function buttons(reply: Reply, withForm = false): Element[] {
  const inputs = withForm ? { associatedInputs: 'none' } : {};
  return (reply.actions ?? []).slice(0, 6).map((a) => {
    const data = { [ACTION_VERB]: a.id };
    return { type: 'Action.Execute', title: a.label, verb: ACTION_VERB, data, ...inputs, fallback: { type: 'Action.Submit', title: a.label, data, ...inputs } };
  });
}

const FIELD_MAX = 2000;

/** A reply's form, inline: a text input per field and its own submit button under them. */
function formElements(reply: Reply): Element[] {
  const form = reply.form;
  if (!form) return [];
  const inputs = form.fields.map((f) => ({
    type: 'Input.Text',
    id: FIELD_PREFIX + f.id,
    label: cardText(f.label),
    maxLength: FIELD_MAX,
    ...(f.placeholder ? { placeholder: f.placeholder } : {}),
    ...(f.multiline ? { isMultiline: true } : {}),
    ...(f.optional ? {} : { isRequired: true, errorMessage: cardText(f.label) }),
  }));
  const data = { [FORM_KEY]: form.id };
  const submit = { type: 'Action.Execute', title: form.submitLabel, verb: ACTION_VERB, data, style: 'positive', fallback: { type: 'Action.Submit', title: form.submitLabel, data } };
  return [...inputs, { type: 'ActionSet', actions: [submit] }];
}

/**
 * One card from one or more replies: their texts in order, the last one's
 * buttons at the foot; an earlier reply's buttons stay under its text (a queue
 * shown after a press keeps a Claim button on every ticket).
 */
export function adaptiveCard(replies: Reply[]): Element {
  const body: Element[] = [];
  const withForm = replies.some((r) => r.form);
  replies.forEach((r, i) => {
    body.push({ type: 'TextBlock', text: cardText(r.text), wrap: true, ...(r.ephemeral ? { color: 'Attention' } : {}) }, ...ticketLine(r), ...formElements(r));
    const own = i < replies.length - 1 ? buttons(r, withForm) : [];
    if (own.length > 0) body.push({ type: 'ActionSet', actions: own });
  });
  const last = replies[replies.length - 1];
  const actions = last ? buttons(last, withForm) : [];
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    fallbackText: cardText(replies.map((r) => r.text).join('\n')),
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
}

export function cardAttachment(replies: Reply[]): Attachment {
  return { contentType: CARD_TYPE, content: adaptiveCard(replies) };
}

export function renderReply(reply: Reply): OutgoingActivity {
  if (!reply.ticket && !reply.actions?.length && !reply.form) return { type: 'message', text: messageText(reply.text) };
  return { type: 'message', summary: cardText(reply.text), attachments: [cardAttachment([reply])] };
}

/** The body of an `adaptiveCard/action` invoke response: the card the presser sees now. */
export function invokeCard(replies: Reply[]): { status: number; body: unknown } {
  return { status: 200, body: { statusCode: 200, type: CARD_TYPE, value: adaptiveCard(replies) } };
}
