// Reply -> the web chat's JSON contract: exactly {text, ticket?, actions?, form?}.
import type { Reply, ReplyForm } from '../../../src/index.js';

export interface WebReply {
  text: string;
  ticket?: NonNullable<Reply['ticket']>;
  actions?: { id: string; label: string }[];
  /** Filled in under the message and sent to /web/api/actions as `{ form: id, values }`. */
  form?: ReplyForm;
}

export function renderReply(reply: Reply): WebReply {
  const out: WebReply = { text: reply.text };
  if (reply.ticket) out.ticket = { ...reply.ticket };
  if (reply.actions && reply.actions.length > 0) out.actions = reply.actions.map(({ id, label }) => ({ id, label }));
  if (reply.form) {
    const { id, title, openLabel, submitLabel, fields } = reply.form;
    out.form = { id, title, openLabel, submitLabel, fields: fields.map((f) => ({ ...f })) };
  }
  return out;
}
