// The live feed's reader over real stores: it starts at the newest entry, hands
// every instance's entries (its own too) to the subscribers of their kind in
// sequence order, outlives a store it cannot read (said once per outage, not at
// every poll), and on FerretDB, which has no change streams, says so once and polls.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLiveFeed, type LiveFeed } from '../../adapters/channels/live-feed.js';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import type { Store } from '../../src/index.js';
import { freshMongoHarness, mongoUri, requireMongoInCi } from '../support/mongo.js';
import { until } from '../support/until.js';

requireMongoInCi();

type Line = { level: number; msg: string };

function logged(level = 'info') {
  const lines: Line[] = [];
  return { lines, logger: pino({ level }, { write: (l: string) => void lines.push(JSON.parse(l) as Line) }) };
}

describe('live feed reader on SQLite (one file, one connection per instance)', () => {
  let dir: string;
  const stores: Store[] = [];
  const feeds: LiveFeed[] = [];
  const instance = (logger = pino({ level: 'silent' })) => {
    const store = createSqliteStore({ file: join(dir, 'sportello.db') });
    stores.push(store);
    const feed = createLiveFeed({ store, logger, pollMs: 30 });
    feeds.push(feed);
    return { store, feed };
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sportello-feed-reader-'));
  });
  afterEach(async () => {
    for (const f of feeds.splice(0)) await f.stop();
    for (const s of stores.splice(0)) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts at the newest entry and hands each later one, any instance’s, to its kind’s subscribers in order', async () => {
    const a = instance();
    const b = instance();
    await b.store.appendFeed({ kind: 'web.message', origin: 'before', payload: { n: 0 }, at: 1 });
    const onA: unknown[] = [];
    const notices: unknown[] = [];
    a.feed.subscribe('web.message', (p) => void onA.push(p));
    a.feed.subscribe('console.notice', (p) => void notices.push(p));
    await a.feed.start();
    await b.feed.start();

    await b.feed.publish('web.message', { n: 1 });
    await a.feed.publish('web.message', { n: 2 });
    await b.feed.publish('console.notice', { code: 'IT-1' });
    await b.feed.publish('web.message', { n: 3 });

    await until('three messages on A', async () => onA.length >= 3);
    expect(onA).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(notices).toEqual([{ code: 'IT-1' }]);
    expect(a.feed.reading()).toBe(true);
  });

  it('goes on past a subscriber that throws', async () => {
    const { logger, lines } = logged('warn');
    const a = instance(logger);
    const got: unknown[] = [];
    a.feed.subscribe('web.message', () => {
      throw new Error('stream gone');
    });
    a.feed.subscribe('web.message', (p) => void got.push(p));
    await a.feed.start();
    await a.feed.publish('web.message', { n: 1 });
    await a.feed.publish('web.message', { n: 2 });
    await until('both messages', async () => got.length === 2);
    expect(lines.filter((l) => l.msg.includes('could not be passed on'))).toHaveLength(2);
  });

  it('outlives a store it cannot read: said once per outage, and entries after it still come, in order', async () => {
    const { logger, lines } = logged('info');
    const a = instance(logger);
    const b = instance();
    const got: unknown[] = [];
    a.feed.subscribe('web.message', (p) => void got.push(p));
    await a.feed.start();
    await b.feed.start();
    await b.feed.publish('web.message', { n: 1 });
    await until('the first message', async () => got.length === 1);

    // The feed's table out of reach (as a store gone away is, to a reader): reads fail for a while.
    const raw = new Database(join(dir, 'sportello.db'));
    raw.exec('ALTER TABLE live_feed RENAME TO live_feed_away');
    await until('the feed not read', async () => !a.feed.reading());
    await new Promise((r) => setTimeout(r, 300));
    expect(lines.filter((l) => l.msg.startsWith('cannot read the live feed'))).toHaveLength(1);
    raw.exec('ALTER TABLE live_feed_away RENAME TO live_feed');
    raw.close();

    await b.feed.publish('web.message', { n: 2 });
    await b.feed.publish('web.message', { n: 3 });
    await until('the messages after the outage', async () => got.length === 3);
    expect(got).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(a.feed.reading()).toBe(true);
    expect(lines.filter((l) => l.msg.startsWith('the live feed is read again'))).toHaveLength(1);
  });
});

describe.runIf(mongoUri)('live feed reader on FerretDB', () => {
  let harness: ReturnType<typeof freshMongoHarness>;
  const stores: Store[] = [];
  beforeEach(() => {
    harness = freshMongoHarness();
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    await harness.cleanup();
  });

  it('finds no change stream, says so once, and polls: entries still arrive, in order', async () => {
    const { logger, lines } = logged('info');
    const a = await harness.connect();
    const b = await harness.connect();
    stores.push(a, b);
    const onA = createLiveFeed({ store: a, logger, pollMs: 50 });
    const onB = createLiveFeed({ store: b, logger: pino({ level: 'silent' }), pollMs: 50 });
    const got: unknown[] = [];
    onA.subscribe('web.message', (p) => void got.push(p));
    await onA.start();
    await onB.start();
    try {
      for (let n = 1; n <= 5; n++) await onB.publish('web.message', { n });
      await until('five messages on A', async () => got.length === 5);
      expect(got).toEqual([1, 2, 3, 4, 5].map((n) => ({ n })));
      await until('the fallback said', async () => lines.some((l) => l.msg.startsWith('no change stream')));
      expect(lines.filter((l) => l.msg.startsWith('no change stream'))).toHaveLength(1);
    } finally {
      await onA.stop();
      await onB.stop();
    }
  });
});
