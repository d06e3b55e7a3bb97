// Discord interactions and messages -> InboundEvent. Pure: the adapter reads
// discord.js objects (and learns who the person is) and passes plain values in.
import { TICKET_THREAD, commandFromAction, type Command, type CommandOf, type InboundEvent, type Participant } from '../../../src/index.js';

/** The /ticket options this adapter defines (see ticket-command.ts); `agent` is a user id. */
export interface SlashOptions {
  text?: string | undefined;
  code?: string | undefined;
  department?: string | undefined;
  priority?: string | undefined;
  agent?: string | undefined;
  reason?: string | undefined;
  resolution?: string | undefined;
  parent?: string | undefined;
}

/** `/ticket <sub> …options` -> the Command; null for a sub-command this version does not define. */
export function commandFromOptions(sub: string, o: SlashOptions): Command | null {
  const code = o.code ?? '';
  switch (sub) {
    case 'new':
      return { verb: 'new', text: o.text ?? '' };
    case 'status':
      return o.code ? { verb: 'status', code: o.code } : { verb: 'status' };
    case 'list':
    case 'help':
    case 'next':
      return { verb: sub };
    case 'reply':
    case 'note':
      return { verb: sub, code, text: o.text ?? '' };
    case 'cancel':
    case 'claim':
    case 'unclaim':
      return { verb: sub, code };
    case 'queue':
      return o.department ? { verb: 'queue', department: o.department } : { verb: 'queue' };
    case 'priority':
      return { verb: 'priority', code, priority: o.priority ?? '' };
    case 'assign':
      return { verb: 'assign', code, agent: o.agent ?? '' };
    case 'move':
      return { verb: 'move', code, department: o.department ?? '' };
    case 'escalate':
      return o.reason ? { verb: 'escalate', code, reason: o.reason } : { verb: 'escalate', code };
    case 'resolve':
      // Typed, a resolution is expected (the desk refuses an empty one, as for `ticket resolve CODE`).
      return { verb: 'resolve', code, resolution: o.resolution ?? '' };
    case 'link':
      return { verb: 'link', code, parent: o.parent ?? '' };
    case 'unlink':
      return { verb: 'unlink', code };
    default:
      return null;
  }
}

export function fromSlashCommand(id: string, from: Participant, sub: string, options: SlashOptions): InboundEvent {
  const command = commandFromOptions(sub, options);
  // A sub-command still registered by another version: the desk's grammar answers it as typed text.
  return command ? { kind: 'command', id, channel: 'discord', from, command } : { kind: 'message', id, channel: 'discord', from, text: `ticket ${sub}` };
}

/** The new-ticket form's fields -> a `new` command, or null without a title. Its text inputs are free, so a word each is taken. */
export function commandFromModal(fields: Record<string, string | undefined>): CommandOf<'new'> | null {
  const title = fields.title?.trim();
  if (!title) return null;
  const description = fields.description?.trim();
  const command: CommandOf<'new'> = { verb: 'new', text: description ? `${title}\n${description}` : title };
  const department = fields.department?.trim().split(/\s+/)[0];
  const urgency = fields.urgency?.trim().split(/\s+/)[0];
  if (department) command.department = department;
  if (urgency) command.urgency = urgency;
  return command;
}

/** A button of ours: the Command its action id stands for, or the bare id for the desk to refuse. */
export function fromButton(id: string, from: Participant, actionId: string): InboundEvent {
  const command = commandFromAction(actionId);
  return command ? { kind: 'command', id, channel: 'discord', from, command } : { kind: 'action', id, channel: 'discord', from, actionId };
}

/** A message in a ticket's thread, from either side: said on that ticket, whatever its words. */
export function fromThreadReply(id: string, from: Participant, code: string, text: string): InboundEvent {
  return { kind: 'command', id, channel: 'discord', from, place: TICKET_THREAD, command: { verb: 'reply', code, text } };
}
