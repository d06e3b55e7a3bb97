// Inbound work kept on this machine while the store is away: a SQLite file of
// its own (one per instance), written with a full sync before the person is told
// their message is kept, read back oldest first once the store returns.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { InboundEvent } from '../../src/index.js';

export interface SpooledEvent {
  id: number;
  event: InboundEvent;
  /** The desk had begun on it when the store went: it may have written part of it. */
  attempted: boolean;
  tries: number;
  at: number;
}

export interface LocalSpool {
  /** Keeps the event; false when one with the same platform delivery id is kept already (a platform's retry). */
  add(event: InboundEvent, attempted: boolean, at: number): number | null;
  /** Oldest first. */
  first(limit: number): SpooledEvent[];
  /** One more failed try; returns how many there have been. */
  failedOnce(id: number): number;
  remove(id: number): void;
  count(): number;
  close(): void;
}

/** A platform's own retry of an event carries its delivery id again: kept once. */
const keyOf = (event: InboundEvent) => (event.id ? `${event.from.platform}:${event.id}` : null);

export function openLocalSpool(file: string): LocalSpool {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // A message we said is kept must survive a power cut, not only a crash.
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE IF NOT EXISTS spooled (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT UNIQUE,
    event TEXT NOT NULL,
    attempted INTEGER NOT NULL,
    tries INTEGER NOT NULL DEFAULT 0,
    at INTEGER NOT NULL
  )`);
  const insert = db.prepare('INSERT INTO spooled (key, event, attempted, at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING');
  const oldest = db.prepare('SELECT id, event, attempted, tries, at FROM spooled ORDER BY id LIMIT ?');
  const bump = db.prepare('UPDATE spooled SET tries = tries + 1 WHERE id = ? RETURNING tries');
  const drop = db.prepare('DELETE FROM spooled WHERE id = ?');
  const size = db.prepare('SELECT count(*) AS n FROM spooled');
  let count = (size.get() as { n: number }).n;

  return {
    add(event, attempted, at) {
      const r = insert.run(keyOf(event), JSON.stringify(event), attempted ? 1 : 0, at);
      if (r.changes === 0) return null;
      count++;
      return Number(r.lastInsertRowid);
    },
    first(limit) {
      return (oldest.all(limit) as { id: number; event: string; attempted: number; tries: number; at: number }[]).map((r) => ({
        id: r.id,
        event: JSON.parse(r.event) as InboundEvent,
        attempted: r.attempted === 1,
        tries: r.tries,
        at: r.at,
      }));
    },
    failedOnce(id) {
      return (bump.get(id) as { tries: number } | undefined)?.tries ?? 0;
    },
    remove(id) {
      if (drop.run(id).changes > 0) count--;
    },
    count: () => count,
    close: () => db.close(),
  };
}
