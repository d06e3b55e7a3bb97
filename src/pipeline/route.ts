// The last step: hands a command, a button or free text to its handler.
import * as agent from '../commands/agent-commands.js';
import { answerOffer, handleFreeText, pickChoice } from '../commands/free-text.js';
import { isCommandText, parseCommand, type Verb } from '../commands/parse-command.js';
import { faqCommand } from '../commands/faq-commands.js';
import * as requester from '../commands/requester-commands.js';
import * as ops from '../commands/ticket-ops.js';
import type { Turn } from '../desk.js';
import { HelpDeskError } from '../errors.js';
import type { InboundEvent } from '../events.js';
import type { Reply } from '../replies.js';
import { parseCode } from '../tickets/codes.js';

type Handler = (turn: Turn, rest: string) => Promise<Reply[]> | Reply[];

const COMMANDS: Readonly<Record<Verb, Handler>> = {
  new: requester.newTicket,
  status: requester.showStatus,
  list: (turn) => requester.listTickets(turn),
  cancel: requester.cancelCommand,
  reply: requester.replyCommand,
  help: requester.help,
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
};

type ActionHandler = (turn: Turn, arg: string) => Promise<Reply[]>;

const TICKET_ACTIONS: Readonly<Record<string, ActionHandler>> = {
  claim: ops.claimTicket,
  escalate: (turn, code) => ops.escalateTicket(turn, code, null),
  resolve: (turn, code) => ops.resolveTicket(turn, code, null),
  confirm: ops.confirmFix,
  reopen: ops.reopenTicket,
  selfsolve: ops.selfSolve,
  unclaim: ops.unclaimTicket,
};

const OFFER_ACTIONS: Readonly<Record<string, ActionHandler>> = {
  'faq-yes': (turn, id) => answerOffer(turn, id, true),
  'faq-no': (turn, id) => answerOffer(turn, id, false),
  'faq-pick': pickChoice,
};

async function routeAction(turn: Turn, actionId: string): Promise<Reply[]> {
  const match = /^([a-z-]{1,20}):([A-Za-z0-9_-]{1,64})$/.exec(actionId);
  const verb = match?.[1] ?? '';
  const arg = match?.[2] ?? '';
  const ticketAction = TICKET_ACTIONS[verb];
  if (ticketAction) {
    const code = parseCode(arg);
    if (!code) throw new HelpDeskError('TICKET.BAD_CODE', { input: arg });
    return ticketAction(turn, code);
  }
  const offerAction = OFFER_ACTIONS[verb];
  if (offerAction) return offerAction(turn, arg);
  throw new HelpDeskError('COMMAND.UNKNOWN', { command: actionId.slice(0, 40) });
}

export async function route(turn: Turn, event: InboundEvent): Promise<Reply[]> {
  if (event.kind === 'action') return routeAction(turn, event.actionId);
  if (isCommandText(event.text)) {
    const { verb, rest } = parseCommand(event.text);
    return COMMANDS[verb](turn, rest);
  }
  return handleFreeText(turn, event.text);
}
