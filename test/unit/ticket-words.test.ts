import { describe, expect, it } from 'vitest';
import { departmentName, priorityLabel, spanWords, statusLabel } from '../../src/tickets/ticket-words.js';
import { ticketView } from '../../src/replies.js';
import type { Ticket } from '../../src/tickets/ticket.js';

const HOUR = 3600_000;

describe('words for people', () => {
  it('names every status in words, never by its id', () => {
    expect(statusLabel('it', 'in_progress')).toBe('in lavorazione');
    expect(statusLabel('en', 'waiting_user')).toBe('waiting for you');
  });

  it('explains a priority with the first response its SLA policy promises', () => {
    expect(priorityLabel('it', 'P2')).toBe('P2 – alta, prima risposta entro 1 ora lavorativa');
    expect(priorityLabel('en', 'P4')).toBe('P4 – low, first response within 1 business day');
    expect(priorityLabel('en', 'P1')).toBe('P1 – critical, first response within 15 min, day and night');
  });

  it('says spans as people do', () => {
    expect(spanWords('en', 90 * 60_000)).toBe('1.5 h');
    expect(spanWords('it', 2 * 24 * HOUR)).toBe('2 giorni');
    expect(spanWords('en', 10_000)).toBe('1 min');
  });

  it('writes the default departments in full and shows any other as configured', () => {
    expect(departmentName('it', 'it')).toBe('IT');
    expect(departmentName('it', 'hr')).toBe('Risorse umane');
    expect(departmentName('en', 'hr')).toBe('Human resources');
    expect(departmentName('it', 'finance')).toBe('Amministrazione');
    expect(departmentName('en', 'facilities')).toBe('Facilities');
    expect(departmentName('it', 'servizi-generali')).toBe('servizi-generali');
    expect(departmentName('en', 'legal')).toBe('legal');
    expect(departmentName('en', 'constructor')).toBe('constructor');
  });

  it('gives a card its title, requester, assignee as a person, due time while one is owed, and channel by name', () => {
    const due = Date.UTC(2026, 10, 30, 14, 5);
    const tk: Ticket = {
      code: 'IT-4', department: 'it', seq: 4, tier: 1, status: 'in_progress', priority: 'P2', title: 'VPN giù', description: 'VPN giù da stamattina',
      requester: { platform: 'slack', userId: 'U1', name: 'Mario' }, assignee: { platform: 'teams', userId: 'aad-anna', name: '' },
      resolvedBy: null, resolution: null, faqTried: null, channel: 'slack', createdAt: due - HOUR, updatedAt: due - HOUR, dueAt: due, version: 2,
    };
    const view = ticketView('it', tk);
    expect(view).toMatchObject({
      title: 'VPN giù', requester: { platform: 'slack', id: 'U1', name: 'Mario' }, assigneePerson: { platform: 'teams', id: 'aad-anna', name: 'aad-anna' },
      dueAt: due, dueLabel: '2026-11-30 14:05 UTC', channel: 'slack', channelName: 'Slack',
    });
    expect(ticketView('en', { ...tk, channel: 'web' }).channelName).toBe('web chat');
    // Nothing is owed while the ticket waits for the requester or once it is resolved.
    for (const status of ['waiting_user', 'resolved', 'closed'] as const) expect(ticketView('en', { ...tk, status }).dueAt).toBeUndefined();
  });
});
