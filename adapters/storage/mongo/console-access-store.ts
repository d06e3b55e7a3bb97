// The agent console's sign-in links and sessions (see the ConsoleAccessStore port).
import type { ConsoleAccessStore, ConsoleGrant } from '../../../src/index.js';
import { isDuplicateKey } from './duplicate-key.js';
import type { Models } from './models.js';

type GrantDoc = { platform?: unknown; userId?: unknown; expiresAt?: unknown };

const toGrant = (d: GrantDoc): ConsoleGrant => ({ platform: String(d.platform), userId: String(d.userId), expiresAt: Number(d.expiresAt) });

export function createMongoConsoleAccessStore(m: Models): ConsoleAccessStore {
  return {
    async saveSignInLink(hash, { platform, userId, expiresAt }) {
      await m.ConsoleLink.replaceOne({ _id: hash }, { platform, userId, expiresAt }, { upsert: true });
    },
    async peekSignInLink(hash, now) {
      const doc = await m.ConsoleLink.findOne({ _id: hash, expiresAt: { $gt: now } }).lean();
      return doc ? toGrant(doc) : null;
    },
    async takeSignInLink(hash, now) {
      const doc = await m.ConsoleLink.findOne({ _id: hash }).lean();
      if (!doc) return null;
      // Of two requests at once, one inserts the use; the other loses the `_id` and gets nothing.
      try {
        await m.ConsoleLinkUse.collection.insertOne({ _id: hash as never, expiresAt: Number(doc.expiresAt) });
      } catch (err) {
        if (isDuplicateKey(err)) return null;
        throw err;
      }
      await m.ConsoleLink.deleteOne({ _id: hash });
      return Number(doc.expiresAt) > now ? toGrant(doc) : null;
    },
    async saveConsoleSession(hash, { platform, userId, csrf, expiresAt }) {
      await m.ConsoleSession.replaceOne({ _id: hash }, { platform, userId, csrf, expiresAt }, { upsert: true });
    },
    async consoleSession(hash, now) {
      const doc = await m.ConsoleSession.findOne({ _id: hash, expiresAt: { $gt: now } }).lean();
      return doc ? { ...toGrant(doc), csrf: String(doc.csrf) } : null;
    },
    async endConsoleSession(hash) {
      await m.ConsoleSession.deleteOne({ _id: hash });
    },
    async forgetConsoleAccessBefore(now) {
      const gone = { expiresAt: { $lte: now } };
      const [links, sessions] = await Promise.all([m.ConsoleLink.deleteMany(gone), m.ConsoleSession.deleteMany(gone), m.ConsoleLinkUse.deleteMany(gone)]);
      return links.deletedCount + sessions.deletedCount;
    },
  };
}
