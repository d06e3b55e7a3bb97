// The on-call rota as people type it at run time (the CLI's --shift and --from/--to,
// the console's form), read with the configuration file's own field schemas so both
// accept and refuse the same things, with one line per problem naming what was typed.
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Tier } from '../tickets/ticket.js';
import { WEEKDAYS, type Weekday } from './business-calendar.js';
import type { RotaOverride, Shift } from './on-call.js';
import { compileRota, instant, person, rotaSchema, when } from './rota-schema.js';

export const SHIFT_HINT = 'days, hours and people, e.g. "mon-fri 18:00-09:00 slack:U1,web:anna@example.com"';

export type RotaInputResult<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** `mon-fri,sat 18:00-09:00 slack:U1, web:anna` -> the fields of a file's shift (checked later). */
function shiftFields(text: string): Record<string, unknown> | null {
  const [days, hours, ...rest] = text.trim().split(/\s+/);
  const [from, to, extra] = (hours ?? '').split('-');
  if (!days || !hours || extra !== undefined || to === undefined) return null;
  return { days: days.split(',').filter(Boolean), from, to, people: listOf(rest.join(' ')) };
}

/** People written as a comma- or space-separated list. */
export function listOf(text: string | undefined): string[] {
  return (text ?? '').split(/[\s,]+/).filter(Boolean);
}

/** A tier's weekly shifts from lines like `mon-fri 18:00-09:00 slack:U1,web:anna@example.com`. */
export function readShifts(lines: readonly string[], zone: string): RotaInputResult<Shift[]> {
  const problems: string[] = [];
  const raw: Record<string, unknown>[] = [];
  for (const line of lines) {
    const fields = shiftFields(line);
    if (fields) raw.push(fields);
    else problems.push(`--shift ${JSON.stringify(line)} is not ${SHIFT_HINT}`);
  }
  if (problems.length > 0) return { ok: false, problems };
  const compiled = compile({ weekly: raw }, zone, (i) => `--shift ${JSON.stringify(lines[i])}`);
  return compiled.ok ? { ok: true, value: [...compiled.value.weekly] } : compiled;
}

export interface OverrideText {
  from: string;
  to: string;
  people: readonly string[];
  off: readonly string[];
}

/** An override's instants and people from times read in `zone` (`2026-12-24 18:00`). */
export function readOverride(text: OverrideText, zone: string): RotaInputResult<RotaOverride> {
  const compiled = compile({ overrides: [{ from: text.from, to: text.to, people: [...text.people], off: [...text.off] }] }, zone, () => 'the override');
  if (!compiled.ok) return compiled;
  const o = compiled.value.overrides[0]!;
  const both = o.people.filter((p) => o.off.includes(p));
  if (both.length > 0) return { ok: false, problems: [`${both.join(', ')} cannot be both on duty (--people) and off (--off) in one override`] };
  return { ok: true, value: o };
}

/** An instant typed as `2026-12-05 22:00` (read in `zone`) or with its own offset. */
export function readInstant(text: string, zone: string): RotaInputResult<number> {
  const shape = when.safeParse(text);
  const at = shape.success ? instant(text, zone) : null;
  if (at === null) return { ok: false, problems: [shape.success ? `${JSON.stringify(text)} is not a real date and time` : shape.error.issues[0]!.message] };
  return { ok: true, value: at };
}

const FLAGS: Record<string, string> = { from: '--from', to: '--to', people: '--people', off: '--off' };

function compile(tierRaw: Record<string, unknown>, zone: string, nameOf: (index: number) => string): RotaInputResult<{ weekly: readonly Shift[]; overrides: readonly RotaOverride[] }> {
  const tier: Tier = 1;
  const schema = rotaSchema.transform((raw, ctx) => compileRota(raw, zone, ctx, [])?.get(tier) ?? z.NEVER);
  const result = schema.safeParse({ [`tier${tier}`]: tierRaw });
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      // Paths look like tier1.weekly.0.people.2 or tier1.overrides.0.to.
      const [, part, index, field] = issue.path;
      const where = part === 'overrides' && typeof field === 'string' && FLAGS[field] ? FLAGS[field] : nameOf(Number(index ?? 0));
      const message = issue.code === 'too_small' && field === 'people' ? 'must name at least one person' : issue.message;
      return `${where}: ${message}`;
    }),
  };
}

/** A shift written the way `--shift` reads it, so it can be copied back: `mon-fri 18:00-09:00 slack:U1,web:anna`. */
export function shiftText(shift: Shift): string {
  return `${daysText(shift.days)} ${clockText(shift.from)}-${clockText(shift.to)} ${shift.people.join(',')}`;
}

/** An instant as `2026-12-24 18:00` in `zone`, the way readInstant reads it back. */
export function localTimeText(at: number, zone: string): string {
  return DateTime.fromMillis(at, { zone }).toFormat('yyyy-MM-dd HH:mm');
}

const clockText = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Runs of consecutive weekdays as ranges: mon-fri, sat-sun, mon,wed. */
function daysText(days: readonly Weekday[]): string {
  const runs: Weekday[][] = [];
  for (const day of WEEKDAYS.filter((d) => days.includes(d))) {
    const last = runs.at(-1);
    if (last && WEEKDAYS.indexOf(last.at(-1)!) === WEEKDAYS.indexOf(day) - 1) last.push(day);
    else runs.push([day]);
  }
  return runs.map((r) => (r.length === 1 ? r[0] : `${r[0]}-${r.at(-1)}`)).join(',');
}

export type OverrideField = 'from' | 'to' | 'people' | 'off';
export type OverrideProblemKind = 'bad-time' | 'not-real' | 'end-before-start' | 'already-past' | 'bad-person' | 'nobody' | 'both';

/** What is wrong with a typed override, by field, for forms that word each problem in the reader's language. */
export interface OverrideProblem {
  readonly field: OverrideField;
  readonly kind: OverrideProblemKind;
  /** The value at fault (a person, a time), when there is one. */
  readonly value?: string;
}

/**
 * Every problem of a typed override, each once per field (`now`: an override that is
 * over before it is added is refused too); empty when readOverride takes it.
 */
export function overrideProblems(text: OverrideText, zone: string, now: number): OverrideProblem[] {
  const problems: OverrideProblem[] = [];
  const times: Partial<Record<'from' | 'to', number>> = {};
  for (const f of ['from', 'to'] as const) {
    const value = text[f].trim();
    if (!when.safeParse(value).success) problems.push({ field: f, kind: 'bad-time', value });
    else {
      const at = instant(value, zone);
      if (at === null) problems.push({ field: f, kind: 'not-real', value });
      else times[f] = at;
    }
  }
  if (times.from !== undefined && times.to !== undefined && times.to <= times.from) problems.push({ field: 'to', kind: 'end-before-start' });
  else if (times.to !== undefined && times.to <= now) problems.push({ field: 'to', kind: 'already-past' });
  for (const f of ['people', 'off'] as const) {
    const bad = text[f].find((p) => !person.safeParse(p).success);
    if (bad !== undefined) problems.push({ field: f, kind: 'bad-person', value: bad });
  }
  if (text.people.length === 0 && text.off.length === 0) problems.push({ field: 'people', kind: 'nobody' });
  const both = text.people.find((p) => text.off.includes(p));
  if (both !== undefined && !problems.some((p) => p.field === 'off')) problems.push({ field: 'off', kind: 'both', value: both });
  return problems;
}
