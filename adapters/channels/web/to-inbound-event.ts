// Web chat JSON bodies -> InboundEvent. Pure: validation and normalisation only.
import { z } from 'zod';
import { commandFromAction, type InboundEvent, type Locale } from '../../../src/index.js';

export const MAX_TEXT = 4000;

const user = z.object(
  {
    id: z.string({ error: 'user.id must be a string' }).trim().min(1, 'user.id must not be empty').max(100, 'user.id is too long (100 characters at most)'),
    name: z.string({ error: 'user.name must be a string' }).trim().min(1, 'user.name must not be empty').max(100, 'user.name is too long (100 characters at most)'),
    locale: z.string({ error: 'user.locale must be a string' }).max(35).optional(),
  },
  { error: 'user must be an object with id and name' },
);

const messageBody = z.object(
  {
    user,
    text: z
      .string({ error: 'text must be a string' })
      .max(MAX_TEXT, `text is too long (${MAX_TEXT} characters at most)`)
      .refine((s) => s.trim().length > 0, 'text must not be empty'),
  },
  { error: 'body must be a JSON object' },
);

const actionBody = z.object(
  { user, actionId: z.string({ error: 'actionId must be a string' }).trim().min(1, 'actionId must not be empty').max(100, 'actionId is too long') },
  { error: 'body must be a JSON object' },
);

export type Parsed = { ok: true; event: InboundEvent } | { ok: false; error: string };

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

function participant(u: z.output<typeof user>) {
  const locale = toLocale(u.locale);
  return locale ? { platform: 'web', userId: u.id, name: u.name, locale } : { platform: 'web', userId: u.id, name: u.name };
}

export function toMessageEvent(body: unknown): Parsed {
  const r = messageBody.safeParse(body);
  if (!r.success) return { ok: false, error: firstIssue(r.error, body) };
  return { ok: true, event: { kind: 'message', channel: 'web', from: participant(r.data.user), text: r.data.text } };
}

export function toActionEvent(body: unknown): Parsed {
  const r = actionBody.safeParse(body);
  if (!r.success) return { ok: false, error: firstIssue(r.error, body) };
  const base = { channel: 'web', from: participant(r.data.user) };
  const command = commandFromAction(r.data.actionId);
  return { ok: true, event: command ? { ...base, kind: 'command', command } : { ...base, kind: 'action', actionId: r.data.actionId } };
}

export function toStreamUser(query: unknown): string | null {
  const r = z.object({ user: z.string().trim().min(1).max(100) }).safeParse(query);
  return r.success ? r.data.user : null;
}
