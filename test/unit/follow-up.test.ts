// Which ticket a requester's free text follows, from their active tickets alone.
import { describe, expect, it } from 'vitest';
import { followUpOf, RECENT_MS } from '../../src/commands/follow-up.js';
import type { Ticket } from '../../src/index.js';
import { makeDraft } from '../support/factories.js';

const NOW = 1_800_000_000_000;
const ticket = (code: string, over: Partial<Ticket> = {}): Ticket => ({ ...makeDraft(), code, version: 1, updatedAt: NOW - 2 * RECENT_MS, ...over }) as Ticket;
const codeOf = (f: ReturnType<typeof followUpOf>) => (f.kind === 'waiting' || f.kind === 'recent' ? f.ticket.code : f.kind === 'ask' ? f.tickets.map((t) => t.code) : null);

describe('follow-up target', () => {
  it('is nothing without active tickets', () => {
    expect(followUpOf([], NOW)).toEqual({ kind: 'none' });
  });

  it('is the one ticket waiting for the requester, however many others are recent', () => {
    const f = followUpOf([ticket('IT-2', { updatedAt: NOW }), ticket('IT-1', { status: 'waiting_user' })], NOW);
    expect([f.kind, codeOf(f)]).toEqual(['waiting', 'IT-1']);
  });

  it('is the one ticket changed in the last 24 hours when none waits', () => {
    const f = followUpOf([ticket('IT-3'), ticket('IT-2', { updatedAt: NOW - RECENT_MS + 1 }), ticket('IT-1')], NOW);
    expect([f.kind, codeOf(f)]).toEqual(['recent', 'IT-2']);
  });

  it('asks when two wait, two are recent, or only old ones are under way', () => {
    const waiting = { status: 'waiting_user' as const };
    expect(codeOf(followUpOf([ticket('IT-2', waiting), ticket('IT-1', waiting)], NOW))).toEqual(['IT-2', 'IT-1']);
    expect(codeOf(followUpOf([ticket('IT-2', { updatedAt: NOW }), ticket('IT-1', { updatedAt: NOW })], NOW))).toEqual(['IT-2', 'IT-1']);
    expect(codeOf(followUpOf([ticket('IT-1', { updatedAt: NOW - RECENT_MS })], NOW))).toEqual(['IT-1']);
  });

  it('offers at most the five newest', () => {
    const many = ['IT-7', 'IT-6', 'IT-5', 'IT-4', 'IT-3', 'IT-2', 'IT-1'].map((c) => ticket(c));
    expect(codeOf(followUpOf(many, NOW))).toEqual(['IT-7', 'IT-6', 'IT-5', 'IT-4', 'IT-3']);
  });
});
