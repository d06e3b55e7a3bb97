// The report's rollups against every store: the fixture month (test/fixtures/report)
// written through the store, then the figures read back. Every expected number
// below was worked out by hand from the fixture's rules (see report-figures.md
// there), not by the code under test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, dayOf, type ReportFigures, type Store } from '../../src/index.js';
import { FIXTURE_START, writeReportFixture } from '../fixtures/report/report-tickets.js';
import type { StoreHarness } from './store-contract.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY0 = dayOf(FIXTURE_START);

/** Within the histograms' documented bound: 0.1% of the exact value. */
function expectNear(actual: number | null, exact: number): void {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - exact)).toBeLessThanOrEqual(exact * 0.001);
}

const asObject = (counts: { key: string; n: number }[]) => Object.fromEntries(counts.map((c) => [c.key, c.n]));

export function runReportContract(name: string, harness: () => Promise<StoreHarness>): void {
  describe(`${name}: the report's figures from the store's rollups`, () => {
    let h: StoreHarness;
    let store: Store;
    let month: ReportFigures;
    beforeAll(async () => {
      h = await harness();
      store = await h.connect();
      await writeReportFixture(store);
      // The whole month: the tickets opened from 2 November, the last ones closing on 2 December.
      month = await buildReport(store, { fromDay: DAY0, toDay: DAY0 + 31 });
    }, 420_000);
    afterAll(async () => {
      await store?.close();
      await h?.cleanup?.();
    });

    it('counts tickets opened and closed by department, priority, channel and outcome', () => {
      expect(month.opened.total).toBe(300);
      expect(asObject(month.opened.byDepartment)).toEqual({ it: 100, hr: 100, finance: 100 });
      expect(asObject(month.opened.byPriority)).toEqual({ P1: 75, P2: 75, P3: 75, P4: 75 });
      expect(asObject(month.opened.byChannel)).toEqual({ web: 120, slack: 60, teams: 60, discord: 60 });
      expect(month.closed.total).toBe(240);
      expect(asObject(month.closed.byDepartment)).toEqual({ it: 80, hr: 80, finance: 80 });
      expect(asObject(month.closed.byPriority)).toEqual({ P1: 60, P2: 60, P3: 60, P4: 60 });
      expect(asObject(month.closed.byChannel)).toEqual({ web: 90, slack: 60, teams: 60, discord: 30 });
      expect(asObject(month.closed.byStatus)).toEqual({ closed: 210, cancelled: 30 });
    });

    it('reads first-response and resolution percentiles in business time, the last resolution counting after a reopening', () => {
      expect(month.firstResponse.count).toBe(270);
      expectNear(month.firstResponse.p50Ms, 50 * MINUTE);
      expectNear(month.firstResponse.p90Ms, 90 * MINUTE);
      expect(month.resolution.count).toBe(210);
      expectNear(month.resolution.p50Ms, 4 * HOUR);
      expectNear(month.resolution.p90Ms, 7 * HOUR);
    });

    it('gives SLA compliance per target, the reopen rate and the FAQ deflection rate', () => {
      expect(month.sla.firstResponse).toEqual({ met: 180, missed: 90, rate: 2 / 3 });
      expect(month.sla.resolution).toEqual({ met: 120, missed: 90, rate: 4 / 7 });
      expect(month.reopen).toEqual({ reopened: 15, closed: 210, rate: 1 / 14 });
      expect(month.faq).toEqual({ answered: 100, followedByTicket: 50, ticketsWithoutFaq: 250, asks: 350, deflected: 50, rate: 1 / 7 });
    });

    it('counts ratings that came after the close, and their average and distribution', () => {
      expect(month.satisfaction.rated).toBe(150);
      expect(month.satisfaction.average).toBeCloseTo(3.8, 10);
      expect(asObject(month.satisfaction.distribution)).toEqual({ 1: 0, 2: 30, 3: 30, 4: 30, 5: 60 });
    });

    it('finds the busiest hours by weekday and hour, and each agent\'s load', () => {
      expect(month.busiestHours).toHaveLength(70);
      expect(month.busiestHours.reduce((sum, c) => sum + c.n, 0)).toBe(300);
      expect(month.busiestHours.slice(0, 2)).toEqual([{ weekday: 1, hour: 9, n: 5 }, { weekday: 1, hour: 10, n: 5 }]);
      expect(month.busiestHours.find((c) => c.weekday === 3 && c.hour === 18)).toEqual({ weekday: 3, hour: 18, n: 4 });
      expect(month.agents).toEqual([
        { agent: 'web:a1', held: 30, resolved: 120 },
        { agent: 'web:a2', held: 0, resolved: 90 },
      ]);
    });

    it('narrows to one department', async () => {
      const it = await buildReport(store, { fromDay: DAY0, toDay: DAY0 + 31, department: 'it' });
      expect(it.opened.total).toBe(100);
      expect(it.closed.total).toBe(80);
      expect(it.faq).toEqual({ answered: 100, followedByTicket: 50, ticketsWithoutFaq: 50, asks: 150, deflected: 50, rate: 1 / 3 });
      expect(it.agents.find((a) => a.agent === 'web:a1')?.held).toBe(10);
    });

    it('narrows to days: the first day has its openings and answers, the second the first closings and ratings', async () => {
      const first = await buildReport(store, { fromDay: DAY0, toDay: DAY0 + 1 });
      expect(first.opened.total).toBe(10);
      expect(first.closed.total).toBe(0);
      expect(first.firstResponse.count).toBe(9);
      expectNear(first.firstResponse.p50Ms, 50 * MINUTE);
      expect(first.sla.firstResponse).toEqual({ met: 6, missed: 3, rate: 2 / 3 });
      const second = await buildReport(store, { fromDay: DAY0 + 1, toDay: DAY0 + 2 });
      expect(second.closed.total).toBe(8);
      expect(second.satisfaction.rated).toBe(5);
      expect(second.faq.answered).toBe(10);
    });

    it('moves a ticket\'s counts with it, and takes a reconnected store\'s word for the same figures', async () => {
      const t = (await store.get('IT-1'))!;
      await store.update({ ...t, department: 'hr' }, t.version, { at: t.updatedAt + 1, kind: 'moved', actor: t.requester, channel: 'web', text: null, data: {} });
      const again = await h.connect();
      try {
        const after = await buildReport(again, { fromDay: DAY0, toDay: DAY0 + 31 });
        expect(asObject(after.opened.byDepartment)).toEqual({ it: 99, hr: 101, finance: 100 });
        expect(after.opened.total).toBe(300);
      } finally {
        await again.close();
      }
    });
  });
}
