// Mongoose schemas for the records the Mongo store keeps. Ids are strings we
// choose, so uniqueness of `_id` is the store's arbiter for every race.
import { Schema, type Connection } from 'mongoose';

const person = new Schema(
  { platform: { type: String, required: true }, userId: { type: String, required: true }, name: String, locale: String },
  { _id: false },
);

const ticket = new Schema(
  {
    _id: String,
    code: { type: String, required: true },
    prefix: { type: String, required: true },
    department: { type: String, required: true },
    seq: { type: Number, required: true },
    tier: { type: Number, required: true },
    status: { type: String, required: true },
    priority: { type: String, required: true },
    title: String,
    description: String,
    requester: { type: person, required: true },
    assignee: { type: person, default: null },
    resolvedBy: { type: person, default: null },
    resolution: { type: String, default: null },
    faqTried: { type: String, default: null },
    channel: String,
    createdAt: Number,
    updatedAt: Number,
    dueAt: Number,
    sla: { type: Schema.Types.Mixed, default: undefined },
    closedAt: { type: Number, default: undefined },
    rating: { type: Schema.Types.Mixed, default: undefined },
    linkedTo: { type: String, default: undefined },
    origin: { type: String, default: undefined },
    report: { type: Schema.Types.Mixed, default: undefined },
    pseudonymisedAt: { type: Number, default: undefined },
    files: { type: Schema.Types.Mixed, default: undefined },
    guide: { type: Schema.Types.Mixed, default: undefined },
    version: { type: Number, required: true },
  },
  { versionKey: false, minimize: false },
);
ticket.index({ department: 1, tier: 1, status: 1, priority: 1, dueAt: 1, createdAt: 1 });
ticket.index({ prefix: 1, seq: -1 });
ticket.index({ 'assignee.platform': 1, 'assignee.userId': 1, status: 1 });
ticket.index({ 'requester.platform': 1, 'requester.userId': 1, createdAt: -1 });
// The SLA sweeper's due work: the clock's next instant (absent or null once nothing can fall due).
ticket.index({ 'sla.nextAt': 1, _id: 1 });
// The archive, oldest closing first.
ticket.index({ closedAt: 1, _id: 1 });
// Outages: a parent's linked tickets (FerretDB takes no partial index: every ticket is in it).
ticket.index({ linkedTo: 1, _id: 1 });

/** `_id` is `<code>#<version>`: only one writer can ever produce a given version. */
const ticketEvent = new Schema(
  {
    _id: String,
    ticket: { type: String, required: true },
    version: { type: Number, required: true },
    at: Number,
    kind: String,
    actor: person,
    channel: String,
    text: { type: String, default: null },
    data: { type: Schema.Types.Mixed, default: {} },
    /** The ticket as this event left it: the source of truth for reads. */
    snapshot: { type: Schema.Types.Mixed, required: true },
    /** The nonce of the outbox record staged for this change, when it has one (see event-log.ts). */
    outbox: String,
  },
  { versionKey: false, minimize: false },
);
ticketEvent.index({ ticket: 1, version: -1 });
ticketEvent.index({ at: 1 });

const agent = new Schema(
  {
    _id: String,
    platform: String,
    userId: String,
    name: String,
    departments: [String],
    tier: Number,
    role: String,
    locale: { type: String, default: null },
    grantedBy: { type: String, default: null },
  },
  { versionKey: false },
);
agent.index({ departments: 1, tier: 1 });

const marker = new Schema({ _id: String, at: Number }, { versionKey: false });
marker.index({ at: 1 });

const offer = new Schema(
  { _id: String, platform: String, userId: String, data: { type: Schema.Types.Mixed, required: true } },
  { versionKey: false, minimize: false },
);

const faqEntry = new Schema({ _id: String, department: String, data: { type: Schema.Types.Mixed, required: true } }, { versionKey: false, minimize: false });

const meta = new Schema({ _id: String, value: String }, { versionKey: false });

/** `_id` is `<model>\u0000<text hash>`: one document per text and model, whoever writes it first. */
const embedding = new Schema({ _id: String, vector: { type: Buffer, required: true } }, { versionKey: false });

/**
 * `_id` is `<code>#<version>#<nonce>`: staged before its event, committed when the
 * event `<code>#<version>` names the nonce. `record` is the ChangeRecord as JSON,
 * opaque here. No secondary indexes: the collection holds only what is not yet
 * delivered, and FerretDB pays for every index on every insert without using it.
 */
const outbox = new Schema(
  { _id: String, ticket: String, version: Number, recordId: String, at: Number, record: { type: String, required: true } },
  { versionKey: false },
);

/** `_id` is `<recordId>#<channel>`: the first mark wins, a repeat is a duplicate key. */
const outboxDelivery = new Schema(
  { _id: String, recordId: String, channel: String, at: Number, error: { type: String, default: null } },
  { versionKey: false },
);

/**
 * A message held for someone who was not connected (the web chat). `reply` is
 * the Reply as JSON, opaque here. `_id` is an ObjectId: within one process it
 * grows with every insert, so (`at`, `_id`) keeps a person's messages in order.
 */
const heldMessage = new Schema(
  { platform: { type: String, required: true }, userId: { type: String, required: true }, at: { type: Number, required: true }, reply: { type: String, required: true } },
  { versionKey: false },
);
heldMessage.index({ platform: 1, userId: 1, at: 1, _id: 1 });
heldMessage.index({ at: 1 });

// The knowledge loop. Every race is an insert of an `_id` only one writer can
// create: a wording is `<entry>\u0000<key>` (its public `id` is a field), a
// voucher is `<wording>\u0000<voucher>` (one person counts once), a decision is
// the wording's `_id` (the first stands), a flag is the entry id.
const faqWording = new Schema(
  { _id: String, id: { type: String, required: true }, entryId: String, key: String, text: String, createdAt: Number },
  { versionKey: false },
);
const faqWordingVoucher = new Schema({ _id: String, wording: String, person: Boolean, source: String, at: Number }, { versionKey: false });
const faqWordingDecision = new Schema({ _id: String, verdict: String, by: String, at: Number }, { versionKey: false });
/** `_id` is an ObjectId: one document per answer received. */
const faqOutcome = new Schema({ entryId: { type: String, required: true }, solved: Boolean, at: Number }, { versionKey: false });
const faqFlag = new Schema({ _id: String, at: Number }, { versionKey: false });
/** One per entry and wording (`_id`: entry id, NUL, wording key). */
const faqRefusal = new Schema({ _id: String, entryId: String, key: String, text: String, at: Number }, { versionKey: false });

/** A guided fix's mark (guide-stats-store.ts), `_id`: run#seq#kind, so a retried press is one insert that fails. */
const guideMark = new Schema({ _id: String, entryId: String, stepId: String, kind: String, at: Number }, { versionKey: false });
guideMark.index({ entryId: 1, at: 1 });

/** A chat identity's vouched-for e-mail address (address-book.ts), `_id`: platform:userId, so it holds one address at most. */
const personAddress = new Schema({ _id: String, platform: String, userId: String, address: String, linkedAt: Number }, { versionKey: false });
personAddress.index({ address: 1 });

/** The agent console's sign-in links and sessions, `_id` the hash of their token (console-access-store.ts). */
const consoleLink = new Schema({ _id: String, platform: String, userId: String, expiresAt: Number }, { versionKey: false });
consoleLink.index({ expiresAt: 1 });
/** A link's use: the insert only one request can make (FerretDB's findOneAndDelete lets several through). */
const consoleLinkUse = new Schema({ _id: String, expiresAt: Number }, { versionKey: false });
consoleLinkUse.index({ expiresAt: 1 });
const consoleSession = new Schema({ _id: String, platform: String, userId: String, csrf: String, expiresAt: Number }, { versionKey: false });
consoleSession.index({ expiresAt: 1 });

/** A period's slot of shared work (`_id`: name#slot): the one insert that succeeds holds it (work-slot-store.ts). */
const workSlot = new Schema({ _id: String, name: String, holder: String, at: Number }, { versionKey: false });
workSlot.index({ at: 1 });

/** The live feed (live-feed-store.ts), `_id` its sequence as zero-padded digits: the insert of n+1 only one writer wins. */
const liveFeed = new Schema({ _id: String, kind: String, origin: String, at: Number, payload: String }, { versionKey: false });
liveFeed.index({ at: 1 });

export function createModels(conn: Connection) {
  return {
    Ticket: conn.model('Ticket', ticket, 'tickets'),
    TicketEvent: conn.model('TicketEvent', ticketEvent, 'ticket_events'),
    Agent: conn.model('Agent', agent, 'agents'),
    Marker: conn.model('Marker', marker, 'deliveries'),
    Offer: conn.model('Offer', offer, 'faq_offers'),
    FaqEntry: conn.model('FaqEntry', faqEntry, 'faq_entries'),
    Meta: conn.model('Meta', meta, 'meta'),
    Ref: conn.model('Ref', meta, 'refs'),
    Embedding: conn.model('Embedding', embedding, 'embeddings'),
    Outbox: conn.model('Outbox', outbox, 'outbox'),
    OutboxDelivery: conn.model('OutboxDelivery', outboxDelivery, 'outbox_deliveries'),
    HeldMessage: conn.model('HeldMessage', heldMessage, 'held_messages'),
    FaqWording: conn.model('FaqWording', faqWording, 'faq_wordings'),
    FaqWordingVoucher: conn.model('FaqWordingVoucher', faqWordingVoucher, 'faq_wording_vouchers'),
    FaqWordingDecision: conn.model('FaqWordingDecision', faqWordingDecision, 'faq_wording_decisions'),
    FaqOutcome: conn.model('FaqOutcome', faqOutcome, 'faq_outcomes'),
    FaqFlag: conn.model('FaqFlag', faqFlag, 'faq_flags'),
    FaqRefusal: conn.model('FaqRefusal', faqRefusal, 'faq_refusals'),
    GuideMark: conn.model('GuideMark', guideMark, 'guide_marks'),
    PersonAddress: conn.model('PersonAddress', personAddress, 'person_addresses'),
    ConsoleLink: conn.model('ConsoleLink', consoleLink, 'console_sign_in_links'),
    ConsoleLinkUse: conn.model('ConsoleLinkUse', consoleLinkUse, 'console_sign_in_link_uses'),
    ConsoleSession: conn.model('ConsoleSession', consoleSession, 'console_sessions'),
    WorkSlot: conn.model('WorkSlot', workSlot, 'work_slots'),
    LiveFeed: conn.model('LiveFeed', liveFeed, 'live_feed'),
  };
}

export type Models = ReturnType<typeof createModels>;
