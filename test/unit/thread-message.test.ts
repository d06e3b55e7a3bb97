// What an agent types in a ticket's thread reaches the requester only when they chose so.
import { describe, expect, it } from 'vitest';
import { keptInternalLine, threadCommand } from '../../src/index.js';

describe('a message in a ticket thread', () => {
  it('stays among agents by default, and reaches the requester when addressed to them', () => {
    expect(threadCommand('IT-4', 'driver issue, I think', 'internal')).toEqual({ verb: 'note', code: 'IT-4', text: 'driver issue, I think' });
    for (const typed of ['>> Did you restart?', '>>Did you restart?', '> > Did you restart?', '@requester Did you restart?', 'To requester: Did you restart?', 'al richiedente: Did you restart?']) {
      expect(threadCommand('IT-4', typed, 'internal')).toEqual({ verb: 'reply', code: 'IT-4', text: 'Did you restart?' });
    }
  });

  it('goes to the requester when the desk says so, unless marked internal', () => {
    expect(threadCommand('IT-4', 'Did you restart?', 'requester')).toEqual({ verb: 'reply', code: 'IT-4', text: 'Did you restart?' });
    for (const typed of ['// driver issue', 'internal: driver issue', 'interno: driver issue']) {
      expect(threadCommand('IT-4', typed, 'requester')).toEqual({ verb: 'note', code: 'IT-4', text: 'driver issue' });
    }
    // A single `>` is a quote, not an address.
    expect(threadCommand('IT-4', '> what they wrote', 'internal').verb).toBe('note');
    // Words inside the text are the text.
    expect(threadCommand('IT-4', 'send this >> to requester', 'internal').verb).toBe('note');
  });

  it('is marked kept internal in both languages, with the prefix taught', () => {
    expect(keptInternalLine('en', true)).toContain('start the message with >>');
    expect(keptInternalLine('it', true)).toContain('inizia il messaggio con >>');
    expect(keptInternalLine('it', false)).toBe('🔒 Resta interno: il richiedente non lo vede.');
  });
});
