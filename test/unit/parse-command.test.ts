import { describe, expect, it } from 'vitest';
import { isCommandText, parseCommand } from '../../src/commands/parse-command.js';
import { requireCode } from '../../src/commands/require-code.js';

describe('command grammar', () => {
  it('recognises `ticket …` and `/ticket …` but not free text', () => {
    expect(isCommandText('ticket new x')).toBe(true);
    expect(isCommandText('/ticket status')).toBe(true);
    expect(isCommandText('Ticket')).toBe(true);
    expect(isCommandText('tickets are late')).toBe(false);
    expect(isCommandText('my ticket new')).toBe(false);
  });

  it('maps English and Italian verbs and keeps the arguments as typed', () => {
    expect(parseCommand('ticket new  La VPN  non va')).toEqual({ verb: 'new', text: 'La VPN  non va' });
    expect(parseCommand('/ticket NUOVO stampante')).toEqual({ verb: 'new', text: 'stampante' });
    expect(parseCommand('ticket prendi IT-4')).toEqual({ verb: 'claim', code: 'IT-4' });
    expect(parseCommand('ticket priorità IT-4 P1')).toEqual({ verb: 'priority', code: 'IT-4', priority: 'P1' });
    expect(parseCommand('ticket')).toEqual({ verb: 'help' });
    expect(parseCommand('ticket reply IT-4 line one\nline two')).toEqual({ verb: 'reply', code: 'IT-4', text: 'line one\nline two' });
  });

  it('rejects unknown verbs and malformed codes with coded errors', () => {
    expect(() => parseCommand('ticket dance')).toThrow(expect.objectContaining({ code: 'COMMAND.UNKNOWN', params: { command: 'dance' } }));
    expect(requireCode('it-9', 'reply CODE <text>')).toBe('IT-9');
    expect(() => requireCode('', 'claim CODE')).toThrow(expect.objectContaining({ code: 'COMMAND.USAGE' }));
    expect(() => requireCode('nine', 'claim CODE')).toThrow(expect.objectContaining({ code: 'TICKET.BAD_CODE' }));
  });
});
