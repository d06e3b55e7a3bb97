// Documents <-> domain values for the Mongo store.
import type { Agent, ChangeRecord, EventDraft, Ticket, TicketEvent } from '../../../src/index.js';

type Doc = Record<string, unknown>;

export function ticketDoc(t: Ticket): Doc {
  return { _id: t.code, prefix: t.code.slice(0, t.code.lastIndexOf('-')), ...t };
}

/** Drops the storage-only fields so values compare equal to the SQLite store's. */
export function toTicket(doc: Doc): Ticket {
  const { _id, prefix, ...rest } = doc;
  return rest as unknown as Ticket;
}

export function eventDoc(code: string, version: number, e: EventDraft, snapshot: Ticket, outbox?: string): Doc {
  return { _id: `${code}#${version}`, ticket: code, version, ...e, snapshot, ...(outbox ? { outbox } : {}) };
}

/** A change's outbox record as staged before its event; `at` is the staging time, which orders and ages it. */
export interface OutboxDoc {
  _id: string;
  ticket: string;
  version: number;
  recordId: string;
  at: number;
  record: string;
}

export function outboxDoc(saved: Ticket, nonce: string, change: ChangeRecord, at: number): OutboxDoc {
  return { _id: `${saved.code}#${saved.version}#${nonce}`, ticket: saved.code, version: saved.version, recordId: change.id, at, record: JSON.stringify(change) };
}

export function nonceOf(doc: OutboxDoc): string {
  return doc._id.slice(doc._id.lastIndexOf('#') + 1);
}

export function toEvent(doc: Doc): TicketEvent {
  return {
    ticketCode: doc.ticket as string,
    version: doc.version as number,
    at: doc.at as number,
    kind: doc.kind as TicketEvent['kind'],
    actor: doc.actor as TicketEvent['actor'],
    channel: doc.channel as string,
    text: (doc.text as string | null) ?? null,
    data: (doc.data as TicketEvent['data']) ?? {},
  };
}

export function agentId(platform: string, userId: string): string {
  return `${platform}:${userId}`;
}

export function agentDoc(a: Agent): Doc {
  return { _id: agentId(a.platform, a.userId), ...a, locale: a.locale ?? null, grantedBy: a.grantedBy ?? null };
}

export function toAgent(doc: Doc): Agent {
  const agent: Agent = {
    platform: doc.platform as string,
    userId: doc.userId as string,
    name: doc.name as string,
    departments: [...(doc.departments as string[])],
    tier: doc.tier as Agent['tier'],
    role: doc.role as Agent['role'],
  };
  if (doc.locale === 'it' || doc.locale === 'en') agent.locale = doc.locale;
  if (typeof doc.grantedBy === 'string' && doc.grantedBy) agent.grantedBy = doc.grantedBy;
  return agent;
}
