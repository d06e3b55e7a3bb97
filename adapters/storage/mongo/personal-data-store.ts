// Personal data on MongoDB (see the PersonalDataStore port). There is no
// transaction to join the collections, so an erase is a sequence of steps each
// safe to repeat: one interrupted is finished by running it again, and its
// audit document is written last, once everything is done.
import { randomUUID } from 'node:crypto';
import { Schema, type Connection } from 'mongoose';
import {
  createPersonScrubber, filesOfPerson, filesTakenOff, isRetired, namesIn, retireTicket, type PersonalDataStore, type PersonKey, type PrivacyAuditEntry, type PrivacyCounts,
} from '../../../src/index.js';
import type { EventLog } from './event-log.js';
import type { Models } from './models.js';
import { BUCKET, TICKET_FILES } from './file-store.js';
import { embeddingHashes, eraseFiles, mentioning, PERSONAL_COLLECTIONS, rewriteTicket, unlistFiles, type EraseRun } from './personal-data-collections.js';
import { toTicket } from './mappers.js';

/** `_id` is random: the log of erases and retention runs, never naming the person. */
const auditSchema = new Schema(
  { _id: String, at: Number, kind: String, by: String, pseudonym: { type: String, default: null }, counts: Schema.Types.Mixed, through: Number },
  { versionKey: false, minimize: false },
);

/** Collections whose documents name nobody (and chunks are large to read through): a person's files are found through their tickets instead. */
const FOUND_THROUGH_TICKETS = new Set(['embeddings', TICKET_FILES, `${BUCKET}.files`, `${BUCKET}.chunks`]);

export async function createMongoPersonalDataStore(conn: Connection, m: Models, log: EventLog): Promise<PersonalDataStore> {
  const Audit = conn.model('PrivacyAudit', auditSchema, 'privacy_audit');
  await Audit.createCollection().catch(() => undefined);

  async function knownNames(person: PersonKey): Promise<string[]> {
    const probe = createPersonScrubber(person, [], '');
    const names = new Set<string>();
    for (const doc of await mentioning(conn, 'tickets', probe)) namesIn(doc, probe, names);
    for (const doc of await mentioning(conn, 'ticket_events', probe)) namesIn(doc.actor, probe, names);
    const agent = await m.Agent.findById(`${person.platform}:${person.userId}`).lean();
    if (agent?.name) names.add(agent.name);
    return [...names];
  }

  async function audit(entry: PrivacyAuditEntry): Promise<PrivacyAuditEntry> {
    await Audit.collection.insertOne({ _id: entry.id as never, ...entry, pseudonym: entry.pseudonym, through: entry.through ?? null });
    return entry;
  }

  const toEntry = (d: Record<string, unknown>): PrivacyAuditEntry => ({
    id: String(d._id),
    at: d.at as number,
    kind: d.kind as PrivacyAuditEntry['kind'],
    by: d.by as string,
    pseudonym: (d.pseudonym as string | null) ?? null,
    counts: (d.counts as PrivacyCounts) ?? {},
    ...(typeof d.through === 'number' ? { through: d.through } : {}),
  });

  return {
    async exportPerson(person, at) {
      const s = createPersonScrubber(person, await knownNames(person), '');
      const records: Record<string, unknown[]> = {};
      for (const name of PERSONAL_COLLECTIONS.flatMap((c) => c.collections)) {
        if (FOUND_THROUGH_TICKETS.has(name)) continue; // vectors of texts exported with the texts; files below
        const docs = (await mentioning(conn, name, s)).map(({ snapshot: _snapshot, ...rest }) => rest);
        if (docs.length > 0) records[name] = docs;
      }
      // Phrasings learnt from them: the wording names nobody, its voucher does.
      const vouched = new Set((await mentioning(conn, 'faq_wording_vouchers', s)).map((v) => String(v.wording)));
      const wordings = [...(records.faq_wordings ?? []), ...(await m.FaqWording.find({ _id: { $in: [...vouched] } }).lean())];
      if (wordings.length > 0) records.faq_wordings = [...new Map(wordings.map((w) => [String((w as { _id: unknown })._id), w])).values()];
      const tickets = (records.tickets ?? []).map((d) => toTicket(d as Record<string, unknown>));
      return { person: { platform: person.platform, userId: person.userId }, exportedAt: at, records, files: filesOfPerson(tickets, s) };
    },

    async erasePerson(person, erasure) {
      const s = createPersonScrubber(person, [...(await knownNames(person)), ...(erasure.names ?? [])], erasure.pseudonym);
      const run: EraseRun = { conn, m, log, s, at: erasure.at, texts: new Set(), requested: new Set(), counts: {}, filesOff: new Set() };
      for (const collection of PERSONAL_COLLECTIONS) await collection.erase(run);
      return audit({ id: randomUUID(), at: erasure.at, kind: 'erase', by: erasure.by, pseudonym: erasure.pseudonym, counts: run.counts });
    },

    async pseudonymiseClosedBefore({ before, at, by, newPseudonym }) {
      const last = await Audit.find({ kind: 'retention' }, { through: 1 }).lean();
      const from = Math.max(Number.MIN_SAFE_INTEGER, ...last.map((d) => (typeof d.through === 'number' ? d.through : Number.MIN_SAFE_INTEGER)));
      // Only what tells whether each is done: a first run over a large archive must not hold every ticket in memory.
      const due = (await m.Ticket.find({ closedAt: { $gte: from, $lt: before } }, { code: 1, requester: 1, pseudonymisedAt: 1 }).lean()).map(
        (d) => toTicket(d as Record<string, unknown>),
      );
      const pseudonyms = new Map<string, string>();
      const pseudonymFor = (p: PersonKey) => {
        const key = `${p.platform}\u0000${p.userId}`;
        if (!pseudonyms.has(key)) pseudonyms.set(key, newPseudonym());
        return pseudonyms.get(key)!;
      };
      const texts = new Set<string>();
      const counts: PrivacyCounts = { tickets: 0, embeddings: 0 };
      const filesRun = { conn, counts, filesOff: new Set<string>() };
      for (const { code } of due.filter((t) => !isRetired(t))) {
        let off = { ids: [] as string[], entries: 0 };
        const changed = await rewriteTicket({ m, log, at }, code, (ticket, events) => {
          if (isRetired(ticket)) return null;
          const done = retireTicket(ticket, events, pseudonymFor, at);
          for (const t of done.texts) texts.add(t);
          off = filesTakenOff(ticket, done.ticket);
          return { ticket: done.ticket, events: done.events.map((e) => ({ ...e, snapshot: retireTicket(e.snapshot, [], pseudonymFor, at).ticket })) };
        });
        if (changed === null) continue;
        counts.tickets! += 1;
        await unlistFiles(filesRun, code, off);
      }
      await eraseFiles(filesRun);
      const hashes = new Set([...texts].flatMap(embeddingHashes));
      if (hashes.size > 0) {
        const ids = ((await m.Embedding.find({}, { _id: 1 }).lean()) as { _id: string }[]).map((d) => d._id).filter((id) => hashes.has(id.slice(id.lastIndexOf('\u0000') + 1)));
        if (ids.length > 0) counts.embeddings = (await m.Embedding.deleteMany({ _id: { $in: ids } })).deletedCount;
      }
      counts.requesters = pseudonyms.size;
      return audit({ id: randomUUID(), at, kind: 'retention', by, pseudonym: null, counts, through: before });
    },

    async privacyAudit(limit) {
      const docs = await Audit.find({}).sort({ at: -1, _id: 1 }).limit(limit).lean();
      return docs.map((d) => toEntry(d as Record<string, unknown>));
    },
  };
}
