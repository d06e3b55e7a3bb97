// A console form, read into the desk's own command: the same verbs, checks and
// audit trail as a chat command, with channel 'console'. Missing or malformed
// fields are refused here, field by field, before the desk is asked. Pure.
import type { Command, Locale } from '../../src/index.js';
import { PRIORITIES } from '../../src/index.js';
import { word } from './console-words.js';
import { field } from './form-body.js';

export const ACTIONS = ['claim', 'reply', 'note', 'priority', 'assign', 'move', 'escalate', 'resolve'] as const;
export type ConsoleAction = (typeof ACTIONS)[number];

const MAX_TEXT = 4000;

export type ReadAction =
  | { ok: true; action: ConsoleAction; command: Command; values: Record<string, string> }
  | { ok: false; action: ConsoleAction | null; errors: Record<string, string>; values: Record<string, string> };

export function readAction(body: unknown, code: string, locale: Locale, departments: readonly string[]): ReadAction {
  const asked = field(body, 'action');
  const action = (ACTIONS as readonly string[]).includes(asked) ? (asked as ConsoleAction) : null;
  if (!action) return { ok: false, action: null, errors: { 'action.action': 'unknown action' }, values: {} };
  const values: Record<string, string> = {};
  const errors: Record<string, string> = {};
  /** A required text field: kept for the form, refused when empty or too long. */
  const text = (name: string, required = true) => {
    const v = field(body, name);
    values[`${action}.${name}`] = v;
    if (required && !v) errors[`${action}.${name}`] = word(locale, 'ticket.required');
    else if (v.length > MAX_TEXT) errors[`${action}.${name}`] = word(locale, 'ticket.tooLong', { max: MAX_TEXT });
    return v;
  };
  let command: Command;
  switch (action) {
    case 'claim':
      command = { verb: 'claim', code };
      break;
    case 'reply':
      command = { verb: 'reply', code, text: text('text') };
      break;
    case 'note':
      command = { verb: 'note', code, text: text('text') };
      break;
    case 'priority': {
      const p = text('priority');
      if (p && !(PRIORITIES as readonly string[]).includes(p)) errors['priority.priority'] = word(locale, 'ticket.oneOf', { list: PRIORITIES.join(', ') });
      command = { verb: 'priority', code, priority: p };
      break;
    }
    case 'assign':
      command = { verb: 'assign', code, agent: text('agent') };
      break;
    case 'move': {
      const d = text('department');
      if (d && !departments.includes(d)) errors['move.department'] = word(locale, 'ticket.oneOf', { list: departments.join(', ') });
      command = { verb: 'move', code, department: d };
      break;
    }
    case 'escalate': {
      const reason = text('reason', false);
      command = reason ? { verb: 'escalate', code, reason } : { verb: 'escalate', code };
      break;
    }
    case 'resolve':
      command = { verb: 'resolve', code, resolution: text('resolution') };
      break;
  }
  return Object.keys(errors).length > 0 ? { ok: false, action, errors, values } : { ok: true, action, command, values };
}
