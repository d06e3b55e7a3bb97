// Knowledge base files on disk: the core parses and validates entries, the file
// system is the application's business.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import { checkImport, KnowledgeBaseError, parseKnowledgeBase, type FaqEntry, type Store } from '../src/index.js';
import type { Config } from './config.js';

/** A knowledge base file as JSON. */
function readJsonFile(path: string): unknown {
  const file = resolve(path);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file} cannot be read as JSON: ${(err as Error).message}`);
  }
}

/** A knowledge base file, validated whole against the configured departments. */
export function readKnowledgeBase(path: string, config: Pick<Config, 'DEPARTMENTS'>): FaqEntry[] {
  return parseKnowledgeBase(readJsonFile(path), config.DEPARTMENTS.map((d) => d.id));
}

/**
 * Validates a file for the store and returns its entries, refusing it when the
 * FAQ matcher could not build or answer from the knowledge base it would leave
 * there: the stored entries the bot uses, with this file's added or replacing them by id.
 */
export async function readImportableKnowledgeBase(path: string, config: Pick<Config, 'DEPARTMENTS'>, store: Store): Promise<FaqEntry[]> {
  const { entries, problems } = await checkImport(readJsonFile(path), config.DEPARTMENTS.map((d) => d.id), await store.listFaqs());
  if (problems.length > 0) throw new KnowledgeBaseError(problems[0]!.message);
  return entries;
}

/**
 * The first run loads FAQ_FILE (the shipped sample by default); later runs use the store's KB.
 * A file that cannot be used is logged and left out: the bot still serves, answering with tickets,
 * and tries the file again at the next start (or takes a `faq import`).
 */
export async function seedKnowledgeBase(store: Store, config: Config, logger: Logger): Promise<void> {
  if ((await store.faqRevision()) !== null) return;
  let entries: FaqEntry[];
  try {
    entries = await readImportableKnowledgeBase(config.FAQ_FILE, config, store);
  } catch (err) {
    logger.error(
      { file: config.FAQ_FILE, reason: (err as Error).message },
      'knowledge base not loaded: FAQ_FILE cannot be used; the bot answers with tickets until a knowledge base is imported (npx sportello faq import)',
    );
    return;
  }
  await store.upsertFaqs(entries);
  logger.info({ file: config.FAQ_FILE, entries: entries.length }, 'knowledge base loaded');
}
