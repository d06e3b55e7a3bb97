// A command's ticket code, checked when the command runs: codes come typed by
// people (`it-42`, `#IT-42`), chosen in slash-command options, or carried by
// buttons, and all of them are read the same way.
import { HelpDeskError } from '../errors.js';
import { parseCode } from '../tickets/codes.js';

/** The normalised code; anything that is not one is TICKET.BAD_CODE. */
export function ticketCode(input: string): string {
  const typed = input.trim();
  const code = parseCode(typed);
  if (!code) throw new HelpDeskError('TICKET.BAD_CODE', { input: typed.slice(0, 40) });
  return code;
}

/** Like ticketCode, but a missing code is a usage error quoting how the command is written. */
export function requireCode(input: string | undefined, usage: string): string {
  if (!input?.trim()) throw new HelpDeskError('COMMAND.USAGE', { usage });
  return ticketCode(input);
}
