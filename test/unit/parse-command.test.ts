import { describe, expect, it } from 'vitest';
import { isCommandText, parseCommand, takeCode } from '../../src/commands/parse-command.js';

describe('command grammar', () => {
  it('recognises `ticket …` and `/ticket …` but not free text', () => {
    expect(isCommandText('ticket new x')).toBe(true);
    expect(isCommandText('/ticket status')).toBe(true);
    expect(isCommandText('Ticket')).toBe(true);
    expect(isCommandText('tickets are late')).toBe(false);
    expect(isCommandText('my ticket new')).toBe(false);
  });

  it('maps English and Italian verbs and keeps the rest as typed', () => {
    expect(parseCommand('ticket new  La VPN  non va')).toEqual({ verb: 'new', rest: 'La VPN  non va' });
    expect(parseCommand('/ticket NUOVO stampante')).toEqual({ verb: 'new', rest: 'stampante' });
    expect(parseCommand('ticket prendi IT-4')).toEqual({ verb: 'claim', rest: 'IT-4' });
    expect(parseCommand('ticket priorità IT-4 P1')).toEqual({ verb: 'priority', rest: 'IT-4 P1' });
    expect(parseCommand('ticket')).toEqual({ verb: 'help', rest: '' });
    expect(parseCommand('ticket reply IT-4 line one\nline two').rest).toBe('IT-4 line one\nline two');
  });

  it('rejects unknown verbs and malformed codes with coded errors', () => {
    expect(() => parseCommand('ticket dance')).toThrow(expect.objectContaining({ code: 'COMMAND.UNKNOWN', params: { command: 'dance' } }));
    expect(takeCode('it-9 thanks', 'reply CODE <text>')).toEqual({ code: 'IT-9', remainder: 'thanks' });
    expect(() => takeCode('', 'claim CODE')).toThrow(expect.objectContaining({ code: 'COMMAND.USAGE' }));
    expect(() => takeCode('nine', 'claim CODE')).toThrow(expect.objectContaining({ code: 'TICKET.BAD_CODE' }));
  });
});
