// Two instances' relays on one store, delivering through Slack's own Web API
// client to a Slack-shaped stand-in on 127.0.0.1: every record once, a ticket's
// records in version order wherever they were committed, and a platform that
// answers 503 or 429 for a while waited out without doubling anything or holding
// other tickets up.
import { createServer, type Server } from 'node:http';
import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelAdapter } from '../../adapters/channels/channel-adapter.js';
import { createChangeRelay, type ChangeRelay } from '../../adapters/channels/change-relay.js';
import { createLeases } from '../../adapters/leases/store-leases.js';
import type { ChangeRecord, Store, Ticket } from '../../src/index.js';
import { anna, makeDraft, makeEvent, mario } from '../support/factories.js';

const quiet = process.env.DEBUG_RELAY ? { debug() {}, info() {}, warn: (...a: unknown[]) => console.log("WARN", JSON.stringify(a).slice(0, 300)), error: (...a: unknown[]) => console.log("ERROR", JSON.stringify(a).slice(0, 300)) } : { debug() {}, info() {}, warn() {}, error() {} };

function recordOf(t: Ticket): ChangeRecord {
  return {
    id: `${t.code}#${t.version}`,
    at: t.updatedAt,
    ticket: t,
    event: { kind: t.version === 1 ? 'created' : 'note', text: null, actor: anna },
    previousAssignee: null,
    outbound: [{ to: { kind: 'person', person: mario }, reply: { text: t.code } }],
    card: { text: t.code },
    origin: { channel: 'web', person: anna },
  };
}

interface Posted {
  channel: string;
  /** The instance that posted it. */
  by: string;
  text: string;
  at: number;
}

/** Slack's chat.postMessage as a stand-in: records what it accepted; `trouble` answers some calls 503 or 429 instead. */
async function startPlatform() {
  const posted: Posted[] = [];
  let refusedCalls = 0;
  let trouble: { status: 503 | 429; channel: string | null; until: number } | null = null;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const args = Object.fromEntries(new URLSearchParams(body));
      const channel = String(args.channel ?? '');
      if (trouble && Date.now() < trouble.until && (trouble.channel === null || trouble.channel === channel)) {
        refusedCalls++;
        if (trouble.status === 429) res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' }).end('{"ok":false,"error":"ratelimited"}');
        else res.writeHead(503, { 'content-type': 'text/plain' }).end('service unavailable');
        return;
      }
      posted.push({ channel, by: String(args.username ?? ''), text: String(args.text ?? ''), at: Date.now() });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, channel, ts: `${posted.length}.0001` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    posted,
    refused: () => refusedCalls,
    fail(status: 503 | 429, forMs: number, channel: string | null = null) {
      trouble = { status, channel, until: Date.now() + forMs };
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A channel whose one step per record is a chat.postMessage through the real WebClient, set up as the Slack adapter sets it. */
function slackChannel(apiUrl: string, instance: string): ChannelAdapter {
  const client = new WebClient('xoxb-test', { slackApiUrl: apiUrl, retryConfig: { retries: 2, minTimeout: 200, maxTimeout: 1000 }, timeout: 10_000 });
  return {
    name: 'slack',
    register() {},
    stepsFor: (record) => [{ what: `post ${record.id}`, run: async () => void (await client.chat.postMessage({ channel: record.ticket.code, text: record.id, username: instance })) }],
    sendDirect: async () => undefined,
  };
}

async function until(pred: () => boolean, what: string, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** `open()` gives a second handle on the same data, as a second instance would have. */
export function runOutboxLeaseFlows(label: string, open: () => Promise<{ stores: [Store, Store]; cleanup(): Promise<void> }>) {
  describe(`outbox delivery leases across two instances (${label})`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    async function twoInstances(opts: { periodMs?: number; retryForMs?: number } = {}) {
      const { stores, cleanup } = await open();
      const platform = await startPlatform();
      const relays = stores.map((store, i) =>
        createChangeRelay({
          store,
          channels: [slackChannel(platform.apiUrl, `instance-${i}`)],
          logger: quiet,
          retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 400, retryForMs: opts.retryForMs ?? 60_000 },
          leases: createLeases({ slots: store, holder: `instance-${i}`, periodMs: opts.periodMs ?? 2000 }),
          contendedPollMs: 200,
          renewMs: (opts.periodMs ?? 2000) / 4,
        }),
      ) as [ChangeRelay, ChangeRelay];
      for (const r of relays) await r.start();
      cleanups.push(cleanup, platform.close, async () => {
        for (const r of relays) await r.stop(100);
      });
      return { stores, relays, platform };
    }

    /** A ticket with `versions` changes, committed alternately on the two instances (each told of its own commits only). */
    async function changeTicket(stores: [Store, Store], relays: [ChangeRelay, ChangeRelay], versions: number, first: 0 | 1): Promise<Ticket> {
      let t = await stores[first]!.create(makeDraft(), 'IT', makeEvent(), (saved) => recordOf(saved));
      relays[first].committed(recordOf(t));
      for (let v = 2; v <= versions; v++) {
        const i = (first + v - 1) % 2;
        t = await stores[i]!.update({ ...t, updatedAt: t.updatedAt + v }, t.version, makeEvent({ kind: 'note' }), (saved) => recordOf(saved));
        relays[i]!.committed(recordOf(t));
      }
      return t;
    }

    function expectOnceInOrder(posted: Posted[], tickets: Ticket[], versions: number) {
      const texts = posted.map((p) => p.text);
      const twice = posted.filter((p) => texts.indexOf(p.text) !== texts.lastIndexOf(p.text));
      expect(twice, 'posted twice').toEqual([]);
      expect(new Set(texts).size).toBe(texts.length);
      for (const t of tickets) {
        expect(posted.filter((p) => p.channel === t.code).map((p) => p.text), t.code).toEqual(Array.from({ length: versions }, (_, i) => `${t.code}#${i + 1}`));
      }
    }

    it('delivers a burst committed alternately on two instances once each, in version order per ticket', async () => {
      const { stores, relays, platform } = await twoInstances({ periodMs: 5000 });
      const versions = 5;
      const tickets = await Promise.all(Array.from({ length: 16 }, (_, i) => changeTicket(stores, relays, versions, (i % 2) as 0 | 1)));
      await until(() => platform.posted.length >= tickets.length * versions, 'every record posted');
      await Promise.all(relays.map((r) => r.idle()));
      // A moment more for any late double to show up.
      await new Promise((r) => setTimeout(r, 300));
      expectOnceInOrder(platform.posted, tickets, versions);
      expect(platform.posted).toHaveLength(tickets.length * versions);
      expect(await stores[0].pendingChanges(10)).toEqual([]);
    });

    it('waits out a platform answering 503 for one ticket, keeping the lease; other tickets go on meanwhile', async () => {
      // A lease period far shorter than the outage: only renewal while retrying keeps the other instance off it.
      const { stores, relays, platform } = await twoInstances({ periodMs: 400 });
      const stuck = await stores[0].create(makeDraft(), 'IT', makeEvent(), (saved) => recordOf(saved));
      platform.fail(503, 2500, stuck.code);
      relays[0].committed(recordOf(stuck));
      let later = stuck;
      for (let v = 2; v <= 3; v++) {
        later = await stores[v % 2]!.update({ ...later, updatedAt: later.updatedAt + v }, later.version, makeEvent({ kind: 'note' }), (saved) => recordOf(saved));
        relays[v % 2]!.committed(recordOf(later));
      }
      const others = await Promise.all(Array.from({ length: 4 }, (_, i) => changeTicket(stores, relays, 2, (i % 2) as 0 | 1)));
      await until(() => others.every((t) => platform.posted.filter((p) => p.channel === t.code).length === 2), 'the other tickets posted');
      // Delivered while the troubled ticket was still being refused.
      expect(platform.posted.some((p) => p.channel === stuck.code)).toBe(false);
      expect(platform.refused()).toBeGreaterThan(0);
      await until(() => platform.posted.filter((p) => p.channel === stuck.code).length === 3, "the troubled ticket posted after recovery", 20_000).catch((e) => { console.log(JSON.stringify(platform.posted.filter((p) => p.channel === stuck.code))); throw e; });
      await Promise.all(relays.map((r) => r.idle()));
      await new Promise((r) => setTimeout(r, 300));
      expectOnceInOrder(platform.posted, [stuck], 3);
      expectOnceInOrder(platform.posted, others, 2);
      expect(await stores[1].deliveryFailures(10)).toEqual([]);
    });

    it("honours a 429's Retry-After: delivered once, in order, after the platform lets it through", async () => {
      const { stores, relays, platform } = await twoInstances({ periodMs: 1000 });
      platform.fail(429, 3000);
      const started = Date.now();
      const tickets = await Promise.all(Array.from({ length: 3 }, (_, i) => changeTicket(stores, relays, 3, (i % 2) as 0 | 1)));
      await until(() => platform.posted.length >= 9, 'every record posted after the rate limit', 30_000);
      await Promise.all(relays.map((r) => r.idle()));
      await new Promise((r) => setTimeout(r, 300));
      expect(platform.posted[0]!.at - started).toBeGreaterThanOrEqual(2900);
      expectOnceInOrder(platform.posted, tickets, 3);
      expect(await stores[0].deliveryFailures(10)).toEqual([]);
    });

    it('gives up on a platform still failing after the retry window, and records it', async () => {
      const { stores, relays, platform } = await twoInstances({ retryForMs: 1200 });
      platform.fail(503, 60_000);
      const t = await changeTicket(stores, relays, 1, 0);
      await until(() => platform.refused() > 0, 'the first refusal');
      const started = Date.now();
      await relays[0].idle();
      const failures = await stores[0].deliveryFailures(10);
      expect(failures).toMatchObject([{ recordId: `${t.code}#1`, channel: 'slack' }]);
      expect(failures[0]!.error).toMatch(/503/);
      // About the window, not the six quick tries of old, nor minutes.
      expect(Date.now() - started).toBeLessThan(8000);
      expect(platform.refused()).toBeGreaterThan(3);
    });
  });
}
