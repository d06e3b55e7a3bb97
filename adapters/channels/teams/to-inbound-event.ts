// Teams activities -> the desk's words. Pure.
import { TICKET_THREAD, commandFromAction, commandFromForm, threadCommand, type InboundEvent, type Locale, type Participant, type ThreadDefault } from '../../../src/index.js';
import { ACTION_VERB, DIALOG_KEY, FIELD_PREFIX, FORM_KEY } from './render-reply.js';
import type { TeamsActivity } from './teams-types.js';

/** What a turn needs before anything is read or stored; null when the activity has it. */
export function problemWith(body: unknown): string | null {
  const a = body as Partial<TeamsActivity> | null;
  if (!a || typeof a !== 'object') return 'the activity must be a JSON object';
  if (typeof a.serviceUrl !== 'string' || !/^https?:\/\//.test(a.serviceUrl)) return 'serviceUrl must be an http(s) URL';
  if (typeof a.from?.id !== 'string' || a.from.id === '') return 'from.id is required';
  if (typeof a.recipient?.id !== 'string' || a.recipient.id === '') return 'recipient.id is required';
  if (typeof a.conversation?.id !== 'string' || a.conversation.id === '') return 'conversation.id is required';
  return null;
}

export function toLocale(tag: string | undefined): Locale | undefined {
  const lang = tag?.slice(0, 2).toLowerCase();
  return lang === 'it' || lang === 'en' ? lang : undefined;
}

/** The desk knows Teams people by their Entra (AAD) object id, stable across chats. */
export function teamsUser(activity: TeamsActivity): Participant {
  const userId = activity.from.aadObjectId ?? activity.from.id;
  const p: Participant = { platform: 'teams', userId, name: activity.from.name?.trim() || userId };
  const locale = toLocale(activity.locale ?? activity.entities?.find((e) => e.type === 'clientInfo')?.locale);
  if (locale) p.locale = locale;
  return p;
}

/** Drops `<at>Bot</at>` mentions and the HTML entities Teams puts in plain text. */
export function plainText(text: string | undefined): string {
  return (text ?? '')
    .replace(/<at>[^<]*<\/at>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The desk action a card button carries: `value.action.data` (Action.Execute) or `value` (Action.Submit). */
export function actionIdOf(value: unknown): string | null {
  const v = value as { action?: { data?: Record<string, unknown> } } & Record<string, unknown> | null | undefined;
  const id = v?.action?.data?.[ACTION_VERB] ?? v?.[ACTION_VERB];
  return typeof id === 'string' && id !== '' ? id : null;
}

/** A pressed card button: the Command its id stands for, or the bare id for the desk to refuse. */
export function fromAction(a: TeamsActivity, actionId: string): InboundEvent {
  const base = { ...(a.id ? { id: a.id } : {}), channel: 'teams', from: teamsUser(a) };
  const command = commandFromAction(actionId);
  return command ? { ...base, kind: 'command', command } : { ...base, kind: 'action', actionId };
}

type CardData = Record<string, unknown>;

/** What a press sends: `value.action.data` (Action.Execute) or `value` itself (Action.Submit), inputs merged in. */
function cardData(value: unknown): CardData | null {
  const v = value as ({ action?: { data?: unknown } } & CardData) | null | undefined;
  if (!v || typeof v !== 'object') return null;
  const data = v.action && typeof v.action === 'object' ? v.action.data : v;
  return data && typeof data === 'object' ? (data as CardData) : null;
}

/** A filled-in form sent from a card: its id and the values of its inputs by field id. */
export function formOf(value: unknown): { formId: string; values: Record<string, string> } | null {
  const data = cardData(value);
  const formId = data && Object.hasOwn(data, FORM_KEY) ? data[FORM_KEY] : undefined;
  if (typeof formId !== 'string' || formId === '') return null;
  const values: Record<string, string> = {};
  for (const [key, v] of Object.entries(data!)) {
    if (key.startsWith(FIELD_PREFIX) && typeof v === 'string') Object.defineProperty(values, key.slice(FIELD_PREFIX.length), { value: v, enumerable: true });
  }
  return { formId, values };
}

/** What a dialog invoke carries in `value.data` (task/fetch, task/submit, a message action's submitAction). */
function invokeData(value: unknown): unknown {
  const v = value as { data?: unknown } | null | undefined;
  return v && typeof v === 'object' ? v.data : undefined;
}

/** The desk form a task/fetch asks to open as a dialog; null for any other. */
export function dialogFormIdOf(value: unknown): string | null {
  const data = invokeData(value) as Record<string, unknown> | null | undefined;
  const id = data && typeof data === 'object' && Object.hasOwn(data, DIALOG_KEY) ? data[DIALOG_KEY] : undefined;
  return typeof id === 'string' && id !== '' ? id : null;
}

/** A dialog's form sent back (task/submit, composeExtension/submitAction): its id and values. */
export function dialogSubmission(value: unknown): { formId: string; values: Record<string, string> } | null {
  const data = invokeData(value);
  return data && typeof data === 'object' ? formOf(data) : null;
}

/** A message action's command and context (composeExtension/fetchTask and submitAction). */
export function messageActionOf(value: unknown): { commandId: string; context: string; text: string } | null {
  const v = value as { commandId?: unknown; commandContext?: unknown; messagePayload?: { body?: { content?: unknown; contentType?: unknown } } } | null | undefined;
  if (!v || typeof v !== 'object' || typeof v.commandId !== 'string') return null;
  const body = v.messagePayload?.body;
  const content = typeof body?.content === 'string' ? body.content : '';
  return { commandId: v.commandId, context: typeof v.commandContext === 'string' ? v.commandContext : '', text: body?.contentType === 'text' ? content : htmlLines(content) };
}

/** A Teams message's HTML as lines of plain text: paragraphs and breaks kept, tags and mentions dropped, entities read. */
export function htmlLines(html: string): string {
  return html
    .replace(/<at>[^<]*<\/at>/g, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A card's form submitted: the Command it stands for, or its bare id for the desk to refuse. */
export function fromForm(a: TeamsActivity, formId: string, values: Record<string, string>): InboundEvent {
  const base = { ...(a.id ? { id: a.id } : {}), channel: 'teams', from: teamsUser(a) };
  const command = commandFromForm(formId, values);
  return command ? { ...base, kind: 'command', command } : { ...base, kind: 'action', actionId: formId };
}

/** What a pressed card button or submitted card form asks for; null when the activity carries neither. */
export function fromCard(a: TeamsActivity): InboundEvent | null {
  const form = formOf(a.value);
  if (form) return fromForm(a, form.formId, form.values);
  const actionId = actionIdOf(a.value);
  return actionId ? fromAction(a, actionId) : null;
}

/** A message in a ticket card's thread (not a command): said on that ticket, to the requester only when addressed to them (see threadCommand). `text` is already plain. */
export function fromThreadReply(a: TeamsActivity, code: string, text: string, fallback: ThreadDefault): InboundEvent {
  return { ...(a.id ? { id: a.id } : {}), channel: 'teams', from: teamsUser(a), kind: 'command', place: TICKET_THREAD, command: threadCommand(code, text, fallback) };
}

export const isPersonal = (a: TeamsActivity) => a.conversation.conversationType === 'personal';

/** A channel conversation id is `<channel>;messageid=<root>` inside a thread. */
export function splitConversation(id: string): { channel: string; root: string | null } {
  const [channel = id, rest] = id.split(';messageid=');
  return { channel, root: rest ?? null };
}

/** Whether the activity comes from the channel (or its team) where agents triage. */
export function isFromChannel(a: TeamsActivity, channelId: string): boolean {
  return splitConversation(a.conversation.id).channel === channelId || a.channelData?.channel?.id === channelId || a.channelData?.team?.id === channelId;
}

export const botWasAdded = (a: TeamsActivity) =>
  (a.type === 'conversationUpdate' && !!a.membersAdded?.some((m) => m.id === a.recipient.id)) || (a.type === 'installationUpdate' && a.action === 'add');

/** A file a Teams message carries, as the adapter must fetch it. */
export interface TeamsFileRef {
  name: string;
  url: string;
  /** `inline`: a pasted image, on the Bot Framework service (the bot's token opens it); `shared`: a file from OneDrive, its link already signed. */
  kind: 'inline' | 'shared';
}

export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

const IMAGE_EXTENSIONS: Readonly<Record<string, string>> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'image/bmp': 'bmp' };

/**
 * The files in a message: pasted images (`image/*` with a contentUrl) and files
 * sent from the compose box (file download info). The `text/html` attachment
 * Teams puts beside a pasted image only places it in the text, and cards are
 * the bot's own: both are left out.
 */
export function filesOf(a: TeamsActivity): TeamsFileRef[] {
  const out: TeamsFileRef[] = [];
  let images = 0;
  for (const at of a.attachments ?? []) {
    const type = typeof at?.contentType === 'string' ? at.contentType.toLowerCase() : '';
    if (type === FILE_DOWNLOAD_INFO) {
      const content = at.content as { downloadUrl?: unknown } | null | undefined;
      const url = content && typeof content === 'object' ? content.downloadUrl : undefined;
      if (typeof url !== 'string' || !/^https?:\/\//.test(url)) continue;
      out.push({ kind: 'shared', url, name: typeof at.name === 'string' && at.name.trim() ? at.name : 'file' });
    } else if (type.startsWith('image/') && typeof at.contentUrl === 'string' && /^https?:\/\//.test(at.contentUrl)) {
      images++;
      const given = typeof at.name === 'string' && at.name.trim() ? at.name : null;
      out.push({ kind: 'inline', url: at.contentUrl, name: given ?? `image-${images}.${IMAGE_EXTENSIONS[type] ?? 'png'}` });
    }
  }
  return out;
}
