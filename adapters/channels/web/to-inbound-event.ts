// Web chat JSON bodies -> InboundEvent. Pure: validation and normalisation only.
// Who is speaking comes from a verifier when there is one (WEB_AUTH=oidc|jwt):
// the body's `user` is then optional and ignored. Only WEB_AUTH=none, on a
// loopback address, takes the body's word for it.
import { z } from 'zod';
import { commandFromAction, commandFromForm, type InboundEvent, type Locale, type Participant } from '../../../src/index.js';

export const MAX_TEXT = 4000;

const user = z.object(
  {
    id: z.string({ error: 'user.id must be a string' }).trim().min(1, 'user.id must not be empty').max(100, 'user.id is too long (100 characters at most)'),
    name: z.string({ error: 'user.name must be a string' }).trim().min(1, 'user.name must not be empty').max(100, 'user.name is too long (100 characters at most)'),
    locale: z.string({ error: 'user.locale must be a string' }).max(35).optional(),
  },
  { error: 'user must be an object with id and name' },
);

const text = z
  .string({ error: 'text must be a string' })
  .max(MAX_TEXT, `text is too long (${MAX_TEXT} characters at most)`)
  .refine((s) => s.trim().length > 0, 'text must not be empty');
const actionId = z.string({ error: 'actionId must be a string' }).trim().min(1, 'actionId must not be empty').max(100, 'actionId is too long');
const asBody = { error: 'body must be a JSON object' };

export const MAX_FORM_FIELDS = 10;
export const MAX_FORM_VALUE = 2000;
const formId = z.string({ error: 'form must be a string' }).trim().min(1, 'form must not be empty').max(100, 'form is too long');
// Field ids as the desk makes them: a record keyed by anything else (`__proto__`) is refused, not merged.
const fieldId = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/, 'values must be keyed by field ids (letters, digits, - and _)');
const values = z
  .record(fieldId, z.string({ error: 'each value must be a string' }).max(MAX_FORM_VALUE, `a value is too long (${MAX_FORM_VALUE} characters at most)`), {
    error: 'values must be an object of field id to text',
  })
  .refine((v) => Object.keys(v).length <= MAX_FORM_FIELDS, `values has too many fields (${MAX_FORM_FIELDS} at most)`);

// The language the person chose on the page: a preference, not an identity, so a verified person may send it too.
const lang = z.enum(['it', 'en'], { error: 'locale must be it or en' }).optional();
// Unknown keys are dropped: a `user` sent beside a verified identity never gets past here.
const verifiedMessage = z.object({ text, locale: lang }, asBody);
const verifiedAction = z.object({ actionId, locale: lang }, asBody);
const claimedMessage = z.object({ user, text }, asBody);
const claimedAction = z.object({ user, actionId }, asBody);
const verifiedForm = z.object({ form: formId, values, locale: lang }, asBody);
const claimedForm = z.object({ user, form: formId, values }, asBody);

/** `form`: what a form sent, for the adapter to check against the desk's own forms before the desk reads it. */
export type Parsed = { ok: true; event: InboundEvent; form?: { id: string; values: Record<string, string> } } | { ok: false; error: string };

/** `it-IT`, `IT`, `it_CH` -> `it`; anything else -> the desk's default. */
export function toLocale(raw: string | undefined): Locale | undefined {
  const lang = raw?.trim().slice(0, 2).toLowerCase();
  return lang === 'it' || lang === 'en' ? lang : undefined;
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined), body);
}

function firstIssue(error: z.ZodError, body: unknown): string {
  const issue = error.issues[0]!;
  if (issue.code === 'invalid_type' && issue.path.length > 0 && valueAt(body, issue.path) === undefined) {
    return `${issue.path.join('.')} is required`;
  }
  return issue.message;
}

function participant(u: z.output<typeof user>): Participant {
  const locale = toLocale(u.locale);
  return locale ? { platform: 'web', userId: u.id, name: u.name, locale } : { platform: 'web', userId: u.id, name: u.name };
}

/** The verified person, in the language they chose on the page when they chose one. */
function speaking(verified: Participant, data: { locale?: Locale | undefined }): Participant {
  return data.locale ? { ...verified, locale: data.locale } : verified;
}

/** `verified`: the person a verifier vouches for; absent only in WEB_AUTH=none, where the body's `user` is required. */
export function toMessageEvent(body: unknown, verified?: Participant): Parsed {
  const r = verified ? verifiedMessage.safeParse(body) : claimedMessage.safeParse(body);
  if (!r.success) return { ok: false, error: firstIssue(r.error, body) };
  const from = verified ? speaking(verified, r.data as z.output<typeof verifiedMessage>) : participant((r.data as z.output<typeof claimedMessage>).user);
  return { ok: true, event: { kind: 'message', channel: 'web', from, text: r.data.text } };
}

const typed = z.string({ error: 'text must be a string' }).max(MAX_TEXT, `text is too long (${MAX_TEXT} characters at most)`).optional();
const verifiedUpload = z.object({ text: typed, locale: lang }, asBody);
const claimedUpload = z.object({ user: z.string({ error: 'user is required' }).transform((raw, ctx) => {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'user must be JSON: {"id","name"}' });
    return z.NEVER;
  }
}).pipe(user), text: typed }, asBody);

/**
 * The text fields sent with files (multipart): the text may be empty, the files
 * speak for themselves. Under WEB_AUTH=none the `user` field holds the person as JSON.
 */
export function toUploadEvent(fields: Record<string, string>, verified?: Participant): Parsed {
  const r = verified ? verifiedUpload.safeParse(fields) : claimedUpload.safeParse(fields);
  if (!r.success) return { ok: false, error: firstIssue(r.error, fields) };
  const from = verified ? speaking(verified, r.data as z.output<typeof verifiedUpload>) : participant((r.data as z.output<typeof claimedUpload>).user);
  return { ok: true, event: { kind: 'message', channel: 'web', from, text: (r.data.text ?? '').trim() } };
}

/** A button pressed, or a reply's form sent (`{ form, values }` in place of `actionId`). */
export function toActionEvent(body: unknown, verified?: Participant): Parsed {
  if (body && typeof body === 'object' && Object.hasOwn(body, 'form')) return toFormEvent(body, verified);
  const r = verified ? verifiedAction.safeParse(body) : claimedAction.safeParse(body);
  if (!r.success) return { ok: false, error: firstIssue(r.error, body) };
  const base = { channel: 'web', from: verified ? speaking(verified, r.data as z.output<typeof verifiedAction>) : participant((r.data as z.output<typeof claimedAction>).user) };
  const command = commandFromAction(r.data.actionId);
  return { ok: true, event: command ? { ...base, kind: 'command', command } : { ...base, kind: 'action', actionId: r.data.actionId } };
}

function toFormEvent(body: object, verified?: Participant): Parsed {
  const r = verified ? verifiedForm.safeParse(body) : claimedForm.safeParse(body);
  if (!r.success) return { ok: false, error: firstIssue(r.error, body) };
  const base = { channel: 'web', from: verified ? speaking(verified, r.data as z.output<typeof verifiedForm>) : participant((r.data as z.output<typeof claimedForm>).user) };
  const command = commandFromForm(r.data.form, r.data.values);
  // A form the desk did not make goes in as an action: the desk says what is wrong with it.
  const event: InboundEvent = command ? { ...base, kind: 'command', command } : { ...base, kind: 'action', actionId: r.data.form };
  return { ok: true, event, form: { id: r.data.form, values: r.data.values } };
}

/** WEB_AUTH=none only: whose stream `?user=` asks for. */
export function toStreamUser(query: unknown): string | null {
  const r = z.object({ user: z.string().trim().min(1).max(100) }).safeParse(query);
  return r.success ? r.data.user : null;
}
