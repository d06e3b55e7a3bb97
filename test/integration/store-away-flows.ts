// The store goes away mid-conversation: people are answered at once that their
// message is kept, readiness says the instance cannot work, and once the store is
// back every kept message is handled once, in the order sent, its answer pushed to
// the person; a restart afterwards replays nothing, and what a stopped instance kept
// is handled at its next start.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/index.js';
import { collectStream, post, startServer, type Collected, type RunningServer } from '../support/server.js';
import { until } from '../support/until.js';

export interface StoreFault {
  env: Record<string, string>;
  /** A store connection of the test's own, to set up agents and read what the desk kept. */
  open(): Promise<Store>;
  breakStore(): Promise<void>;
  mendStore(): Promise<void>;
  cleanup(): Promise<void>;
}

const mario = { id: 'mario', name: 'Mario', locale: 'it' };
const anna = { id: 'anna', name: 'Anna', locale: 'en' };

async function ready(base: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}/healthz/ready`);
  return { status: res.status, body: await res.json() };
}

const texts = (c: Collected) => c.items.map((i) => String(i.text ?? ''));

/** `fault(dataDir)`: the data dir the server is given (the SQLite file lives there). */
export function runStoreAwayFlows(name: string, fault: (dataDir: string) => Promise<StoreFault>, opts: { untilMs: number }) {
  describe(`the store going away on ${name}`, () => {
    let f: StoreFault;
    let s: RunningServer;
    let dataDir: string;
    let env: Record<string, string>;
    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'sportello-away-'));
      f = await fault(dataDir);
      env = { ...f.env, DATA_DIR: dataDir, INSTANCE_ID: 'desk-a' };
      const store = await f.open();
      await store.saveAgent({ platform: 'web', userId: 'anna', name: 'Anna', departments: ['it'], tier: 1, role: 'agent' });
      await store.close();
      s = await startServer(env);
    });
    afterAll(async () => {
      await s?.stop();
      await f?.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('tells people their messages are kept, says it is not ready, and handles each kept message once, in order, when the store is back', async () => {
      const marioSees = await collectStream(s.base, 'mario');
      const annaSees = await collectStream(s.base, 'anna');
      try {
        const first = await post(s.base, '/web/api/messages', { user: mario, text: 'ticket new il vpn non si connette da casa' });
        expect(first.body.replies[0].text).toMatch(/^Ho aperto il ticket IT-1 /);
        expect((await ready(s.base)).status).toBe(200);

        await f.breakStore();
        await until('readiness to say the store is away', async () => (await ready(s.base)).status === 503, opts.untilMs);
        const live = await fetch(`${s.base}/healthz/live`);
        expect(live.status).toBe(200);

        const printer = await post(s.base, '/web/api/messages', { user: mario, text: 'ticket new la stampante del secondo piano non stampa' });
        expect(printer.status).toBe(200);
        expect(printer.body.replies).toHaveLength(1);
        expect(printer.body.replies[0].text).toContain('il tuo messaggio è conservato');
        const scanner = await post(s.base, '/web/api/messages', { user: mario, text: 'ticket new anche lo scanner è fermo, grazie' });
        expect(scanner.body.replies[0].text).toContain('il tuo messaggio è conservato');
        const claim = await post(s.base, '/web/api/messages', { user: anna, text: 'ticket claim IT-1' });
        expect(claim.body.replies[0].text).toBe("We're having trouble on our side right now: your message is kept, and I will answer it here as soon as we are back. No need to send it again.");
        const away = await ready(s.base);
        expect(away.body).toMatchObject({ status: 'not ready', storeReachable: false, kept: 3, instance: 'desk-a' });
        const metrics = await (await fetch(`${s.base}/metrics`)).text();
        expect(metrics).toMatch(/^sportello_kept_messages 3$/m);
        expect(metrics).toMatch(/^sportello_store_reachable 0$/m);

        await f.mendStore();
        await until('the kept answers to reach Mario and Anna', async () => texts(marioSees).some((t) => t.startsWith('Ho aperto il ticket IT-3')) && annaSees.items.length > 0, opts.untilMs);
        await until('readiness to come back', async () => (await ready(s.base)).status === 200, opts.untilMs);
        const opened = texts(marioSees).filter((t) => /^Ho aperto il ticket IT-\d/.test(t));
        expect(opened.map((t) => t.slice(0, 'Ho aperto il ticket IT-2'.length))).toEqual(['Ho aperto il ticket IT-2', 'Ho aperto il ticket IT-3']);
        await until('the spool to be empty', async () => (await ready(s.base)).body.kept === 0, opts.untilMs);
        expect((await ready(s.base)).body).toMatchObject({ status: 'ready', storeReachable: true, kept: 0 });

        const store = await f.open();
        try {
          const tickets = await store.byRequester('web', 'mario', { limit: 10 });
          expect(tickets.map((t) => [t.code, t.title]).sort()).toEqual([
            ['IT-1', 'il vpn non si connette da casa'],
            ['IT-2', 'la stampante del secondo piano non stampa'],
            ['IT-3', 'anche lo scanner è fermo, grazie'],
          ]);
          expect(tickets.find((t) => t.code === 'IT-1')!.assignee).toMatchObject({ platform: 'web', userId: 'anna' });
        } finally {
          await store.close();
        }
        // Mario hears that Anna took IT-1, once.
        await until("Anna's claim to reach Mario", async () => texts(marioSees).filter((t) => t.includes('IT-1') && t.includes('Anna')).length > 0, opts.untilMs);
        expect(texts(marioSees).filter((t) => t.includes('IT-1') && t.includes('Anna'))).toHaveLength(1);
      } finally {
        marioSees.close();
        annaSees.close();
      }
    });

    it('keeps what came while the store was away across a stop, and handles it at the next start; a restart after that replays nothing', async () => {
      await f.breakStore();
      await until('readiness to say the store is away', async () => (await ready(s.base)).status === 503, opts.untilMs);
      const kept = await post(s.base, '/web/api/messages', { user: mario, text: 'ticket new il monitor sfarfalla' });
      expect(kept.body.replies[0].text).toContain('il tuo messaggio è conservato');
      await s.stop();
      await f.mendStore();

      s = await startServer(env);
      const store = await f.open();
      try {
        await until('the kept ticket to be opened at the next start', async () => (await store.byRequester('web', 'mario', { limit: 10 })).length === 4, opts.untilMs);
        await s.stop();
        s = await startServer(env);
        await until('the spool to be empty', async () => (await ready(s.base)).body.kept === 0, opts.untilMs);
        const titles = (await store.byRequester('web', 'mario', { limit: 10 })).map((t) => t.title);
        expect(titles.filter((t) => t === 'il monitor sfarfalla')).toHaveLength(1);
        expect(titles).toHaveLength(4);
      } finally {
        await store.close();
      }
      // Mario was away: the answer waits for him, once.
      const back = await collectStream(s.base, 'mario');
      try {
        await until('the kept answer to wait for Mario', async () => texts(back).some((t) => t.startsWith('Ho aperto il ticket IT-4')), opts.untilMs);
        expect(texts(back).filter((t) => t.startsWith('Ho aperto il ticket IT-4'))).toHaveLength(1);
      } finally {
        back.close();
      }
    });
  });
}
