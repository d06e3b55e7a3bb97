// Two instances on one store: what one closes, the other's archive finds at its
// next refresh, including a close committed late with an earlier closing time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { createArchive, createArchiveFeed, newPseudonym, type Store } from '../../src/index.js';
import { makeDraft, makeEvent } from '../support/factories.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const dir = mkdtempSync(join(tmpdir(), 'sportello-archive-'));
const store: Store = createSqliteStore({ file: join(dir, 'sportello.db') });
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const clock = { t: Date.UTC(2026, 5, 1) };
const closedTicket = (text: string, closedAt: number) =>
  store.create(makeDraft({ title: text, description: text, status: 'closed', resolution: `fixed: ${text}`, closedAt, createdAt: closedAt - 3600_000 }), 'IT', makeEvent({ at: closedAt }));

function instance(pageSize: number) {
  const archive = createArchive({ logger: quiet });
  const feed = createArchiveFeed({ store, archive, clock: { now: () => clock.t }, logger: quiet, pageSize, overlapMs: 10 * 60_000 });
  return { archive, feed };
}

describe('archive feed', () => {
  it('loads every closed ticket page by page, skips active ones, then keeps up with other instances', async () => {
    for (let i = 0; i < 7; i++) await closedTicket(`keyboard ${i} keys stuck`, clock.t - (10 - i) * 3600_000);
    await store.create(makeDraft({ title: 'keyboard still open', description: 'keyboard still open' }), 'IT', makeEvent());
    const b = instance(3);
    expect(b.archive.loaded).toBe(false);
    expect(await b.feed.load()).toBe(7);
    expect(b.archive.loaded).toBe(true);
    expect(b.archive.index.size).toBe(7);

    // Another instance closes two: one now, one whose commit came late with a closing time just before the last read.
    clock.t += 60_000;
    const now = await closedTicket('monitor flickers after docking', clock.t);
    const late = await closedTicket('docking station not charging', clock.t - 5 * 60_000);
    expect(b.archive.index.has(now.code)).toBe(false);
    expect(await b.feed.refresh()).toBe(2);
    const [hit] = await b.archive.search({ text: 'docking station charging', limit: 1 });
    expect(hit!.ticket.code).toBe(late.code);
    // Read again, nothing is counted twice.
    expect(await b.feed.refresh()).toBe(0);
    expect(b.archive.index.size).toBe(9);
  });

  it('gives a ticket this instance closes to its archive at once', async () => {
    const a = instance(100);
    await a.feed.load();
    const before = a.archive.index.size;
    const open = await store.create(makeDraft({ title: 'mouse wheel broken', description: 'mouse wheel broken' }), 'IT', makeEvent());
    const done = { ...open, status: 'closed' as const, resolution: 'new mouse', closedAt: clock.t };
    expect(a.archive.noteClosed(done)).toBe(true);
    expect(a.archive.index.size).toBe(before + 1);
  });

  it('reads itself afresh after an erase, so a running server no longer finds the person', async () => {
    const b = instance(50);
    const ottavia = { platform: 'web', userId: 'ottavia-77', name: 'Ottavia Brambilla' };
    const t = await store.create(
      makeDraft({ title: 'Ottavia Brambilla cannot print payslips', description: 'printer says access denied', requester: ottavia, status: 'closed', resolution: 'gave Ottavia Brambilla print rights', closedAt: clock.t - 60_000 }),
      'IT',
      makeEvent({ at: clock.t - 60_000 }),
    );
    await b.feed.load();
    expect((await b.archive.search({ text: 'Brambilla', limit: 5 })).map((h) => h.ticket.code)).toContain(t.code);

    await store.erasePerson({ platform: 'web', userId: 'ottavia-77' }, { pseudonym: 'anon-0123456789abcdef01234567', at: clock.t, by: 'cli:test' });
    await b.feed.refresh();
    expect(await b.archive.search({ text: 'Brambilla', limit: 5 })).toEqual([]);
    // The ticket itself stays in the archive, under its pseudonym.
    expect(b.archive.index.has(t.code)).toBe(true);
    const [kept] = await b.archive.search({ text: 'print rights', limit: 1 });
    expect(kept!.ticket.code).toBe(t.code);
    expect(JSON.stringify(kept!.ticket).toLowerCase()).not.toMatch(/ottavia|brambilla/);
  });

  it('still notices an erase when an older audit row is dated ahead of it', async () => {
    const c = instance(50);
    await c.feed.load();
    // A run logged with a time years ahead (a clock off): it stays the newest row by time.
    await store.pseudonymiseClosedBefore({ before: Date.UTC(2000, 0, 1), at: clock.t + 3650 * 24 * 3600_000, by: 'cli:test', newPseudonym });
    await c.feed.refresh();
    const ugo = { platform: 'web', userId: 'ugo-12', name: 'Ugo Fantozzi' };
    await store.create(
      makeDraft({ title: 'Ugo Fantozzi cannot log in', description: 'password expired', requester: ugo, status: 'closed', resolution: 'reset for Ugo Fantozzi', closedAt: clock.t - 30_000 }),
      'IT',
      makeEvent({ at: clock.t - 30_000 }),
    );
    await c.feed.refresh();
    expect(await c.archive.search({ text: 'Fantozzi', limit: 5 })).not.toEqual([]);

    await store.erasePerson({ platform: 'web', userId: 'ugo-12' }, { pseudonym: 'anon-abcdef0123456789abcdef01', at: clock.t, by: 'cli:test' });
    await c.feed.refresh();
    expect(await c.archive.search({ text: 'Fantozzi', limit: 5 })).toEqual([]);
  });
});
