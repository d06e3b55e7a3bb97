// The leads' pages over real HTTP on 127.0.0.1, on the desk `npm start` composes:
// forms posted as a browser posts them, answers read as a person reads them.
// Run once per store.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FaqEntry } from '../../src/index.js';
import { startLeadServer, type LeadServer } from '../support/lead-console.js';
import { post } from '../support/server.js';
import type { StoreEnv } from '../support/server-stores.js';

const LEAD = 'lead-token';
const AGENT = 'agent-token';
const ITALIAN_LEAD = 'italian-lead-token';

type Fields = [string, string][];

/** The text of an element by id, tags stripped and entities of our escaping undone. */
function textById(page: string, id: string): string | null {
  const m = new RegExp(`<(\\w+)[^>]*\\sid="${id}"[^>]*>([\\s\\S]*?)</\\1>`).exec(page);
  return m ? unescape(m[2]!.replace(/<[^>]+>/g, '')).trim() : null;
}
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const textOf = (page: string) => unescape(page.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');

export function runLeadPagesFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`leads' pages in the console, on ${name}`, () => {
    let storage: StoreEnv;
    let s: LeadServer;

    const get = (path: string, token?: string) =>
      fetch(s.base + path, { redirect: 'manual', headers: token ? { authorization: `Bearer ${token}` } : {} });
    const send = (path: string, token: string | undefined, fields: Fields, extra: Record<string, string> = {}) =>
      fetch(s.base + path, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: s.base, ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra },
        body: new URLSearchParams([...(token ? [['csrf', `csrf-${token}`]] : []), ...fields]).toString(),
      });
    const agentFields = (o: Record<string, string | string[]>): Fields =>
      Object.entries(o).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v] as [string, string]]));

    beforeAll(async () => {
      storage = await storeEnv();
      s = await startLeadServer(storage.env);
      const { store } = s.composition;
      await store.saveAgent({ platform: 'web', userId: 'laura', name: 'Laura', departments: ['it', 'hr'], tier: 2, role: 'lead', locale: 'en' });
      await store.saveAgent({ platform: 'slack', userId: 'U0ALDO', name: 'Aldo', departments: ['it'], tier: 1, role: 'agent', locale: 'it' });
      await store.saveAgent({ platform: 'web', userId: 'giulia', name: 'Giulia', departments: ['hr'], tier: 1, role: 'lead', locale: 'it' });
      await store.saveAgent({ platform: 'discord', userId: '42', name: 'Root', departments: ['it'], tier: 3, role: 'admin', grantedBy: 'discord-role:sysadmin' });
      s.tokens.set(LEAD, { platform: 'web', userId: 'laura' });
      s.tokens.set(AGENT, { platform: 'slack', userId: 'U0ALDO' });
      s.tokens.set(ITALIAN_LEAD, { platform: 'web', userId: 'giulia' });
    });
    afterAll(async () => {
      await s?.stop();
      await storage?.cleanup();
    });

    describe('who gets in', () => {
      it('sends someone not signed in to the sign-in page, for pages and forms alike', async () => {
        for (const res of [await get('/console/agents'), await get('/console/faq'), await send('/console/agents', undefined, [['name', 'x']])]) {
          expect(res.status).toBe(303);
          expect(res.headers.get('location')).toBe('/console/login');
        }
      });

      it('refuses an agent who is not a lead, in their language, and changes nothing', async () => {
        const page = await get('/console/agents', AGENT);
        expect(page.status).toBe(403);
        const text = textOf(await page.text());
        expect(text).toContain('Solo i responsabili e gli amministratori possono gestire agenti e FAQ.');
        const posted = await send('/console/agents', AGENT, agentFields({ mode: 'add', platform: 'web', user: 'sneaky', name: 'Sneaky', departments: 'it', tier: '3', role: 'admin' }));
        expect(posted.status).toBe(403);
        expect(await s.composition.store.getAgent('web', 'sneaky')).toBeNull();
        expect((await get('/console/faq/export', AGENT)).status).toBe(403);
      });

      it('refuses a form without its CSRF token or from another site', async () => {
        const fields = agentFields({ mode: 'add', platform: 'web', user: 'csrf-less', name: 'Nobody', departments: 'it', tier: '1', role: 'agent' });
        const noToken = await fetch(`${s.base}/console/agents`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${LEAD}`, origin: s.base },
          body: new URLSearchParams(fields).toString(),
        });
        expect(noToken.status).toBe(403);
        expect(textOf(await noToken.text())).toContain('This form expired or came from another site');
        const foreign = await send('/console/agents', LEAD, fields, { origin: 'https://evil.example' });
        expect(foreign.status).toBe(403);
        expect(await s.composition.store.getAgent('web', 'csrf-less')).toBeNull();
      });
    });

    describe('agents', () => {
      it('shows a bad tier under its field, keeps what was typed, then lists the agent once it is valid', async () => {
        const typed = { mode: 'add', platform: 'teams', user: '6f1c-aad-object', name: 'Marta Rossi', departments: ['it', 'hr'], tier: '7', role: 'agent', locale: 'it' };
        const refused = await send('/console/agents', LEAD, agentFields(typed));
        expect(refused.status).toBe(422);
        const page = await refused.text();
        expect(textById(page, 'agent-tier-error')).toBe('The tier must be 1, 2 or 3.');
        expect(page).toMatch(/<select id="agent-tier" name="tier" aria-describedby="agent-tier-error" aria-invalid="true"/);
        expect(textById(page, 'form-errors')).toContain('Tier: The tier must be 1, 2 or 3.');
        expect(page).toContain('value="Marta Rossi"');
        expect(page).toMatch(/value="hr" checked/);
        expect(await s.composition.store.getAgent('teams', '6f1c-aad-object')).toBeNull();

        const saved = await send('/console/agents', LEAD, agentFields({ ...typed, tier: '2' }));
        expect(saved.status).toBe(303);
        const next = await get(saved.headers.get('location')!, LEAD);
        const list = textOf(await next.text());
        expect(list).toContain('teams:6f1c-aad-object saved.');
        expect(list).toMatch(/Marta Rossi teams:6f1c-aad-object IT, Human resources L2 agent by hand/);
        expect(await s.composition.store.getAgent('teams', '6f1c-aad-object')).toEqual({
          platform: 'teams', userId: '6f1c-aad-object', name: 'Marta Rossi', departments: ['it', 'hr'], tier: 2, role: 'agent', locale: 'it',
        });
      });

      it('words every wrong field in Italian for an Italian lead, the CLI rules underneath', async () => {
        const res = await send('/console/agents', ITALIAN_LEAD, agentFields({ mode: 'add', platform: 'fax', user: '  ', name: '', departments: 'legal', tier: '1.5', role: 'boss' }));
        expect(res.status).toBe(422);
        const page = await res.text();
        expect(textById(page, 'agent-platform-error')).toBe('Scegli una piattaforma: web, Slack, Teams o Discord.');
        expect(textById(page, 'agent-user-error')).toBe("Inserisci l'id utente della persona su quella piattaforma.");
        expect(textById(page, 'agent-name-error')).toBe('Inserisci un nome.');
        expect(textById(page, 'agent-departments-error')).toBe('Scegli tra i reparti configurati: it, hr, finance, facilities.');
        expect(textById(page, 'agent-tier-error')).toBe('Il livello deve essere 1, 2 o 3.');
        expect(textById(page, 'agent-role-error')).toBe('Scegli operatore, responsabile o amministratore.');
        expect(page).toContain('<html lang="it">');
      });

      it('takes user ids that are prototype names as plain words', async () => {
        for (const user of ['__proto__', 'constructor', 'hasOwnProperty']) {
          const res = await send('/console/agents', LEAD, agentFields({ mode: 'add', platform: 'web', user, name: `Odd ${user}`, departments: 'it', tier: '1', role: 'agent' }));
          expect(res.status).toBe(303);
          expect((await s.composition.store.getAgent('web', user))?.name).toBe(`Odd ${user}`);
        }
        const edit = await get(`/console/agents/edit?platform=web&user=__proto__`, LEAD);
        expect(edit.status).toBe(200);
        expect(textOf(await edit.text())).toContain('Change Odd __proto__');
        const missing = await get(`/console/agents/edit?platform=web&user=toString`, LEAD);
        expect(missing.status).toBe(404);
        expect(textOf(await missing.text())).toContain('web:toString is not an agent (any more).');
      });

      it('does not add someone twice: the second add points to the list', async () => {
        const res = await send('/console/agents', LEAD, agentFields({ mode: 'add', platform: 'slack', user: 'U0ALDO', name: 'Aldo again', departments: 'it', tier: '1', role: 'agent' }));
        expect(res.status).toBe(422);
        expect(textById(await res.text(), 'agent-user-error')).toBe('slack:U0ALDO is already an agent: change them from the list.');
        expect((await s.composition.store.getAgent('slack', 'U0ALDO'))?.name).toBe('Aldo');
      });

      it('changes an agent, and removes one after the confirmation page', async () => {
        const form = await get('/console/agents/edit?platform=slack&user=U0ALDO', LEAD);
        expect(textOf(await form.text())).toContain('slack:U0ALDO');
        const changed = await send('/console/agents', LEAD, agentFields({ mode: 'change', platform: 'slack', user: 'U0ALDO', name: 'Aldo Bianchi', departments: ['it', 'facilities'], tier: '3', role: 'lead', locale: 'it' }));
        expect(changed.status).toBe(303);
        expect(await s.composition.store.getAgent('slack', 'U0ALDO')).toMatchObject({ name: 'Aldo Bianchi', departments: ['it', 'facilities'], tier: 3, role: 'lead' });

        const confirm = await get('/console/agents/remove?platform=slack&user=U0ALDO', LEAD);
        expect(textOf(await confirm.text())).toContain('Remove Aldo Bianchi? Aldo Bianchi (slack:U0ALDO) will no longer see queues or work tickets.');
        expect(await s.composition.store.getAgent('slack', 'U0ALDO')).not.toBeNull();
        const removed = await send('/console/agents/remove', LEAD, [['platform', 'slack'], ['user', 'U0ALDO']]);
        expect(removed.status).toBe(303);
        expect(textOf(await (await get(removed.headers.get('location')!, LEAD)).text())).toContain('slack:U0ALDO removed.');
        expect(await s.composition.store.getAgent('slack', 'U0ALDO')).toBeNull();
        await s.composition.store.saveAgent({ platform: 'slack', userId: 'U0ALDO', name: 'Aldo', departments: ['it'], tier: 1, role: 'agent', locale: 'it' });
      });

      it('never lets a lead lock themselves out, nor touch or make an admin', async () => {
        const selfRemove = await send('/console/agents/remove', LEAD, [['platform', 'web'], ['user', 'laura']]);
        expect(selfRemove.status).toBe(403);
        expect(textOf(await selfRemove.text())).toContain('You cannot remove yourself');
        const demote = await send('/console/agents', LEAD, agentFields({ mode: 'change', platform: 'web', user: 'laura', name: 'Laura', departments: 'it', tier: '2', role: 'agent' }));
        expect(demote.status).toBe(422);
        expect(textById(await demote.text(), 'agent-role-error')).toBe('You cannot take away your own lead rights: ask another lead or an admin.');
        const crown = await send('/console/agents', LEAD, agentFields({ mode: 'change', platform: 'web', user: 'giulia', name: 'Giulia', departments: 'hr', tier: '1', role: 'admin' }));
        expect(textById(await crown.text(), 'agent-role-error')).toBe('Only an admin can make someone an admin.');
        const admin = await send('/console/agents/remove', LEAD, [['platform', 'discord'], ['user', '42']]);
        expect(admin.status).toBe(403);
        expect(await s.composition.store.getAgent('web', 'laura')).toMatchObject({ role: 'lead' });
        expect(await s.composition.store.getAgent('web', 'giulia')).toMatchObject({ role: 'lead' });
        expect(await s.composition.store.getAgent('discord', '42')).toMatchObject({ role: 'admin' });
        // Who granted the admin's rights is on the list.
        expect(textOf(await (await get('/console/agents', LEAD)).text())).toMatch(/Root discord:42 IT L3 admin discord-role:sysadmin/);
      });
    });

    describe('FAQ', () => {
      let before: FaqEntry[];
      beforeEach(async () => {
        before = await s.composition.store.listFaqs();
      });

      it('finds entries by words of their questions and answers, in either language, accents and case aside', async () => {
        const page = textOf(await (await get('/console/faq?q=STAMPANTE', LEAD)).text());
        expect(page).toContain('it-printer-add');
        expect(page).not.toContain('it-vpn-connect');
        const english = textOf(await (await get('/console/faq?q=office+profile', LEAD)).text());
        expect(english).toContain('it-vpn-connect');
        expect(english).toMatch(/1 of \d+ entries/);
      });

      it('answers in the web chat with an entry edited on the page, from the next message', async () => {
        const ask = () => post(s.base, '/web/api/messages', { user: { id: 'piero', name: 'Piero', locale: 'it' }, text: 'ciao, qual è la password del wifi per gli ospiti??' });
        expect(JSON.stringify((await ask()).body.replies)).toContain('Sportello-Guest');

        const changes = s.faqChanges();
        const form = await (await get('/console/faq/edit?id=it-wifi-guest', LEAD)).text();
        expect(form).toContain('readonly');
        const guest = before.find((e) => e.id === 'it-wifi-guest')!;
        const saved = await send('/console/faq', LEAD, [
          ['editing', 'it-wifi-guest'],
          ['id', 'it-wifi-guest'],
          ['department', 'it'],
          ['questions', guest.questions.join('\n')],
          ['answer_it', 'Dal 1° dicembre la rete ospiti è GlobalGuest: il codice lo stampa la reception'],
          ['answer_en', 'From 1 December the guest network is GlobalGuest: reception prints the code'],
        ]);
        expect(saved.status).toBe(303);
        // The desk's matcher is told before the page answers, so the very next message uses the entry.
        expect(s.faqChanges()).toBe(changes + 1);
        expect(textOf(await (await get(saved.headers.get('location')!, LEAD)).text())).toContain('Entry it-wifi-guest saved');

        const answer = JSON.stringify((await ask()).body.replies);
        expect(answer).toContain('GlobalGuest');
        expect(answer).not.toContain('Sportello-Guest');
        const stored = (await s.composition.store.listFaqs()).find((e) => e.id === 'it-wifi-guest')!;
        expect(stored.questions).toEqual(guest.questions);
      });

      it('adds an entry, showing each wrong field first', async () => {
        const wrong = await send('/console/faq', ITALIAN_LEAD, [['id', 'hr-buoni-pasto'], ['department', 'hr'], ['questions', '\n?!\n'], ['answer_it', ''], ['answer_en', '  ']]);
        expect(wrong.status).toBe(422);
        const page = await wrong.text();
        expect(textById(page, 'faq-questions-error')).toBe('Domanda 1: Serve almeno una parola (lettere o cifre).');
        expect(textById(page, 'faq-answer-error')).toBe('Scrivi la risposta in italiano o in inglese (o in entrambe).');
        const taken = await send('/console/faq', LEAD, [['id', 'it-vpn-connect'], ['department', 'it'], ['questions', 'vpn?'], ['answer_en', 'x']]);
        expect(textById(await taken.text(), 'faq-id-error')).toBe('This id is already used: edit that entry instead, or choose another id.');
        expect(await s.composition.store.listFaqs()).toEqual(before);

        const added = await send('/console/faq', ITALIAN_LEAD, [
          ['id', 'hr-buoni-pasto'], ['department', 'hr'], ['questions', 'quando arrivano i buoni pasto?\nmeal vouchers when'], ['answer_it', 'Il 10 di ogni mese, sulla app.'], ['answer_en', ''],
        ]);
        expect(added.status).toBe(303);
        const reply = await post(s.base, '/web/api/messages', { user: { id: 'sara', name: 'Sara', locale: 'it' }, text: 'quando arrivano i buoni pasto' });
        expect(JSON.stringify(reply.body.replies)).toContain('Il 10 di ogni mese');
      });

      it('refuses an import with a bad entry, naming each entry and field, and writes nothing', async () => {
        const revision = await s.composition.store.faqRevision();
        const changesBefore = s.faqChanges();
        const kb = {
          faqs: [
            { id: 'fin-rimborsi', department: 'finance', questions: ['come chiedo un rimborso spese?'], answer: { it: 'Dal portale note spese.' } },
            { id: 'fin-busta', department: 'finance', questions: ['dove trovo la busta paga'], answer: {} },
            { id: 'legal-nda', department: 'legal', questions: ['serve un NDA?'], answer: { en: 'Ask legal.' } },
            { id: 'fin-busta', department: 'finance', questions: ['cedolino'], answer: { it: 'Sul portale.' } },
          ],
        };
        const res = await send('/console/faq/import', LEAD, [['kb', JSON.stringify(kb, null, 2)]]);
        expect(res.status).toBe(422);
        const page = await res.text();
        const problems = textById(page, 'import-errors')!;
        expect(problems).toContain('Nothing was imported: 3 problems.');
        expect(problems).toContain('Entry 2 (id "fin-busta"), answer: Write the answer in Italian or in English (or both).');
        expect(problems).toContain('Entry 3 (id "legal-nda"), department: Choose one of the configured departments.');
        expect(problems).toContain('Entry 4 (id "fin-busta"), id: This id is used by another entry.');
        // What was pasted comes back to be fixed.
        expect(unescape(page)).toContain('"id": "fin-rimborsi"');
        expect(await s.composition.store.faqRevision()).toBe(revision);
        expect(s.faqChanges()).toBe(changesBefore);
        expect((await s.composition.store.listFaqs()).some((e) => e.id === 'fin-rimborsi')).toBe(false);

        const notJson = await send('/console/faq/import', LEAD, [['kb', '{"faqs": [']]);
        expect(textById(await notJson.text(), 'import-errors')).toMatch(/The knowledge base: This is not JSON/);
      });

      it('exports the import format, and the export imports back unchanged', async () => {
        const res = await get('/console/faq/export', LEAD);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-disposition')).toBe('attachment; filename="sportello-faq.json"');
        const text = await res.text();
        expect(JSON.parse(text)).toEqual({ faqs: before });
        const changes = s.faqChanges();
        const back = await send('/console/faq/import', LEAD, [['kb', text]]);
        expect(back.status).toBe(303);
        expect(s.faqChanges()).toBe(changes + 1);
        expect(textOf(await (await get(back.headers.get('location')!, LEAD)).text())).toContain(`Imported ${before.length} entries (0 new, ${before.length} replaced).`);
        expect(await s.composition.store.listFaqs()).toEqual(before);
      });

      it('keeps what the form does not show (tags, refused wordings), and takes prototype names as plain ids', async () => {
        await s.composition.store.upsertFaqs([
          { id: 'constructor', department: 'it', questions: ['come configuro il proxy?'], answer: { it: 'Automatico.' }, tags: ['proxy', 'rete'], refused: ['proxy del browser'] },
        ]);
        const form = await get('/console/faq/edit?id=constructor', LEAD);
        expect(textOf(await form.text())).toContain('Edit constructor');
        const saved = await send('/console/faq', LEAD, [['editing', 'constructor'], ['department', 'it'], ['questions', 'come configuro il proxy?'], ['answer_it', 'Automatico, via PAC.']]);
        expect(saved.status).toBe(303);
        expect((await s.composition.store.listFaqs()).find((e) => e.id === 'constructor')).toEqual({
          id: 'constructor', department: 'it', questions: ['come configuro il proxy?'], answer: { it: 'Automatico, via PAC.' }, tags: ['proxy', 'rete'], refused: ['proxy del browser'],
        });
        const proto = await send('/console/faq', LEAD, [['id', '__proto__'], ['department', 'it'], ['questions', 'what is a prototype?'], ['answer_en', 'A word like any other.']]);
        expect(proto.status).toBe(303);
        expect(textOf(await (await get('/console/faq?q=prototype', LEAD)).text())).toContain('__proto__');
      });

      it('shows a stored entry that is not valid (written by hand) and lets a lead mend it', async () => {
        await s.composition.store.upsertFaqs([{ id: 'hand-made', department: 'it', answer: { it: 'scritta a mano' } } as unknown as FaqEntry]);
        const list = await get('/console/faq?q=mano', LEAD);
        expect(list.status).toBe(200);
        expect(textOf(await list.text())).toContain('hand-made');
        const mended = await send('/console/faq', LEAD, [['editing', 'hand-made'], ['department', 'it'], ['questions', 'chi ha scritto questa voce a mano?'], ['answer_it', 'scritta a mano']]);
        expect(mended.status).toBe(303);
        expect((await s.composition.store.listFaqs()).find((e) => e.id === 'hand-made')?.questions).toEqual(['chi ha scritto questa voce a mano?']);
      });

      it('takes a pasted knowledge base far larger than an ordinary request', async () => {
        const faqs = Array.from({ length: 160 }, (_, i) => ({
          id: `facilities-room-${i}`,
          department: 'facilities',
          questions: [`how do I book meeting room ${i} on floor ${i % 7}?`, `prenotare la sala riunioni ${i}`],
          answer: { en: `Room ${i} is booked from the calendar: pick "Rooms", then room ${i}. ${'Bring your badge. '.repeat(8)}`, it: `La sala ${i} si prenota dal calendario.` },
        }));
        const text = JSON.stringify({ faqs }, null, 2);
        expect(new URLSearchParams([['kb', text]]).toString().length).toBeGreaterThan(64 * 1024);
        // Nobody else gets the large body read: refused before it arrives.
        expect((await send('/console/faq/import', undefined, [['kb', text]])).status).toBe(401);
        expect((await send('/console/faq/import', AGENT, [['kb', text]])).status).toBe(403);
        const res = await send('/console/faq/import', LEAD, [['kb', text]]);
        expect(res.status).toBe(303);
        expect(res.headers.get('location')).toBe('/console/faq?done=imported&count=160&added=160');
      });

      it('imports new entries that answer at once', async () => {
        const kb = { faqs: [{ id: 'facilities-parking', department: 'facilities', questions: ['where can I park my bike?', 'parcheggio bici'], answer: { en: 'Bike racks are behind building B.' } }] };
        const res = await send('/console/faq/import', LEAD, [['kb', JSON.stringify(kb)]]);
        expect(res.status).toBe(303);
        const reply = await post(s.base, '/web/api/messages', { user: { id: 'tom', name: 'Tom', locale: 'en' }, text: 'hi! where can i park my bike pls' });
        expect(JSON.stringify(reply.body.replies)).toContain('Bike racks are behind building B.');
      });
    });
  });
}
