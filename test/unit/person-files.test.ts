import { describe, expect, it } from 'vitest';
import { createPersonScrubber, filesOfPerson, filesTakenOff, retireTicket, scrubTicket, type PersonRef, type Ticket, type TicketFile } from '../../src/index.js';
import { makeDraft } from '../support/factories.js';

const ottavia: PersonRef = { platform: 'slack', userId: 'U0OTT1', name: 'Ottavia Quercioli' };
const bruno: PersonRef = { platform: 'slack', userId: 'U0BRU2', name: 'Bruno Vasari' };
const s = createPersonScrubber(ottavia, ['Ottavia Quercioli'], 'anon-x1');
const file = (id: string, by: PersonRef, over: Partial<TicketFile> = {}): TicketFile => ({ id: id.repeat(64), name: `${id}.png`, mime: 'image/png', size: 1, at: 1, version: 1, by, ...over });
const ticket = (over: Partial<Ticket>): Ticket => ({ ...makeDraft({ requester: ottavia }), code: 'IT-1', seq: 1, version: 3, ...over });

describe('a person’s files under the GDPR', () => {
  it('are those they sent, anywhere, and on tickets they asked those they may open (never an internal note’s)', () => {
    const mine = ticket({ files: [file('a', ottavia), file('b', bruno), file('c', bruno, { internal: true })] });
    const brunos = ticket({ code: 'IT-2', requester: bruno, files: [file('d', bruno), file('e', ottavia)] });
    expect(filesOfPerson([mine, brunos], s).map((f) => [f.ticket, f.name, f.sentByThem])).toEqual([
      ['IT-1', 'a.png', true],
      ['IT-1', 'b.png', false],
      ['IT-2', 'e.png', true],
    ]);
  });

  it('an erase takes the files they sent off a ticket and keeps others’, with mentions of them in names replaced', () => {
    const before = ticket({ files: [file('a', ottavia), file('b', bruno, { name: 'per Ottavia Quercioli.pdf' }), file('a', bruno)] });
    const after = scrubTicket(before, s);
    expect(after.files!.map((f) => [f.id[0], f.by.userId, f.name])).toEqual([
      ['b', 'U0BRU2', 'per anon-x1.pdf'],
      ['a', 'U0BRU2', 'a.png'],
    ]);
    // The bytes of `a` are still listed (Bruno sent the same): only the entry went.
    expect(filesTakenOff(before, after)).toEqual({ ids: [], entries: 1 });
    const alone = ticket({ files: [file('a', ottavia)] });
    const emptied = scrubTicket(alone, s);
    expect(emptied.files).toBeUndefined();
    expect(filesTakenOff(alone, emptied)).toEqual({ ids: ['a'.repeat(64)], entries: 1 });
    expect(scrubTicket(ticket({}), s)).not.toHaveProperty('files');
  });

  it('retention takes the requester’s own files off an old ticket, and leaves the agents’', () => {
    const old = ticket({ files: [file('a', ottavia), file('b', bruno)] });
    const done = retireTicket(old, [], () => 'anon-r', 5);
    expect(done.ticket.files!.map((f) => f.by.userId)).toEqual(['U0BRU2']);
  });
});
