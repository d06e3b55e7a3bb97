// The on-call part of the configuration file: per tier, weekly shifts and dated overrides,
// times read in the department's zone.
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Tier } from '../tickets/ticket.js';
import { minutesOf } from './business-calendar.js';
import type { OnCallRota, RotaOverride, Shift, TierRota } from './on-call.js';
import { timeOfDay, weekdays } from './config-fields.js';

/** A participant key as the desk writes it: platform, a colon, the platform's user id. */
export const person = z.string({ error: 'must be a person as platform:userId, e.g. slack:U024BE7LH' }).regex(/^[a-z][a-z0-9]{1,15}:\S{1,200}$/, {
  error: (i) => `${JSON.stringify(i.input)} is not a person as platform:userId, e.g. slack:U024BE7LH or web:anna@example.com`,
});

const shift = z.strictObject({
  days: weekdays,
  from: timeOfDay,
  to: timeOfDay,
  people: z.array(person, { error: 'must be a list of people, first paged first' }).min(1, 'must name at least one person'),
});

/** `2026-12-24 18:00`, `2026-12-24T18:00`, a bare date (the start of that day) or an ISO instant with an offset. */
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
export const when = z.string({ error: 'must be a date and time like 2026-12-24 18:00' }).regex(LOCAL_TIME, { error: (i) => `${JSON.stringify(i.input)} is not a date and time like 2026-12-24 18:00` });

const override = z.strictObject({
  from: when,
  to: when,
  people: z.array(person).default([]),
  off: z.array(person).default([]),
});

const tierRota = z.strictObject({
  weekly: z.array(shift, { error: 'must be a list of shifts' }).default([]),
  overrides: z.array(override, { error: 'must be a list of overrides' }).default([]),
});

export const rotaSchema = z.strictObject({ tier1: tierRota.optional(), tier2: tierRota.optional(), tier3: tierRota.optional() });

type RawRota = z.output<typeof rotaSchema>;

/** The rota with override times fixed as instants in `zone`; null after reporting a problem. */
export function compileRota(raw: RawRota, zone: string, ctx: z.RefinementCtx, path: (string | number)[]): ReadonlyMap<Tier, TierRota> | null {
  const out = new Map<Tier, TierRota>();
  for (const tier of [1, 2, 3] as const) {
    const r = raw[`tier${tier}`];
    if (!r) continue;
    const weekly: Shift[] = r.weekly.map((s) => ({ days: s.days, from: minutesOf(s.from), to: minutesOf(s.to), people: s.people }));
    const overrides: RotaOverride[] = [];
    for (const [i, o] of r.overrides.entries()) {
      const at = [...path, `tier${tier}`, 'overrides', i];
      const from = instant(o.from, zone);
      const to = instant(o.to, zone);
      if (from === null || to === null) {
        ctx.addIssue({ code: 'custom', path: [...at, from === null ? 'from' : 'to'], message: 'is not a real date and time' });
        return null;
      }
      if (to <= from) {
        ctx.addIssue({ code: 'custom', path: [...at, 'to'], message: `must come after from (${o.from})` });
        return null;
      }
      if (o.people.length === 0 && o.off.length === 0) {
        ctx.addIssue({ code: 'custom', path: at, message: 'must name people on duty or people off' });
        return null;
      }
      overrides.push({ from, to, people: o.people, off: o.off });
    }
    out.set(tier, { zone, weekly, overrides });
  }
  return out;
}

/** A date and time as `when` accepts it, read in `zone` (an offset written in it wins); null when no such instant. */
export function instant(text: string, zone: string): number | null {
  const t = DateTime.fromISO(text.replace(' ', 'T'), { zone });
  return t.isValid ? t.toMillis() : null;
}

export type { OnCallRota };
