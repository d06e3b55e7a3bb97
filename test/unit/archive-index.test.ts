import { describe, expect, it } from 'vitest';
import { createArchive, type Ticket } from '../../src/index.js';
import { readArchiveFilters, withinReach } from '../../src/archive/archive-filter-input.js';
import { parseCommand } from '../../src/commands/parse-command.js';
import { anna, makeDraft, mario } from '../support/factories.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const DAY = 24 * 3600_000;
const T0 = Date.UTC(2026, 0, 10);
const luca = { platform: 'slack', userId: 'U77', name: 'Luca Verdi' };
const sara = { platform: 'web', userId: 'sara', name: 'Sara Neri' };

let seq = 0;
function closed(over: Partial<Ticket> & { text: string }): Ticket {
  seq += 1;
  const { text, ...rest } = over;
  const draft = makeDraft({ title: text.split('\n')[0]!, description: text, status: 'closed', resolution: 'fixed', resolvedBy: luca, assignee: luca, closedAt: T0 + seq * DAY, ...rest });
  return { ...draft, code: `${(draft.department === 'hr' ? 'HR' : 'IT')}-${seq}`, seq, version: 3 };
}

function archiveOf(tickets: Ticket[]) {
  const archive = createArchive({ logger: quiet });
  for (const t of tickets) archive.noteClosed(t);
  archive.index.refreshSpeller();
  return archive;
}

const printer = closed({ text: 'The printer on the second floor jams every morning', resolution: 'Replaced the fuser unit of the printer', priority: 'P3' });
const vpn = closed({ text: 'VPN disconnects every ten minutes when working from home', resolution: 'Updated the VPN client to 5.2', priority: 'P2' });
const password = closed({ text: 'Non riesco a cambiare la password di dominio', resolution: 'Password reimpostata e sblocco account', requester: anna });
const payslip = closed({ department: 'hr', text: 'My payslip for March is missing', resolution: 'Sent the payslip again', resolvedBy: sara, assignee: sara, requester: anna });
const withdrawn = closed({ text: 'Printer out of toner', status: 'cancelled', resolution: null, resolvedBy: null, assignee: null });
const stampante = closed({ text: 'La stampante del secondo piano si inceppa', resolution: 'Pulito il rullo della stampante', priority: 'P4' });

const all = [printer, vpn, password, payslip, withdrawn, stampante];

describe('archive index', () => {
  it('ranks the ticket about the same problem first, in either language', async () => {
    const archive = archiveOf(all);
    const [first] = await archive.search({ text: 'printer jams on second floor', limit: 3 });
    expect(first!.ticket.code).toBe(printer.code);
    const [it1] = await archive.search({ text: 'la stampante si è inceppata', limit: 3 });
    expect(it1!.ticket.code).toBe(stampante.code);
    const [pw] = await archive.search({ text: 'password dominio scaduta', limit: 3 });
    expect(pw!.ticket.code).toBe(password.code);
  });

  it('reads a typo as the word tickets use', async () => {
    const archive = archiveOf(all);
    const [first] = await archive.search({ text: 'pasword dominio', limit: 1 });
    expect(first?.ticket.code).toBe(password.code);
  });

  it('filters by department, priority, requester, agent and closing day', async () => {
    const archive = archiveOf(all);
    const codes = async (filters: Parameters<typeof archive.search>[0]['filters']) => (await archive.search({ text: '', limit: 10, filters })).map((h) => h.ticket.code).sort();
    expect(await codes({ departments: ['hr'] })).toEqual([payslip.code]);
    expect(await codes({ priority: 'P2' })).toEqual([vpn.code]);
    expect(await codes({ requester: 'anna' })).toEqual([password.code, payslip.code].sort());
    expect(await codes({ requester: 'BIANCHI' })).toEqual([password.code, payslip.code].sort());
    expect(await codes({ agent: 'sara' })).toEqual([payslip.code]);
    expect(await codes({ agent: 'U77', departments: ['it'], from: vpn.closedAt!, to: password.closedAt! + 1 })).toEqual([vpn.code, password.code].sort());
    // Words and filters together: the printer tickets of P4 only.
    const p4 = await archive.search({ text: 'printer stampante', limit: 10, filters: { priority: 'P4' } });
    expect(p4.map((h) => h.ticket.code)).toEqual([stampante.code]);
  });

  it('offers only solved tickets as similar ones, and nothing for unrelated text', async () => {
    const archive = archiveOf(all);
    const similar = await archive.similar('printer out of toner', 3, {}, 0.12);
    expect(similar.map((h) => h.ticket.code)).not.toContain(withdrawn.code);
    expect(similar[0]!.ticket.code).toBe(printer.code);
    expect(await archive.similar('quarterly budget forecast spreadsheet', 3, {}, 0.12)).toEqual([]);
  });

  it('lists the latest closed first when no words are given', async () => {
    const archive = archiveOf(all);
    const hits = await archive.search({ text: '', limit: 2 });
    expect(hits.map((h) => h.ticket.code)).toEqual([stampante.code, withdrawn.code]);
  });

  it('takes a ticket closed a moment ago at once, and each ticket only once', async () => {
    const archive = archiveOf(all);
    const fresh = closed({ text: 'Outlook crashes when opening the calendar', resolution: 'Repaired the Office install' });
    expect(archive.noteClosed(fresh)).toBe(true);
    expect(archive.noteClosed(fresh)).toBe(false);
    expect(archive.noteClosed({ ...fresh, code: 'IT-999', status: 'open', closedAt: undefined })).toBe(false);
    const [first] = await archive.search({ text: 'outlook calendar crash', limit: 1 });
    expect(first!.ticket.code).toBe(fresh.code);
    expect(archive.index.size).toBe(all.length + 1);
  });

  it('never returns a ticket taken out, and takes its new version back', async () => {
    const archive = archiveOf(all);
    expect(archive.index.remove(vpn.code)).toBe(true);
    expect(archive.index.remove(vpn.code)).toBe(false);
    expect((await archive.search({ text: 'vpn drops', limit: 5 })).map((h) => h.ticket.code)).not.toContain(vpn.code);
    expect((await archive.search({ text: '', limit: 10 })).map((h) => h.ticket.code)).not.toContain(vpn.code);
    expect(archive.noteClosed({ ...vpn, requester: { platform: 'web', userId: 'erased', name: 'erased' } })).toBe(true);
    const [back] = await archive.search({ text: 'vpn disconnects', limit: 1 });
    expect(back!.ticket.requester.userId).toBe('erased');
  });

  it('blends meaning in when a semantic tier answers, and falls back to words when it is slow', async () => {
    const meaning = new Map([
      ['q', Float32Array.from([1, 0])],
      [vpn.title, Float32Array.from([1, 0])],
    ]);
    const semantic = {
      queryVector: async () => meaning.get('q')!,
      vectorsFor: async (texts: readonly string[]) => texts.map((t) => (t.startsWith(vpn.title) ? meaning.get(vpn.title)! : Float32Array.from([0, 1]))),
    };
    const archive = createArchive({ logger: quiet, semantic });
    for (const t of all) archive.noteClosed(t);
    // "every" is shared by the printer and the VPN tickets: meaning picks the VPN one.
    const [first] = await archive.search({ text: 'every connection drops', limit: 1 });
    expect(first!.ticket.code).toBe(vpn.code);
    const slow = createArchive({ logger: quiet, semanticBudgetMs: 20, semantic: { ...semantic, queryVector: () => new Promise<Float32Array>(() => undefined) } });
    for (const t of all) slow.noteClosed(t);
    const lexical = (await slow.search({ text: 'every connection drops', limit: 2 })).map((h) => h.ticket.code);
    expect(lexical.length).toBe(2);
  });
});

describe('archive filters as typed', () => {
  const depts = ['it', 'hr'];
  it('reads days in UTC with --to included, and names what is wrong', () => {
    expect(readArchiveFilters({ from: '2026-01-01', to: '2026-01-31' }, depts)).toEqual({ filters: { from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 1, 1) } });
    expect(readArchiveFilters({ from: '2026-02-30' }, depts)).toEqual({ problem: { kind: 'date', flag: 'from', value: '2026-02-30' } });
    expect(readArchiveFilters({ from: '2026-03-01', to: '2026-02-01' }, depts)).toMatchObject({ problem: { kind: 'range' } });
    expect(readArchiveFilters({ department: 'legal' }, depts)).toMatchObject({ problem: { kind: 'department', value: 'legal' } });
    expect(readArchiveFilters({ priority: 'P9' }, depts)).toMatchObject({ problem: { kind: 'priority' } });
    expect(readArchiveFilters({ priority: 'alta', department: 'IT' }, depts)).toEqual({ filters: { priority: 'P2', departments: ['it'] } });
  });

  it('keeps an agent to their departments', () => {
    expect(withinReach({}, ['it'])).toEqual({ departments: ['it'] });
    expect(withinReach({ departments: ['hr'] }, ['it'])).toBeNull();
    expect(withinReach({ departments: ['hr'] }, undefined)).toEqual({ departments: ['hr'] });
  });

  it('parses ticket search and its Italian flags', () => {
    expect(parseCommand('ticket search printer jams --dept it --priority P2 --from 2026-01-01')).toEqual({ verb: 'search', words: 'printer jams', department: 'it', priority: 'P2', from: '2026-01-01' });
    expect(parseCommand('ticket cerca --reparto hr busta paga --dal 2026-01-01 --al 2026-02-01 --operatore sara')).toEqual({ verb: 'search', words: 'busta paga', department: 'hr', from: '2026-01-01', to: '2026-02-01', agent: 'sara' });
    expect(parseCommand('ticket search vpn --unknown x')).toEqual({ verb: 'search', words: 'vpn --unknown x' });
  });
});
