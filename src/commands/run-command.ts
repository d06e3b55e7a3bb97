// Runs a Command, however it arrived (typed, clicked, chosen in a form): each
// verb's handler checks the arguments and does the work.
import { HelpDeskError } from '../errors.js';
import type { Turn } from '../turn.js';
import type { Reply } from '../replies.js';
import * as agent from './agent-commands.js';
import { searchArchive } from './archive-search.js';
import type { Command, CommandOf, Verb } from './command.js';
import { faqCommand } from './faq-commands.js';
import { statsCommand } from './report-command.js';
import { followNew, followTo } from './follow-up.js';
import { answerOffer, newRequest, pickChoice } from './free-text.js';
import * as intake from './ticket-intake.js';
import * as requester from './requester-commands.js';
import { ticketCode } from './require-code.js';
import * as ops from './ticket-ops.js';
import { rateTicket } from './rating.js';
import { linkCommand, unlinkCommand } from '../outage/link-commands.js';
import { outageNo, outageYes } from '../outage/outage-banner.js';
import * as guide from './guided-fix.js';
import * as mail from '../mail/mail-commands.js';
import { EMAIL_PLATFORM } from '../people/email-address.js';

type Handlers = { readonly [V in Verb]: (turn: Turn, command: CommandOf<V>) => Promise<Reply[]> | Reply[] };

const HANDLERS: Handlers = {
  new: requester.newTicket,
  status: requester.showStatus,
  list: (turn, c) => requester.listTickets(turn, false, c.page),
  cancel: requester.cancelCommand,
  reply: requester.replyCommand,
  help: (turn) => guide.helpWithGuide(turn, requester.help(turn)),
  queue: agent.showQueue,
  next: agent.claimNext,
  claim: agent.claimCommand,
  unclaim: agent.unclaimCommand,
  note: agent.noteCommand,
  priority: agent.priorityCommand,
  assign: agent.assignCommand,
  move: agent.moveCommand,
  escalate: agent.escalateCommand,
  resolve: agent.resolveCommand,
  faq: faqCommand,
  search: searchArchive,
  stats: statsCommand,
  // The requester's buttons on their own ticket.
  confirm: (turn, c) => ops.confirmFix(turn, ticketCode(c.code)),
  reopen: (turn, c) => ops.reopenTicket(turn, ticketCode(c.code)),
  selfsolve: (turn, c) => ops.selfSolve(turn, ticketCode(c.code)),
  // Answers to an FAQ offer.
  'faq-yes': (turn, c) => answerOffer(turn, c.offer, true),
  'faq-no': (turn, c) => answerOffer(turn, c.offer, false),
  'faq-pick': (turn, c) => pickChoice(turn, c.offer, c.choice),
  // Answers to "which ticket is this about?".
  'follow-to': (turn, c) => followTo(turn, ticketCode(c.code)),
  'follow-new': (turn) => followNew(turn, newRequest),
  // Answers to "shall I open a ticket?".
  'intake-open': intake.intakeOpen,
  'intake-to': intake.intakeTo,
  'intake-as': intake.intakeAs,
  'intake-dept': intake.intakeChange,
  'intake-urgency': intake.intakeChange,
  'intake-cancel': intake.intakeCancel,
  'intake-details': (turn, c) => intake.intakeDetails(turn, c, newRequest),
  // Outages and satisfaction.
  link: linkCommand,
  unlink: unlinkCommand,
  rate: (turn, c) => rateTicket(turn, c.code, c.score),
  'outage-yes': (turn, c) => outageYes(turn, c.offer, newRequest),
  'outage-no': (turn, c) => outageNo(turn, c.offer, newRequest),
  // A guided fix's buttons.
  'guide-done': (turn, c) => guide.pressGuide(turn, c.offer, { kind: 'done' }),
  'guide-next': (turn, c) => guide.pressGuide(turn, c.offer, { kind: 'next' }),
  'guide-stuck': (turn, c) => guide.pressGuide(turn, c.offer, { kind: 'stuck' }),
  'guide-pick': (turn, c) => guide.pressGuide(turn, c.offer, { kind: 'pick', choice: c.choice }),
  'guide-resume': (turn, c) => guide.resumeGuide(turn, c.offer),
  'guide-restart': (turn, c) => guide.restartGuide(turn, c.offer),
  'guide-else': (turn, c) => guide.guideElse(turn, c.offer, newRequest),
  // Mails (only the e-mail channel says these).
  'mail-new': (turn, c) => onlyByMail(turn, () => mail.mailNew(turn, c)),
  'mail-reply': (turn, c) => onlyByMail(turn, () => mail.mailReply(turn, c)),
  'mail-answer': (turn, c) => onlyByMail(turn, () => mail.mailAnswer(turn, c)),
  'mail-opened': (turn, c) => onlyByMail(turn, () => mail.mailOpened(turn, c)),
};

/** A mail verb from anywhere else (a forged form, a button id) is an unknown command. */
function onlyByMail(turn: Turn, run: () => Promise<Reply[]>): Promise<Reply[]> {
  if (turn.from.platform !== EMAIL_PLATFORM) throw new HelpDeskError('COMMAND.UNKNOWN', { command: 'mail' });
  return run();
}

export async function runCommand(turn: Turn, command: Command): Promise<Reply[]> {
  // Typed commands come from every adapter's forms and options: a verb of no handler is unknown, never Object's own.
  if (!Object.hasOwn(HANDLERS, command.verb)) throw new HelpDeskError('COMMAND.UNKNOWN', { command: String(command.verb).slice(0, 40) });
  // TypeScript cannot pair HANDLERS[verb] with the command of that verb by itself; the mapped type above does.
  const handler = HANDLERS[command.verb] as (turn: Turn, command: Command) => Promise<Reply[]> | Reply[];
  return handler(turn, command);
}
