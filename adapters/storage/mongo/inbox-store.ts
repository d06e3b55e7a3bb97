// Messages held for people who were not connected (see the InboxStore port).
import { Types } from 'mongoose';
import { HELD_PER_PERSON, type InboxStore, type Reply } from '../../../src/index.js';
import type { Models } from './models.js';

const NEWEST_FIRST = { at: -1, _id: -1 } as const;

export function createMongoInboxStore(m: Models): InboxStore {
  return {
    async hold(person, reply, at) {
      const { platform, userId } = person;
      const { insertedId } = await m.HeldMessage.collection.insertOne({ platform, userId, at, reply: JSON.stringify(reply) });
      // Past the newest HELD_PER_PERSON: usually none, one when a message pushed out the oldest.
      const older = await m.HeldMessage.find({ platform, userId }, { _id: 1 }).sort(NEWEST_FIRST).skip(HELD_PER_PERSON).lean();
      if (older.length > 0) await m.HeldMessage.deleteMany({ _id: { $in: older.map((d) => d._id) } });
      return String(insertedId);
    },

    async heldFor(person, limit) {
      const docs = await m.HeldMessage.find({ platform: person.platform, userId: person.userId }).sort({ at: 1, _id: 1 }).limit(limit).lean();
      return docs.map((d) => ({ id: String(d._id), at: d.at, reply: JSON.parse(d.reply) as Reply }));
    },

    async releaseHeld(person, ids) {
      const valid = ids.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
      if (valid.length === 0) return;
      await m.HeldMessage.deleteMany({ platform: person.platform, userId: person.userId, _id: { $in: valid } });
    },

    async forgetHeldBefore(at) {
      return (await m.HeldMessage.deleteMany({ at: { $lt: at } })).deletedCount;
    },
  };
}
