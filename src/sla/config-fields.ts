// Small field schemas the SLA configuration shares between its parts, each with a
// message that says what was expected and what was given.
import { z } from 'zod';
import { WEEKDAYS, type Weekday } from './business-calendar.js';

export const NAME = /^[a-z][a-z0-9_-]{0,30}$/;
export const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
export const DAYS_HINT = 'a weekday (mon … sun) or a range such as mon-fri';

export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A value that may take one of several shapes, told apart by a look at it; its own
 * schema's messages come through (a union would hide them behind one generic line).
 */
export function oneOf<T extends z.ZodType>(pick: (raw: unknown) => T | null, hint: string) {
  return z.unknown().transform((raw, ctx): z.output<T> => {
    const schema = pick(raw);
    if (!schema) {
      ctx.addIssue({ code: 'custom', message: `${hint} (got ${shown(raw)})` });
      return z.NEVER;
    }
    const result = schema.safeParse(raw);
    if (result.success) return result.data;
    for (const issue of result.error.issues) ctx.addIssue({ ...issue, code: 'custom', message: issue.code === 'unrecognized_keys' ? unknownKeys(issue.keys) : issue.message, path: issue.path } as never);
    return z.NEVER;
  });
}

export const unknownKeys = (keys: readonly string[]) => `has unknown ${keys.length > 1 ? 'keys' : 'key'} ${keys.map((k) => JSON.stringify(k)).join(', ')}`;

export const shown = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(JSON.stringify(v) ?? v));

export const timeOfDay = z.string({ error: (i) => `must be a time like 09:00 (got ${shown(i.input)})` }).refine((s) => TIME.test(s), { error: (i) => `${shown(i.input)} is not a time like 09:00 (24:00 ends the day)` });

/** `mon`, `mon-fri`, `fri-mon` (wrapping) -> the weekdays named. */
export function weekdaysOf(text: string): Weekday[] | null {
  const [first, last = first] = text.trim().toLowerCase().split('-');
  const a = WEEKDAYS.indexOf(first as Weekday);
  const b = WEEKDAYS.indexOf(last as Weekday);
  if (a < 0 || b < 0) return null;
  const out: Weekday[] = [];
  for (let i = a; ; i = (i + 1) % 7) {
    out.push(WEEKDAYS[i]!);
    if (i === b) return out;
  }
}

export const weekdays = z
  .union([z.string(), z.array(z.string())], { error: `must be ${DAYS_HINT}, or a list of them` })
  .transform((raw, ctx) => {
    const out = new Set<Weekday>();
    for (const item of Array.isArray(raw) ? raw : [raw]) {
      const days = weekdaysOf(item);
      if (!days) {
        ctx.addIssue({ code: 'custom', message: `${shown(item)} is not ${DAYS_HINT}` });
        return z.NEVER;
      }
      days.forEach((d) => out.add(d));
    }
    return WEEKDAYS.filter((d) => out.has(d));
  });

