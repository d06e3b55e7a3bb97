// Work slots on MongoDB: an insert whose `_id` is taken fails for all but one writer,
// on FerretDB too (event-log.ts says why nothing else is trusted there).
import type { WorkSlotStore } from '../../../src/index.js';
import { isDuplicateKey } from './duplicate-key.js';
import type { Models } from './models.js';

const KEEP_MS = 24 * 60 * 60_000;

export function createMongoWorkSlotStore(m: Models): WorkSlotStore {
  let claims = 0;
  return {
    async claimSlot(name, slot, holder, at) {
      try {
        await m.WorkSlot.collection.insertOne({ _id: `${name}#${slot}` as never, name, holder, at });
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
      // Every name: a lease per ticket leaves names nobody claims again.
      if (++claims % 100 === 1) await m.WorkSlot.deleteMany({ at: { $lt: at - KEEP_MS } }).catch(() => undefined);
      return true;
    },
    async releaseSlot(name, slot, holder) {
      await m.WorkSlot.collection.deleteOne({ _id: `${name}#${slot}` as never, holder });
    },
    async releaseSlotsHeldBy(holderPrefix, keep) {
      const startsWith = new RegExp(`^${holderPrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
      return (await m.WorkSlot.collection.deleteMany({ holder: { $regex: startsWith, $ne: keep } })).deletedCount;
    },
  };
}
