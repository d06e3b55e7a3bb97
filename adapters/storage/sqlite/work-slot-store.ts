// Work slots on SQLite: the primary key lets one insert per (name, slot) through.
import type Database from 'better-sqlite3';
import type { WorkSlotStore } from '../../../src/index.js';
import type { Write } from './group-commit.js';

/** Slots older than this are of no use to anyone: dropped now and then. */
const KEEP_MS = 24 * 60 * 60_000;

export function createSqliteWorkSlotStore(db: Database.Database, write: Write): WorkSlotStore {
  const claim = db.prepare('INSERT INTO work_slots (name, slot, holder, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING');
  // Every name: a lease per ticket leaves names nobody claims again.
  const prune = db.prepare('DELETE FROM work_slots WHERE at < ?');
  const release = db.prepare('DELETE FROM work_slots WHERE name = ? AND slot = ? AND holder = ?');
  // substr, not LIKE: a holder's name may hold % or _.
  const releaseEarlier = db.prepare('DELETE FROM work_slots WHERE substr(holder, 1, ?) = ? AND holder <> ?');
  let claims = 0;
  return {
    claimSlot(name, slot, holder, at) {
      return write(() => {
        const won = claim.run(name, slot, holder, at).changes === 1;
        if (won && ++claims % 100 === 1) prune.run(at - KEEP_MS);
        return won;
      });
    },
    releaseSlot(name, slot, holder) {
      return write(() => void release.run(name, slot, holder));
    },
    releaseSlotsHeldBy(holderPrefix, keep) {
      return write(() => releaseEarlier.run(holderPrefix.length, holderPrefix, keep).changes);
    },
  };
}
