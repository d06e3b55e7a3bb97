// One-shot commands open the configured store, do their work and close it, so the
// process can exit (a MongoDB connection would otherwise keep it alive).
import type { Store } from '../../src/index.js';
import { openStore } from '../compose.js';
import type { Config } from '../config.js';
import { readConfig } from './read-config.js';

export async function withStore<T>(fn: (store: Store, config: Config) => Promise<T>): Promise<T> {
  const config = readConfig();
  const store = await openStore(config);
  try {
    return await fn(store, config);
  } finally {
    await store.close();
  }
}
