// The Mongo suites run against MONGODB_URI (FerretDB in CI, via scripts/ferretdb.sh).
// Without it they are skipped with a reason printed, except under CI=true, where
// a missing server is a failure: CI must never pass with the Mongo store unrun.
import { randomUUID } from 'node:crypto';
import { it } from 'vitest';

export const mongoUri = process.env.MONGODB_URI?.trim() || null;

export function requireMongoInCi(): void {
  if (mongoUri) return;
  if (process.env.CI === 'true') {
    it('has a MongoDB-wire server to test against', () => {
      throw new Error('CI=true but MONGODB_URI is not set: start one with scripts/ferretdb.sh start');
    });
  } else {
    console.warn('[sportello] Mongo store tests skipped: MONGODB_URI is not set (scripts/ferretdb.sh start prints one).');
  }
}

export function freshDbName(): string {
  return `sportello_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
}
