// The limits through the real HTTP server with the default configuration: the
// issue's bursts (300 tickets from one user at once, 500 event streams) again.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { post, startServer, type RunningServer } from '../support/server.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

interface Opened {
  status: number;
  body?: unknown;
  close(): void;
}

/** Asks for an event stream: an accepted one stays open until closed, a refused one brings its JSON. */
async function askForStream(base: string, user: string): Promise<Opened> {
  const abort = new AbortController();
  const res = await fetch(`${base}/web/api/stream?user=${encodeURIComponent(user)}`, { signal: abort.signal });
  if (res.status !== 200) return { status: res.status, body: await res.json(), close: () => undefined };
  return { status: 200, close: () => abort.abort() };
}

async function closeAll(streams: Opened[]) {
  for (const s of streams) s.close();
  // Give the server a moment to see the connections go.
  await new Promise((r) => setTimeout(r, 100));
}

describe('limits through the web chat, with the defaults', () => {
  let s: RunningServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(() => s?.stop());

  it('opens 20 of 300 tickets one user asks for at once; 40 more hear the hourly limit, one the pace, the rest nothing', async () => {
    const user = { id: 'burst', name: 'Burst', locale: 'en' };
    const answers = await Promise.all(range(300).map((i) => post(s.base, '/web/api/messages', { user, text: `ticket new --no-faq printer ${i} jams` })));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const replies = answers.map((a) => a.body.replies as { text: string; ticket?: unknown }[]);
    const opened = replies.filter((r) => r[0]?.ticket);
    const overHour = replies.filter((r) => r[0]?.text.startsWith('Ticket not opened: you have opened 20 tickets in the last hour'));
    const overPace = replies.filter((r) => r[0]?.text.startsWith('You are writing faster than I can read: 60 messages a minute at most.'));
    const silent = replies.filter((r) => r.length === 0);
    expect([opened.length, overHour.length, overPace.length, silent.length]).toEqual([20, 40, 1, 239]);
    const store = createSqliteStore({ file: join(s.dataDir, 'sportello.db') });
    try {
      expect(await store.byRequester('web', 'burst', { limit: 1000 })).toHaveLength(20);
    } finally {
      await store.close();
    }

    const other = await post(s.base, '/web/api/messages', { user: { id: 'calm', name: 'Calm' }, text: 'ticket new --no-faq printer jams' });
    expect(other.body.replies[0].ticket).toMatchObject({ status: 'open' });
  });

  it('accepts 5 of 500 event streams one user opens, refusing the rest with 429; closing one makes room', async () => {
    const streams = await Promise.all(range(500).map(() => askForStream(s.base, 'tabs')));
    try {
      const accepted = streams.filter((o) => o.status === 200);
      const refused = streams.filter((o) => o.status === 429);
      expect([accepted.length, refused.length]).toEqual([5, 495]);
      expect(refused[0]!.body).toEqual({ error: 'too many open streams for this user (5 at most): close another tab or window first' });
      // Somebody else still connects.
      const other = await askForStream(s.base, 'someone-else');
      expect(other.status).toBe(200);
      streams.push(other);

      await closeAll([accepted[0]!]);
      const replacement = await askForStream(s.base, 'tabs');
      expect(replacement.status).toBe(200);
      streams.push(replacement);
      expect((await askForStream(s.base, 'tabs')).status).toBe(429);
    } finally {
      await closeAll(streams);
    }
  });
});

describe('the total of event streams', () => {
  let s: RunningServer;
  beforeAll(async () => {
    s = await startServer({ LIMIT_STREAMS_TOTAL: '20' });
  });
  afterAll(() => s?.stop());

  it('refuses the stream past the total with 429, whoever asks, until one closes', async () => {
    const streams = await Promise.all(range(20).map((i) => askForStream(s.base, `user${i}`)));
    try {
      expect(streams.every((o) => o.status === 200)).toBe(true);
      const refused = await askForStream(s.base, 'newcomer');
      expect(refused).toMatchObject({ status: 429, body: { error: 'the server has as many open streams as it takes (20): try again later' } });
      await closeAll([streams[3]!]);
      const admitted = await askForStream(s.base, 'newcomer');
      expect(admitted.status).toBe(200);
      streams.push(admitted);
    } finally {
      await closeAll(streams);
    }
  });
});

describe('limits turned off', () => {
  let s: RunningServer;
  beforeAll(async () => {
    s = await startServer({ LIMIT_TICKETS_PER_HOUR: '0', LIMIT_MESSAGES_PER_MINUTE: '0', LIMIT_STREAMS_PER_PERSON: '0' });
  });
  afterAll(() => s?.stop());

  it('opens every ticket and accepts every stream', async () => {
    const user = { id: 'unlimited', name: 'Unlimited' };
    const answers = await Promise.all(range(80).map((i) => post(s.base, '/web/api/messages', { user, text: `ticket new --no-faq mouse ${i} broken` })));
    expect(answers.filter((a) => a.body.replies[0]?.ticket)).toHaveLength(80);
    const streams = await Promise.all(range(30).map(() => askForStream(s.base, 'unlimited')));
    try {
      expect(streams.every((o) => o.status === 200)).toBe(true);
    } finally {
      await closeAll(streams);
    }
  });
});
