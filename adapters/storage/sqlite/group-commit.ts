// Group commit: writes that arrive in the same turn of the event loop share one
// transaction, so many requests pay for one commit. Each write still runs in its
// own savepoint: it applies whole or not at all, and one write's error does not
// touch the others. A write's promise settles only after the shared commit.
import type Database from 'better-sqlite3';

interface Pending {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  outcome?: { ok: true; value: unknown } | { ok: false; error: unknown };
}

const MAX_BATCH = 256;

export type Write = <T>(run: () => T) => Promise<T>;

export function createGroupCommit(db: Database.Database): Write {
  let queue: Pending[] = [];
  // Called inside the batch transaction, a transaction function becomes a savepoint.
  const inSavepoint = db.transaction((run: () => unknown) => run());
  const commitBatch = db.transaction((batch: Pending[]) => {
    for (const op of batch) {
      try {
        op.outcome = { ok: true, value: inSavepoint(op.run) };
      } catch (error) {
        op.outcome = { ok: false, error };
      }
    }
  });

  function flush(): void {
    const batch = queue.splice(0, MAX_BATCH);
    if (queue.length > 0) setImmediate(flush);
    try {
      commitBatch.immediate(batch);
    } catch (err) {
      for (const op of batch) op.reject(err);
      return;
    }
    for (const op of batch) {
      if (op.outcome!.ok) op.resolve(op.outcome!.value);
      else op.reject(op.outcome!.error);
    }
  }

  return <T>(run: () => T) =>
    new Promise<T>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush);
      queue.push({ run, resolve: resolve as (v: unknown) => void, reject });
    });
}
