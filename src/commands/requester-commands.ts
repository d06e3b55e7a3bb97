// Commands anyone may use: open, look at, and withdraw their own tickets.
import { sizeWords } from '../files/file-keeper.js';
import type { TicketFile } from '../files/attachment.js';
import { filesOnlyText } from './files-message.js';
import type { Turn } from '../turn.js';
import { guideTriedLine } from '../faq/guide-words.js';
import { HelpDeskError } from '../errors.js';
import { SHARED_PLACE, type Locale } from '../events.js';
import { hasKey, t } from '../i18n.js';
import { SYSTEM } from '../sla/sla-actions.js';
import type { FaqEntry, FaqMatch } from '../ports/faq-matcher.js';
import { openedText, readerOf, readingOf, reply, ticketLine, viewFor, type Reply } from '../replies.js';
import { loadTicket } from '../tickets/change-ticket.js';
import { openTicket, type TicketChoices } from '../tickets/open-ticket.js';
import type { Level } from '../tickets/priority.js';
import { requireVisible, worksOn } from '../tickets/permissions.js';
import { knowSelves, selves } from '../people/selves.js';
import { ticketsOfRequesters } from './tickets-of-requesters.js';
import { isInternal } from '../tickets/visibility.js';
import { ACTIVE_STATUSES, type Ticket, type TicketEvent } from '../tickets/ticket.js';
import type { CommandOf } from './command.js';
import { requireCode } from './require-code.js';
import { PAGE_SIZE, listItem, pageNumber } from './ticket-pages.js';
import { cancelTicket, replyOnTicket } from './ticket-ops.js';
import { USAGE } from './usage.js';
import { newTicketForm } from './ticket-forms.js';

const URGENCIES: readonly string[] = ['high', 'medium', 'low'];

export async function confidentAnswer(turn: Turn, text: string): Promise<FaqMatch | null> {
  const [top] = await turn.deps.faq.match(text, 1);
  return top && top.confidence >= turn.deps.settings.faqAnswerThreshold && !top.held ? top : null;
}

export function answerText(turn: Turn, entry: FaqEntry): string {
  const { answer } = entry;
  return answer[turn.locale] ?? answer.en ?? answer.it ?? '';
}

/** Department and urgency are checked here whether typed as flags or chosen in a form. */
export async function newTicket(turn: Turn, command: CommandOf<'new'>): Promise<Reply[]> {
  const text = command.text.trim() || filesOnlyText(turn);
  const dept = command.department?.trim().toLowerCase();
  const urgency = command.urgency?.trim().toLowerCase();
  // Nothing said at all: the form asks for it, with the departments and urgencies to choose from (flags alone are a typo).
  if (!text && !dept && !urgency && !command.skipFaq) {
    const form = newTicketForm(turn.locale, turn.deps.settings.departments.map((d) => d.id));
    return [{ ...reply(t(turn.locale, 'forms22.new.prompt')), form }];
  }
  if (!text) throw new HelpDeskError('COMMAND.USAGE', { usage: USAGE.new });
  const known = turn.deps.settings.departments.map((d) => d.id);
  if (dept && !known.includes(dept)) throw new HelpDeskError('DEPARTMENT.UNKNOWN', { department: dept, known: known.join(', ') });
  if (urgency && !URGENCIES.includes(urgency)) throw new HelpDeskError('COMMAND.USAGE', { usage: USAGE.new });
  const suggestion = command.skipFaq ? null : await confidentAnswer(turn, text);
  const choices: TicketChoices = { faqTried: suggestion?.entry.id ?? null };
  if (dept) choices.department = dept;
  if (urgency) choices.urgency = urgency as Level;
  const ticket = await openTicket(turn, text, choices);
  const view = viewFor(turn, ticket);
  if (!suggestion) return [reply(openedText(turn, ticket, view), view)];
  const text2 = openedText(turn, ticket, view, answerText(turn, suggestion.entry));
  return [reply(text2, view, [{ id: `selfsolve:${ticket.code}`, label: t(turn.locale, 'action.selfSolve') }])];
}

const TRANSCRIPT_LINES = 5;

/** What the desk did on its own because an SLA rule fell due: said in words, with the rule. */
const deskRule = (e: TicketEvent): string | null => (e.actor.platform === SYSTEM.platform && typeof e.data.rule === 'string' ? e.data.rule : null);

/** The files an event brought, by name and size. */
function filesLine(locale: Locale, e: TicketEvent, files: readonly TicketFile[]): string {
  const brought = files.filter((f) => f.version === e.version);
  return brought.length === 0 ? '' : ` ${t(locale, 'files.transcript', { names: brought.map((f) => `${f.name} (${sizeWords(f.size)})`).join(', ') })}`;
}

function transcriptLine(locale: Locale, e: TicketEvent, files: readonly TicketFile[] = []): string {
  const tag = isInternal(e) ? ` ${t(locale, 'internal.tag')}` : '';
  const rule = deskRule(e);
  const key = `sla.did.${e.kind}`;
  const to = typeof e.data.to === 'string' ? e.data.to : t(locale, 'sla.did.nobody');
  const said = rule && hasKey(key) ? t(locale, key, { rule, to }) : (e.text ?? e.kind);
  return `• ${e.actor.name}${tag}: ${said}${filesLine(locale, e, files)}`;
}

export async function showStatus(turn: Turn, command: CommandOf<'status'>): Promise<Reply[]> {
  if (!command.code?.trim()) return listTickets(turn, true);
  const code = requireCode(command.code, USAGE.status);
  const ticket = await loadTicket(turn.deps.store, code);
  requireVisible(await knowSelves(turn), turn.agent, ticket);
  // Asked where others read the answer, an agent sees nothing internal either, and is told so.
  const shared = turn.origin.place === SHARED_PLACE;
  const staff = worksOn(turn.agent, ticket.department);
  const canSeeInternal = staff && !shared;
  const said = (await turn.deps.store.events(code)).filter((e) => e.text || deskRule(e) || ticket.files?.some((f) => f.version === e.version));
  const events = said.filter((e) => canSeeInternal || !isInternal(e)).slice(-TRANSCRIPT_LINES);
  const lines = [ticketLine(turn.locale, ticket, readingOf(turn), readerOf(selves(turn), ticket))];
  if (ticket.guide) lines.push(guideTriedLine(turn.locale, ticket.guide));
  if (events.length > 0) lines.push(t(turn.locale, 'status.transcript'), ...events.map((e) => transcriptLine(turn.locale, e, ticket.files)));
  if (shared && staff && said.some(isInternal)) lines.push(t(turn.locale, 'status.notesHidden'));
  return [reply(lines.join('\n'), viewFor(turn, ticket))];
}

/** A header, then one reply per ticket, newest first, ten at a time. */
export async function listTickets(turn: Turn, activeOnly = false, page?: string): Promise<Reply[]> {
  const pageNo = pageNumber(page, USAGE.list);
  const offset = (pageNo - 1) * PAGE_SIZE;
  // One more than the page holds, to know whether there is a next page; the store has no offset for these.
  const limit = offset + PAGE_SIZE + 1;
  const query = activeOnly ? { statuses: ACTIVE_STATUSES, limit } : { limit };
  const tickets: Ticket[] = await ticketsOfRequesters(turn.deps.store, await knowSelves(turn), query);
  const { locale } = turn;
  if (tickets.length === 0) return [reply(t(locale, 'list.empty'))];
  const onPage = tickets.slice(offset, offset + PAGE_SIZE);
  if (onPage.length === 0) return [reply(t(locale, 'list.pastEnd', { page: pageNo }))];
  const items = onPage.map((tk) => listItem(turn, tk));
  const out = [reply(t(locale, 'list.header')), ...items];
  // `status` shows the active ones only, and its first ten: the Next button pages through `list`, every ticket.
  if (!activeOnly && tickets.length > offset + PAGE_SIZE) {
    out.push(reply(t(locale, 'list.more'), undefined, [{ id: `list:p${pageNo + 1}`, label: t(locale, 'list.next') }]));
  }
  return out;
}

export async function cancelCommand(turn: Turn, command: CommandOf<'cancel'>): Promise<Reply[]> {
  const code = requireCode(command.code, USAGE.cancel);
  return cancelTicket(turn, code, command.reason?.trim() || null);
}

export async function replyCommand(turn: Turn, command: CommandOf<'reply'>): Promise<Reply[]> {
  const code = requireCode(command.code, USAGE.reply);
  const text = command.text.trim() || filesOnlyText(turn);
  if (!text) throw new HelpDeskError('COMMAND.USAGE', { usage: USAGE.reply });
  return replyOnTicket(turn, code, text);
}

export function help(turn: Turn): Reply[] {
  const text = t(turn.locale, 'help.requester') + (turn.agent ? `\n\n${t(turn.locale, 'help.agent')}` : '');
  return [{ text, ephemeral: true }];
}
