// The semantic tier against a misbehaving embeddings server (real HTTP on
// 127.0.0.1, real SQLite store): whatever the server does, the FAQ answers
// from the lexical matcher within the budget, logs once, and comes back by itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAiEmbedder } from '../../adapters/embeddings/create-openai-embedder.js';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { createTfidfMatcher, createSemanticTier, type Store } from '../../src/index.js';
import { sampleKb } from '../support/desk.js';
import { startFakeEmbeddings, type FakeEmbeddings } from '../support/fake-embeddings.js';

const BUDGET_MS = 150;
const QUESTION = 'la stampante si è inceppata di nuovo';

describe('semantic tier resilience', () => {
  let fake: FakeEmbeddings;
  let dir: string;
  let store: Store;
  let logs: { level: string; msg: string }[];

  beforeAll(async () => {
    fake = await startFakeEmbeddings();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sportello-semantic-'));
    store = createSqliteStore({ file: join(dir, 'sportello.db') });
    fake.behaviour = 'ok';
    fake.requests.length = 0;
    logs = [];
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function tier(model = 'fake-model', retryAfterMs = 300) {
    const logger = {
      debug() {},
      info: (_: object, msg?: string) => void logs.push({ level: 'info', msg: msg ?? '' }),
      warn: (_: object, msg?: string) => void logs.push({ level: 'warn', msg: msg ?? '' }),
      error: (_: object, msg?: string) => void logs.push({ level: 'error', msg: msg ?? '' }),
    };
    const embedder = createOpenAiEmbedder({ url: fake.url, model, apiKey: 'sk-test', timeoutMs: 5000, batchSize: 100, queryPrefix: '', passagePrefix: '', sendInputType: true });
    return createSemanticTier({ embedder, store, logger, clock: { now: () => Date.now() }, budgetMs: BUDGET_MS, batchSize: 100, retryAfterMs });
  }

  const lexicalTop = (text: string) => createTfidfMatcher(sampleKb).matchNow(text, 3).map((m) => m.entry.id);

  it('indexes the knowledge base once, in batches, and keeps the vectors in the store', async () => {
    const first = tier().build(sampleKb);
    await first.ready();
    const indexed = fake.requests.length;
    expect(indexed).toBeGreaterThan(1);
    expect(fake.requests.every((r) => r.auth === 'Bearer sk-test' && r.input.length <= 100)).toBe(true);
    expect(fake.requests.some((r) => r.inputType === 'passage')).toBe(true);
    // A restart (a new tier on the same store) finds them all.
    await tier().build(sampleKb).ready();
    expect(fake.requests.length).toBe(indexed);
    // Another model is another set of vectors.
    await tier('another-model').build(sampleKb).ready();
    expect(fake.requests.length).toBeGreaterThan(indexed);
  });

  it('answers from the lexical matcher while the index is being built', async () => {
    fake.behaviour = 'slow';
    const matcher = tier().build(sampleKb);
    const started = Date.now();
    const matches = await matcher.match(QUESTION);
    // Not waiting for the (2 s) server: no embedding is asked for before the index is ready.
    expect(Date.now() - started).toBeLessThan(1000);
    expect(matches.map((m) => m.entry.id)).toEqual(lexicalTop(QUESTION));
    matcher.dispose?.();
  });

  it.each(['slow', 'error', 'not-json', 'wrong-count', 'not-numbers'] as const)(
    'falls back to the lexical matcher within the budget when the server is %s, logs once, and recovers',
    async (behaviour) => {
      const matcher = tier().build(sampleKb);
      await matcher.ready();
      fake.behaviour = behaviour;
      const started = Date.now();
      const during = await matcher.match(QUESTION);
      // The slow server answers after 2 s; the desk has moved on long before.
      expect(Date.now() - started).toBeLessThan(BUDGET_MS + 600);
      expect(during.map((m) => m.entry.id)).toEqual(lexicalTop(QUESTION));
      // While it is down the desk does not wait on it again, nor log again.
      const asked = fake.requests.length;
      const quick = Date.now();
      await matcher.match('come prenoto una sala riunioni');
      expect(Date.now() - quick).toBeLessThan(BUDGET_MS);
      expect(fake.requests.length).toBe(asked);
      expect(logs.filter((l) => l.level === 'warn')).toHaveLength(1);

      fake.behaviour = 'ok';
      await new Promise((r) => setTimeout(r, 350));
      await matcher.match('ho perso il badge');
      expect(fake.requests.length).toBe(asked + 1);
      expect(logs.at(-1)).toEqual({ level: 'info', msg: 'embeddings server is back; the FAQ uses the semantic tier again' });
    },
  );

  it('keeps answering when nothing listens at the URL, logging it once while it retries', async () => {
    const gone = await startFakeEmbeddings();
    await gone.close();
    const embedder = createOpenAiEmbedder({ url: gone.url, model: 'm', timeoutMs: 1000, batchSize: 10, queryPrefix: 'query: ', passagePrefix: 'passage: ', sendInputType: false });
    const logger = { debug() {}, info() {}, warn: () => void logs.push({ level: 'warn', msg: '' }), error() {} };
    const matcher = createSemanticTier({ embedder, store, logger, clock: { now: () => Date.now() }, budgetMs: BUDGET_MS, batchSize: 10, retryAfterMs: 100 }).build(sampleKb);
    expect((await matcher.match(QUESTION)).map((m) => m.entry.id)).toEqual(lexicalTop(QUESTION));
    await new Promise((r) => setTimeout(r, 250));
    expect(logs).toHaveLength(1);
    matcher.dispose?.();
  });
});
