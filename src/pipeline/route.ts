// The last step: hands a command, a typed command text or free text to its handler.
import { requireActionCommand } from '../commands/command-from-action.js';
import { handleFreeText } from '../commands/free-text.js';
import { isCommandText, parseCommand } from '../commands/parse-command.js';
import { runCommand } from '../commands/run-command.js';
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
    case 'message':
      return isCommandText(event.text) ? runCommand(turn, parseCommand(event.text)) : handleFreeText(turn, event.text);
  }
}
