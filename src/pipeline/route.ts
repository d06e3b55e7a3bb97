// The last step: hands a command, a typed command text or free text to its handler.
import { requireActionCommand } from '../commands/command-from-action.js';
import { continueRequest, handleFreeText } from '../commands/free-text.js';
import { pendingIntake } from '../commands/ticket-intake.js';
import { isCommandText, parseCommand } from '../commands/parse-command.js';
import { takeResolutionPrompt } from '../commands/resolve-prompt.js';
import { runCommand } from '../commands/run-command.js';
import { resolveTicket } from '../commands/ticket-ops.js';
import { answerNearCommand, answerSmallTalk } from '../conversation/answer-small-talk.js';
import { classifyMessage, yesOrNo } from '../conversation/small-talk.js';
import { takeRatingComment } from '../commands/rating.js';
import { messageWithFiles } from '../commands/files-message.js';
import { continueGuide, guideInProgress } from '../commands/guided-fix.js';
import type { Turn } from '../turn.js';
import type { InboundEvent } from '../events.js';
import type { Reply } from '../replies.js';

export async function route(turn: Turn, event: InboundEvent): Promise<Reply[]> {
  switch (event.kind) {
    case 'command':
      return runCommand(turn, event.command);
    case 'action':
      // Adapters send the ids commandFromAction could not read; the person learns why (unknown, bad code, gone).
      return runCommand(turn, requireActionCommand(event.actionId));
    case 'message': {
      // An agent asked what fixed a ticket answers with their next message; a command moves on from the question.
      const asked = await takeResolutionPrompt(turn);
      if (asked && !isCommandText(event.text) && event.text.trim()) return resolveTicket(turn, asked, event.text.trim());
      // Files want a person: the ticket they follow, or a new one (a command typed with them carries them itself).
      if (turn.carried?.pending.length && !isCommandText(event.text)) return messageWithFiles(turn, event.text);
      // Only files, all refused: what the desk says about them (added after the turn) is the whole answer.
      if (turn.carried && !event.text.trim()) return [];
      // Before the grammar reads it: "ticket lsit" would otherwise be an unknown command, "tiket lista" a ticket.
      const said = classifyMessage(event.text);
      if (said.kind === 'did-you-mean') return answerNearCommand(turn, said);
      if (isCommandText(event.text)) return runCommand(turn, parseCommand(event.text));
      // Written soon after rating a ticket: the rating's comment, whatever it says ("grazie, velocissimi").
      const commented = await takeRatingComment(turn, event.text);
      if (commented) return commented;
      const intake = await pendingIntake(turn);
      // Words while a guided fix is under way (and no later question waits): an answer to its step, or a way back to it.
      const guide = await guideInProgress(turn);
      if (guide && (!intake || intake.at < guide.at)) {
        const topic = said.kind === 'small-talk' ? (said.topic === 'greeting' || said.topic === 'help' ? said.topic : 'other') : null;
        const guided = await continueGuide(turn, guide, event.text, topic);
        if (guided) return guided;
      }
      // "sì", "no grazie" or a detail typed after "shall I open a ticket?"; other small talk leaves the question open.
      const answer = intake ? yesOrNo(event.text) : null;
      if (intake && (answer || said.kind === 'request')) return continueRequest(turn, intake, event.text, answer);
      return said.kind === 'small-talk' ? answerSmallTalk(turn, said) : handleFreeText(turn, event.text);
    }
  }
}
