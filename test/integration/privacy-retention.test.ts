// The daily retention job as the server runs it: two instances on one store, the
// day's slot taken by one; a pass done once a day whatever the hourly checks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { createPrivacyRetention, DAY_MS, runRetention } from '../../app/privacy-retention.js';
import type { Store } from '../../src/index.js';
import { makeDraft, makeEvent, mario } from '../support/factories.js';

describe('privacy retention job', () => {
  const dirs: string[] = [];
  const stores: Store[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('runs once a day across instances and pseudonymises only tickets closed more than N days before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sportello-retention-'));
    dirs.push(dir);
    const file = join(dir, 'sportello.db');
    const [a, b] = [createSqliteStore({ file }), createSqliteStore({ file })];
    stores.push(a, b);
    const t0 = Date.UTC(2026, 0, 1);
    const old = await a.create(makeDraft({ createdAt: t0 }), 'IT', makeEvent({ at: t0 }));
    await a.update({ ...old, status: 'closed', closedAt: t0 + 1000 }, 1, makeEvent({ kind: 'confirmed', at: t0 + 1000 }));
    const recent = await a.create(makeDraft({ createdAt: t0 + 20 * DAY_MS }), 'IT', makeEvent({ at: t0 + 20 * DAY_MS }));
    await a.update({ ...recent, status: 'cancelled', closedAt: t0 + 20 * DAY_MS }, 1, makeEvent({ kind: 'cancelled', at: t0 + 20 * DAY_MS }));

    const logger = pino({ level: 'silent' });
    const jobs = [createPrivacyRetention({ store: a, logger, days: 30 }), createPrivacyRetention({ store: b, logger, days: 30 })];
    const now = t0 + 40 * DAY_MS;
    await Promise.all(jobs.map((j) => j.run(now)));
    await Promise.all(jobs.map((j) => j.run(now + 3600_000)));

    const audit = await a.privacyAudit(10);
    expect(audit.map((e) => [e.kind, e.by, e.counts.tickets])).toEqual([['retention', 'retention', 1]]);
    expect((await a.get(old.code))!.requester.userId).toMatch(/^anon-/);
    expect((await a.get(recent.code))!.requester).toEqual(mario);

    // The next day's run takes what has aged since.
    await jobs[1]!.run(now + 11 * DAY_MS);
    expect((await b.get(recent.code))!.requester.userId).toMatch(/^anon-/);
    expect((await b.privacyAudit(10)).map((e) => e.counts.tickets)).toEqual([1, 1]);
  });

  it('never goes past the real time: a future "now" takes no recent ticket and leaves the next runs where they were', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sportello-retention-'));
    dirs.push(dir);
    const store = createSqliteStore({ file: join(dir, 'sportello.db') });
    stores.push(store);
    const realNow = Date.UTC(2026, 5, 1);
    const closeAt = async (at: number) => {
      const t = await store.create(makeDraft({ createdAt: at }), 'IT', makeEvent({ at }));
      return store.update({ ...t, status: 'closed', closedAt: at + 1 }, 1, makeEvent({ kind: 'confirmed', at: at + 1 }));
    };
    const yesterday = await closeAt(realNow - DAY_MS);

    // A typo ten years ahead: the recent ticket keeps its requester, and the log says when it really ran.
    const typo = await runRetention(store, 30, realNow + 3650 * DAY_MS, 'cli:ops', realNow);
    expect(typo.counts.tickets).toBe(0);
    expect(typo.at).toBe(realNow);
    expect(typo.through).toBeLessThanOrEqual(realNow - 30 * DAY_MS);
    expect((await store.get(yesterday.code))!.requester).toEqual(mario);

    // A hundred days on, the daily run takes both: nothing was left behind a watermark in the future.
    const later = await closeAt(realNow + 1000);
    const daily = await runRetention(store, 30, realNow + 100 * DAY_MS, 'retention', realNow + 100 * DAY_MS);
    expect(daily.counts.tickets).toBe(2);
    expect((await store.get(yesterday.code))!.requester.userId).toMatch(/^anon-/);
    expect((await store.get(later.code))!.requester.userId).toMatch(/^anon-/);
  });
});
