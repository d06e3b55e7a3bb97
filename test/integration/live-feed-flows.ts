// Two instances behind one load balancer on one store: a web user whose stream
// is open on A hears what an agent does through B, once and in order; a user
// with tabs on both hears it once on each; a user connected nowhere gets it
// held, once, wherever they connect; an agent's console on A hears of a change
// made through B. Two real servers in this process, real HTTP, the real store.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/index.js';
import type { StoreEnv } from '../support/server-stores.js';
import { openStream, openStreamAt, post, startServer, type RunningServer, type Stream } from '../support/server.js';
import { until } from '../support/until.js';

const MARIO = { id: 'mario', name: 'Mario', locale: 'en' };
const ANNA = { id: 'anna', name: 'Anna', locale: 'en' };
const mario = { platform: 'web', userId: 'mario' };

/** Nothing more on the stream for a while (well past a few feed polls). */
async function expectNothingMore(stream: Stream, ms = 1_200): Promise<void> {
  await expect(stream.next(ms)).rejects.toThrow(`no pushed message within ${ms} ms`);
}

export function runLiveFeedFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`two instances on one ${name} store`, () => {
    let storage: StoreEnv;
    let dataDir: string;
    let a: RunningServer;
    let b: RunningServer;
    let store: Store;
    const streams: Stream[] = [];
    const stream = async (server: RunningServer, user: string) => {
      const s = await openStream(server.base, user);
      streams.push(s);
      return s;
    };

    beforeEach(async () => {
      storage = await storeEnv();
      dataDir = mkdtempSync(join(tmpdir(), 'sportello-feed-'));
      // One store for both (the same SQLite file, or the same MongoDB database).
      a = await startServer({ DATA_DIR: dataDir, INSTANCE_ID: 'a', LIVE_FEED_POLL_MS: '100', ...storage.env });
      b = await startServer({ DATA_DIR: dataDir, INSTANCE_ID: 'b', LIVE_FEED_POLL_MS: '100', ...storage.env });
      store = await storage.open(dataDir);
      await store.saveAgent({ platform: 'web', userId: 'anna', name: 'Anna', departments: ['it'], tier: 1, role: 'agent' });
    });
    afterEach(async () => {
      for (const s of streams.splice(0)) s.close();
      await a?.stop();
      await b?.stop();
      await store?.close();
      await storage.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    });

    const openTicket = async (server: RunningServer, text: string) => {
      const opened = await post(server.base, '/web/api/messages', { user: MARIO, text: `ticket new --no-faq --dept it ${text}` });
      return opened.body.replies[0].ticket.code as string;
    };

    it('a stream open on A gets, once and in order, what an agent does through B', async () => {
      const onA = await stream(a, 'mario');
      const code = await openTicket(a, 'my docking station does not charge');
      await post(b.base, '/web/api/actions', { user: ANNA, actionId: `claim:${code}` });
      await post(b.base, '/web/api/messages', { user: ANNA, text: `ticket reply ${code} Which model is it?` });
      await post(b.base, '/web/api/messages', { user: ANNA, text: `ticket reply ${code} And since when?` });

      expect((await onA.next()).text).toBe(`Anna is working on your ticket ${code}.`);
      expect((await onA.next()).text).toContain('Which model is it?');
      expect((await onA.next()).text).toContain('And since when?');
      await expectNothingMore(onA);
      // B held them (no stream there); A wrote them and released them: a later connection gets none again.
      await until('the held copies released', async () => (await store.heldFor(mario, 10)).length === 0);
      const later = await stream(b, 'mario');
      await expectNothingMore(later, 600);
    });

    it('tabs open on both instances each get every message once, whichever instance sent it', async () => {
      const onA = await stream(a, 'mario');
      const onB = await stream(b, 'mario');
      const code = await openTicket(a, 'my laptop screen flickers');
      await post(b.base, '/web/api/actions', { user: ANNA, actionId: `claim:${code}` });
      // Once the tab on B shows the claim, B has sent it: the reply through A comes after it everywhere.
      expect((await onB.next()).text).toBe(`Anna is working on your ticket ${code}.`);
      await post(a.base, '/web/api/messages', { user: ANNA, text: `ticket reply ${code} Does it flicker on battery too?` });
      expect((await onB.next()).text).toContain('Does it flicker on battery too?');
      expect((await onA.next()).text).toBe(`Anna is working on your ticket ${code}.`);
      expect((await onA.next()).text).toContain('Does it flicker on battery too?');
      await expectNothingMore(onA);
      await expectNothingMore(onB, 200);
      expect(await store.heldFor(mario, 10)).toEqual([]);
    });

    it('a user connected nowhere gets what B sent once, when they connect to A later', async () => {
      const code = await openTicket(b, 'the printer jams');
      await post(b.base, '/web/api/actions', { user: ANNA, actionId: `claim:${code}` });
      await post(b.base, '/web/api/messages', { user: ANNA, text: `ticket reply ${code} Which floor?` });
      await until('two held messages', async () => (await store.heldFor(mario, 10)).length === 2);
      // Well past a feed read on A, which had no stream for them: nothing released.
      await new Promise((r) => setTimeout(r, 400));
      expect(await store.heldFor(mario, 10)).toHaveLength(2);

      const onA = await stream(a, 'mario');
      expect((await onA.next()).text).toBe(`Anna is working on your ticket ${code}.`);
      expect((await onA.next()).text).toContain('Which floor?');
      await expectNothingMore(onA);
      await until('the held messages released', async () => (await store.heldFor(mario, 10)).length === 0);
    });

    it("an agent's console stream on A hears of a change made through B", async () => {
      const secret = 'console-session-secret-for-anna';
      const hash = createHash('sha256').update(secret).digest('base64url');
      await store.saveConsoleSession(hash, { platform: 'web', userId: 'anna', csrf: 'csrf-anna', expiresAt: Date.now() + 3_600_000 });
      const consoleOnA = await openStreamAt(a.base, '/console/stream', { cookie: `sportello-console=${secret}` });
      streams.push(consoleOnA);

      const code = await openTicket(b, 'the VPN drops every hour');
      const opened = await consoleOnA.next();
      expect(opened).toEqual({ code, version: expect.any(Number) });
      await post(b.base, '/web/api/actions', { user: ANNA, actionId: `claim:${code}` });
      const claimed = await consoleOnA.next();
      expect(claimed.code).toBe(code);
      expect(claimed.version).toBeGreaterThan(opened.version);
    });
  });
}
