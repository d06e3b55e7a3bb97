// Reply -> the web chat's JSON contract: exactly {text, ticket?, actions?}.
import type { Reply } from '../../../src/index.js';

export interface WebReply {
  text: string;
  ticket?: NonNullable<Reply['ticket']>;
  actions?: { id: string; label: string }[];
}

export function renderReply(reply: Reply): WebReply {
  const out: WebReply = { text: reply.text };
  if (reply.ticket) out.ticket = { ...reply.ticket };
  if (reply.actions && reply.actions.length > 0) out.actions = reply.actions.map(({ id, label }) => ({ id, label }));
  return out;
}
