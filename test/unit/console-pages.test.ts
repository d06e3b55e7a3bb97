// The console's words, filters and forms, without a server.
import { describe, expect, it } from 'vitest';
import { readAction } from '../../adapters/web-console/console-actions.js';
import { CATALOGS } from '../../adapters/web-console/console-words.js';
import { consolePage } from '../../adapters/web-console/console-shell.js';
import { filterQuery, readFilters, storeQuery } from '../../adapters/web-console/queue-query.js';
import type { Agent } from '../../src/index.js';

const anna: Agent = { platform: 'slack', userId: 'U1', name: 'Anna', departments: ['it'], tier: 1, role: 'agent' };
const lead: Agent = { ...anna, userId: 'U2', name: 'Lea', role: 'lead' };
const departments = ['it', 'hr', 'facilities'];

describe('console words', () => {
  it('has every label in English and Italian, none left empty', () => {
    expect(Object.keys(CATALOGS.it).sort()).toEqual(Object.keys(CATALOGS.en).sort());
    for (const catalog of Object.values(CATALOGS)) for (const text of Object.values(catalog)) expect(text.trim()).not.toBe('');
  });
});

describe('queue filters', () => {
  it('asks the store for the agent\'s departments only, whatever the query names', () => {
    const f = readFilters({ department: 'hr', tier: '9', status: 'bogus', who: 'mine', page: '-3' }, anna, departments);
    expect(f).toEqual({ department: '', tier: null, status: 'active', who: 'mine', page: 1 });
    expect(storeQuery(f, anna, departments)).toEqual({
      departments: ['it'],
      statuses: ['open', 'in_progress', 'waiting_user'],
      assignee: { platform: 'slack', userId: 'U1' },
      limit: 50,
      offset: 0,
    });
  });

  it('lets a lead see every department, nobody\'s tickets, page 3', () => {
    const f = readFilters({ department: 'hr', who: 'unassigned', status: 'open', page: '3', tier: '2' }, lead, departments);
    expect(storeQuery(f, lead, departments)).toEqual({ departments: ['hr'], statuses: ['open'], tier: 2, assignee: null, limit: 50, offset: 100 });
    expect(filterQuery(f)).toBe('?department=hr&tier=2&status=open&who=unassigned&page=3');
    expect(storeQuery(readFilters({ __proto__: { who: 'mine' } }, lead, departments), lead, departments).departments).toEqual(departments);
  });
});

describe('console actions', () => {
  it('reads each form into the desk\'s command', () => {
    expect(readAction({ action: 'claim' }, 'IT-4', 'en', departments)).toMatchObject({ ok: true, command: { verb: 'claim', code: 'IT-4' } });
    expect(readAction({ action: 'priority', priority: 'P1' }, 'IT-4', 'en', departments)).toMatchObject({ ok: true, command: { verb: 'priority', code: 'IT-4', priority: 'P1' } });
    expect(readAction({ action: 'escalate', reason: '' }, 'IT-4', 'en', departments)).toMatchObject({ ok: true, command: { verb: 'escalate', code: 'IT-4' } });
    expect(readAction({ action: 'resolve', resolution: ' driver reinstalled ' }, 'IT-4', 'en', departments)).toMatchObject({ ok: true, command: { verb: 'resolve', resolution: 'driver reinstalled' } });
  });

  it('refuses what is missing or not one of the choices, under its field, in the agent\'s language', () => {
    expect(readAction({ action: 'resolve', resolution: '   ' }, 'IT-4', 'it', departments)).toEqual({
      ok: false,
      action: 'resolve',
      errors: { 'resolve.resolution': 'Questo campo non può essere vuoto.' },
      values: { 'resolve.resolution': '' },
    });
    expect(readAction({ action: 'move', department: 'marketing' }, 'IT-4', 'en', departments)).toMatchObject({ ok: false, errors: { 'move.department': 'Choose one of: it, hr, facilities.' } });
    expect(readAction({ action: 'priority', priority: 'P9' }, 'IT-4', 'it', departments)).toMatchObject({ ok: false, errors: { 'priority.priority': 'Scegli tra: P1, P2, P3, P4.' } });
    expect(readAction({ action: 'reply', text: 'x'.repeat(4001) }, 'IT-4', 'en', departments)).toMatchObject({ ok: false, errors: { 'reply.text': 'At most 4000 characters, please.' } });
    expect(readAction({ action: 'constructor' }, 'IT-4', 'en', departments)).toMatchObject({ ok: false, action: null });
  });
});

describe('console shell', () => {
  it('shows Agents and FAQ to leads only, and escapes what people named themselves', () => {
    const page = (agent: Agent) => consolePage({ title: 'Queue', locale: 'en', agent, active: 'queue', body: '<p>rendered</p>', csrf: 'tok' });
    expect(page(anna)).not.toContain('/console/agents');
    expect(page(lead)).toContain('href="/console/agents"');
    expect(page(lead)).toContain('href="/console/faq"');
    const hostile = page({ ...anna, name: '<img src=x onerror=alert(1)>' });
    expect(hostile).not.toContain('<img src=x');
    expect(hostile).toContain('&lt;img src=x');
    expect(hostile).toContain('<p>rendered</p>');
  });
});
