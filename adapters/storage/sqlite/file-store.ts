// Files' bytes as plain files under DATA_DIR/files, named by their SHA-256 and
// fanned out by its first digits; the `files` table says what is kept and
// `ticket_files` (written with each ticket) which tickets list each. A file is
// written to a temporary name, flushed, and renamed, so a crash never leaves half of one.
//
// The rename that puts bytes in place and the removal that takes them away both
// run inside a write (the database's write lock, which other processes on the
// file wait for too), beside the row that says they are kept: a put and a drop
// of the same file never interleave, so a kept row always has its bytes. Only
// the slow part, writing the temporary file, runs outside the lock.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { isFileId, type FileStore, type StoredFile } from '../../../src/index.js';
import type { Write } from './group-commit.js';

interface FileRow {
  id: string;
  size: number;
  mime: string;
}

/**
 * Bytes put again this recently stay even when no ticket lists them: the put's
 * ticket may not be written yet (a put comes a moment before the change that lists it).
 */
export const PUT_AGAIN_GRACE_MS = 10 * 60_000;

export function filePath(dir: string, id: string): string {
  return join(dir, id.slice(0, 2), id.slice(2, 4), id);
}

export interface SqliteFiles {
  store: FileStore;
  /**
   * Inside a write (privacy's erase, retention): forgets the file when no ticket lists
   * it; true when it did. Its bytes go with `removeBytes`, once that write committed.
   */
  forgetIfUnused(id: string, now: number): boolean;
  /** Deletes the bytes of files no longer kept (forgotten by a committed write). */
  removeBytes(ids: Iterable<string>): Promise<void>;
}

function writeTemp(path: string, bytes: Uint8Array): string {
  mkdirSync(join(path, '..'), { recursive: true });
  const temp = `${path}.${randomBytes(6).toString('hex')}.part`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, bytes);
    // Flushed before the rename: otherwise a power cut could leave the name pointing at nothing written.
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return temp;
}

export function createSqliteFiles(db: Database.Database, write: Write, dir: string): SqliteFiles {
  const stmt = {
    insert: db.prepare('INSERT OR IGNORE INTO files (id, size, mime, created_at) VALUES (?, ?, ?, ?)'),
    get: db.prepare<[string], FileRow>('SELECT id, size, mime FROM files WHERE id = ?'),
    putAgain: db.prepare('UPDATE files SET put_again_at = ? WHERE id = ?'),
    putAgainAt: db.prepare<[string], number | null>('SELECT put_again_at FROM files WHERE id = ?').pluck(),
    listed: db.prepare<[string], number>('SELECT 1 FROM ticket_files WHERE file_id = ? LIMIT 1').pluck(),
    remove: db.prepare('DELETE FROM files WHERE id = ?'),
  };

  function forgetIfUnused(id: string, now: number): boolean {
    if (stmt.listed.get(id)) return false;
    if ((stmt.putAgainAt.get(id) ?? 0) > now - PUT_AGAIN_GRACE_MS) return false;
    return stmt.remove.run(id).changes > 0;
  }

  // In a write of its own, after the one that forgot the rows: if that one had failed
  // to commit, the row would still be there and its bytes must stay; if a put came
  // in between, the row is back and so are the bytes.
  async function removeBytes(ids: Iterable<string>): Promise<void> {
    const gone = [...ids];
    if (gone.length === 0) return;
    await write(() => {
      for (const id of gone) if (!stmt.get.get(id)) rmSync(filePath(dir, id), { force: true });
    });
  }

  const store: FileStore = {
    async putFile(bytes, mime) {
      const id = createHash('sha256').update(bytes).digest('hex');
      const path = filePath(dir, id);
      const kept = await write(() => {
        const row = stmt.get.get(id);
        if (!row || !existsSync(path)) return null;
        stmt.putAgain.run(Date.now(), id);
        return row;
      });
      if (kept) return kept;
      const temp = writeTemp(path, bytes);
      try {
        // Another put of the same bytes may have landed meanwhile: renaming over it swaps identical bytes.
        return await write(() => {
          renameSync(temp, path);
          stmt.insert.run(id, bytes.length, mime, Date.now());
          return stmt.get.get(id)!;
        });
      } finally {
        rmSync(temp, { force: true });
      }
    },
    async readFile(id) {
      if (!isFileId(id) || !stmt.get.get(id)) return null;
      try {
        return new Uint8Array(readFileSync(filePath(dir, id)));
      } catch (err) {
        // Dropped between the two reads: gone, as the row now says.
        if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !stmt.get.get(id)) return null;
        throw err;
      }
    },
    async fileInfo(id): Promise<StoredFile | null> {
      if (!isFileId(id)) return null;
      return stmt.get.get(id) ?? null;
    },
    async dropFileIfUnused(id) {
      if (!isFileId(id)) return false;
      const dropped = await write(() => forgetIfUnused(id, Date.now()));
      if (dropped) await removeBytes([id]);
      return dropped;
    },
  };
  return { store, forgetIfUnused, removeBytes };
}

export function createSqliteFileStore(db: Database.Database, write: Write, dir: string): FileStore {
  return createSqliteFiles(db, write, dir).store;
}
