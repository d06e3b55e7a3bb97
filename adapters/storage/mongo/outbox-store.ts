// The outbox on MongoDB. Records are staged and committed by the event log
// (event-log.ts); here they are listed, marked and pruned. A channel's mark is
// its own document, `<recordId>#<channel>`, rather than an entry pushed onto the
// record: two channels finishing at once would be two updates of one document,
// which FerretDB does not apply atomically.
import type { ChangeRecord, OutboxStore } from '../../../src/index.js';
import { ignoreDuplicateKey } from './duplicate-key.js';
import type { EventLog } from './event-log.js';
import type { OutboxDoc } from './mappers.js';
import type { Models } from './models.js';

/**
 * Puts each ticket's records in version order within the positions its records
 * already hold. Staging times come from each writer's clock, and two processes'
 * clocks may disagree by more than the gap between a ticket's changes.
 */
function versionOrder(docs: OutboxDoc[]): OutboxDoc[] {
  const byTicket = new Map<string, OutboxDoc[]>();
  for (const d of docs) byTicket.set(d.ticket, [...(byTicket.get(d.ticket) ?? []), d]);
  for (const list of byTicket.values()) list.sort((a, b) => b.version - a.version);
  return docs.map((d) => byTicket.get(d.ticket)!.pop()!);
}

export function createMongoOutboxStore(m: Models, log: EventLog): OutboxStore {
  return {
    async pendingChanges(limit) {
      const ready: OutboxDoc[] = [];
      // Staged records not committed yet are passed over, so a page may take more than one read.
      for (let skip = 0; ready.length < limit; ) {
        const want = limit - ready.length;
        const docs = await m.Outbox.find({}).sort({ at: 1, ticket: 1, version: 1 }).skip(skip).limit(want).lean<OutboxDoc[]>();
        const { committed, waiting } = await log.settle(docs);
        ready.push(...committed);
        skip += committed.length + waiting;
        if (docs.length < want) break;
      }
      if (ready.length === 0) return [];
      const finished = new Map<string, string[]>();
      const marks = await m.OutboxDelivery.find({ recordId: { $in: ready.map((d) => d.recordId) } }, { recordId: 1, channel: 1 }).lean();
      for (const mark of marks) finished.set(mark.recordId!, [...(finished.get(mark.recordId!) ?? []), mark.channel!]);
      return versionOrder(ready).map((d) => ({ record: JSON.parse(d.record) as ChangeRecord, finished: finished.get(d.recordId) ?? [] }));
    },

    async isPending(recordId) {
      // A staged record is committed by the time anyone is told of it, so any document means pending.
      return (await m.Outbox.findOne({ recordId }, { _id: 1 }).lean()) !== null;
    },

    async finishDelivery(recordId, channel, at, error) {
      await m.OutboxDelivery.collection
        .insertOne({ _id: `${recordId}#${channel}` as never, recordId, channel, at, error: error ?? null })
        .catch(ignoreDuplicateKey);
    },

    async pruneChange(recordId) {
      // The record first: stopped half-way, this leaves stray marks rather than a record delivered twice.
      await m.Outbox.deleteMany({ recordId });
      await m.OutboxDelivery.deleteMany({ recordId, error: null });
    },

    async deliveryFailures(limit) {
      const docs = await m.OutboxDelivery.find({ error: { $ne: null } }).sort({ at: -1 }).limit(limit).lean();
      return docs.map((d) => ({ recordId: d.recordId!, channel: d.channel!, at: d.at!, error: d.error! }));
    },

    async forgetFailuresBefore(at) {
      return (await m.OutboxDelivery.deleteMany({ error: { $ne: null }, at: { $lt: at } })).deletedCount;
    },
  };
}
