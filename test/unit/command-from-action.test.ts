// Button action ids: the ones the desk makes read back as commands; any other
// id is left for the desk to refuse with the error it always gave.
import { describe, expect, it } from 'vitest';
import { commandFromAction, requireActionCommand } from '../../src/commands/command-from-action.js';
import { agentActions, confirmActions } from '../../src/replies.js';
import type { Ticket } from '../../src/index.js';
import { makeDraft } from '../support/factories.js';

const ticket = (over: Partial<Ticket>): Ticket => ({ ...makeDraft(), code: 'IT-42', version: 1, ...over }) as Ticket;

describe('button action ids', () => {
  it('reads back every ticket button the desk offers', () => {
    const ids = [
      ...agentActions('en', ticket({ status: 'open' })),
      ...agentActions('en', ticket({ status: 'in_progress', tier: 1 })),
      ...confirmActions('en', 'IT-42'),
    ].map((a) => a.id);
    expect(ids.map(commandFromAction)).toEqual([
      { verb: 'claim', code: 'IT-42' },
      { verb: 'escalate', code: 'IT-42', askReason: true },
      { verb: 'resolve', code: 'IT-42' },
      { verb: 'escalate', code: 'IT-42', askReason: true },
      { verb: 'resolve', code: 'IT-42' },
      { verb: 'confirm', code: 'IT-42' },
      { verb: 'reopen', code: 'IT-42' },
    ]);
    expect(commandFromAction('selfsolve:FAC-7')).toEqual({ verb: 'selfsolve', code: 'FAC-7' });
    expect(commandFromAction('unclaim:hr-3')).toEqual({ verb: 'unclaim', code: 'HR-3' });
  });

  it('reads back the Next buttons of a queue page and of a list', () => {
    expect(commandFromAction('queue:p2')).toEqual({ verb: 'queue', page: '2' });
    expect(commandFromAction('queue:p3_it_l2')).toEqual({ verb: 'queue', page: '3', department: 'it_l2' });
    expect(commandFromAction('list:p2')).toEqual({ verb: 'list', page: '2' });
    for (const id of ['queue:2', 'list:p', 'queue:p2_', 'list:x2']) expect(commandFromAction(id), id).toBeNull();
  });

  it('reads back the answers to an FAQ offer', () => {
    expect(commandFromAction('faq-yes:id17')).toEqual({ verb: 'faq-yes', offer: 'id17' });
    expect(commandFromAction('faq-no:id17')).toEqual({ verb: 'faq-no', offer: 'id17' });
    expect(commandFromAction('faq-pick:5f0c-9a_b_2')).toEqual({ verb: 'faq-pick', offer: '5f0c-9a_b', choice: 2 });
  });

  it('reads back the answers to "which ticket is this about?"', () => {
    expect(commandFromAction('follow-to:it-14')).toEqual({ verb: 'follow-to', code: 'IT-14' });
    expect(commandFromAction('follow-new:new')).toEqual({ verb: 'follow-new' });
    expect(() => requireActionCommand('follow-to:nine')).toThrow(expect.objectContaining({ code: 'TICKET.BAD_CODE' }));
  });

  it('reads nothing else, and says why as the desk always did', () => {
    const cases: [string, object][] = [
      ['explode:everything', { code: 'COMMAND.UNKNOWN', params: { command: 'explode:everything' } }],
      ['claim:{"$gt":""}', { code: 'COMMAND.UNKNOWN', params: { command: 'claim:{"$gt":""}' } }],
      ['constructor:IT-1', { code: 'COMMAND.UNKNOWN', params: { command: 'constructor:IT-1' } }],
      ['claim', { code: 'COMMAND.UNKNOWN', params: { command: 'claim' } }],
      ['claim:nine', { code: 'TICKET.BAD_CODE', params: { input: 'nine' } }],
      ['faq-pick:abc', { code: 'OFFER.GONE' }],
    ];
    for (const [id, error] of cases) {
      expect(commandFromAction(id), id).toBeNull();
      expect(() => requireActionCommand(id), id).toThrow(expect.objectContaining(error));
    }
  });
});
