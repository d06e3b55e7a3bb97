// Tickets on MongoDB: writes go through the event log (see event-log.ts for
// why); queues and lists read its projection, `tickets`.
import { HelpDeskError, STATUSES, type Ticket, type TicketStatus, type TicketStore } from '../../../src/index.js';
import type { EventLog } from './event-log.js';
import { listTicketFiles } from './file-store.js';
import { toEvent, toTicket } from './mappers.js';
import type { Models } from './models.js';

/** Due work in the order of the index { 'sla.nextAt': 1, _id: 1 } (the bench prints its plan). */
export function slaDueFilter(now: number, after?: { at: number; code: string }): Record<string, unknown> {
  return after
    ? { $or: [{ 'sla.nextAt': { $gt: after.at, $lte: now } }, { 'sla.nextAt': after.at, _id: { $gt: after.code } }] }
    : { 'sla.nextAt': { $lte: now } };
}
export const SLA_DUE_SORT = { 'sla.nextAt': 1, _id: 1 } as const;

/** `keepRollups` (the report store's) is given each committed change: the ticket as it was (null when new) and as written. */
export function createMongoTicketStore(m: Models, log: EventLog, keepRollups?: (before: Ticket | null, after: Ticket) => Promise<void>): TicketStore {
  async function versionOf(code: string, version: number): Promise<Ticket | null> {
    const doc = await m.TicketEvent.findById(`${code}#${version}`, { snapshot: 1 }).lean();
    return doc ? toTicket(doc.snapshot as Record<string, unknown>) : null;
  }

  return {
    async create(draft, prefix, event, record) {
      const ticket = await log.create(draft, prefix, event, record);
      // Listed once the code exists: a crash in between leaves the file unlisted, so an erase could take its bytes.
      await listTicketFiles(m.Ticket.db.db!, ticket);
      await keepRollups?.(null, ticket);
      return ticket;
    },

    get: log.current,

    async update(next, expectedVersion, event, record) {
      const saved: Ticket = { ...next, version: expectedVersion + 1 };
      // Read before the write: the version the change was made against, from the log (one lookup by `_id`).
      const before = keepRollups ? await versionOf(saved.code, expectedVersion) : null;
      // Listed before the change commits: a listing left by a change that then lost only keeps bytes a while longer.
      await listTicketFiles(m.Ticket.db.db!, saved);
      if (!(await log.append(saved, event, record))) {
        await log.rollForward(saved.code);
        throw new HelpDeskError('STORE.CONFLICT', { code: saved.code });
      }
      await log.project(saved);
      if (keepRollups && before) await keepRollups(before, saved);
      return saved;
    },

    async events(code) {
      const docs = await m.TicketEvent.find({ ticket: code }, { snapshot: 0 }).sort({ version: 1 }).lean();
      return docs.map((d) => toEvent(d as Record<string, unknown>));
    },

    async queue({ departments, tier, statuses, assignee, limit, offset = 0 }) {
      const filter: Record<string, unknown> = { department: { $in: departments } };
      if (tier !== undefined) filter.tier = tier;
      if (statuses && statuses.length > 0) filter.status = { $in: statuses };
      if (assignee === null) filter.assignee = null;
      else if (assignee) Object.assign(filter, { 'assignee.platform': assignee.platform, 'assignee.userId': assignee.userId });
      const [docs, total] = await Promise.all([
        m.Ticket.find(filter).sort({ priority: 1, dueAt: 1, createdAt: 1, _id: 1 }).skip(offset).limit(limit).lean(),
        m.Ticket.countDocuments(filter),
      ]);
      return { items: docs.map((d) => toTicket(d as Record<string, unknown>)), total };
    },

    async linkedTo(parents, limit) {
      if (parents.length === 0) return [];
      // One query for every parent: on FerretDB each query reads the whole collection.
      const docs = await m.Ticket.find({ linkedTo: { $in: [...parents] } }).sort({ _id: 1 }).limit(limit).lean();
      return docs.map((d) => toTicket(d as Record<string, unknown>));
    },

    async openParents(limit) {
      const parents = (await m.Ticket.distinct('linkedTo', { linkedTo: { $exists: true }, status: { $in: ['open', 'in_progress', 'waiting_user', 'resolved'] } })).filter(
        (code): code is string => typeof code === 'string',
      );
      if (parents.length === 0) return [];
      const docs = await m.Ticket.find({ _id: { $in: parents }, status: { $in: ['open', 'in_progress', 'waiting_user'] } }).sort({ _id: 1 }).limit(limit).lean();
      return docs.map((d) => toTicket(d as Record<string, unknown>));
    },

    async closedBetween({ from, to }, limit, after) {
      const window = { $gte: from, $lt: to };
      const filter = after
        ? { $and: [{ closedAt: window }, { $or: [{ closedAt: { $gt: after.at } }, { closedAt: after.at, _id: { $gt: after.code } }] }] }
        : { closedAt: window };
      const docs = await m.Ticket.find(filter).sort({ closedAt: 1, _id: 1 }).limit(limit).lean();
      return docs.map((d) => toTicket(d as Record<string, unknown>));
    },

    async slaDue(now, limit, after) {
      const docs = await m.Ticket.find(slaDueFilter(now, after)).sort(SLA_DUE_SORT).limit(limit).lean();
      return docs.map((d) => toTicket(d as Record<string, unknown>));
    },

    async byRequester(platform, userId, { statuses, limit }) {
      const filter: Record<string, unknown> = { 'requester.platform': platform, 'requester.userId': userId };
      if (statuses && statuses.length > 0) filter.status = { $in: statuses };
      const docs = await m.Ticket.find(filter).sort({ createdAt: -1, seq: -1 }).limit(limit).lean();
      return docs.map((d) => toTicket(d as Record<string, unknown>));
    },

    async countByStatus() {
      const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<TicketStatus, number>;
      const groups = await m.Ticket.aggregate<{ _id: TicketStatus; n: number }>([{ $group: { _id: '$status', n: { $sum: 1 } } }]);
      for (const g of groups) counts[g._id] = g.n;
      return counts;
    },

    async openedSince(requester, since, limit) {
      const docs = await m.Ticket.find(
        { 'requester.platform': requester.platform, 'requester.userId': requester.userId, createdAt: { $gt: since } },
        { createdAt: 1 },
      )
        .sort({ createdAt: -1 })
        .limit(limit)
        .lean();
      return docs.map((d) => d.createdAt!);
    },

    async triageCorrections(limit) {
      // Grouped here rather than by the server: FerretDB's aggregation is thin, and corrections are few beside the log.
      const docs = await m.TicketEvent.find({ kind: { $in: ['moved', 'priority_changed'] } }, { ticket: 1, kind: 1, at: 1 }).lean();
      const byTicket = new Map<string, { at: number; moved: boolean; reprioritised: boolean }>();
      for (const d of docs) {
        const seen = byTicket.get(d.ticket) ?? { at: -Infinity, moved: false, reprioritised: false };
        seen.at = Math.max(seen.at, d.at ?? 0);
        if (d.kind === 'moved') seen.moved = true;
        else seen.reprioritised = true;
        byTicket.set(d.ticket, seen);
      }
      const latest = [...byTicket].sort(([a, x], [b, y]) => y.at - x.at || (a < b ? -1 : a > b ? 1 : 0)).slice(0, limit);
      const tickets = await Promise.all(latest.map(([code]) => log.current(code)));
      return latest.flatMap(([code, seen], i) => {
        const t = tickets[i];
        if (!t) return [];
        return [{ code, text: t.description, department: seen.moved ? t.department : null, priority: seen.reprioritised ? t.priority : null, at: seen.at }];
      });
    },
  };
}
