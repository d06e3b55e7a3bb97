// The one error the Mongo store expects: an insert lost its `_id` to another writer.
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

/** Rethrows anything but a duplicate key; for writes where "already there" is as good as done. */
export function ignoreDuplicateKey(err: unknown): void {
  if (!isDuplicateKey(err)) throw err;
}
