// The change relay alone on one instance: committed records to a stand-in
// channel whose one step per record answers at once, so what is measured is the
// relay's own store work (marks, prunes, and with leases the claims and
// give-backs). `npm run bench -- --only outbox`; OUTBOX_BENCH_RELAY=<path> runs
// another checkout's relay for a before/after.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChannelAdapter } from '../adapters/channels/channel-adapter.js';
import { createChangeRelay as ownRelay } from '../adapters/channels/change-relay.js';
import { createLeases } from '../adapters/leases/store-leases.js';
import { createSqliteStore } from '../adapters/storage/sqlite/create-sqlite-store.js';
import type { ChangeRecord, Store, Ticket } from '../src/index.js';
import { makeDraft, makeEvent, anna, mario } from '../test/support/factories.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

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

/** The store as the relay sees it, counting the calls it makes (what a busy store pays for every record). */
function counted(store: Store, calls: Record<string, number>): Store {
  const watched = new Set(['pendingChanges', 'finishDelivery', 'pruneChange', 'isPending', 'claimSlot', 'releaseSlot']);
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof key !== 'string' || !watched.has(key) || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls[key] = (calls[key] ?? 0) + 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

async function run(plain: Store, relayOf: typeof ownRelay, leases: boolean, tickets: number, versions: number) {
  const calls: Record<string, number> = {};
  const store = counted(plain, calls);
  let delivered = 0;
  const channel: ChannelAdapter = {
    name: 'bench',
    register() {},
    stepsFor: () => [{ what: 'post', run: async () => void delivered++ }],
    sendDirect: async () => undefined,
  };
  const relay = relayOf({ store, channels: [channel], logger: quiet, ...(leases ? { leases: createLeases({ slots: store, holder: 'bench', periodMs: 10_000 }) } : {}) });
  await relay.start();
  const started = process.hrtime.bigint();
  // Tickets side by side, each ticket's changes one after another, as a desk under load makes them.
  await Promise.all(
    Array.from({ length: tickets }, async () => {
      let t = await store.create(makeDraft(), 'IT', makeEvent(), (saved) => recordOf(saved));
      relay.committed(recordOf(t));
      for (let v = 2; v <= versions; v++) {
        t = await store.update({ ...t, updatedAt: t.updatedAt + v }, t.version, makeEvent({ kind: 'note' }), (saved) => recordOf(saved));
        relay.committed(recordOf(t));
      }
    }),
  );
  await relay.idle();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await relay.stop(100);
  if (delivered !== tickets * versions) throw new Error(`delivered ${delivered} of ${tickets * versions}`);
  const perRecord = Object.fromEntries(Object.entries(calls).map(([k, n]) => [k, Math.round((n / delivered) * 100) / 100]));
  return { records: delivered, seconds: Math.round(seconds * 1000) / 1000, perSecond: Math.round(delivered / seconds), relayStoreCallsPerRecord: perRecord };
}

export async function outboxRelayBench(log: (s: string) => void) {
  const other = process.env.OUTBOX_BENCH_RELAY;
  const relayOf = other ? ((await import(other)) as { createChangeRelay: typeof ownRelay }).createChangeRelay : ownRelay;
  const out: Record<string, unknown> = { relay: other ?? 'this checkout' };
  for (const leases of other ? [false] : [false, true]) {
    const dir = mkdtempSync(join(tmpdir(), 'sportello-bench-outbox-'));
    const store = createSqliteStore({ file: join(dir, 'sportello.db') });
    try {
      await run(store, relayOf, leases, 50, 2); // warm-up
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await run(store, relayOf, leases, 400, 5));
      log(`outbox relay on SQLite${leases ? ' with leases' : ''}: ${results.map((r) => r.perSecond).join(', ')} records/s; store calls per record ${JSON.stringify(results.at(-1)!.relayStoreCallsPerRecord)}`);
      out[leases ? 'sqliteWithLeases' : 'sqlite'] = results;
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}
