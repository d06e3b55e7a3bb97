// Who is on call for a department's tier at an instant, from the configuration file
// and what was changed at run time together: weekly shifts set at run time replace
// the file's for that tier; overrides from both apply, the newest word on a person
// first (run-time overrides newest added first, then the file's).
import type { OnCallStore } from '../ports/on-call-store.js';
import type { Tier } from '../tickets/ticket.js';
import { onDuty, type Shift } from './on-call.js';
import type { SlaSettings } from './sla-config-schema.js';

export interface OnCallOverrideInForce {
  /** Set at run time (with the id to remove it by), or written in the configuration file. */
  readonly source: 'store' | 'file';
  readonly id?: string;
  readonly from: number;
  readonly to: number;
  readonly people: readonly string[];
  readonly off: readonly string[];
  readonly addedBy?: string;
  readonly addedAt?: number;
}

export interface TierRotaInForce {
  readonly department: string;
  readonly tier: Tier;
  readonly zone: string;
  readonly weekly: readonly Shift[];
  /** Who set the weekly shifts at run time, and when; null when they are the file's. */
  readonly weeklySet: { readonly by: string; readonly at: number } | null;
  /** Overrides in force at the instant asked about or still to come, earliest first. */
  readonly overrides: readonly OnCallOverrideInForce[];
}

/** The tier's rota as it stands at `at`: weekly shifts and the overrides not yet over. */
export async function rotaInForce(store: OnCallStore, sla: SlaSettings, department: string, tier: Tier, at: number): Promise<TierRotaInForce> {
  const [stored, storedOverrides] = await Promise.all([store.weeklyRota(department, tier), store.onCallOverrides(department, tier, at)]);
  const file = sla.onCall.get(department)?.get(tier);
  const overrides: OnCallOverrideInForce[] = [
    ...storedOverrides.map((o) => ({ source: 'store' as const, id: o.id, from: o.from, to: o.to, people: o.people, off: o.off, addedBy: o.addedBy, addedAt: o.addedAt })),
    ...(file?.overrides ?? []).filter((o) => o.to > at).map((o) => ({ source: 'file' as const, from: o.from, to: o.to, people: o.people, off: o.off })),
  ];
  return {
    department,
    tier,
    zone: sla.calendarFor(department).zone,
    weekly: stored ? stored.shifts : (file?.weekly ?? []),
    weeklySet: stored ? { by: stored.setBy, at: stored.setAt } : null,
    overrides: overrides.sort((a, b) => a.from - b.from),
  };
}

/** The people to page at `at`, first paged first, nobody twice. */
export function onDutyIn(rota: TierRotaInForce, at: number): string[] {
  const active = rota.overrides.filter((o) => o.from <= at && at < o.to).sort(newestWordFirst);
  const said = new Map<string, boolean>();
  for (const o of active) {
    for (const p of o.people) if (!said.has(p)) said.set(p, true);
    for (const p of o.off) if (!said.has(p)) said.set(p, false);
  }
  const weekly = onDuty(new Map([[rota.department, new Map([[rota.tier, { zone: rota.zone, weekly: rota.weekly, overrides: [] }]])]]), rota.department, rota.tier, at);
  const first = active.flatMap((o) => o.people).filter((p) => said.get(p) === true);
  return [...new Set([...first, ...weekly.filter((p) => said.get(p) !== false)])];
}

/** Run-time overrides before the file's; among run-time ones the latest added first. */
function newestWordFirst(a: OnCallOverrideInForce, b: OnCallOverrideInForce): number {
  if (a.source !== b.source) return a.source === 'store' ? -1 : 1;
  return a.source === 'store' ? (b.addedAt ?? 0) - (a.addedAt ?? 0) : 0;
}

/** The participant keys ("platform:userId") to page for the department's tier at `at`, first paged first. */
export async function whoIsOnDuty(store: OnCallStore, sla: SlaSettings, department: string, tier: Tier, at: number): Promise<string[]> {
  return onDutyIn(await rotaInForce(store, sla, department, tier, at), at);
}
