// The privacy part of the store contract, run on SQLite and Mongo: a person's
// data exported, then erased from every table or collection (searched behind the
// store's back) while the figures reports read stay the same; erasing twice is
// harmless; the audit names nobody; retention takes only old closed tickets.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  newPseudonym, textHash, type ChangeRecord, type PersonRef, type RecordOf, type Store, type Ticket, type TicketFile, type TicketStatus,
} from '../../src/index.js';
import { makeDraft, makeEvent } from '../support/factories.js';
import { tracesOf, type DumpedRecord } from '../support/store-dump.js';

export interface PrivacyHarness {
  connect(): Promise<Store>;
  cleanup(): Promise<void>;
  /** Every record of every table or collection, read without the store. */
  dump(): Promise<DumpedRecord[]>;
  /** The tables or collections there are now. */
  tables(): Promise<string[]>;
  /** Those the store handles, and those it says hold nobody's data. */
  handled: readonly string[];
  notPersonal: readonly string[];
}

const T0 = 1_780_000_000_000;
const DAY = 24 * 3600_000;

export const requester: PersonRef = { platform: 'web', userId: 'w-7f3kq9', name: 'Ottavia Quercioli', locale: 'it' };
export const agent: PersonRef = { platform: 'slack', userId: 'U0ZAGENT77', name: 'Bruno Vasari' };
const other: PersonRef = { platform: 'teams', userId: 'T-luisa-88', name: 'Luisa Ferri' };

const recordOf =
  (actor: PersonRef): RecordOf =>
  (t) =>
    ({
      id: `${t.code}#${t.version}`,
      at: t.updatedAt,
      ticket: t,
      event: { kind: 'reply', text: null, actor },
      previousAssignee: null,
      outbound: [{ to: { kind: 'person', person: t.requester }, reply: { text: `Update on ${t.code}` } }],
      card: { text: t.code },
      origin: { channel: 'web', person: actor },
    }) as unknown as ChangeRecord;

/** Two tickets of the requester worked by the agent (one closed long ago), one of someone else that mentions both. */
async function seed(store: Store): Promise<{ old: Ticket; recent: Ticket; theirs: Ticket }> {
  // The addresses their platforms vouched for: hers goes with her, Luisa's stays.
  await store.linkAddress(requester, 'ottavia.q@acme.it', T0);
  await store.linkAddress(other, 'luisa.ferri@acme.it', T0);
  const opened = await store.create(
    makeDraft({ requester, title: 'VPN giù', description: 'La VPN non si collega dal portatile di Ottavia', createdAt: T0, priority: 'P2' }),
    'IT',
    makeEvent({ actor: requester, text: 'La VPN non si collega dal portatile di Ottavia', at: T0 }),
  );
  let old = await store.update({ ...opened, status: 'in_progress', assignee: agent }, 1, makeEvent({ kind: 'claimed', actor: agent, at: T0 + 1000 }));
  old = await store.update(old, old.version, makeEvent({ kind: 'reply', actor: agent, text: 'Ciao Ottavia, provo a reimpostare il profilo', at: T0 + 2000 }), recordOf(agent));
  old = await store.update(old, old.version, makeEvent({ kind: 'message', actor: requester, text: 'Grazie Bruno, il mio numero è 333 1234567', at: T0 + 3000 }));
  old = await store.update(
    { ...old, status: 'closed', resolvedBy: agent, resolution: 'Profilo VPN reimpostato', closedAt: T0 + 4000, updatedAt: T0 + 4000, rating: { score: 4, comment: 'Bruno è stato gentile', at: T0 + 5000 } },
    old.version,
    makeEvent({ kind: 'confirmed', actor: requester, at: T0 + 4000 }),
  );
  const recent = await store.create(
    makeDraft({ requester, department: 'hr', priority: 'P3', title: 'Ferie', description: 'Vorrei sapere i miei giorni di ferie', createdAt: T0 + 40 * DAY }),
    'HR',
    makeEvent({ actor: requester, text: 'Vorrei sapere i miei giorni di ferie', at: T0 + 40 * DAY }),
    recordOf(requester),
  );
  const theirs = await store.create(
    makeDraft({ requester: other, priority: 'P1', title: 'Stampante', description: 'Stesso problema di Ottavia Quercioli', createdAt: T0 + 100 }),
    'IT',
    makeEvent({ actor: other, text: 'Stesso problema di Ottavia Quercioli', at: T0 + 100 }),
  );
  await store.update({ ...theirs, assignee: agent, status: 'in_progress' }, 1, makeEvent({ kind: 'note', actor: agent, text: 'Chiedo a U0ZAGENT77 di verificare', at: T0 + 200 }));

  await store.saveAgent({ platform: agent.platform, userId: agent.userId, name: agent.name, departments: ['it'], tier: 1, role: 'agent' });
  await store.appendHistory(requester, [
    { at: T0, from: 'person', data: JSON.stringify({ text: 'come resetto la password?' }) },
    { at: T0 + 1, from: 'desk', data: JSON.stringify({ text: 'Ecco come fare, Ottavia' }) },
  ]);
  await store.appendHistory(other, [{ at: T0, from: 'pushed', data: JSON.stringify({ text: 'Bruno Vasari sta lavorando al tuo ticket' }) }]);
  await store.hold(requester, { text: 'Risposta per te' }, T0);
  await store.saveOffer({ id: 'offer-1', requester, text: 'come resetto la password?', faqId: 'pwd', createdAt: T0 });
  await store.noteWording({ id: 'wd-1', entryId: 'pwd', key: 'come resetto password', text: 'come resetto la password?', source: 'ticket', at: T0 }, { kind: 'person', platform: requester.platform, userId: requester.userId });
  await store.noteRefusal({ entryId: 'pwd', key: 'reset password ottavia', text: 'reset password per Ottavia', at: T0 });
  await store.saveEmbeddings('model-x', [{ hash: textHash('query', 'come resetto la password?'), vector: new Float32Array([1, 2, 3]) }]);
  await store.rememberOnce(`web:${requester.userId}:evt-1`, T0);
  await store.setRef(`intake:${requester.platform}:${requester.userId}`, JSON.stringify({ offer: 'offer-1' }));
  await store.saveSignInLink('link-hash', { platform: agent.platform, userId: agent.userId, expiresAt: T0 + DAY });
  await store.saveConsoleSession('session-hash', { platform: agent.platform, userId: agent.userId, csrf: 'c', expiresAt: T0 + DAY });
  await store.setWeeklyRota('it', 1, { shifts: [{ days: ['mon'], from: 0, to: 600, people: [`${agent.platform}:${agent.userId}`] }], setBy: `${agent.platform}:${agent.userId}`, setAt: T0 } as never);
  return { old, recent, theirs };
}

/** What the reports read: tickets by department, priority and status, and the ratings' scores. */
async function figures(store: Store) {
  const codes = ['IT-1', 'IT-2', 'HR-1'];
  const tickets = (await Promise.all(codes.map((c) => store.get(c)))).filter((t): t is Ticket => t !== null);
  const counts: Record<TicketStatus, number> = await store.countByStatus();
  return {
    counts,
    tickets: tickets.map((t) => [t.code, t.department, t.priority, t.status, t.createdAt, t.closedAt ?? null, t.rating?.score ?? null, t.channel]),
  };
}

/** Files on tickets: hers (one with the same bytes as one of Luisa's), the agent's on her ticket (one internal), the agent's on Luisa's. */
async function seedFiles(store: Store) {
  const bytes = { shared: randomBytes(3000), hers: randomBytes(2000), guide: randomBytes(1000), log: randomBytes(500), luisas: randomBytes(700) };
  const put = async (b: Buffer, mime: string) => (await store.putFile(b, mime)).id;
  const id = {
    shared: await put(bytes.shared, 'image/png'),
    hers: await put(bytes.hers, 'image/jpeg'),
    guide: await put(bytes.guide, 'application/pdf'),
    log: await put(bytes.log, 'text/plain'),
    luisas: await put(bytes.luisas, 'image/png'),
  };
  const file = (fid: string, name: string, by: PersonRef, version: number, over: Partial<TicketFile> = {}): TicketFile => ({ id: fid, name, mime: 'image/png', size: 10, at: T0 + version, version, by, ...over });
  const mine = await store.create(
    makeDraft({ requester, title: 'Errore VPN', description: 'Allego lo screenshot', createdAt: T0, files: [file(id.shared, 'errore-di-ottavia.png', requester, 1)] }),
    'IT',
    makeEvent({ actor: requester, text: 'Allego lo screenshot', at: T0 }),
  );
  let t = await store.update({ ...mine, files: [...mine.files!, file(id.hers, 'foto-scrivania-ottavia.jpg', requester, 2)] }, 1, makeEvent({ kind: 'message', actor: requester, text: 'anche questa', at: T0 + 2 }));
  t = await store.update({ ...t, files: [...t.files!, file(id.guide, 'guida VPN per Ottavia Quercioli.pdf', agent, 3)] }, t.version, makeEvent({ kind: 'reply', actor: agent, text: 'ecco la guida', at: T0 + 3 }));
  t = await store.update({ ...t, files: [...t.files!, file(id.log, 'log-interno.txt', agent, 4, { internal: true })] }, t.version, makeEvent({ kind: 'note', actor: agent, text: 'log', at: T0 + 4 }));
  const luisa = await store.create(
    makeDraft({ requester: other, title: 'Stesso errore', description: 'Stesso errore', createdAt: T0 + 10, files: [file(id.shared, 'errore.png', other, 1), file(id.luisas, 'luisa.png', other, 1)] }),
    'IT',
    makeEvent({ actor: other, text: 'Stesso errore', at: T0 + 10 }),
  );
  return { bytes, id, mine: t, luisa };
}

export function runPersonalDataContract(name: string, harness: () => Promise<PrivacyHarness>): void {
  describe(`${name} personal data contract`, () => {
    const withStore = async (use: (store: Store, h: PrivacyHarness) => Promise<void>) => {
      const h = await harness();
      const store = await h.connect();
      try {
        await use(store, h);
      } finally {
        await store.close();
        await h.cleanup();
      }
    };

    it('exports what it holds about a person: tickets asked and worked, transcripts, chat, phrasings, sessions, rota', async () => {
      await withStore(async (store) => {
        await seed(store);
        const mine = await store.exportPerson(requester, T0);
        expect(mine.person).toEqual({ platform: 'web', userId: requester.userId });
        const text = JSON.stringify(mine.records);
        for (const expected of ['La VPN non si collega', 'Vorrei sapere i miei giorni di ferie', 'come resetto la password?', 'Risposta per te', '333 1234567', 'Bruno è stato gentile']) {
          expect(text).toContain(expected);
        }
        expect(Object.keys(mine.records)).toEqual(expect.arrayContaining(['tickets', 'ticket_events', 'chat_history', 'held_messages', 'faq_offers', 'faq_wordings', 'refs', 'deliveries']));
        // Someone else's ticket that only names them is that person's data, not theirs: found by id, never by name.
        expect(text).not.toContain('Stesso problema di Ottavia Quercioli');

        const theirs = await store.exportPerson(agent, T0);
        expect(Object.keys(theirs.records)).toEqual(expect.arrayContaining(['tickets', 'ticket_events', 'agents', 'console_sessions', 'oncall_weekly']));
        expect(Object.keys(theirs.records).some((k) => k.startsWith('console_'))).toBe(true);
      });
    });

    it('erases a requester and an agent leaving no trace of their ids or names anywhere, with the figures unchanged', async () => {
      await withStore(async (store, h) => {
        await seed(store);
        const before = await figures(store);
        const erasedRequester = await store.erasePerson(requester, { pseudonym: newPseudonym(), at: T0 + 50 * DAY, by: 'cli:ops' });
        const erasedAgent = await store.erasePerson(agent, { pseudonym: newPseudonym(), at: T0 + 50 * DAY, by: 'cli:ops' });
        expect(erasedRequester.counts.tickets).toBe(3);
        expect(erasedAgent.counts.agents).toBe(1);

        const dump = await h.dump();
        for (const needle of [requester.userId, 'Ottavia Quercioli', agent.userId, 'Bruno Vasari', '333 1234567', 'giorni di ferie', 'come resetto']) {
          expect(tracesOf(dump, needle), needle).toEqual([]);
        }
        // Someone else keeps theirs.
        expect(tracesOf(dump, 'Luisa Ferri').length).toBeGreaterThan(0);
        expect(await figures(store)).toEqual(before);

        // The tickets still read, and say what happened; their pseudonym groups their tickets.
        const old = (await store.get('IT-1'))!;
        const recent = (await store.get('HR-1'))!;
        expect(old.requester.userId).toBe(erasedRequester.pseudonym);
        expect(recent.requester.userId).toBe(erasedRequester.pseudonym);
        expect(old.assignee?.userId).toBe(erasedAgent.pseudonym);
        expect(old.rating).toEqual({ score: 4, at: T0 + 5000 });
        expect((await store.events('IT-1')).at(-1)?.kind).toBe('pseudonymised');
        expect(await store.byRequester(requester.platform, requester.userId, { limit: 10 })).toEqual([]);
        expect(await store.getAgent(agent.platform, agent.userId)).toBeNull();
        expect(await store.historyOf(requester, 10)).toEqual([]);
        expect(await store.addressOf(requester.platform, requester.userId)).toBeNull();
        expect(await store.identitiesOf('luisa.ferri@acme.it')).toEqual([{ platform: other.platform, userId: other.userId }]);

        // A copy read before the erase cannot write the person back.
        await expect(store.update({ ...old, version: old.version - 1 }, old.version - 1, makeEvent({ kind: 'note', actor: other }))).rejects.toMatchObject({
          code: 'STORE.CONFLICT',
        });
      });
    });

    it('finds a person by their id, never by a name or part of one they share with others', async () => {
      await withStore(async (store, h) => {
        const rossi: PersonRef = { platform: 'web', userId: 'w-rossi', name: 'Anna Rossi' };
        const bianchi: PersonRef = { platform: 'slack', userId: 'U-BIANCHI', name: 'Anna Bianchi' };
        const will: PersonRef = { platform: 'web', userId: 'w-will', name: 'Will Smith' };
        const turner: PersonRef = { platform: 'slack', userId: 'U-TURNER', name: 'Will Turner' };
        for (const p of [rossi, will]) await store.create(makeDraft({ requester: p, title: 'x', description: 'x', createdAt: T0 }), 'IT', makeEvent({ actor: p, text: 'x', at: T0 }));
        await store.create(
          makeDraft({ requester: bianchi, title: 'Busta paga', description: 'La busta paga di marzo è sbagliata, IBAN IT60X0542811101000000123456', createdAt: T0 }),
          'HR',
          makeEvent({ actor: bianchi, text: 'La busta paga di marzo è sbagliata', at: T0 }),
          recordOf(bianchi),
        );
        const printer = await store.create(
          makeDraft({ requester: turner, title: 'Printer', description: 'The printer will not print', createdAt: T0 }),
          'IT',
          makeEvent({ actor: turner, text: 'The printer will not print', at: T0 }),
        );
        await store.setRef(`intake:${bianchi.platform}:${bianchi.userId}`, JSON.stringify({ name: 'Anna Bianchi' }));
        await store.rememberOnce('slack:U-BIANCHI:Anna-1', T0);
        await store.noteRefusal({ entryId: 'pay', key: 'anna busta paga', text: 'Anna: busta paga sbagliata', at: T0 });

        const exported = JSON.stringify((await store.exportPerson(rossi, T0)).records);
        for (const needle of ['IBAN', 'Busta paga', 'U-BIANCHI', 'Anna: busta paga']) expect(exported, needle).not.toContain(needle);

        const others = async () => (await h.dump()).filter((r) => /U-BIANCHI|U-TURNER|Anna Bianchi|Will Turner|will not print/.test(r.text)).map((r) => r.text).sort();
        const before = await others();
        const erasedRossi = await store.erasePerson(rossi, { pseudonym: newPseudonym(), at: T0 + DAY, by: 'cli:ops' });
        const erasedWill = await store.erasePerson(will, { pseudonym: newPseudonym(), at: T0 + DAY, by: 'cli:ops' });
        // Nothing of Anna Bianchi's or Will Turner's was rewritten or deleted: their tickets, pending outbox, refs, dedupe marks, refusals.
        expect(await others()).toEqual(before);
        expect(erasedRossi.counts.tickets).toBe(1);
        expect(erasedWill.counts.tickets).toBe(1);
        expect(await store.get(printer.code)).toMatchObject({ version: printer.version, description: 'The printer will not print', requester: turner });
        expect(await store.getRef(`intake:${bianchi.platform}:${bianchi.userId}`)).not.toBeNull();
        expect(await store.rememberOnce('slack:U-BIANCHI:Anna-1', T0 + DAY)).toBe(false);
      });
    });

    it('keeps an erased agent’s per-agent load consistent: the next change to their ticket leaves no negative count', async () => {
      await withStore(async (store) => {
        const now = Date.now();
        const carla: PersonRef = { platform: 'web', userId: 'w-carla', name: 'Carla Neri' };
        const t = await store.create(makeDraft({ requester: carla, title: 'x', description: 'x', createdAt: now }), 'IT', makeEvent({ actor: carla, text: 'x', at: now }));
        await store.update({ ...t, status: 'in_progress', assignee: agent }, 1, makeEvent({ kind: 'claimed', actor: agent, at: now + 1 }));
        const q = { fromDay: 0, toDay: Math.floor(now / DAY) + 2 };
        const held = async () => (await store.reportSums(q)).live.filter((c) => c.cell.startsWith('agent.held.'));
        expect((await held()).map((c) => c.n)).toEqual([1]);
        const erased = await store.erasePerson(agent, { pseudonym: newPseudonym(), at: now + 2, by: 'cli:ops' });
        expect(await held()).toEqual([expect.objectContaining({ cell: `agent.held.${agent.platform}:${erased.pseudonym}`, n: 1 })]);
        const current = (await store.get(t.code))!;
        await store.update(
          { ...current, status: 'closed', closedAt: now + 3, resolvedBy: current.assignee, resolution: 'ok' },
          current.version,
          makeEvent({ kind: 'confirmed', actor: current.assignee!, at: now + 3 }),
        );
        expect(await held()).toEqual([]);
        const sums = await store.reportSums(q);
        expect([...sums.live, ...sums.window].filter((c) => c.n < 0)).toEqual([]);
      });
    });

    it('erasing twice is harmless, and the audit names neither the person nor their data', async () => {
      await withStore(async (store) => {
        await seed(store);
        const first = await store.erasePerson(requester, { pseudonym: newPseudonym(), at: T0 + DAY, by: 'cli:ops' });
        const afterFirst = await store.get('IT-1');
        const second = await store.erasePerson(requester, { pseudonym: newPseudonym(), at: T0 + 2 * DAY, by: 'cli:ops' });
        expect(Object.values(second.counts).reduce((a, b) => a + b, 0)).toBe(0);
        expect(await store.get('IT-1')).toEqual(afterFirst);

        const audit = await store.privacyAudit(10);
        expect(audit.map((a) => [a.kind, a.by, a.pseudonym])).toEqual([
          ['erase', 'cli:ops', second.pseudonym],
          ['erase', 'cli:ops', first.pseudonym],
        ]);
        expect(audit[1]!.counts.tickets).toBe(3);
        const text = JSON.stringify(audit);
        for (const needle of [requester.userId, 'Ottavia', 'Quercioli']) expect(text).not.toContain(needle);
      });
    });

    it('retention pseudonymises the requesters of tickets closed before the cutoff only, once', async () => {
      await withStore(async (store) => {
        await seed(store);
        const run = await store.pseudonymiseClosedBefore({ before: T0 + 30 * DAY, at: T0 + 60 * DAY, by: 'retention', newPseudonym });
        expect(run.counts.tickets).toBe(1);
        const old = (await store.get('IT-1'))!;
        expect(old.requester.userId).toMatch(/^anon-/);
        expect(old.description).not.toContain('VPN');
        expect(old.assignee?.userId).toBe(agent.userId);
        const events = await store.events('IT-1');
        expect(JSON.stringify(events)).not.toContain('333 1234567');
        expect(JSON.stringify(events)).not.toContain(requester.userId);
        // Open tickets, and other people's, are left alone.
        expect((await store.get('HR-1'))!.requester).toEqual(requester);
        expect((await store.get('IT-2'))!.description).toContain('Ottavia');

        const again = await store.pseudonymiseClosedBefore({ before: T0 + 31 * DAY, at: T0 + 61 * DAY, by: 'retention', newPseudonym });
        expect(again.counts.tickets).toBe(0);
        expect(await store.get('IT-1')).toEqual(old);
        const audit = await store.privacyAudit(10);
        expect(audit.map((a) => [a.kind, a.through])).toEqual([
          ['retention', T0 + 31 * DAY],
          ['retention', T0 + 30 * DAY],
        ]);
      });
    });

    it('exports a person’s files (sent by them, or on their tickets and not internal) and erases the ones they sent, bytes included when no ticket lists them', async () => {
      await withStore(async (store, h) => {
        const { bytes, id, mine, luisa } = await seedFiles(store);
        const exported = await store.exportPerson(requester, T0);
        const listed = exported.files.map((f) => [f.ticket, f.name, f.sentByThem]).sort();
        expect(listed).toEqual(
          [
            [mine.code, 'errore-di-ottavia.png', true],
            [mine.code, 'foto-scrivania-ottavia.jpg', true],
            [mine.code, 'guida VPN per Ottavia Quercioli.pdf', false],
          ].sort(),
        );
        // The agent's: his file on her ticket and his internal note's file (she never saw it).
        expect((await store.exportPerson(agent, T0)).files.map((f) => f.name).sort()).toEqual(['guida VPN per Ottavia Quercioli.pdf', 'log-interno.txt']);

        const erased = await store.erasePerson(requester, { pseudonym: newPseudonym(), at: T0 + DAY, by: 'cli:ops' });
        expect(erased.counts.ticket_files).toBe(2);
        expect(erased.counts.files).toBe(1);
        // Her unique photo is gone; the screenshot Luisa sent too (same bytes) stays for Luisa.
        expect(await store.readFile(id.hers)).toBeNull();
        expect(Buffer.from((await store.readFile(id.shared))!).equals(bytes.shared)).toBe(true);
        expect(Buffer.from((await store.readFile(id.guide))!).equals(bytes.guide)).toBe(true);
        const after = (await store.get(mine.code))!;
        expect(after.files!.map((f) => [f.id, f.by.userId])).toEqual([
          [id.guide, agent.userId],
          [id.log, agent.userId],
        ]);
        expect(after.files![0]!.name).toBe(`guida VPN per ${erased.pseudonym}.pdf`);
        expect((await store.get(luisa.code))!.files).toEqual(luisa.files);
        // The shared bytes are listed by Luisa's ticket only now: still never dropped.
        expect(await store.dropFileIfUnused(id.shared)).toBe(false);
        const dump = await h.dump();
        for (const needle of ['errore-di-ottavia', 'foto-scrivania-ottavia', requester.userId, requester.name]) expect(tracesOf(dump, needle), needle).toEqual([]);
        const again = await store.erasePerson(requester, { pseudonym: newPseudonym(), at: T0 + 2 * DAY, by: 'cli:ops' });
        expect(again.counts.files ?? 0).toBe(0);
        expect(again.counts.ticket_files ?? 0).toBe(0);
      });
    });

    it('retention takes the requester’s own files off an old closed ticket, and their bytes; the agent’s stay', async () => {
      await withStore(async (store) => {
        const { bytes, id, mine } = await seedFiles(store);
        await store.update({ ...mine, status: 'closed', closedAt: T0 + 5000 }, mine.version, makeEvent({ kind: 'confirmed', actor: requester, at: T0 + 5000 }));
        const run = await store.pseudonymiseClosedBefore({ before: T0 + 30 * DAY, at: T0 + 60 * DAY, by: 'retention', newPseudonym });
        expect(run.counts).toMatchObject({ tickets: 1, ticket_files: 2, files: 1 });
        const retired = (await store.get(mine.code))!;
        expect(retired.files!.map((f) => f.id)).toEqual([id.guide, id.log]);
        expect(await store.readFile(id.hers)).toBeNull();
        expect(Buffer.from((await store.readFile(id.shared))!).equals(bytes.shared)).toBe(true);
        expect(Buffer.from((await store.readFile(id.log))!).equals(bytes.log)).toBe(true);
      });
    });

    it('lists every table or collection it has as personal (handled) or as holding no one’s data', async () => {
      await withStore(async (store, h) => {
        await seed(store);
        await seedFiles(store);
        await store.erasePerson(requester, { pseudonym: newPseudonym(), at: T0, by: 'cli:ops' });
        const known = new Set([...h.handled, ...h.notPersonal]);
        expect((await h.tables()).filter((t) => !known.has(t))).toEqual([]);
      });
    });
  });
}
