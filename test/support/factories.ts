// Small builders that keep tests about behaviour, not about object literals.
import type { EventDraft, NewTicket, PersonRef, Priority } from '../../src/index.js';

export const mario: PersonRef = { platform: 'web', userId: 'mario', name: 'Mario Rossi', locale: 'it' };
export const anna: PersonRef = { platform: 'web', userId: 'anna', name: 'Anna Bianchi' };

export function makeDraft(over: Partial<NewTicket> = {}): NewTicket {
  const at = over.createdAt ?? 1_700_000_000_000;
  return {
    department: 'it',
    tier: 1,
    status: 'open',
    priority: 'P3' as Priority,
    title: 'La stampante non stampa',
    description: 'La stampante del 2° piano non stampa',
    requester: mario,
    assignee: null,
    resolvedBy: null,
    resolution: null,
    faqTried: null,
    channel: 'web',
    createdAt: at,
    updatedAt: at,
    dueAt: at + 24 * 3600_000,
    ...over,
  };
}

export function makeEvent(over: Partial<EventDraft> = {}): EventDraft {
  return { at: 1_700_000_000_000, kind: 'created', actor: mario, channel: 'web', text: null, data: {}, ...over };
}
