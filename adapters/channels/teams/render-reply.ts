// Reply -> Teams message: plain text when there is nothing to press, otherwise
// an Adaptive Card 1.5 whose buttons are Action.Execute (universal actions) with
// Action.Submit as the fallback older clients use. Both carry the desk's action
// id in `data.sportello`. Text is made inert on the way: the desk's words carry
// what requesters wrote, and Teams renders markdown links in cards and messages
// and HTML in messages.
import { cardFieldName, isDeskFormId, teamsFileWords, type CardField, type CardPerson, type FormField, type Reply, type ReplyForm, type TicketView } from '../../../src/index.js';
import { breakMarkdownLinks } from '../markdown-links.js';
import type { Attachment, OutgoingActivity } from './teams-types.js';

export const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';
export const ACTION_VERB = 'sportello';
/** A form's submit button carries the form's id here; its inputs come back beside it, their ids prefixed. */
export const FORM_KEY = 'sportelloForm';
export const FIELD_PREFIX = 'sportelloField.';
/** A button that opens one of the desk's forms as a dialog (task/fetch) carries the form's id here. */
export const DIALOG_KEY = 'sportelloDialog';

type Element = Record<string, unknown>;

/**
 * For a TextBlock, a card's fallbackText or a message's summary: markdown that
 * knows links, not HTML; but Teams still reads `<at>` as a mention and `{{…}}`
 * as a date macro there, so a zero-width space keeps both as words.
 */
export const cardText = (text: string): string => breakMarkdownLinks(text).replace(/<at/gi, (m) => `<\u200b${m.slice(1)}`).replace(/\{\{/g, '{\u200b{');

/** For a message's `text`, which Teams reads as markdown with HTML in it: `<a href>`, `<at>` stay words. */
export function messageText(text: string): string {
  return breakMarkdownLinks(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A Teams mention's entity; its `text` must match the `<at>` tag in the card word for word. */
export interface Mention {
  type: 'mention';
  text: string;
  mentioned: { id: string; name: string };
}

/** A Teams person is mentioned (the card lists them in msteams.entities); anyone else is named. */
function who(p: CardPerson, mentions: Mention[]): string {
  // Angle brackets would end the tag early; a name without them reads the same.
  const name = cardText(p.name.replace(/[<>]/g, '').trim() || p.id);
  if (p.platform !== 'teams') return cardText(p.name);
  const text = `<at>${name}</at>`;
  if (!mentions.some((m) => m.text === text && m.mentioned.id === p.id)) mentions.push({ type: 'mention', text, mentioned: { id: p.id, name } });
  return text;
}

/** Teams formats `{{DATE(…, SHORT)}} {{TIME(…)}}` in the reader's own time zone and language. */
function teamsDate(ms: number): string {
  const iso = `${new Date(ms).toISOString().slice(0, 19)}Z`;
  return `{{DATE(${iso}, SHORT)}} {{TIME(${iso})}}`;
}

/** The ticket as a title and a FactSet: each value under its name, in the language of the values. */
function ticketFacts(t: TicketView, mentions: Mention[]): Element[] {
  const name = (field: CardField) => cardText(cardFieldName(t.locale ?? 'en', field));
  const facts = [
    { title: name('status'), value: cardText(t.statusLabel) },
    { title: name('priority'), value: cardText(t.priorityLabel) },
    { title: name('queue'), value: cardText(`${t.departmentName} L${t.tier}`) },
  ];
  const agent = t.assigneePerson ? who(t.assigneePerson, mentions) : t.assigneeName ? cardText(t.assigneeName) : undefined;
  if (agent) facts.push({ title: name('agent'), value: agent });
  if (t.requester) facts.push({ title: name('requester'), value: who(t.requester, mentions) });
  // Teams has no relative time: the due moment itself stays true however late the card is read.
  if (t.slaLead) facts.push({ title: name('sla'), value: t.slaState === 'paused' || t.dueAt === undefined ? cardText(t.slaLabel ?? t.slaLead) : `${cardText(t.slaLead)} ${teamsDate(t.dueAt)}` });
  else if (t.dueAt !== undefined) facts.push({ title: name('due'), value: teamsDate(t.dueAt) });
  if (t.channelName) facts.push({ title: name('channel'), value: cardText(t.channelName) });
  const heading = t.title ? `${t.code} · ${t.title.slice(0, TITLE_SHOWN)}` : t.code;
  return [
    { type: 'TextBlock', text: cardText(heading), weight: 'Bolder', wrap: true, spacing: 'Medium' },
    { type: 'FactSet', facts },
  ];
}

const TITLE_SHOWN = 300;

/** The files a reply carries, by name and size (the names are senders' words, kept inert). */
function fileList(reply: Reply): Element[] {
  const files = reply.files ?? [];
  if (files.length === 0) return [];
  const words = teamsFileWords(reply.ticket?.locale ?? 'en');
  return [{ type: 'TextBlock', text: files.map((f) => cardText(words.fileLine(f.name, f.size))).join('\n\n'), wrap: true, isSubtle: true, spacing: 'Small' }];
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

/** A field as an input: a choice set for a select (a drop-down), a text input otherwise; required ones checked by Teams before sending. */
function input(f: FormField, errorMessage?: string): Element {
  const required = f.optional ? {} : { isRequired: true, errorMessage: cardText(errorMessage ?? f.label) };
  const common = { id: FIELD_PREFIX + f.id, label: cardText(f.label), ...required, ...(f.placeholder ? { placeholder: f.placeholder } : {}), ...(f.value ? { value: f.value } : {}) };
  if (f.kind === 'select') return { type: 'Input.ChoiceSet', style: 'compact', choices: (f.options ?? []).map((o) => ({ title: cardText(o.label || o.value), value: o.value })), ...common };
  return { type: 'Input.Text', maxLength: FIELD_MAX, ...(f.multiline ? { isMultiline: true } : {}), ...common };
}

/** A reply's form: one of the desk's opens as a dialog from a button; any other sits inline, inputs and a submit button under the text. */
function formElements(reply: Reply): Element[] {
  const form = reply.form;
  if (!form) return [];
  if (isDeskFormId(form.id)) {
    const data = { msteams: { type: 'task/fetch' }, [DIALOG_KEY]: form.id };
    return [{ type: 'ActionSet', actions: [{ type: 'Action.Submit', title: form.openLabel, data, associatedInputs: 'none', style: 'positive' }] }];
  }
  const inputs = form.fields.map((f) => input(f));
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
  const mentions: Mention[] = [];
  const withForm = replies.some((r) => r.form);
  replies.forEach((r, i) => {
    body.push({ type: 'TextBlock', text: cardText(r.text), wrap: true, ...(r.ephemeral ? { color: 'Attention' } : {}) }, ...(r.ticket ? ticketFacts(r.ticket, mentions) : []), ...fileList(r), ...formElements(r));
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
    // Full width: a ticket's facts side by side read like a form, not a column of wrapped words.
    msteams: { width: 'Full', ...(mentions.length > 0 ? { entities: mentions } : {}) },
  };
}

export function cardAttachment(replies: Reply[]): Attachment {
  return { contentType: CARD_TYPE, content: adaptiveCard(replies) };
}

export function renderReply(reply: Reply): OutgoingActivity {
  if (!reply.ticket && !reply.actions?.length && !reply.form) return { type: 'message', text: messageText(reply.text) };
  return { type: 'message', summary: cardText(reply.text), attachments: [cardAttachment([reply])] };
}

/**
 * A dialog's card (task/fetch, and a submission answered again): the form's
 * inputs, `problem` above them in red when what was sent is refused, and the
 * submit button that sends them back with the form's id.
 */
export function dialogCard(form: ReplyForm, problem?: string, errors: Readonly<Record<string, string>> = {}): Element {
  const body: Element[] = problem ? [{ type: 'TextBlock', text: cardText(problem), wrap: true, color: 'Attention' }] : [];
  body.push(...form.fields.map((f) => input(f, Object.hasOwn(errors, f.id) ? errors[f.id] : undefined)));
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    actions: [{ type: 'Action.Submit', title: form.submitLabel, style: 'positive', data: { [FORM_KEY]: form.id } }],
  };
}

/** The invoke answer that shows (or shows again) a dialog: task/fetch, task/submit, and a message action's fetchTask and submitAction alike. */
export function dialogResponse(form: ReplyForm, problem?: string, errors?: Readonly<Record<string, string>>): { status: number; body: unknown } {
  const card = { contentType: CARD_TYPE, content: dialogCard(form, problem, errors) };
  return { status: 200, body: { task: { type: 'continue', value: { title: cardText(form.title), width: 'medium', height: 'medium', card } } } };
}

/** A dialog closed with a sentence (a form the desk cannot build any more). */
export function dialogMessage(text: string): { status: number; body: unknown } {
  return { status: 200, body: { task: { type: 'message', value: cardText(text) } } };
}

/** The body of an `adaptiveCard/action` invoke response: the card the presser sees now. */
export function invokeCard(replies: Reply[]): { status: number; body: unknown } {
  return { status: 200, body: { statusCode: 200, type: CARD_TYPE, value: adaptiveCard(replies) } };
}

/** A triage card's own refresh: the verb and the data key its ticket code rides in. */
export const REFRESH_VERB = 'sportelloRefresh';
/** Teams takes at most 60 people in a card's refresh.userIds. */
const REFRESH_USERS = 60;

/**
 * A triage card as everyone in the channel sees it: the ticket, no buttons.
 * The people in `userIds` (the ticket's agents) see their own view instead:
 * their Teams client asks the bot for it (an `adaptiveCard/action` invoke with
 * the refresh verb) as it shows the card. `withActions` is that view.
 */
export function sharedCard(reply: Reply, code: string, userIds: readonly string[], withActions = false): Element {
  const shown: Reply = withActions ? reply : { ...reply, actions: [] };
  const data = { [REFRESH_VERB]: code };
  return { ...adaptiveCard([shown]), refresh: { action: { type: 'Action.Execute', title: 'Refresh', verb: REFRESH_VERB, data }, userIds: userIds.slice(0, REFRESH_USERS) } };
}

export function sharedActivity(reply: Reply, code: string, userIds: readonly string[]): OutgoingActivity {
  return { type: 'message', summary: cardText(reply.text), attachments: [{ contentType: CARD_TYPE, content: sharedCard(reply, code, userIds) }] };
}

/** The code a refresh invoke asks about, or null for any other invoke. */
export function refreshOf(value: unknown): string | null {
  const action = (value as { action?: { verb?: unknown; data?: Record<string, unknown> } } | null | undefined)?.action;
  const code = action?.verb === REFRESH_VERB ? action.data?.[REFRESH_VERB] : null;
  return typeof code === 'string' && code !== '' ? code : null;
}

/** How Teams names a person in refresh.userIds: an Entra user's MRI, from their object id. */
export function userMri(userId: string): string {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(userId) ? `8:orgid:${userId}` : userId;
}
