// Reply -> the web chat's JSON contract: exactly {text, ticket?, actions?, form?}.
import { cardFieldName, type Attachment, type CardField, type Reply, type ReplyForm, type TicketView } from '../../../src/index.js';

/** One labelled fact of a ticket, in the reader's language; the page draws it as text, never as markup. */
export interface WebFact {
  field: CardField;
  name: string;
  value: string;
  /** For a moment: the page shows it in the reader's own time zone. */
  at?: number;
  /** Words the page puts before the moment it draws ("first response due"); `value` says it all at the moment it was sent. */
  lead?: string;
}

/**
 * A file shown with a message. `code`: the ticket it belongs to, for the page to
 * ask a link to it (GET /web/api/files/:code/:id/link); the page never builds one itself.
 */
export interface WebFile {
  id: string;
  name: string;
  mime: string;
  size: number;
  code?: string;
}

export function webFiles(files: readonly Attachment[] | undefined, code: string | undefined): WebFile[] {
  return (files ?? []).map(({ id, name, mime, size }) => (code ? { id, name, mime, size, code } : { id, name, mime, size }));
}

/** A message pushed to a person, with the id it has in their history (the page shows it once). */
export type PushedReply = Reply & { historyId?: string };

export interface WebReply {
  /** On pushed messages kept in the history: the line's id there. */
  id?: string;
  text: string;
  ticket?: NonNullable<Reply['ticket']> & { facts: WebFact[] };
  actions?: { id: string; label: string }[];
  /** Filled in under the message and sent to /web/api/actions as `{ form: id, values }`. */
  form?: ReplyForm;
  /** Files that came with it (a picture the agent sent, a PDF). */
  files?: WebFile[];
}

export function renderReply(reply: PushedReply): WebReply {
  const out: WebReply = reply.historyId ? { id: reply.historyId, text: reply.text } : { text: reply.text };
  if (reply.ticket) out.ticket = { ...reply.ticket, facts: ticketFacts(reply.ticket) };
  if (reply.actions && reply.actions.length > 0) out.actions = reply.actions.map(({ id, label }) => ({ id, label }));
  if (reply.form) {
    const { id, title, openLabel, submitLabel, fields } = reply.form;
    out.form = { id, title, openLabel, submitLabel, fields: fields.map((f) => ({ ...f })) };
  }
  if (reply.files && reply.files.length > 0) out.files = webFiles(reply.files, reply.ticket?.code);
  return out;
}

/** The facts every platform's card shows; on the web every person is named (nobody is mentioned). */
export function ticketFacts(t: TicketView): WebFact[] {
  const fact = (field: CardField, value: string, at?: number): WebFact => ({ field, name: cardFieldName(t.locale ?? 'en', field), value, ...(at !== undefined ? { at } : {}) });
  const facts = [fact('status', t.statusLabel), fact('priority', t.priorityLabel), fact('queue', `${t.departmentName} L${t.tier}`)];
  const agent = t.assigneePerson?.name ?? t.assigneeName;
  if (agent) facts.push(fact('agent', agent));
  if (t.requester) facts.push(fact('requester', t.requester.name));
  if (t.slaLead) facts.push(t.slaState === 'paused' || t.dueAt === undefined ? fact('sla', t.slaLabel ?? t.slaLead) : { ...fact('sla', t.slaLabel ?? t.slaLead, t.dueAt), lead: t.slaLead });
  else if (t.dueAt !== undefined) facts.push(fact('due', t.dueLabel ?? new Date(t.dueAt).toISOString(), t.dueAt));
  if (t.channelName) facts.push(fact('channel', t.channelName));
  return facts;
}
