// FAQ drafts on the leads' console page over real HTTP: a lead sees their
// departments' drafts, edits one (adding the English answer the Italian tickets
// did not give), approves it against the version they saw, and an English asker
// in the web chat is answered from it at once. Run once per store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaqDraft } from '../../src/index.js';
import { startLeadServer, type LeadServer } from '../support/lead-console.js';
import { post } from '../support/server.js';
import type { StoreEnv } from '../support/server-stores.js';

const LAURA = 'laura-token';
const GIULIA = 'giulia-token';

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const textOf = (page: string) => unescape(page.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');

const wifi: FaqDraft = {
  id: 'd-it-31',
  department: 'it',
  locale: 'it',
  questions: ['il wifi della sala riunioni 3 si disconnette ogni 10 minuti', 'in sala 3 la rete wireless cade di continuo', 'wifi sala tre instabile, cade la call'],
  answer: { it: 'Collegati alla rete "Sportello-5G" invece di "Sportello": in sala 3 la vecchia rete 2,4 GHz è satura.' },
  sources: ['IT-31', 'IT-35', 'IT-38', 'IT-40', 'IT-44'],
  status: 'pending',
  entryId: 'it-it-31',
  createdAt: 1_000,
  updatedAt: 1_000,
  version: 1,
};
const payslip: FaqDraft = {
  ...wifi,
  id: 'd-hr-7',
  department: 'hr',
  questions: ['non trovo il cedolino di novembre'],
  answer: { it: 'Il cedolino è sul portale HR dal 27 del mese.' },
  sources: ['HR-7', 'HR-9', 'HR-12', 'HR-15', 'HR-16'],
  entryId: 'hr-hr-7',
};

export function runFaqDraftConsoleFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`FAQ drafts on the leads' console, on ${name}`, () => {
    let storage: StoreEnv;
    let s: LeadServer;
    const get = (path: string, token: string) => fetch(s.base + path, { redirect: 'manual', headers: { authorization: `Bearer ${token}` } });
    const send = (path: string, token: string, fields: Record<string, string>) =>
      fetch(s.base + path, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: s.base, authorization: `Bearer ${token}` },
        body: new URLSearchParams({ csrf: `csrf-${token}`, ...fields }).toString(),
      });

    beforeAll(async () => {
      storage = await storeEnv();
      s = await startLeadServer(storage.env);
      const { store } = s.composition;
      await store.saveAgent({ platform: 'web', userId: 'laura', name: 'Laura', departments: ['it'], tier: 2, role: 'lead', locale: 'en' });
      await store.saveAgent({ platform: 'web', userId: 'giulia', name: 'Giulia', departments: ['hr'], tier: 1, role: 'lead', locale: 'it' });
      s.tokens.set(LAURA, { platform: 'web', userId: 'laura' });
      s.tokens.set(GIULIA, { platform: 'web', userId: 'giulia' });
      await store.proposeDraft(wifi);
      await store.proposeDraft(payslip);
    });
    afterAll(async () => {
      await s?.stop();
      await storage?.cleanup();
    });

    it('shows each lead their departments\' drafts, and lets only them decide', async () => {
      const laura = textOf(await (await get('/console/faq/drafts', LAURA)).text());
      expect(laura).toContain('il wifi della sala riunioni 3 si disconnette ogni 10 minuti');
      expect(laura).toContain('IT-31, IT-35, IT-38, IT-40, IT-44');
      expect(laura).toContain('Answer in English none: people writing in this language get the other answer');
      expect(laura).not.toContain('cedolino');
      const giulia = textOf(await (await get('/console/faq/drafts', GIULIA)).text());
      expect(giulia).toContain('non trovo il cedolino di novembre');
      expect(giulia).not.toContain('wifi');
      const refused = await send('/console/faq/drafts/approve', GIULIA, { id: wifi.id, version: '1' });
      expect(refused.status).toBe(403);
      expect(textOf(await refused.text())).toContain('Solo i responsabili del suo reparto decidono la bozza d-it-31.');
      expect((await s.composition.store.getDraft(wifi.id))!.status).toBe('pending');
      // The FAQ list leads to the drafts.
      expect(await (await get('/console/faq', LAURA)).text()).toContain('href="/console/faq/drafts"');
    });

    it('edits a draft, refuses a decision on the version before the edit, approves the one seen, and the entry answers an English asker', async () => {
      const form = await (await get(`/console/faq/drafts/edit?id=${wifi.id}`, LAURA)).text();
      expect(form).toContain('name="version" value="1"');
      const blank = await send('/console/faq/drafts/edit', LAURA, { id: wifi.id, version: '1', questions: ' \n ', answer_it: wifi.answer.it!, answer_en: '' });
      expect(blank.status).toBe(422);
      expect(textOf(await blank.text())).toContain('That cannot be the entry: it needs at least one question.');

      const questions = [...wifi.questions, 'the wifi in meeting room 3 keeps dropping'].join('\n');
      const english = 'Connect to the "Sportello-5G" network instead of "Sportello": in room 3 the old 2.4 GHz network is overloaded.';
      const saved = await send('/console/faq/drafts/edit', LAURA, { id: wifi.id, version: '1', questions, answer_it: wifi.answer.it!, answer_en: english });
      expect(saved.status).toBe(303);
      expect(saved.headers.get('location')).toBe(`/console/faq/drafts?done=edited&id=${wifi.id}`);

      // An Approve pressed on the page shown before the edit would approve words nobody read.
      const stale = await send('/console/faq/drafts/approve', LAURA, { id: wifi.id, version: '1' });
      expect(stale.status).toBe(409);
      expect(textOf(await stale.text())).toContain('Draft d-it-31 changed since you opened it: look at it again.');

      const approved = await send('/console/faq/drafts/approve', LAURA, { id: wifi.id, version: '2' });
      expect(approved.status).toBe(303);
      const after = textOf(await (await get(approved.headers.get('location')!, LAURA)).text());
      expect(after).toContain('Draft d-it-31 approved: FAQ entry it-it-31 answers from the next message.');
      expect((await s.composition.store.listFaqs()).find((e) => e.id === 'it-it-31')).toMatchObject({
        department: 'it',
        questions: [...wifi.questions, 'the wifi in meeting room 3 keeps dropping'],
        answer: { it: wifi.answer.it, en: english },
      });
      expect(textOf(await (await get('/console/faq/drafts?status=approved', LAURA)).text())).toContain('Approved by web:laura');

      const asked = await post(s.base, '/web/api/messages', { user: { id: 'tom', name: 'Tom', locale: 'en' }, text: 'wifi in meeting room 3 keeps dropping every few minutes' });
      expect(asked.body.replies[0].text).toContain('Sportello-5G');
      expect(asked.body.replies[0].text).toContain('2.4 GHz');
    });
  });
}
