// Knowledge base files on disk: the core parses and validates entries, the file
// system is the application's business.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import { parseKnowledgeBase, type FaqEntry, type Store } from '../src/index.js';
import { ConfigError, type Config } from './config.js';

/** A knowledge base file, validated whole against the configured departments. */
export function readKnowledgeBase(path: string, config: Pick<Config, 'DEPARTMENTS'>): FaqEntry[] {
  const file = resolve(path);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file} cannot be read as JSON: ${(err as Error).message}`);
  }
  return parseKnowledgeBase(raw, config.DEPARTMENTS.map((d) => d.id));
}

/** The first run loads FAQ_FILE (the shipped sample by default); later runs use the store's KB. */
export async function seedKnowledgeBase(store: Store, config: Config, logger: Logger): Promise<void> {
  if ((await store.faqRevision()) !== null) return;
  let entries: FaqEntry[];
  try {
    entries = readKnowledgeBase(config.FAQ_FILE, config);
  } catch (err) {
    throw new ConfigError(`Invalid configuration: FAQ_FILE ${(err as Error).message}`);
  }
  await store.upsertFaqs(entries);
  logger.info({ file: config.FAQ_FILE, entries: entries.length }, 'knowledge base loaded');
}
