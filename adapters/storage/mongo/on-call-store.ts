// The on-call rota set at run time (see the OnCallStore port), in collections of its
// own. Nothing relies on an atomic update (FerretDB applies none, event-log.ts says
// why): a tier's weekly shifts are one document replaced whole under `_id`
// `<department>\u0000<tier>` (the last one set stands), and each override is a
// document inserted under its own `_id`, so two people adding overrides at once both
// keep theirs.
import { Schema, type Connection } from 'mongoose';
import type { OnCallStore, Shift, StoredOnCallOverride, Tier } from '../../../src/index.js';
import { withFreshOverrideId } from '../on-call-override-id.js';
import { isDuplicateKey } from './duplicate-key.js';

const weekly = new Schema({ _id: String, shifts: { type: String, required: true }, setBy: String, setAt: Number }, { versionKey: false });

const override = new Schema(
  { _id: String, department: String, tier: Number, from: Number, to: Number, people: [String], off: [String], addedBy: String, addedAt: Number },
  { versionKey: false },
);
override.index({ department: 1, tier: 1, to: 1 });

type OverrideDoc = { _id: unknown; department?: unknown; tier?: unknown; from?: unknown; to?: unknown; people?: unknown; off?: unknown; addedBy?: unknown; addedAt?: unknown };

const toOverride = (d: OverrideDoc): StoredOnCallOverride => ({
  id: String(d._id),
  department: String(d.department),
  tier: Number(d.tier) as Tier,
  from: Number(d.from),
  to: Number(d.to),
  people: (d.people as string[] | undefined) ?? [],
  off: (d.off as string[] | undefined) ?? [],
  addedBy: String(d.addedBy),
  addedAt: Number(d.addedAt),
});

const weeklyId = (department: string, tier: Tier) => `${department}\u0000${tier}`;

export async function createMongoOnCallStore(conn: Connection): Promise<OnCallStore> {
  const Weekly = conn.model('OnCallWeekly', weekly, 'oncall_weekly');
  const Override = conn.model('OnCallOverride', override, 'oncall_overrides');
  await Promise.all([Weekly.createIndexes(), Override.createIndexes()]);

  return {
    async setWeeklyRota(department, tier, rota) {
      const _id = weeklyId(department, tier);
      if (!rota) {
        await Weekly.deleteOne({ _id });
        return;
      }
      const doc = { shifts: JSON.stringify(rota.shifts), setBy: rota.setBy, setAt: rota.setAt };
      try {
        await Weekly.replaceOne({ _id }, doc, { upsert: true });
      } catch (err) {
        // Two first settings at once: the loser's upsert finds the `_id` taken, and replaces what is there now.
        if (!isDuplicateKey(err)) throw err;
        await Weekly.replaceOne({ _id }, doc);
      }
    },
    async weeklyRota(department, tier) {
      const doc = await Weekly.findById(weeklyId(department, tier)).lean();
      return doc ? { shifts: JSON.parse(doc.shifts) as Shift[], setBy: String(doc.setBy), setAt: Number(doc.setAt) } : null;
    },
    addOnCallOverride(d) {
      return withFreshOverrideId(async (id) => {
        const o: StoredOnCallOverride = { id, ...d, people: [...d.people], off: [...d.off] };
        const { id: _id, ...fields } = o;
        await Override.collection.insertOne({ _id: _id as never, ...fields });
        return o;
      }, isDuplicateKey);
    },
    async removeOnCallOverride(id) {
      const doc = await Override.findById(id).lean();
      if (!doc) return null;
      // Of two removals at once, both may report it removed: either way it is gone.
      await Override.deleteOne({ _id: id });
      return toOverride(doc);
    },
    async onCallOverrides(department, tier, after) {
      const docs = await Override.find({ department, tier, to: { $gt: after } }).lean();
      return docs.map(toOverride).sort((a, b) => a.from - b.from || a.addedAt - b.addedAt || (a.id < b.id ? -1 : 1));
    },
  };
}
