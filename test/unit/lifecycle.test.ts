import { describe, expect, it } from 'vitest';
import { HelpDeskError, STATUSES, type Ticket, type TicketStatus } from '../../src/index.js';
import * as transitions from '../../src/tickets/transitions.js';
import { TRANSITIONS, canMove, moveTo } from '../../src/tickets/lifecycle.js';
import { anna, makeDraft, mario } from '../support/factories.js';

const ticket = (over: Partial<Ticket> = {}): Ticket => ({ ...makeDraft(), code: 'IT-7', seq: 7, version: 3, ...over });
const agent = { who: anna, channel: 'web', at: 5 };
const requester = { who: mario, channel: 'web', at: 6 };

describe('ticket lifecycle', () => {
  it('allows exactly the transitions in the table', () => {
    const legal: [TicketStatus, TicketStatus][] = [
      ['open', 'in_progress'], ['open', 'resolved'], ['open', 'closed'], ['open', 'cancelled'],
      ['in_progress', 'open'], ['in_progress', 'waiting_user'], ['in_progress', 'resolved'], ['in_progress', 'cancelled'],
      ['waiting_user', 'open'], ['waiting_user', 'in_progress'], ['waiting_user', 'resolved'], ['waiting_user', 'closed'], ['waiting_user', 'cancelled'],
      ['resolved', 'closed'], ['resolved', 'open'],
    ];
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        if (from === to) continue;
        expect(canMove(from, to), `${from} -> ${to}`).toBe(legal.some(([f, t]) => f === from && t === to));
      }
    }
    expect(TRANSITIONS.closed).toEqual([]);
    expect(TRANSITIONS.cancelled).toEqual([]);
  });

  it('refuses an illegal move with a typed error naming both states', () => {
    try {
      moveTo(ticket({ status: 'closed' }), 'in_progress');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(HelpDeskError);
      expect(err).toMatchObject({ code: 'TICKET.ILLEGAL_TRANSITION', params: { code: 'IT-7', from: 'closed', to: 'in_progress' } });
    }
  });

  it('claims an open ticket and refuses a claimed one, naming who has it', () => {
    const { next, event } = transitions.claim(ticket(), agent);
    expect(next).toMatchObject({ status: 'in_progress', assignee: anna, updatedAt: 5 });
    expect(event).toMatchObject({ kind: 'claimed', actor: anna, at: 5 });
    expect(() => transitions.claim(next, { ...agent, who: mario })).toThrow(expect.objectContaining({ code: 'TICKET.ALREADY_CLAIMED', params: { code: 'IT-7', name: anna.name } }));
  });

  it('escalates to the next tier, clearing the assignee, and stops at tier 3', () => {
    const claimed = transitions.claim(ticket(), agent).next;
    const up = transitions.escalate(claimed, agent, 'needs network team');
    expect(up.next).toMatchObject({ tier: 2, status: 'open', assignee: null });
    expect(up.event).toMatchObject({ kind: 'escalated', text: 'needs network team', data: { from: 1, to: 2 } });
    const top = transitions.escalate(up.next, agent, null).next;
    expect(top.tier).toBe(3);
    expect(() => transitions.escalate(top, agent, null)).toThrow(expect.objectContaining({ code: 'TICKET.MAX_TIER' }));
  });

  it('moves the conversation between agent and requester', () => {
    const claimed = transitions.claim(ticket(), agent).next;
    const asked = transitions.agentReply(claimed, agent, 'which floor?').next;
    expect(asked.status).toBe('waiting_user');
    const answered = transitions.requesterMessage(asked, requester, 'second').next;
    expect(answered.status).toBe('in_progress');
    expect(() => transitions.agentReply(ticket({ status: 'closed' }), agent, 'hi')).toThrow(expect.objectContaining({ code: 'TICKET.FINISHED' }));
  });

  it('resolves, then closes on confirmation or reopens at the same tier', () => {
    const claimed = transitions.claim(ticket({ tier: 2 }), agent).next;
    const resolved = transitions.resolve(claimed, agent, 'replaced toner').next;
    expect(resolved).toMatchObject({ status: 'resolved', resolution: 'replaced toner', resolvedBy: anna });
    expect(transitions.confirm(resolved, requester).next.status).toBe('closed');
    const reopened = transitions.reopen(resolved, requester, null).next;
    expect(reopened).toMatchObject({ status: 'open', tier: 2, assignee: null, resolution: null });
    expect(() => transitions.confirm(claimed, requester)).toThrow(expect.objectContaining({ code: 'TICKET.ILLEGAL_TRANSITION' }));
    expect(() => transitions.reopen(claimed, requester, null)).toThrow(expect.objectContaining({ code: 'TICKET.ILLEGAL_TRANSITION' }));
  });

  it('lets only an untouched ticket be closed by its requester as solved by the FAQ', () => {
    expect(transitions.selfSolve(ticket(), requester).next.status).toBe('closed');
    const claimed = transitions.claim(ticket(), agent).next;
    expect(() => transitions.selfSolve(claimed, requester)).toThrow(expect.objectContaining({ code: 'TICKET.ILLEGAL_TRANSITION' }));
  });

  it('changes priority with a new due time and records the old one', () => {
    const { next, event } = transitions.setPriority(ticket({ priority: 'P4' }), agent, 'P1', 123);
    expect(next).toMatchObject({ priority: 'P1', dueAt: 123 });
    expect(event.data).toEqual({ from: 'P4', to: 'P1' });
  });
});
