// Rows <-> domain values. The ticket is kept whole as JSON; the columns beside it
// exist for indexes and for the compare-and-set on `version`.
import type { Agent, EventDraft, FaqOffer, Ticket, TicketEvent } from '../../../src/index.js';

export interface TicketRow {
  code: string;
  version: number;
  data: string;
}

export function ticketParams(t: Ticket) {
  return {
    code: t.code,
    department: t.department,
    tier: t.tier,
    status: t.status,
    priority: t.priority,
    due_at: t.dueAt,
    created_at: t.createdAt,
    requester_platform: t.requester.platform,
    requester_user: t.requester.userId,
    version: t.version,
    data: JSON.stringify(t),
  };
}

export function toTicket(row: TicketRow): Ticket {
  return { ...(JSON.parse(row.data) as Ticket), version: row.version };
}

export interface EventRow {
  ticket_code: string;
  version: number;
  at: number;
  kind: string;
  actor: string;
  channel: string;
  text: string | null;
  data: string;
}

export function eventParams(code: string, version: number, e: EventDraft) {
  return {
    ticket_code: code,
    version,
    at: e.at,
    kind: e.kind,
    actor: JSON.stringify(e.actor),
    channel: e.channel,
    text: e.text,
    data: JSON.stringify(e.data),
  };
}

export function toEvent(row: EventRow): TicketEvent {
  return {
    ticketCode: row.ticket_code,
    version: row.version,
    at: row.at,
    kind: row.kind as TicketEvent['kind'],
    actor: JSON.parse(row.actor) as TicketEvent['actor'],
    channel: row.channel,
    text: row.text,
    data: JSON.parse(row.data) as TicketEvent['data'],
  };
}

export interface AgentRow {
  platform: string;
  user_id: string;
  name: string;
  departments: string;
  tier: number;
  role: string;
  locale: string | null;
  granted_by: string | null;
}

export function agentParams(a: Agent) {
  return {
    platform: a.platform,
    user_id: a.userId,
    name: a.name,
    departments: JSON.stringify(a.departments),
    tier: a.tier,
    role: a.role,
    locale: a.locale ?? null,
    granted_by: a.grantedBy ?? null,
  };
}

export function toAgent(row: AgentRow): Agent {
  const agent: Agent = {
    platform: row.platform,
    userId: row.user_id,
    name: row.name,
    departments: JSON.parse(row.departments) as string[],
    tier: row.tier as Agent['tier'],
    role: row.role as Agent['role'],
  };
  if (row.locale === 'it' || row.locale === 'en') agent.locale = row.locale;
  if (row.granted_by) agent.grantedBy = row.granted_by;
  return agent;
}

export function toOffer(data: string): FaqOffer {
  return JSON.parse(data) as FaqOffer;
}
