// `sportello faq import|export|list|eval`: the knowledge base lives in the store;
// files are only how it gets in and out.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { pino } from 'pino';
import { knowledgeBaseJson, type Embedder, type LearnedWording, type SemanticTier, type Store } from '../../src/index.js';
import { semanticFrom } from '../compose.js';
import { readImportableKnowledgeBase } from '../read-knowledge-base.js';
import { formatReport, runFaqEval } from './faq-eval.js';
import { addFaqDraftCommands } from './faq-drafts.js';
import { addFaqStatsCommand } from './faq-stats.js';
import { FEW_SHOT_HEADER, FEW_SHOT_K, FEW_SHOT_SEEDS, fewShotSetFrom, formatFewShotRow, runFewShot, type FewShotFlags } from './faq-few-shot.js';
import { readConfig } from './read-config.js';
import { withStore } from './with-store.js';

export function addFaqCommands(cli: Command): void {
  const faq = cli.command('faq').description('the FAQ knowledge base');
  addFaqDraftCommands(faq);
  addFaqStatsCommand(faq);
  faq
    .command('import <file>')
    .description('validate a knowledge base file and add or replace its entries (by id); the running bot uses them at once')
    .action(async (file: string) => {
      await withStore(async (store, config) => {
        const entries = await readImportableKnowledgeBase(file, config, store);
        const known = new Set((await store.listFaqs()).map((e) => e.id));
        await store.upsertFaqs(entries);
        const added = entries.filter((e) => !known.has(e.id)).length;
        console.log(`Imported ${entries.length} entries (${added} new, ${entries.length - added} replaced).`);
      });
    });
  faq
    .command('export')
    .description('print the knowledge base as JSON (the import format)')
    .action(async () => {
      await withStore(async (store) => console.log(knowledgeBaseJson(await store.listFaqs())));
    });
  faq
    .command('list')
    .description('list the knowledge base entries')
    .action(async () => {
      await withStore(async (store) => {
        const entries = await store.listFaqs();
        console.log(entries.length === 0 ? 'The knowledge base is empty.' : entries.map((e) => `${e.id}\t${e.department}\t${e.questions.length} phrasings\t${e.questions[0]}`).join('\n'));
      });
    });
  faq
    .command('learned')
    .description('list the phrasings learnt from conversations that wait for a decision, or decide one (approved: the running bot uses it at once)')
    .option('--approve <id>', 'make the pending phrasing one of its entry\'s questions')
    .option('--reject <id>', 'never learn this phrasing for its entry')
    .option('--json', 'print JSON')
    .action(async (opts: { approve?: string; reject?: string; json?: boolean }) => {
      if (opts.approve && opts.reject) throw new Error('give --approve or --reject, not both');
      await withStore(async (store) => {
        const id = opts.approve ?? opts.reject;
        if (id) {
          const decided = await decideLearned(store, id, opts.approve ? 'approved' : 'rejected');
          console.log(opts.json ? JSON.stringify(decided) : `${decided.id}\t${decided.status}\t${decided.entryId}\t${decided.text}`);
          return;
        }
        const pending = await store.learnedWordings('pending');
        if (opts.json) return console.log(JSON.stringify(pending));
        console.log(
          pending.length === 0
            ? 'No learnt phrasing waits for a decision.'
            : ['id\tentry\tpeople\tsource\twording', ...pending.map((w) => `${w.id}\t${w.entryId}\t${w.people}\t${w.sources.join(',')}\t${w.text}`)].join('\n'),
        );
      });
    });
  faq
    .command('eval')
    .description('measure the FAQ matcher on labelled queries')
    .option('--kb <file>', 'knowledge base JSON ({"faqs":[…]})')
    .option('--train <file>', 'JSON Lines {"text","label"}: one entry per label')
    .requiredOption('--queries <file>', 'JSON Lines {"text","expected"} or {"text","label"} ("oos": no entry fits)')
    .option('--val <file>', 'choose the answer threshold on this file (maximising H)')
    .option('--json', 'print one JSON object')
    .option('--fewshot', 'few-shot: per seed, a KB of --k phrasings per label sampled from --train; --queries are {"text","label"} lines; default thresholds')
    .option('--k <n>', 'with --fewshot: phrasings per entry', String(FEW_SHOT_K))
    .option('--seeds <list>', 'with --fewshot: comma-separated seeds', FEW_SHOT_SEEDS.join(','))
    .option('--hold-out <share>', 'with --fewshot: share of the labels left out of the KB (their queries become unanswerable), e.g. 0.33', '0')
    .option('--lang <it|en>', 'with --fewshot: the language of the set', 'en')
    .action(async (opts: { kb?: string; train?: string; queries: string; val?: string; json?: boolean } & FewShotFlags) => {
      const config = readConfig();
      if (opts.fewshot) {
        const { set, k, seeds } = fewShotSetFrom(opts, (path) => readFileSync(path, 'utf8'));
        const run = (semantic?: { tier: SemanticTier; embedder: Embedder }) =>
          runFewShot(set, { k, seeds, answerThreshold: config.FAQ_ANSWER_THRESHOLD, suggestThreshold: config.FAQ_SUGGEST_THRESHOLD, now: () => performance.now(), semantic });
        const summary = config.EMBEDDINGS_URL
          ? await withStore(async (store) => run(semanticFrom(config, store, pino({ level: 'silent' }), { now: () => Date.now() })!))
          : await run();
        console.log(opts.json ? JSON.stringify(summary) : `${FEW_SHOT_HEADER}\n${formatFewShotRow(summary)}`);
        return;
      }
      const run = async (semantic?: { tier: SemanticTier; embedder: Embedder }) =>
        runFaqEval({ ...opts, defaultThreshold: config.FAQ_ANSWER_THRESHOLD }, (path) => readFileSync(path, 'utf8'), () => performance.now(), semantic);
      // With EMBEDDINGS_URL the hybrid matcher is measured; embeddings are kept in the store for the next run.
      const report = config.EMBEDDINGS_URL
        ? await withStore(async (store) => run(semanticFrom(config, store, pino({ level: 'silent' }), { now: () => Date.now() })!))
        : await run();
      console.log(opts.json ? JSON.stringify(report) : formatReport(report));
    });
}

/** Decides a pending phrasing by the id `faq learned` shows; one already decided is refused with what it became. */
async function decideLearned(store: Store, rawId: string, verdict: 'approved' | 'rejected'): Promise<LearnedWording> {
  const id = rawId.trim();
  const known = (await store.learnedWordings()).find((w) => w.id === id);
  if (!known) throw new Error(`no learnt phrasing "${id.slice(0, 40)}" (see \`sportello faq learned\`)`);
  if (known.status !== 'pending') throw new Error(`the phrasing ${id} was already ${known.status}${known.decidedBy ? ` (by ${known.decidedBy})` : ''}`);
  const decided = await store.decideWording(id, verdict, 'cli', Date.now());
  if (decided?.status !== verdict) throw new Error(`the phrasing ${id} was decided meanwhile: ${decided?.status ?? 'gone'}`);
  return decided;
}
