// The semantic FAQ index built by two instances on one store (two connections,
// each its own tier and lease) against one embeddings server that counts what
// it is asked: both notice the knowledge base at once, each text is embedded
// once in all, and the instance that waits answers (lexically) meanwhile.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAiEmbedder } from '../../adapters/embeddings/create-openai-embedder.js';
import { createLeases } from '../../adapters/leases/store-leases.js';
import { createLeaseTurn } from '../../adapters/leases/lease-turn.js';
import { createSemanticTier, type FaqEntry, type Store } from '../../src/index.js';
import { sampleKb } from '../support/desk.js';
import { startFakeEmbeddings, type FakeEmbeddings } from '../support/fake-embeddings.js';
import type { StoreHarness } from './store-contract.js';

const PERIOD_MS = 1000;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

export function runSemanticTurnContract(name: string, harness: () => Promise<StoreHarness>): void {
  describe(`${name}: the semantic index of two instances on one store`, () => {
    let h: StoreHarness;
    let a: Store;
    let b: Store;
    let fake: FakeEmbeddings;
    beforeAll(async () => {
      h = await harness();
      a = await h.connect();
      b = await h.connect();
      fake = await startFakeEmbeddings();
    });
    afterAll(async () => {
      await fake?.close();
      await a?.close();
      await b?.close();
      await h?.cleanup?.();
    });
    beforeEach(() => {
      fake.behaviour = 'ok';
      fake.requests.length = 0;
    });

    function tier(store: Store, who: string) {
      const embedder = createOpenAiEmbedder({ url: fake.url, model: 'fake-model', timeoutMs: 10_000, batchSize: 20, queryPrefix: '', passagePrefix: '', sendInputType: true });
      const embeddingTurn = createLeaseTurn({ leases: createLeases({ slots: store, holder: who, periodMs: PERIOD_MS }), name: 'faq:embeddings', periodMs: PERIOD_MS, maxWaitMs: 60_000, logger: quiet });
      return createSemanticTier({ embedder, store, logger: quiet, clock: { now: () => Date.now() }, budgetMs: 1000, batchSize: 20, embeddingTurn });
    }
    /** Every text the server was asked to embed, with its kind: each once when nothing was embedded twice. */
    const asked = () => fake.requests.flatMap((r) => r.input.map((t) => `${r.inputType}\u0000${t}`));

    it('embeds each text of the knowledge base once between them, and both answer from the same index', async () => {
      const one = tier(a, 'one').build(sampleKb);
      const two = tier(b, 'two').build(sampleKb);
      await Promise.all([one.ready(), two.ready()]);
      expect(asked().length).toBeGreaterThan(sampleKb.length);
      expect(new Set(asked()).size).toBe(asked().length);
      const question = 'il computer non si connette al wifi dell ufficio';
      const top = async (m: typeof one) => (await m.match(question, 3)).map((f) => f.entry.id);
      expect(await top(two)).toEqual(await top(one));
    });

    it('answers while the other instance embeds, and embeds only what a change to the knowledge base added, once', async () => {
      const added: FaqEntry = {
        ...sampleKb[0]!,
        id: 'badge-printer',
        questions: ['il badge non apre la stampante del terzo piano', 'la stampante chiede il badge e lo rifiuta', 'my badge does not unlock the third floor printer'],
        answer: { it: 'Riattiva il badge dal portale dei servizi, poi riprova.', en: 'Reactivate the badge from the services portal, then try again.' },
      };
      const kb = [...sampleKb, added];
      fake.behaviour = 'slow';
      const one = tier(a, 'one').build(kb);
      // Started a moment later: the first holds the turn, the second waits for it.
      await new Promise((r) => setTimeout(r, 100));
      const two = tier(b, 'two').build(kb);
      const started = Date.now();
      const meanwhile = await two.match('la stampante chiede il badge', 3);
      expect(Date.now() - started).toBeLessThan(500);
      expect(meanwhile[0]?.entry.id).toBe('badge-printer');
      await Promise.all([one.ready(), two.ready()]);
      expect(new Set(asked()).size).toBe(asked().length);
      // The rest was stored by the first test: only the new entry's texts were asked for.
      expect(asked().length).toBeGreaterThanOrEqual(added.questions.length);
      expect(asked().every((t) => /badge/i.test(t))).toBe(true);
    });
  });
}
