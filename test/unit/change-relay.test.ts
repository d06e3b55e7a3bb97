// The change relay on a real SQLite file with stand-in channels: order, retries,
// failures kept, restarts that neither lose nor repeat, and overflow.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelAdapter, DeliveryStep } from '../../adapters/channels/channel-adapter.js';
import { createChangeRelay } from '../../adapters/channels/change-relay.js';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { RecipientUnreachableError, type ChangeRecord, type PersonRef, type Reply, type Store, type Ticket } from '../../src/index.js';
import { anna, makeDraft, makeEvent, mario } from '../support/factories.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const fast = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 };

function recordOf(t: Ticket, text = t.code): ChangeRecord {
  return {
    id: `${t.code}#${t.version}`,
    at: t.updatedAt,
    ticket: t,
    event: { kind: t.version === 1 ? 'created' : 'note', text: null, actor: anna },
    previousAssignee: null,
    outbound: [{ to: { kind: 'person', person: mario }, reply: { text }, ifUnreachable: { text: `could not reach ${mario.name}` } }],
    card: { text },
    origin: { channel: 'web', person: anna },
  };
}

/** A channel that records what it delivered; `behave` may delay or fail a step. */
function recordingChannel(name: string, behave: (record: ChangeRecord, attempt: number) => Promise<void> = async () => undefined) {
  const delivered: string[] = [];
  const direct: { to: PersonRef; reply: Reply }[] = [];
  const attempts = new Map<string, number>();
  const channel: ChannelAdapter = {
    name,
    register() {},
    stepsFor: (record): DeliveryStep[] =>
      record.outbound.map((out) => ({
        what: `message ${record.id}`,
        ...(out.ifUnreachable ? { ifUnreachable: { to: record.origin.person, reply: out.ifUnreachable } } : {}),
        run: async () => {
          const n = (attempts.get(record.id) ?? 0) + 1;
          attempts.set(record.id, n);
          await behave(record, n);
          delivered.push(record.id);
        },
      })),
    sendDirect: async (to, reply) => void direct.push({ to, reply }),
  };
  return { channel, delivered, direct, attempts };
}

describe('change relay', () => {
  const dirs: string[] = [];
  const stores: Store[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  function open(dir?: string) {
    const d = dir ?? mkdtempSync(join(tmpdir(), 'sportello-relay-'));
    if (!dir) dirs.push(d);
    const store = createSqliteStore({ file: join(d, 'sportello.db') });
    stores.push(store);
    return { dir: d, store };
  }
  async function commit(store: Store, relay?: { committed(r: ChangeRecord): void }, n = 1) {
    let t = await store.create(makeDraft(), 'IT', makeEvent(), (saved) => recordOf(saved));
    relay?.committed(recordOf(t));
    for (let i = 1; i < n; i++) {
      t = await store.update({ ...t, updatedAt: t.updatedAt + i }, t.version, makeEvent({ kind: 'note' }), (saved) => recordOf(saved));
      relay?.committed(recordOf(t));
    }
    return t;
  }

  it("delivers a ticket's records in order even when the first one is slow, and prunes them", async () => {
    const { store } = open();
    const web = recordingChannel('web', async (r) => {
      if (r.ticket.version === 1) await new Promise((res) => setTimeout(res, 30));
    });
    const relay = createChangeRelay({ store, channels: [web.channel], logger: quiet, retry: fast });
    const t = await commit(store, relay, 3);
    await relay.idle();
    expect(web.delivered).toEqual([`${t.code}#1`, `${t.code}#2`, `${t.code}#3`]);
    expect(await store.pendingChanges(10)).toEqual([]);
  });

  it('retries a failing step, then records the failure and reports it', async () => {
    const { store } = open();
    const outcomes: string[] = [];
    const web = recordingChannel('web');
    const slack = recordingChannel('slack', async () => {
      throw new Error('slack is down');
    });
    const relay = createChangeRelay({ store, channels: [web.channel, slack.channel], logger: quiet, retry: fast, onOutcome: (c, o) => outcomes.push(`${c}:${o}`) });
    const t = await commit(store, relay);
    await relay.idle();
    expect(web.delivered).toEqual([`${t.code}#1`]);
    expect(slack.attempts.get(`${t.code}#1`)).toBe(3);
    expect(outcomes.sort()).toEqual(['slack:failed', 'web:delivered']);
    const [failure] = await store.deliveryFailures(10);
    expect(failure).toMatchObject({ recordId: `${t.code}#1`, channel: 'slack' });
    expect(failure!.error).toContain('slack is down');
    expect(await store.pendingChanges(10)).toEqual([]);
  });

  it('tells whoever acted, on their own channel, that a person could not be reached', async () => {
    const { store } = open();
    const slack = recordingChannel('slack', async () => {
      throw new RecipientUnreachableError('slack', 'mario');
    });
    const web = recordingChannel('web');
    const relay = createChangeRelay({ store, channels: [web.channel, slack.channel], logger: quiet, retry: fast });
    await commit(store, relay);
    await relay.idle();
    expect(slack.attempts.size).toBe(1);
    expect([...slack.attempts.values()]).toEqual([1]);
    expect(web.direct).toEqual([{ to: anna, reply: { text: 'could not reach Mario Rossi' } }]);
  });

  it('after a restart delivers what was committed but not delivered, once, skipping channels that had finished', async () => {
    const { dir, store } = open();
    // The first run: web delivered, Slack still hanging when the process "dies".
    const web1 = recordingChannel('web');
    const slack1 = recordingChannel('slack', () => new Promise(() => undefined));
    const first = createChangeRelay({ store, channels: [web1.channel, slack1.channel], logger: quiet, retry: fast });
    const t = await commit(store, first);
    while (web1.delivered.length === 0) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 20));
    await store.close();
    stores.splice(stores.indexOf(store), 1);

    const { store: again } = open(dir);
    const web2 = recordingChannel('web');
    const slack2 = recordingChannel('slack');
    const second = createChangeRelay({ store: again, channels: [web2.channel, slack2.channel], logger: quiet, retry: fast });
    await second.start();
    await second.idle();
    expect(web2.delivered).toEqual([]);
    expect(slack2.delivered).toEqual([`${t.code}#1`]);
    expect(await again.pendingChanges(10)).toEqual([]);
    await second.stop();

    const third = createChangeRelay({ store: again, channels: [web2.channel, slack2.channel], logger: quiet, retry: fast });
    await third.start();
    await third.idle();
    expect(slack2.delivered).toEqual([`${t.code}#1`]);
    await third.stop();
  });

  it('is concerned only with changes some channel has something to do for', async () => {
    const { store } = open();
    const web = recordingChannel('web');
    const relay = createChangeRelay({ store, channels: [web.channel], logger: quiet, retry: fast });
    const t = await store.create(makeDraft(), 'IT', makeEvent());
    expect(relay.concerns(recordOf(t))).toBe(true);
    expect(relay.concerns({ ...recordOf(t), outbound: [] })).toBe(false);
  });

  it('leaves what does not fit in memory to the store, and delivers it on the next poll', async () => {
    const { store } = open();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const web = recordingChannel('web', () => gate);
    const relay = createChangeRelay({ store, channels: [web.channel], logger: quiet, retry: fast, maxQueued: 2, pollMs: 20 });
    await relay.start();
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await commit(store, relay)).code);
    expect(relay.queued()).toBe(2);
    release();
    while (web.delivered.length < 5) await new Promise((r) => setTimeout(r, 10));
    await relay.idle();
    expect(web.delivered.sort()).toEqual(codes.map((c) => `${c}#1`).sort());
    expect(await store.pendingChanges(10)).toEqual([]);
    await relay.stop();
  });
});
