// A message that brings files wants a person to look at them: it goes to the
// ticket it follows, or opens one at once (no FAQ answer can read a
// screenshot), and the sender hears about every file the desk did not keep.
import type { Turn } from '../turn.js';
import { t } from '../i18n.js';
import { reply, type Reply } from '../replies.js';
import { sizeWords } from '../files/file-keeper.js';
import type { RefusedFile } from '../files/attachment.js';
import { openTicket } from '../tickets/open-ticket.js';
import { activeTickets, askWhich, followUpOf } from './follow-up.js';
import { openedReply } from './ticket-intake.js';
import { replyOnTicket } from './ticket-ops.js';
import { guideWithFiles } from './guided-fix.js';

/** What stands for the words of a message that is only files: their names. */
export function filesOnlyText(turn: Turn): string {
  const names = turn.carried?.pending.map((f) => f.name) ?? [];
  return names.length === 0 ? '' : t(turn.locale, 'files.sentOnly', { names: names.join(', ') });
}

export async function messageWithFiles(turn: Turn, typed: string): Promise<Reply[]> {
  const text = typed.trim() || filesOnlyText(turn);
  const follows = followUpOf(await activeTickets(turn), turn.now);
  switch (follows.kind) {
    case 'waiting':
    case 'recent':
      return replyOnTicket(turn, follows.ticket.code, text);
    case 'ask':
      return askWhich(turn, text, follows.tickets);
    case 'none':
      return (await guideWithFiles(turn, text)) ?? [openedReply(turn, await openTicket(turn, text, { faqTried: null }))];
  }
}

function refusalLine(turn: Turn, f: RefusedFile): string {
  const limits = turn.deps.files?.limits;
  const params = { name: f.name, detail: f.detail ?? '', max: limits ? sizeWords(limits.maxFileBytes) : '', total: limits ? sizeWords(limits.maxTicketBytes) : '' };
  return t(turn.locale, `files.refused.${f.reason}`, params);
}

/** After the turn: the files refused, and those no change took (they reach nobody). */
export function filesNotice(turn: Turn): Reply[] {
  const carried = turn.carried;
  if (!carried) return [];
  const lines = carried.refused.map((f) => refusalLine(turn, f));
  if (carried.pending.length > 0) lines.push(t(turn.locale, 'files.notAttached', { names: carried.pending.map((f) => f.name).join(', ') }));
  return lines.length === 0 ? [] : [{ ...reply(lines.join('\n')), ephemeral: true }];
}
