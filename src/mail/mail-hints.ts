// What a mail adds to a reply, where a chat would show buttons: how to answer
// the confirm question in words, and how to write more on the ticket.
import type { Locale } from '../events.js';
import { t } from '../i18n.js';
import type { Reply } from '../replies.js';

/** The reply's paragraphs for a mail: its text, then the ways to answer it by mail. */
export function mailParagraphs(locale: Locale, reply: Pick<Reply, 'text' | 'actions'>, code?: string): string[] {
  const out = [reply.text];
  if (reply.actions?.some((a) => a.id.startsWith('confirm:'))) out.push(t(locale, 'mail.hint.confirm'));
  if (reply.actions?.some((a) => a.id.startsWith('rate:'))) out.push(t(locale, 'mail.hint.rate'));
  if (code) out.push(t(locale, 'mail.hint.ticket', { code }));
  return out;
}
