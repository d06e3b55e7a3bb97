// Messages for a web user with no open stream wait in the store: a restart of
// the server loses none, and the user's next stream gets each of them once, in
// order, before the live ones. Through the real HTTP server, once per store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/index.js';
import type { StoreEnv } from '../support/server-stores.js';
import { openStream, post, startServer, type RunningServer } from '../support/server.js';
import { until } from '../support/until.js';

const MARIO = { id: 'mario', name: 'Mario', locale: 'en' };
const ANNA = { id: 'anna', name: 'Anna', locale: 'en' };
const mario = { platform: 'web', userId: 'mario' };


export function runHeldMessageFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`web messages held for people away, on ${name}`, () => {
    let storage: StoreEnv;
    let dataDir: string;
    let server: RunningServer | undefined;
    let store: Store | undefined;
    const start = async () => (server = await startServer({ DATA_DIR: dataDir, ...storage.env }));

    beforeEach(async () => {
      storage = await storeEnv();
      dataDir = mkdtempSync(join(tmpdir(), 'sportello-held-'));
      await start();
      store = await storage.open(dataDir);
      await store.saveAgent({ platform: 'web', userId: 'anna', name: 'Anna', departments: ['it'], tier: 1, role: 'agent' });
    });
    afterEach(async () => {
      await server?.stop();
      await store?.close();
      await storage.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('keeps what came while the person was away across a restart, and hands it over once, in order', async () => {
      const opened = await post(server!.base, '/web/api/messages', { user: MARIO, text: 'ticket new --no-faq --dept it my docking station does not charge' });
      const code = opened.body.replies[0].ticket.code as string;
      await post(server!.base, '/web/api/actions', { user: ANNA, actionId: `claim:${code}` });
      await post(server!.base, '/web/api/messages', { user: ANNA, text: `ticket reply ${code} Which model is it?` });
      // Both wait in the store, not in the server's memory.
      await until('two held messages', async () => (await store!.heldFor(mario, 10)).length === 2);

      await server!.stop();
      server = undefined;
      await start();

      const stream = await openStream(server!.base, 'mario');
      try {
        expect((await stream.next()).text).toBe(`Anna is working on your ticket ${code}.`);
        const question = await stream.next();
        expect(question.text).toContain('Which model is it?');
        expect(question.ticket).toMatchObject({ code, status: 'waiting_user' });
        // Live messages follow the held ones.
        await post(server!.base, '/web/api/messages', { user: ANNA, text: `ticket resolve ${code} New dock sent` });
        expect((await stream.next()).text).toContain('New dock sent');
        await until('the held messages released', async () => (await store!.heldFor(mario, 10)).length === 0);
      } finally {
        stream.close();
      }

      // Received once: a later connection gets nothing again.
      const again = await openStream(server!.base, 'mario');
      try {
        await expect(again.next(500)).rejects.toThrow('no pushed message within 500 ms');
      } finally {
        again.close();
      }
    });

    it('gives every open tab each message, and holds nothing while one is open', async () => {
      const one = await openStream(server!.base, 'mario');
      const two = await openStream(server!.base, 'mario');
      try {
        const opened = await post(server!.base, '/web/api/messages', { user: MARIO, text: 'ticket new --no-faq --dept it my laptop screen flickers' });
        const code = opened.body.replies[0].ticket.code as string;
        await post(server!.base, '/web/api/actions', { user: ANNA, actionId: `claim:${code}` });
        expect((await one.next()).text).toBe(`Anna is working on your ticket ${code}.`);
        expect((await two.next()).text).toBe(`Anna is working on your ticket ${code}.`);
        expect(await store!.heldFor(mario, 10)).toEqual([]);
      } finally {
        one.close();
        two.close();
      }
    });
  });
}
