// Conversation state. "Once" is decided by inserting the key as `_id`: the one
// race every MongoDB-wire server settles (see event-log.ts).
import type { StateStore } from '../../../src/index.js';
import { isDuplicateKey } from './duplicate-key.js';
import type { Models } from './models.js';

export function createMongoStateStore(m: Models): StateStore {
  async function rememberOnce(key: string, at: number): Promise<boolean> {
    try {
      await m.Marker.collection.insertOne({ _id: key as never, at });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  return {
    rememberOnce,

    async forget(key) {
      await m.Marker.deleteOne({ _id: key });
    },

    async forgetBefore(at) {
      return (await m.Marker.deleteMany({ at: { $lt: at } })).deletedCount;
    },

    async setRef(key, value) {
      await m.Ref.replaceOne({ _id: key }, { _id: key, value }, { upsert: true }).catch(async (err: unknown) => {
        // Two first writers raced on the upsert: the loser's value is as fresh; write it again.
        if (!isDuplicateKey(err)) throw err;
        await m.Ref.replaceOne({ _id: key }, { _id: key, value });
      });
    },

    async getRef(key) {
      const doc = await m.Ref.findById(key).lean();
      return (doc?.value as string | undefined) ?? null;
    },

    async saveOffer(offer) {
      await m.Offer.collection.insertOne({ _id: offer.id as never, platform: offer.requester.platform, userId: offer.requester.userId, data: offer });
    },

    async takeOffer(id, requester) {
      const doc = await m.Offer.findOne({ _id: id, platform: requester.platform, userId: requester.userId }).lean();
      if (!doc) return null;
      // The marker insert, not the delete, decides which of two clicks acts.
      if (!(await rememberOnce(`offer:${id}`, Date.now()))) return null;
      await m.Offer.deleteOne({ _id: id });
      return doc.data as never;
    },
  };
}
