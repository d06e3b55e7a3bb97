// Whatever a form post to the leads' pages holds (prototype names as field names
// and values, repeated fields, hostile text, JSON that is not a knowledge base),
// the answer is a redirect after a change or the form again with its errors:
// never a server error, never a change the rules refuse.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/index.js';
import { startLeadServer, type LeadServer } from '../support/lead-console.js';
import { fuzzOptions, fuzzSettings, hostileJson, hostileText, PROTOTYPE_WORDS } from './hostile.js';

const settings = fuzzSettings("leads' pages");
const FIELDS = ['mode', 'platform', 'user', 'name', 'departments', 'tier', 'role', 'locale', 'editing', 'id', 'department', 'questions', 'answer_it', 'answer_en', 'kb', 'from', 'to', 'people', 'off', ...PROTOTYPE_WORDS];
const value = fc.oneof(hostileText, fc.constantFrom(...PROTOTYPE_WORDS, 'web', 'it', 'hr', '1', '3', 'change', 'add', '2026-12-24 18:00', '2099-01-01', 'web:laura', ...ROLES), fc.string());
const body = fc.array(fc.tuple(fc.constantFrom(...FIELDS), value), { maxLength: 14 });

describe("leads' pages under fuzz", () => {
  let s: LeadServer;
  beforeAll(async () => {
    s = await startLeadServer();
    await s.composition.store.saveAgent({ platform: 'web', userId: 'laura', name: 'Laura', departments: ['it'], tier: 2, role: 'lead' });
    s.tokens.set('laura', { platform: 'web', userId: 'laura' });
  });
  afterAll(() => s?.stop());

  const send = (path: string, fields: [string, string][]) =>
    fetch(s.base + path, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: s.base, authorization: 'Bearer laura' },
      body: new URLSearchParams([['csrf', 'csrf-laura'], ...fields]).toString(),
    });

  it('answers every agents, FAQ and on-call form with a redirect or the form and its errors', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/console/agents', '/console/agents/remove', '/console/faq', '/console/faq/import', '/console/oncall', '/console/oncall/remove'), body, async (path, fields) => {
        const res = await send(path, fields);
        expect([303, 403, 404, 422]).toContain(res.status);
        await res.arrayBuffer();
      }),
      fuzzOptions(settings, 'form posts', 120),
    );
    // The lead is still a lead, whatever was posted.
    expect(await s.composition.store.getAgent('web', 'laura')).toMatchObject({ role: 'lead' });
    for (const a of await s.composition.store.listAgents()) expect(a.role === 'admin').toBe(false);
  }, 120_000);

  it('refuses any JSON that is not a knowledge base, writing nothing', async () => {
    const revision = await s.composition.store.faqRevision();
    await fc.assert(
      fc.asyncProperty(hostileJson, async (json) => {
        const res = await send('/console/faq/import', [['kb', JSON.stringify(json)]]);
        expect(res.status).toBe(422);
        await res.arrayBuffer();
      }),
      fuzzOptions(settings, 'imports', 60),
    );
    expect(await s.composition.store.faqRevision()).toBe(revision);
  }, 120_000);
});
