// The web chat's JSON API over real HTTP on 127.0.0.1: the contract other tools rely on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { rawRequest } from '../support/raw-request.js';
import { openStream, post, startServer, type RunningServer } from '../support/server.js';
import { join } from 'node:path';

const mario = { id: 'mario', name: 'Mario', locale: 'it' };
const anna = { id: 'anna', name: 'Anna', locale: 'en' };
const bruno = { id: 'bruno', name: 'Bruno' };

describe('web chat API', () => {
  let s: RunningServer;
  beforeAll(async () => {
    s = await startServer();
    const store = createSqliteStore({ file: join(s.dataDir, 'sportello.db') });
    await store.saveAgent({ platform: 'web', userId: 'anna', name: 'Anna', departments: ['it'], tier: 1, role: 'agent' });
    await store.saveAgent({ platform: 'web', userId: 'bruno', name: 'Bruno', departments: ['it'], tier: 1, role: 'agent' });
    await store.saveAgent({ platform: 'web', userId: 'pia', name: 'Pia', departments: ['facilities'], tier: 1, role: 'agent', locale: 'it' });
    await store.saveAgent({ platform: 'web', userId: 'eddie', name: 'Eddie', departments: ['facilities'], tier: 1, role: 'agent', locale: 'en' });
    await store.saveAgent({ platform: 'web', userId: 'lino', name: 'Lino', departments: ['facilities'], tier: 2, role: 'agent', locale: 'it' });
    await store.close();
  });
  afterAll(() => s?.stop());

  it('reports health and the store in use', async () => {
    const res = await fetch(`${s.base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', store: 'sqlite' });
  });

  it('runs the whole scenario with pushes on the stream', async () => {
    const marioStream = await openStream(s.base, 'mario');
    const annaStream = await openStream(s.base, 'anna');
    try {
      const opened = await post(s.base, '/web/api/messages', { user: mario, text: 'ticket new la stampante del 2° piano non stampa' });
      expect(opened.status).toBe(200);
      const [r] = opened.body.replies;
      // A FAQ suggestion may come with the ticket ("Solved? Close it"); nothing else may.
      expect(['actions', 'text', 'ticket']).toEqual(expect.arrayContaining(Object.keys(r)));
      // The requester is told when to expect the first answer (the words depend on the hour the test runs at).
      expect(r.text).toMatch(/^Ho aperto il ticket IT-\d+ \(P3 – normale, prima risposta entro 4 ore lavorative, IT\)\. Puoi aspettarti una prima risposta entro /);
      expect(r.ticket).toEqual({
        code: expect.stringMatching(/^IT-\d+$/), status: 'open', priority: 'P3', department: 'it', tier: 1,
        statusLabel: 'aperto', priorityLabel: 'P3 – normale, prima risposta entro 4 ore lavorative', departmentName: 'IT', locale: 'it',
        title: 'la stampante del 2° piano non stampa', requester: { platform: 'web', id: 'mario', name: 'Mario' },
        dueAt: expect.any(Number), dueLabel: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/), channel: 'web', channelName: 'chat web',
        // The server runs on the real clock: how long is left depends on the hour the test runs at.
        slaState: 'ok', slaLabel: expect.stringMatching(/^prima risposta: scade tra \d/), slaLead: 'prima risposta: scade',
        facts: [
          { field: 'status', name: 'Stato', value: 'aperto' },
          { field: 'priority', name: 'Priorità', value: 'P3 – normale, prima risposta entro 4 ore lavorative' },
          { field: 'queue', name: 'Coda', value: 'IT L1' },
          { field: 'requester', name: 'Richiedente', value: 'Mario' },
          { field: 'sla', name: 'SLA', value: r.ticket.slaLabel, at: r.ticket.dueAt, lead: 'prima risposta: scade' },
          { field: 'channel', name: 'Aperto da', value: 'chat web' },
        ],
      });
      const code = r.ticket.code;
      const card = await annaStream.next();
      expect(card.ticket.code).toBe(code);
      expect(card.actions).toContainEqual({ id: `claim:${code}`, label: 'Claim' });

      const queue = await post(s.base, '/web/api/messages', { user: anna, text: 'ticket queue' });
      expect(queue.body.replies[0].text).toBe('Queue IT L1: 1 waiting');
      expect(queue.body.replies[1]).toMatchObject({ ticket: { code }, actions: [{ id: `claim:${code}`, label: 'Claim' }] });

      const claim = await post(s.base, '/web/api/actions', { user: anna, actionId: `claim:${code}` });
      expect(claim.body.replies[0].ticket).toMatchObject({ code, status: 'in_progress', assignee: 'anna' });
      expect((await marioStream.next()).text).toContain('Anna');

      const second = await post(s.base, '/web/api/actions', { user: bruno, actionId: `claim:${code}` });
      expect(second.body.replies[0].text).toBe(`${code} is already claimed by Anna.`);

      await post(s.base, '/web/api/messages', { user: anna, text: `ticket reply ${code} Which printer model?` });
      const relayed = await marioStream.next();
      expect(relayed.text).toContain('Which printer model?');
      expect(relayed.ticket).toMatchObject({ code, status: 'waiting_user' });

      await post(s.base, '/web/api/messages', { user: mario, text: 'HP LaserJet' });
      expect((await annaStream.next()).text).toContain('HP LaserJet');

      await post(s.base, '/web/api/messages', { user: anna, text: `ticket resolve ${code} Driver reinstalled` });
      const confirmCard = await marioStream.next();
      expect(confirmCard.actions.map((a: { id: string }) => a.id)).toEqual([`confirm:${code}`, `reopen:${code}`]);

      const confirmed = await post(s.base, '/web/api/actions', { user: mario, actionId: `confirm:${code}` });
      expect(confirmed.body.replies[0].ticket).toMatchObject({ code, status: 'closed' });
    } finally {
      marioStream.close();
      annaStream.close();
    }
  });

  it('pushes each agent in their own language, once per event, and keeps internal reasons from the requester', async () => {
    const giulia = { id: 'giulia', name: 'Giulia', locale: 'it' };
    const giuliaStream = await openStream(s.base, 'giulia');
    const piaStream = await openStream(s.base, 'pia');
    const eddieStream = await openStream(s.base, 'eddie');
    const linoStream = await openStream(s.base, 'lino');
    try {
      const opened = await post(s.base, '/web/api/messages', { user: giulia, text: 'ticket nuovo --no-faq --dept facilities la porta della sala riunioni non si chiude' });
      const code = opened.body.replies[0].ticket.code;
      const toPia = await piaStream.next();
      expect(toPia.text).toMatch(new RegExp(`^Nuovo ticket ${code} `));
      expect(toPia.actions).toContainEqual({ id: `claim:${code}`, label: 'Prendi in carico' });
      expect((await eddieStream.next()).text).toMatch(new RegExp(`^New ticket ${code} `));

      await post(s.base, '/web/api/actions', { user: { id: 'pia', name: 'Pia' }, actionId: `claim:${code}` });
      await giuliaStream.next();
      await post(s.base, '/web/api/messages', { user: { id: 'pia', name: 'Pia' }, text: `ticket scala ${code} forse ha perso la chiave` });
      expect((await giuliaStream.next()).text).toContain('livello 2');
      expect((await linoStream.next()).text).toContain('forse ha perso la chiave');

      const seen = await post(s.base, '/web/api/messages', { user: giulia, text: `ticket stato ${code}` });
      expect(seen.body.replies[0].text).toContain('la porta della sala riunioni');
      expect(seen.body.replies[0].text).not.toContain('chiave');
      const agentView = await post(s.base, '/web/api/messages', { user: { id: 'pia', name: 'Pia' }, text: `ticket stato ${code}` });
      expect(agentView.body.replies[0].text).toContain('• Pia (interna): forse ha perso la chiave');

      await post(s.base, '/web/api/actions', { user: { id: 'lino', name: 'Lino' }, actionId: `claim:${code}` });
      await post(s.base, '/web/api/messages', { user: { id: 'lino', name: 'Lino' }, text: `ticket risolvi ${code} Sostituita la serratura` });
      await giuliaStream.next();
      expect((await giuliaStream.next()).actions.map((a: { id: string }) => a.id)).toContain(`reopen:${code}`);
      await post(s.base, '/web/api/actions', { user: giulia, actionId: `reopen:${code}` });
      expect((await linoStream.next()).text).toBe(`Giulia dice che ${code} non è risolto: è tornato in coda.`);
      await expect(linoStream.next(500)).rejects.toThrow('no pushed message');
    } finally {
      for (const stream of [giuliaStream, piaStream, eddieStream, linoStream]) stream.close();
    }
  });

  it('delivers pushes made while a user was away when they reconnect', async () => {
    const opened = await post(s.base, '/web/api/messages', { user: { id: 'away', name: 'Away' }, text: 'ticket new --no-faq mouse broken' });
    const code = opened.body.replies[0].ticket.code;
    await post(s.base, '/web/api/actions', { user: anna, actionId: `claim:${code}` });
    const stream = await openStream(s.base, 'away');
    try {
      expect((await stream.next()).text).toContain(code);
    } finally {
      stream.close();
    }
  });

  it.each([
    ['malformed JSON', '{"user":', 'body is not valid JSON'],
    ['no user', { text: 'hi' }, 'user is required'],
    ['no text', { user: mario }, 'text is required'],
    ['empty text', { user: mario, text: '   ' }, 'text must not be empty'],
    ['text too long', { user: mario, text: 'x'.repeat(4001) }, 'text is too long (4000 characters at most)'],
    ['user id as an object', { user: { id: { $gt: '' }, name: 'x' }, text: 'hi' }, 'user.id must be a string'],
    ['a number as text', { user: mario, text: 42 }, 'text must be a string'],
    ['an array body', [1, 2], 'body must be a JSON object'],
  ])('answers 400 for %s and stores nothing', async (_label, body, error) => {
    const before = await fetch(`${s.base}/metrics`).then((r) => r.text());
    const res = await post(s.base, '/web/api/messages', body);
    expect(res.status).toBe(400);
    expect(res.body.error).toContain(error);
    const after = await fetch(`${s.base}/metrics`).then((r) => r.text());
    const created = (text: string) => text.split('\n').filter((l) => l.startsWith('sportello_tickets_created_total')).join();
    expect(created(after)).toBe(created(before));
  });

  it('validates actions and the stream the same way', async () => {
    expect((await post(s.base, '/web/api/actions', { user: mario })).body).toEqual({ error: 'actionId is required' });
    expect((await fetch(`${s.base}/web/api/stream`)).status).toBe(400);
    const weird = await post(s.base, '/web/api/actions', { user: mario, actionId: 'claim:{"$gt":""}' });
    expect(weird.status).toBe(200);
    expect(weird.body.replies[0].text).toContain('"claim:{"$gt":""}"');
  });

  it('treats an operator-looking user id as plain text', async () => {
    const odd = { id: '{"$gt":""}', name: 'Odd' };
    const opened = await post(s.base, '/web/api/messages', { user: odd, text: 'ticket new --no-faq the webcam is blurry' });
    expect(opened.body.replies[0].ticket.status).toBe('open');
    const list = await post(s.base, '/web/api/messages', { user: odd, text: 'ticket list' });
    expect(list.body.replies.map((r: { ticket?: { code: string } }) => r.ticket?.code)).toEqual([undefined, opened.body.replies[0].ticket.code]);
    const other = await post(s.base, '/web/api/messages', { user: { id: 'someone', name: 'S' }, text: 'ticket list' });
    expect(other.body.replies[0].text).toBe('You have no tickets.');
  });

  it('exposes Prometheus metrics: tickets created, tickets by state, request latency', async () => {
    const res = await fetch(`${s.base}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/sportello_tickets_created_total\{department="it"\} [1-9]/);
    expect(text).toMatch(/sportello_tickets\{state="closed"\} [1-9]/);
    expect(text).toMatch(/sportello_http_request_duration_seconds_bucket\{le="0.005",method="POST",route="\/web\/api\/messages",status_code="200"\} [1-9]/);
  });

  it('serves the web chat page', async () => {
    const res = await fetch(`${s.base}/`);
    expect(res.headers.get('content-type')).toContain('text/html');
    const page = await res.text();
    expect(page).toContain('<script type="module" src="/assets/chat/main.js"></script>');
    // The page's modules are served by the bot itself, and they talk to the API (messages go to /web/api/messages from app.js).
    const api = await fetch(`${s.base}/assets/chat/api.js`);
    expect(api.headers.get('content-type')).toContain('text/javascript');
    expect(await api.text()).toMatch(/'\/web\/api\/me'/);
    expect(await (await fetch(`${s.base}/assets/chat/app.js`)).text()).toContain("'/web/api/messages'");
  });
});

describe('a queue page over the web chat API', () => {
  let s: RunningServer;
  beforeAll(async () => {
    s = await startServer();
    const store = createSqliteStore({ file: join(s.dataDir, 'sportello.db') });
    await store.saveAgent({ platform: 'web', userId: 'hilda', name: 'Hilda', departments: ['hr'], tier: 1, role: 'agent', locale: 'en' });
    await store.saveAgent({ platform: 'web', userId: 'ugo', name: 'Ugo', departments: ['hr'], tier: 1, role: 'agent', locale: 'it' });
    await store.close();
  });
  afterAll(() => s?.stop());
  const say = async (user: object, text: string) => (await post(s.base, '/web/api/messages', { user, text })).body.replies as any[];
  const press = async (user: object, actionId: string) => (await post(s.base, '/web/api/actions', { user, actionId })).body.replies as any[];

  it('lists 12 waiting tickets ten at a time, each with the requester and a Claim button of its own', async () => {
    const hilda = { id: 'hilda', name: 'Hilda' };
    const ugo = { id: 'ugo', name: 'Ugo' };
    const codes: string[] = [];
    for (let i = 1; i <= 12; i++) {
      const [opened] = await say({ id: `emp${i}`, name: `Employee ${i}` }, `ticket new --no-faq --dept hr --urgency medium payslip question ${i}`);
      codes.push(opened.ticket.code);
    }
    const page1 = await say(hilda, 'ticket queue');
    expect(page1).toHaveLength(12);
    expect(page1[0]).toEqual({ text: 'Queue Human resources L1: 12 waiting (showing 1–10)' });
    page1.slice(1, 11).forEach((item, i) => {
      expect(item.text).toMatch(new RegExp(`^${codes[i]} · P3 — payslip question ${i + 1}\nFrom Employee ${i + 1} · opened (just now|1 min ago) · first response due (in|by) [^\n]+$`));
      expect(item.actions).toEqual([{ id: `claim:${codes[i]}`, label: 'Claim' }]);
    });
    expect(page1[11]).toEqual({ text: '…and 2 more', actions: [{ id: 'queue:p2', label: 'Next 2' }] });

    const [claimed] = await press(hilda, page1[3].actions[0].id);
    expect(claimed.ticket).toMatchObject({ code: codes[2], status: 'in_progress', assignee: 'hilda' });

    const page2 = await press(hilda, 'queue:p2');
    expect(page2.map((r) => r.ticket?.code)).toEqual([undefined, codes[11]]);
    expect(page2[0].text).toBe('Queue Human resources L1: 11 waiting (showing 11–11)');

    const coda = await say(ugo, 'ticket coda hr --pagina 1');
    expect(coda[0].text).toBe('Coda Risorse umane L1: 11 in attesa (da 1 a 10)');
    expect(coda[1].text).toMatch(new RegExp(`^${codes[0]} · P3 — payslip question 1\nDa Employee 1 · aperto (adesso|1 min fa) · prima risposta: scade tra [^\n]+$`));
    expect(coda[1].actions).toEqual([{ id: `claim:${codes[0]}`, label: 'Prendi in carico' }]);
    expect(coda.at(-1)).toEqual({ text: '…e altri 1', actions: [{ id: 'queue:p2_hr', label: 'Altri 1' }] });
    expect((await press(ugo, 'queue:p2_hr')).map((r) => r.ticket?.code)).toEqual([undefined, codes[11]]);
  });
});

describe('WEB_AUTH=none, the default on a loopback address', () => {
  let s: RunningServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(() => s?.stop());
  const port = () => new URL(s.base).port;
  const body = JSON.stringify({ user: mario, text: 'ticket list' });
  const json = { 'content-type': 'application/json' };

  it('says so to the page, which then asks for a name', async () => {
    expect(await fetch(`${s.base}/web/api/me`).then((r) => r.json())).toEqual({ auth: 'none' });
  });

  it('answers only to loopback host names, so a rebinding page cannot reach it (421)', async () => {
    const rebound = { host: `rebind.attacker.example:${port()}` };
    expect((await rawRequest(s.base, '/web/api/messages', { method: 'POST', headers: { ...json, ...rebound }, body })).status).toBe(421);
    expect((await rawRequest(s.base, '/', { headers: rebound })).status).toBe(421);
    expect((await rawRequest(s.base, '/web/api/stream?user=mario', { headers: rebound })).status).toBe(421);
    expect((await rawRequest(s.base, '/web/api/me', { headers: { host: '192.168.1.10' } })).status).toBe(421);
    for (const host of [`localhost:${port()}`, `127.0.0.1:${port()}`, `[::1]:${port()}`]) {
      expect((await rawRequest(s.base, '/web/api/messages', { method: 'POST', headers: { ...json, host }, body })).status, host).toBe(200);
    }
  });

  it('refuses a POST from a page on another site (403)', async () => {
    expect((await rawRequest(s.base, '/web/api/messages', { method: 'POST', headers: { ...json, origin: 'http://evil.example' }, body })).status).toBe(403);
    expect((await rawRequest(s.base, '/web/api/messages', { method: 'POST', headers: { ...json, origin: `http://localhost:${port()}` }, body })).status).toBe(200);
  });

  it('refuses ?token= on a POST: tokens never ride in a URL but the stream\'s', async () => {
    const res = await post(s.base, '/web/api/messages?token=abc', { user: mario, text: 'ticket list' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('?token= is only accepted on the stream: send Authorization: Bearer <token>');
  });
});
