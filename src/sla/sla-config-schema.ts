// The SLA configuration file's shape (calendars, policies, on-call rotas per department),
// validated with messages that name what is wrong in the operator's own terms; parsing
// yields ready-to-use settings. Reading the file is the composition root's job.
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { PRIORITIES, type Priority } from '../tickets/ticket.js';
import {
  DEFAULT_HOLIDAYS, DEFAULT_ZONE, OFFICE_HOURS, WEEKDAYS, createBusinessCalendar, knownHolidayPlace, minutesOf,
  type BusinessCalendar, type HolidayPlace, type OpenSpan, type Weekday, type WeeklyHours,
} from './business-calendar.js';
import { DURATION_HINT, parseDuration, type SlaDuration } from './duration.js';
import { DAYS_HINT, NAME, TIME, isPlainObject, oneOf, shown, unknownKeys, weekdaysOf } from './config-fields.js';
import { compileRota, rotaSchema } from './rota-schema.js';
import type { OnCallRota } from './on-call.js';
import { DEFAULT_POLICIES, type PolicyTable, type SlaClock, type SlaPolicies, type SlaPolicy, type SlaTarget } from './policies.js';

export interface SlaSettings {
  calendarFor(department: string): BusinessCalendar;
  readonly policies: SlaPolicies;
  readonly onCall: OnCallRota;
}

const openSpan = z.string({ error: 'must be opening hours like 09:00-13:00' }).transform((raw, ctx): OpenSpan => {
  const [from = '', to = '', extra] = raw.split('-').map((s) => s.trim());
  if (extra !== undefined || !TIME.test(from) || !TIME.test(to) || minutesOf(to) <= minutesOf(from)) {
    ctx.addIssue({ code: 'custom', message: `${shown(raw)} is not opening hours like 09:00-13:00 (start before end, 24:00 at the latest)` });
    return z.NEVER;
  }
  return { from: minutesOf(from), to: minutesOf(to) };
});

const weekHours = z.record(z.string(), z.array(openSpan, { error: 'must be a list of opening hours like [09:00-13:00, 14:00-18:00] ([] for closed)' }));

const hours = oneOf((raw) => (raw === '24x7' ? z.literal('24x7') : isPlainObject(raw) ? weekHours : null), 'must be 24x7, or opening hours per weekday such as mon-fri: [09:00-13:00, 14:00-18:00]')
  .transform((raw, ctx): WeeklyHours | 'always' => {
    if (raw === '24x7') return 'always';
    const out = Object.fromEntries(WEEKDAYS.map((d) => [d, [] as OpenSpan[]])) as Record<Weekday, OpenSpan[]>;
    const given = new Set<Weekday>();
    for (const [key, spans] of Object.entries(raw)) {
      const days = weekdaysOf(key);
      if (!days) {
        ctx.addIssue({ code: 'custom', path: [key], message: `${shown(key)} is not ${DAYS_HINT}` });
        return z.NEVER;
      }
      for (const d of days) {
        if (given.has(d)) {
          ctx.addIssue({ code: 'custom', path: [key], message: `gives ${d} a second time` });
          return z.NEVER;
        }
        given.add(d);
        out[d] = spans;
      }
    }
    if (WEEKDAYS.every((d) => out[d].length === 0)) {
      ctx.addIssue({ code: 'custom', message: 'opens on no day at all (use 24x7 for a desk that never closes)' });
      return z.NEVER;
    }
    return out;
  });

const localDate = z.string({ error: 'must be a date like 2026-12-24' }).refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), {
  error: (i) => `${shown(i.input)} is not a date like 2026-12-24`,
});

const holidayPlace = z
  .strictObject({ country: z.string().regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code such as IT'), state: z.string().optional(), region: z.string().optional() })
  .superRefine((place, ctx) => {
    const problem = knownHolidayPlace(place);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const calendarSchema = z.strictObject({
  zone: z.string().refine((s) => IANAZone.isValidZone(s), { error: (i) => `${shown(i.input)} is not an IANA time zone such as Europe/Rome or America/New_York` }).default(DEFAULT_ZONE),
  hours: hours.default(OFFICE_HOURS),
  holidays: oneOf((raw) => (raw === 'none' ? z.literal('none') : isPlainObject(raw) ? holidayPlace : null), 'must be none, or { country: IT } with an optional state and region').default(DEFAULT_HOLIDAYS),
  closed: z.array(localDate, { error: 'must be a list of dates like [2026-12-24, 2026-12-31]' }).default([]),
});

const duration = z.string({ error: (i) => `must be ${DURATION_HINT} (got ${shown(i.input)})` }).transform((raw, ctx): SlaDuration => {
  const d = parseDuration(raw);
  if (!d) {
    ctx.addIssue({ code: 'custom', message: `${shown(raw)} is not ${DURATION_HINT}` });
    return z.NEVER;
  }
  return d;
});

const wallDuration = duration.refine((d) => d.kind === 'time', { error: 'must be minutes or hours such as 10m (a page cannot wait for business days)' });

const clock = z.enum(['business', '24x7'], { error: 'must be business or 24x7' });

/** "4h", or { after: 4h, clock: 24x7 } to give one target its own clock. */
const targetObject = z.strictObject({ after: duration, clock: clock.optional() });
const target = oneOf((raw) => (typeof raw === 'string' ? duration : isPlainObject(raw) ? targetObject : null), `must be ${DURATION_HINT}, or { after: 4h, clock: 24x7 }`);

const policySchema = z.strictObject({
  clock: clock.optional(),
  firstResponse: target.optional(),
  resolution: target.optional(),
  remindAtPercent: z.number({ error: 'must be a percentage between 1 and 99' }).min(1, 'must be a percentage between 1 and 99').max(99, 'must be a percentage between 1 and 99').optional(),
  page: z.strictObject({ outsideHours: z.boolean({ error: 'must be true or false' }).optional(), timeout: wallDuration.optional() }).optional(),
  waitingUser: z.strictObject({ remindAfter: target.optional(), closeAfter: target.optional() }).optional(),
  resolvedCloseAfter: target.optional(),
});
type PolicyPatch = z.output<typeof policySchema>;

const policyPatches = z.partialRecord(z.enum(PRIORITIES, { error: 'must be P1, P2, P3 or P4' }), policySchema);

const departmentSchema = z.strictObject({
  calendar: z.string().optional(),
  policies: policyPatches.optional(),
  onCall: rotaSchema.optional(),
});

export const slaConfigSchema = z
  .strictObject({
    calendars: z.record(z.string().regex(NAME, 'calendar names are lower-case letters, digits, - and _'), calendarSchema).default({}),
    policies: policyPatches.default({}),
    departments: z.record(z.string().regex(NAME, 'department ids are lower-case letters, digits, - and _ (as in DEPARTMENTS)'), departmentSchema).default({}),
  })
  .transform((raw, ctx): SlaSettings => {
    const calendars = new Map<string, BusinessCalendar>();
    for (const [name, c] of Object.entries(raw.calendars)) {
      calendars.set(name, createBusinessCalendar({ zone: c.zone, hours: c.hours, holidays: c.holidays === 'none' ? null : (c.holidays as HolidayPlace), closedDates: c.closed }));
    }
    const fallback = calendars.get('default') ?? createBusinessCalendar({ zone: DEFAULT_ZONE, hours: OFFICE_HOURS, holidays: DEFAULT_HOLIDAYS });
    const byDepartment = new Map<string, BusinessCalendar>();
    const table = patchTable(DEFAULT_POLICIES, raw.policies);
    const departmentPolicies = new Map<string, Partial<PolicyTable>>();
    const rota = new Map<string, NonNullable<ReturnType<typeof compileRota>>>();
    for (const [id, d] of Object.entries(raw.departments)) {
      const cal = d.calendar === undefined || (d.calendar === 'default' && !calendars.has('default')) ? fallback : calendars.get(d.calendar);
      if (!cal) {
        ctx.addIssue({ code: 'custom', path: ['departments', id, 'calendar'], message: `names calendar ${shown(d.calendar)}, which is not under calendars (${[...calendars.keys()].join(', ') || 'none defined'})` });
        return z.NEVER;
      }
      byDepartment.set(id, cal);
      if (d.policies) departmentPolicies.set(id, patchTable(table, d.policies));
      if (d.onCall) {
        const compiled = compileRota(d.onCall, cal.zone, ctx, ['departments', id, 'onCall']);
        if (!compiled) return z.NEVER;
        rota.set(id, compiled);
      }
    }
    return {
      calendarFor: (department) => byDepartment.get(department) ?? fallback,
      policies: { defaults: table, departments: departmentPolicies },
      onCall: rota,
    };
  });

export type SlaConfigInput = z.input<typeof slaConfigSchema>;

function patchTable(base: PolicyTable, patches: Partial<Record<Priority, PolicyPatch>>): PolicyTable {
  return Object.fromEntries(PRIORITIES.map((p) => [p, patches[p] ? patchPolicy(base[p], patches[p]) : base[p]])) as unknown as PolicyTable;
}

function patchPolicy(base: SlaPolicy, patch: PolicyPatch): SlaPolicy {
  const withClock = (t: SlaTarget): SlaTarget => (patch.clock ? { ...t, clock: patch.clock } : t);
  const targetOf = (given: PolicyPatch['resolution'], inherited: SlaTarget, fallbackClock: SlaClock = inherited.clock): SlaTarget => {
    if (given === undefined) return inherited;
    if ('kind' in given) return { after: given, clock: patch.clock ?? fallbackClock };
    return { after: given.after, clock: given.clock ?? patch.clock ?? fallbackClock };
  };
  return {
    firstResponse: targetOf(patch.firstResponse, withClock(base.firstResponse)),
    resolution: targetOf(patch.resolution, withClock(base.resolution)),
    remindAtPercent: patch.remindAtPercent ?? base.remindAtPercent,
    page: {
      outsideHours: patch.page?.outsideHours ?? base.page.outsideHours,
      timeoutMs: patch.page?.timeout?.kind === 'time' ? patch.page.timeout.ms : base.page.timeoutMs,
    },
    waitingUser: {
      remindAfter: targetOf(patch.waitingUser?.remindAfter, base.waitingUser.remindAfter),
      closeAfter: targetOf(patch.waitingUser?.closeAfter, base.waitingUser.closeAfter),
    },
    resolvedCloseAfter: base.resolvedCloseAfter ? targetOf(patch.resolvedCloseAfter, base.resolvedCloseAfter) : targetOf(patch.resolvedCloseAfter, { after: { kind: 'businessDays', days: 3 }, clock: 'business' }),
  };
}

/** Messages for the shapes no field names itself (a mapping or a list where something else was written). */
function plainWords(issue: { code?: string; expected?: string; input?: unknown }): string | undefined {
  if (issue.code !== 'invalid_type') return undefined;
  const got = issue.input === null || issue.input === undefined ? 'nothing' : Array.isArray(issue.input) ? 'a list' : shown(issue.input);
  if (issue.expected === 'object' || issue.expected === 'record') return `must be a mapping of settings (got ${got})`;
  if (issue.expected === 'array') return `must be a list (got ${got})`;
  return undefined;
}

/** A Zod error as one line per problem, each naming where it is: `policies.P2.resolution: "8x" is not …`. */
export function describeSlaConfigIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
    const message =
      issue.code === 'unrecognized_keys' ? `${unknownKeys(issue.keys)}${issue.path.at(-1) === 'policies' ? ' (priorities are P1, P2, P3 and P4)' : ''}`
      : issue.code === 'invalid_key' ? `is not a valid name: ${issue.issues[0]?.message ?? 'use lower-case letters, digits, - and _'}`
      : issue.message;
    return path ? `${path}: ${message}` : message;
  });
}

export class SlaConfigError extends Error {
  override name = 'SlaConfigError';
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
  }
}

/**
 * The SLA settings a parsed configuration file describes (an empty file gives the
 * defaults); every department it names must be one the desk has.
 */
export function parseSlaConfig(raw: unknown, departments?: readonly string[]): SlaSettings {
  if (raw !== null && raw !== undefined && !isPlainObject(raw)) throw new SlaConfigError([`must be a mapping with calendars, policies and departments (got ${Array.isArray(raw) ? 'a list' : shown(raw)})`]);
  const named = isPlainObject(raw) && isPlainObject(raw.departments) ? Object.keys(raw.departments) : [];
  const strangers = departments ? named.filter((id) => NAME.test(id) && !departments.includes(id)) : [];
  const problems = strangers.map((id) => `departments.${id}: is not one of the desk's departments (${departments!.join(', ')}; see DEPARTMENTS)`);
  const result = slaConfigSchema.safeParse(raw ?? {}, { error: plainWords });
  if (!result.success) problems.push(...describeSlaConfigIssues(result.error).filter((p) => !strangers.some((id) => p.startsWith(`departments.${id}.`))));
  if (problems.length > 0 || !result.success) throw new SlaConfigError(problems);
  return result.data;
}
