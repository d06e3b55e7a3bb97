// The report's pure parts: duration bins keep their documented bound, the facts a
// ticket carries are in business time, and the window a person asks for is read
// as whole UTC days with clear refusals.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { binOf, binValue, dayOf, factsAfter, openingFacts, parseSlaConfig, readReportWindow, startClock, type Ticket } from '../../src/index.js';

const rome = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Rome' }).toMillis();

describe('duration bins', () => {
  it('read back within 0.1% of any duration of a second or more, and within half a second below', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 * 86_400_000 }), (ms) => {
        const back = binValue(binOf(ms));
        return ms < 1000 ? Math.abs(back - ms) <= 500 : Math.abs(back - ms) <= ms * 0.001;
      }),
      { numRuns: 2000 },
    );
  });
  it('keep longer durations in later bins', () => {
    expect(binOf(999)).toBe(0);
    expect(binOf(60_000)).toBeLessThan(binOf(61_000));
  });
});

describe('the facts a ticket carries for the reports', () => {
  const sla = parseSlaConfig({});
  const openedAt = rome('2026-12-04T17:30'); // Friday, half an hour before closing
  const ticket = (over: Partial<Ticket>): Ticket => ({
    code: 'IT-1', seq: 1, version: 1, department: 'it', tier: 1, status: 'open', priority: 'P3', title: 't', description: 'd',
    requester: { platform: 'web', userId: 'mario', name: 'Mario' }, assignee: null, resolvedBy: null, resolution: null, faqTried: null,
    channel: 'web', createdAt: openedAt, updatedAt: openedAt, dueAt: openedAt, ...over,
  });

  it('notes the opening hour in the department\'s zone', () => {
    expect(openingFacts({ department: 'it', createdAt: openedAt }, sla)).toEqual({ reopens: 0, openedHour: 17, openedWeekday: 5 });
  });

  it('counts the first answer and the resolution in business time, the weekend and the lunch break left out', () => {
    const before = ticket({ sla: startClock({ department: 'it', priority: 'P3', status: 'open', assignee: null, tier: 1 }, sla, openedAt) });
    const claimedAt = rome('2026-12-07T09:30');
    const claimed = ticket({ status: 'in_progress', sla: { ...before.sla!, respondedAt: claimedAt } });
    const facts = factsAfter(before, claimed, { kind: 'claimed', at: claimedAt }, sla);
    expect(facts.firstResponseMs).toBe(60 * 60_000);
    const resolvedAt = rome('2026-12-07T14:30');
    const resolved = factsAfter({ ...claimed, report: facts }, { ...claimed, status: 'resolved' }, { kind: 'resolved', at: resolvedAt }, sla);
    // 30 min on Friday, 9:00–13:00 and 14:00–14:30 on Monday.
    expect(resolved.resolutionMs).toBe(5 * 60 * 60_000);
    expect(resolved.firstResponseMs).toBe(60 * 60_000);
    const reopened = factsAfter({ ...claimed, report: resolved }, { ...claimed, status: 'in_progress' }, { kind: 'reopened', at: resolvedAt + 60_000 }, sla);
    expect(reopened.reopens).toBe(1);
  });
});

describe('the window of a report', () => {
  const now = Date.UTC(2026, 10, 30, 15, 0);
  const today = dayOf(now);
  it('reads --since as today and the days before, and dates as whole days, both included', () => {
    expect(readReportWindow({}, now)).toEqual({ ok: true, fromDay: today - 29, toDay: today + 1 });
    expect(readReportWindow({ since: '7d' }, now)).toEqual({ ok: true, fromDay: today - 6, toDay: today + 1 });
    expect(readReportWindow({ since: '2w' }, now)).toEqual({ ok: true, fromDay: today - 13, toDay: today + 1 });
    expect(readReportWindow({ from: '2026-11-01', to: '2026-11-30' }, now)).toEqual({ ok: true, fromDay: dayOf(Date.UTC(2026, 10, 1)), toDay: today + 1 });
  });
  it('refuses what is not a window, saying which part', () => {
    expect(readReportWindow({ since: 'forever' }, now)).toEqual({ ok: false, problem: 'since' });
    expect(readReportWindow({ since: '0d' }, now)).toEqual({ ok: false, problem: 'since' });
    expect(readReportWindow({ from: '2026-02-30' }, now)).toEqual({ ok: false, problem: 'from' });
    expect(readReportWindow({ from: '2026-11-30', to: '2026-11-01' }, now)).toEqual({ ok: false, problem: 'order' });
    expect(readReportWindow({ since: '7d', from: '2026-11-01' }, now)).toEqual({ ok: false, problem: 'mixed' });
  });
});
