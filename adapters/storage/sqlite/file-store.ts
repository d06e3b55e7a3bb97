// Files' bytes as plain files under DATA_DIR/files, named by their SHA-256 and
// fanned out by its first digits; the `files` table says what is kept and
// `ticket_files` (written with each ticket) which tickets list each. A file is
// written to a temporary name and renamed, so a crash never leaves half of one.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { isFileId, type FileStore, type StoredFile } from '../../../src/index.js';
import type { Write } from './group-commit.js';

interface FileRow {
  id: string;
  size: number;
  mime: string;
}

export function filePath(dir: string, id: string): string {
  return join(dir, id.slice(0, 2), id.slice(2, 4), id);
}

export function createSqliteFileStore(db: Database.Database, write: Write, dir: string): FileStore {
  const stmt = {
    insert: db.prepare('INSERT OR IGNORE INTO files (id, size, mime, created_at) VALUES (?, ?, ?, ?)'),
    get: db.prepare<[string], FileRow>('SELECT id, size, mime FROM files WHERE id = ?'),
    listed: db.prepare<[string], number>('SELECT 1 FROM ticket_files WHERE file_id = ? LIMIT 1').pluck(),
    remove: db.prepare('DELETE FROM files WHERE id = ?'),
  };

  return {
    async putFile(bytes, mime) {
      const id = createHash('sha256').update(bytes).digest('hex');
      const path = filePath(dir, id);
      if (!existsSync(path)) {
        mkdirSync(join(path, '..'), { recursive: true });
        const temp = `${path}.${randomBytes(6).toString('hex')}.part`;
        writeFileSync(temp, bytes, { mode: 0o600 });
        renameSync(temp, path);
      }
      await write(() => stmt.insert.run(id, bytes.length, mime, Date.now()));
      return { id, size: bytes.length, mime };
    },
    async readFile(id) {
      if (!isFileId(id) || !stmt.get.get(id)) return null;
      try {
        return new Uint8Array(readFileSync(filePath(dir, id)));
      } catch {
        return null;
      }
    },
    async fileInfo(id): Promise<StoredFile | null> {
      if (!isFileId(id)) return null;
      return stmt.get.get(id) ?? null;
    },
    async dropFileIfUnused(id) {
      if (!isFileId(id)) return false;
      const dropped = await write(() => (stmt.listed.get(id) ? false : stmt.remove.run(id).changes > 0));
      if (dropped) rmSync(filePath(dir, id), { force: true });
      return dropped;
    },
  };
}
