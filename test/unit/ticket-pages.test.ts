// How old a ticket is and when it is due, in words each reader reads.
import { describe, expect, it } from 'vitest';
import { ageWords, dueWords, durationWords, pageNumber } from '../../src/commands/ticket-pages.js';
import type { Ticket } from '../../src/index.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const at = (createdAt: number, dueAt: number) => ({ createdAt, dueAt }) as Ticket;

describe('ticket ages and due times in words', () => {
  it('uses minutes under an hour, hours under two days, then days, in either language', () => {
    expect(durationWords('en', 40 * MIN)).toBe('40 min');
    expect(durationWords('en', 20 * 1000)).toBe('1 min');
    expect(durationWords('it', 3 * HOUR + 59 * MIN)).toBe('3 h');
    expect(durationWords('en', 47 * HOUR)).toBe('47 h');
    expect(durationWords('en', 50 * HOUR)).toBe('2 d');
    expect(durationWords('it', 50 * HOUR)).toBe('2 g');
  });

  it('says how long ago a ticket was opened, and how long until or since it was due', () => {
    const tk = at(0, 4 * HOUR);
    expect(ageWords('en', tk, 30 * 1000)).toBe('just now');
    expect(ageWords('it', tk, 30 * 1000)).toBe('adesso');
    expect(ageWords('en', tk, 3 * HOUR)).toBe('3 h ago');
    expect(ageWords('it', tk, 3 * HOUR)).toBe('3 h fa');
    expect(dueWords('en', tk, 4 * HOUR - 40 * MIN)).toBe('due in 40 min');
    expect(dueWords('it', tk, 4 * HOUR - 40 * MIN)).toBe('scade tra 40 min');
    expect(dueWords('en', tk, 6 * HOUR)).toBe('overdue by 2 h');
    expect(dueWords('it', tk, 6 * HOUR)).toBe('scaduto da 2 h');
  });

  it('reads a page number from 1, and refuses anything else with the usage', () => {
    expect(pageNumber(undefined, 'queue')).toBe(1);
    expect(pageNumber(' 3 ', 'queue')).toBe(3);
    for (const bad of ['0', 'two', '-1', '1e3', '99999', '']) {
      expect(() => pageNumber(bad, 'queue [department] [page]'), bad).toThrow(expect.objectContaining({ code: 'COMMAND.USAGE' }));
    }
  });
});
