// What each Mongo collection holds about a person, and how an erase treats it:
// one small function per collection, all listed in PERSONAL_COLLECTIONS, and the
// collections that hold nobody's data in NOT_PERSONAL with the reason. A test
// fails when a collection is in neither list, so one added later gets its line here.
//
// FerretDB filters anything but `_id` by reading the whole collection, so these
// read each collection once and test documents here, as JSON, for the person.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Connection, mongo } from 'mongoose';
import {
  filesTakenOff, ownTexts, pseudonymisedEvent, scrubEvent, scrubTicket, textHash, type PersonScrubber, type PrivacyCounts, type Ticket,
} from '../../../src/index.js';
import type { EventLog } from './event-log.js';
import { BUCKET, FILE_LOCKS, mongoFiles, TICKET_FILES, unlistTicketFile } from './file-store.js';
import { bumpFaqRevision } from './faq-store.js';
import type { Models } from './models.js';

export interface EraseRun {
  conn: Connection;
  m: Models;
  log: EventLog;
  s: PersonScrubber;
  at: number;
  /** Their own words, gathered as collections are erased: the embeddings stored under them go last. */
  texts: Set<string>;
  /** Codes of the tickets they asked: phrasings learnt from those are theirs. */
  requested: Set<string>;
  counts: PrivacyCounts;
  /** Files taken off a ticket (they sent them): their bytes go if no ticket lists them any more. */
  filesOff: Set<string>;
}

export interface MongoPersonalCollection {
  /** The collections this handles, each listed once across PERSONAL_COLLECTIONS. */
  readonly collections: readonly string[];
  erase(run: EraseRun): Promise<void>;
}

/** Collections that hold no one's personal data, and why. */
export const NOT_PERSONAL: Readonly<Record<string, string>> = {
  meta: 'counters (the FAQ revision)',
  faq_entries: 'the knowledge base, written by the desk and read from its file',
  faq_outcomes: 'solved or not per FAQ entry, with no person',
  faq_flags: 'FAQ entries set aside for review',
  guide_marks: 'what happened at each step of guided fixes, by a random run id, with no person',
  faq_answers: 'one document per answer given, entry and language only',
  faq_wording_decisions: 'approved or rejected per phrasing, by "people" or "cli"',
  console_sign_in_link_uses: 'a used link’s token hash, no person',
  work_slots: 'which server instance ran a periodic job',
  privacy_audit: 'the erase log itself, written without the erased data',
  faq_draft_sources: 'which ticket code fed which FAQ draft',
  faq_draft_versions: 'which versions of a draft were written, and when',
  report_heads: 'which generation of a period\'s report totals counts',
  [FILE_LOCKS]: 'a put or drop of a file under way, by the file\'s hash',
};

type Doc = mongo.Document;

const raw = (run: Pick<EraseRun, 'conn'>, name: string): mongo.Collection => run.conn.db!.collection(name);

/**
 * Documents of a collection that hold the person's id anywhere (fields, keys, JSON
 * held as text): theirs, to export or delete. With `byName`, also those naming them
 * in full: to rewrite, never to delete (others share names).
 */
export async function mentioning(conn: Connection, name: string, s: PersonScrubber, byName = false): Promise<Doc[]> {
  const found: Doc[] = [];
  const hit = byName ? s.touches : s.mentions;
  for await (const doc of conn.db!.collection(name).find({})) if (hit(JSON.stringify(doc))) found.push(doc);
  return found;
}

function add(run: Pick<EraseRun, 'counts'>, name: string, n: number): void {
  run.counts[name] = (run.counts[name] ?? 0) + n;
}

/** Others' documents that mention them, rewritten with the pseudonym (a document whose `_id` named them is moved to the new one). */
async function scrubDocs(run: EraseRun, name: string): Promise<void> {
  const coll = raw(run, name);
  for (const doc of await mentioning(run.conn, name, run.s, true)) {
    const next = run.s.value(doc);
    if (next._id === doc._id || typeof doc._id !== 'string') await coll.replaceOne({ _id: doc._id } as never, next);
    else {
      await coll.replaceOne({ _id: next._id } as never, next, { upsert: true });
      await coll.deleteOne({ _id: doc._id } as never);
    }
    add(run, name, 1);
  }
}

/** [day, department, cell, n], as report-store.ts packs them. */
type PackedEntry = [number, string, string, number];

/**
 * The report's rollups keep their cells deflated (report-store.ts): the per-agent load names
 * agents by key ("agent.held.slack:U1"), which moves to the key the scrubbed tickets count
 * under ("agent.held.slack:anon-…"), so the next change takes away from the cell it added to;
 * the counts stay.
 */
async function scrubPackedCells(run: EraseRun, name: string): Promise<void> {
  const coll = raw(run, name);
  for await (const doc of coll.find({})) {
    const packed = doc.cells as unknown;
    if (!packed || typeof packed !== 'object') continue;
    const bytes = Buffer.isBuffer(packed) ? packed : Buffer.from((packed as { buffer: Uint8Array }).buffer);
    const json = inflateRawSync(bytes).toString('utf8');
    if (!run.s.mentions(json)) continue;
    const entries = (JSON.parse(json) as PackedEntry[]).map(([day, department, cell, n]): PackedEntry => [day, department, run.s.cellKey(cell), n]);
    await coll.updateOne({ _id: doc._id } as never, { $set: { cells: deflateRawSync(JSON.stringify(entries)) } });
    add(run, name, 1);
  }
}

async function deleteOwn(run: EraseRun, name: string): Promise<void> {
  const { platform, userId } = run.s.person;
  add(run, name, (await raw(run, name).deleteMany({ platform, userId } as never)).deletedCount);
}

/** Feed entries that mention them keep their place in the sequence and nothing else: a kind no reader takes, no payload. */
async function emptyFeedEntries(run: EraseRun): Promise<void> {
  for (const doc of await mentioning(run.conn, 'live_feed', run.s)) {
    await raw(run, 'live_feed').updateOne({ _id: doc._id } as never, { $set: { kind: 'erased', origin: '', payload: '{}' } });
    add(run, 'live_feed', 1);
  }
}

async function deleteMentioning(run: EraseRun, name: string): Promise<void> {
  const ids = (await mentioning(run.conn, name, run.s)).map((d) => d._id);
  if (ids.length > 0) add(run, name, (await raw(run, name).deleteMany({ _id: { $in: ids } } as never)).deletedCount);
}

function stringsIn(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') into.add(value);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsIn(v, into);
}

type EventDoc = { _id: string; version: number; snapshot: Ticket; actor: Ticket['requester']; text: string | null; data: Record<string, string | number | null> };

/**
 * Rewrites a ticket's log through `change` and appends the line that moves it one
 * version on: a writer holding a copy read before loses its insert and re-reads.
 * Returns how many older events changed, or null when `change` left it alone.
 */
export async function rewriteTicket(
  run: Pick<EraseRun, 'm' | 'log' | 'at'>,
  code: string,
  change: (ticket: Ticket, events: EventDoc[]) => { ticket: Ticket; events: EventDoc[] } | null,
): Promise<number | null> {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const ticket = await run.log.rollForward(code);
    if (!ticket) return null;
    // One lookup by `_id` per version: FerretDB would read the whole log for any other filter.
    const ids = Array.from({ length: ticket.version }, (_, i) => `${code}#${i + 1}`);
    const events = (await Promise.all(ids.map((id) => run.m.TicketEvent.findById(id).lean()))).filter((e) => e !== null) as unknown as EventDoc[];
    const done = change(ticket, events);
    if (!done) return null;
    const saved: Ticket = { ...done.ticket, version: ticket.version + 1 };
    if (!(await run.log.append(saved, pseudonymisedEvent(run.at)))) continue;
    let changed = 0;
    for (const [i, next] of done.events.entries()) {
      if (JSON.stringify(next) === JSON.stringify(events[i])) continue;
      await run.m.TicketEvent.collection.replaceOne({ _id: next._id as never }, next);
      changed += 1;
    }
    await run.log.project(saved);
    return changed;
  }
  throw new Error(`ticket ${code} kept changing while its personal data was erased; run the erase again`);
}

async function eraseTickets(run: EraseRun): Promise<void> {
  const { s } = run;
  // Theirs, and others' that name them in full: rewritten, never dropped.
  const codes = new Set<string>([
    ...(await mentioning(run.conn, 'tickets', s, true)).map((d) => String(d._id)),
    ...(await mentioning(run.conn, 'ticket_events', s, true)).map((d) => String(d.ticket)),
  ]);
  for (const code of codes) {
    let off = { ids: [] as string[], entries: 0 };
    const changed = await rewriteTicket(run, code, (ticket, events) => {
      if (s.isPerson(ticket.requester)) run.requested.add(code);
      for (const t of ownTexts(ticket, events, s)) run.texts.add(t);
      const next = scrubTicket(ticket, s);
      off = filesTakenOff(ticket, next);
      return { ticket: next, events: events.map((e) => ({ ...scrubEvent(e, s), snapshot: scrubTicket(e.snapshot, s) })) };
    });
    if (changed === null) continue;
    add(run, 'tickets', 1);
    add(run, 'ticket_events', changed);
    await unlistFiles(run, code, off);
  }
}

/** Files the ticket no longer lists leave `ticket_files`; the entries taken off are counted, the ids kept for eraseFiles. */
export async function unlistFiles(run: Pick<EraseRun, 'conn' | 'counts' | 'filesOff'>, code: string, off: { ids: string[]; entries: number }): Promise<void> {
  if (off.entries > 0) add(run, 'ticket_files', off.entries);
  for (const id of off.ids) {
    await unlistTicketFile(run.conn.db!, id, code);
    run.filesOff.add(id);
  }
}

/** The bytes of files taken off tickets go when no ticket lists them any more. */
export async function eraseFiles(run: Pick<EraseRun, 'conn' | 'counts' | 'filesOff'>): Promise<void> {
  const files = mongoFiles(run.conn.db!);
  for (const id of run.filesOff) if (await files.dropFileIfUnused(id)) add(run, 'files', 1);
}

async function erasePhrasings(run: EraseRun): Promise<void> {
  const { m, s } = run;
  const own = `person:${s.person.platform}:${s.person.userId}`;
  const voucherOf = (id: string) => id.slice(id.lastIndexOf('\u0000') + 1);
  const isTheirs = (voucher: string) => voucher === own || (voucher.startsWith('ticket:') && run.requested.has(voucher.slice('ticket:'.length)));
  const vouchers = (await m.FaqWordingVoucher.find({}, { wording: 1 }).lean()) as { _id: string; wording: string }[];
  const byWording = new Map<string, string[]>();
  for (const v of vouchers) byWording.set(v.wording, [...(byWording.get(v.wording) ?? []), voucherOf(v._id)]);
  const gone = new Set([...byWording].filter(([, vs]) => vs.every(isTheirs)).map(([id]) => id));
  for (const doc of await mentioning(run.conn, 'faq_wordings', s)) gone.add(String(doc._id));
  const drop = vouchers.filter((v) => gone.has(v.wording) || isTheirs(voucherOf(v._id))).map((v) => v._id);
  if (drop.length > 0) add(run, 'faq_wording_vouchers', (await m.FaqWordingVoucher.deleteMany({ _id: { $in: drop } })).deletedCount);
  let approvedGone = false;
  for (const id of gone) {
    const wording = await m.FaqWording.findById(id).lean();
    if (!wording) continue;
    run.texts.add(wording.text ?? '');
    const decision = await m.FaqWordingDecision.findById(id).lean();
    approvedGone ||= decision?.verdict === 'approved';
    await m.FaqWordingDecision.deleteOne({ _id: id });
    add(run, 'faq_wordings', (await m.FaqWording.deleteOne({ _id: id })).deletedCount);
  }
  if (approvedGone) await bumpFaqRevision(m);
}

async function eraseRefusals(run: EraseRun): Promise<void> {
  const texts = [...run.texts];
  if (texts.length > 0) add(run, 'faq_refusals', (await run.m.FaqRefusal.deleteMany({ text: { $in: texts } })).deletedCount);
  await deleteMentioning(run, 'faq_refusals');
}

async function eraseWebChat(run: EraseRun): Promise<void> {
  const { platform, userId } = run.s.person;
  for await (const line of raw(run, 'chat_history').find({ platform, userId, from: 'person' } as never)) stringsIn(JSON.parse(String(line.data)), run.texts);
  await deleteOwn(run, 'chat_history');
  await scrubDocs(run, 'chat_history');
}

async function eraseOffers(run: EraseRun): Promise<void> {
  const { platform, userId } = run.s.person;
  for await (const offer of raw(run, 'faq_offers').find({ platform, userId } as never)) run.texts.add(String((offer.data as { text?: string }).text ?? ''));
  await deleteOwn(run, 'faq_offers');
  await scrubDocs(run, 'faq_offers');
}

async function eraseOutbox(run: EraseRun): Promise<void> {
  const records = await mentioning(run.conn, 'outbox', run.s);
  const ids = records.map((d) => d._id);
  const recordIds = records.map((d) => String(d.recordId));
  if (ids.length > 0) add(run, 'outbox', (await run.m.Outbox.deleteMany({ _id: { $in: ids as unknown as string[] } })).deletedCount);
  if (recordIds.length > 0) add(run, 'outbox_deliveries', (await run.m.OutboxDelivery.deleteMany({ recordId: { $in: recordIds } })).deletedCount);
  await deleteMentioning(run, 'outbox_deliveries');
}

async function eraseEmbeddings(run: EraseRun): Promise<void> {
  const hashes = new Set([...run.texts].flatMap(embeddingHashes));
  if (hashes.size === 0) return;
  const ids = ((await run.m.Embedding.find({}, { _id: 1 }).lean()) as { _id: string }[])
    .map((d) => d._id)
    .filter((id) => hashes.has(id.slice(id.lastIndexOf('\u0000') + 1)));
  if (ids.length > 0) add(run, 'embeddings', (await run.m.Embedding.deleteMany({ _id: { $in: ids } })).deletedCount);
}

export const embeddingHashes = (text: string) => [textHash('query', text), textHash('passage', text)];

/** In order: tickets first (they tell whose tickets and words the rest are), embeddings last. */
export const PERSONAL_COLLECTIONS: readonly MongoPersonalCollection[] = [
  { collections: ['tickets', 'ticket_events'], erase: eraseTickets },
  // The files they sent, taken off the tickets above: their bytes go when no ticket lists them.
  { collections: [TICKET_FILES, `${BUCKET}.files`, `${BUCKET}.chunks`], erase: eraseFiles },
  { collections: ['agents'], erase: (run) => deleteOwn(run, 'agents') },
  // Their chat identities' address, and (erasing an e-mail requester) every identity linked to that address.
  { collections: ['person_addresses'], erase: (run) => deleteMentioning(run, 'person_addresses') },
  { collections: ['faq_wordings', 'faq_wording_vouchers'], erase: erasePhrasings },
  { collections: ['chat_history'], erase: eraseWebChat },
  { collections: ['faq_offers'], erase: eraseOffers },
  { collections: ['faq_refusals'], erase: eraseRefusals },
  {
    collections: ['held_messages'],
    erase: async (run) => {
      await deleteOwn(run, 'held_messages');
      await scrubDocs(run, 'held_messages');
    },
  },
  // Live messages on their way to other instances' streams (minutes old at most): emptied, not dropped,
  // as the newest entry's number is the one the next append counts from.
  { collections: ['live_feed'], erase: emptyFeedEntries },
  {
    collections: ['console_sign_in_links', 'console_sessions'],
    erase: async (run) => {
      await deleteOwn(run, 'console_sign_in_links');
      await deleteOwn(run, 'console_sessions');
    },
  },
  // Dedupe marks and conversation pointers keyed by their id (or holding it).
  { collections: ['deliveries'], erase: (run) => deleteMentioning(run, 'deliveries') },
  { collections: ['refs'], erase: (run) => deleteMentioning(run, 'refs') },
  { collections: ['outbox', 'outbox_deliveries'], erase: eraseOutbox },
  // The rota keeps its shape; their key in it becomes the pseudonym, whom nobody pages.
  {
    collections: ['oncall_weekly', 'oncall_overrides'],
    erase: async (run) => {
      await scrubDocs(run, 'oncall_weekly');
      await scrubDocs(run, 'oncall_overrides');
    },
  },
  // Drafts quote tickets' wording (already stripped of the details the drafter recognises) and name who decided them.
  { collections: ['faq_drafts'], erase: (run) => scrubDocs(run, 'faq_drafts') },
  {
    collections: ['report_deltas', 'report_segments'],
    erase: async (run) => {
      await scrubPackedCells(run, 'report_deltas');
      await scrubPackedCells(run, 'report_segments');
    },
  },
  { collections: ['embeddings'], erase: eraseEmbeddings },
];
