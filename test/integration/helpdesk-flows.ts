// What people do with the desk, end to end through HelpDesk on a real store.
// Exported so the same flows run on SQLite and on Mongo.
import { describe, expect, it } from 'vitest';
import { DEPARTMENTS, createTestDesk, person, type TestDesk, useStore, type StoreEnv } from '../support/desk.js';

export function runHelpDeskFlows(name: string, openStore: () => Promise<StoreEnv>): void {
  describe(`help desk flows on ${name}`, () => {
    let env: StoreEnv;
    let d: TestDesk;
    let n = 0;
    /** A fresh person per test, so tests do not see each other's tickets. */
    const someone = (locale?: 'it' | 'en') => person(`user${++n}`, `User ${n}`, locale);

    useStore(openStore, async (opened) => {
      env = opened;
      d = await createTestDesk(opened.store);
    });

    it('takes a ticket from opening to a confirmed close, with both sides talking through the bot', async () => {
      const mario = someone('it');
      const anna = await d.agent({ userId: 'anna-1', name: 'Anna', departments: ['it'] });
      const bruno = await d.agent({ userId: 'bruno-1', name: 'Bruno', departments: ['it'] });

      const [opened] = await d.say(mario, 'ticket new la stampante del 2° piano non stampa');
      expect(opened!.text).toMatch(/Ho aperto il ticket IT-\d+/);
      const code = opened!.ticket!.code;
      expect(opened!.ticket).toMatchObject({ status: 'open', department: 'it', tier: 1 });
      expect(d.teamInbox('it').at(-1)).toMatchObject({ ticket: { code }, actions: expect.arrayContaining([{ id: `claim:${code}`, label: 'Claim' }]) });

      const queue = await d.say(anna, 'ticket queue');
      expect(queue.find((r) => r.ticket?.code === code)!.actions).toEqual([{ id: `claim:${code}`, label: 'Claim' }]);

      const [claimed] = await d.press(anna, `claim:${code}`);
      expect(claimed!.ticket).toMatchObject({ code, status: 'in_progress', assignee: 'anna-1' });
      expect(d.inbox(mario).at(-1)!.text).toBe(`Anna sta lavorando al tuo ticket ${code}.`);

      const [refused] = await d.say(bruno, `ticket claim ${code}`);
      expect(refused!.text).toBe(`${code} is already claimed by Anna.`);

      const [sent] = await d.say(anna, `ticket reply ${code} Hai provato a spegnerla e riaccenderla?`);
      expect(sent!.ticket).toMatchObject({ status: 'waiting_user' });
      expect(d.inbox(mario).at(-1)!.text).toContain('Anna su ' + code + ': Hai provato a spegnerla e riaccenderla?');

      const [added] = await d.say(mario, 'Sì, ma continua a non stampare');
      expect(added!.text).toBe(`Aggiunto a ${code}.`);
      expect(added!.ticket).toMatchObject({ status: 'in_progress' });
      expect(d.inbox(anna).at(-1)!.text).toContain('Sì, ma continua a non stampare');

      const [noted] = await d.say(anna, `ticket note ${code} toner quasi finito`);
      expect(noted!.text).toContain('note');

      const [resolved] = await d.say(anna, `ticket resolve ${code} Sostituito il toner`);
      expect(resolved!.ticket).toMatchObject({ status: 'resolved' });
      const ask = d.inbox(mario).at(-1)!;
      expect(ask.text).toContain('Sostituito il toner');
      expect(ask.actions!.map((a) => a.id)).toEqual([`confirm:${code}`, `reopen:${code}`]);

      const [closed] = await d.press(mario, `confirm:${code}`);
      expect(closed!.ticket).toMatchObject({ code, status: 'closed' });
      expect(d.inbox(anna).at(-1)!.text).toContain('confirmed');

      const [status] = await d.say(mario, `ticket status ${code}`);
      expect(status!.text).toContain('chiuso');
      expect(status!.text).not.toContain('toner quasi finito');
      const events = await d.store.events(code);
      expect(events.map((e) => e.kind)).toEqual(['created', 'claimed', 'reply', 'message', 'note', 'resolved', 'confirmed']);
      // The archive counts it from the moment the requester confirmed.
      expect((await d.store.get(code))!.closedAt).toBe(events.at(-1)!.at);
    });

    it('reopens at the same tier when the requester says it is still broken, and tells the resolver', async () => {
      const req = someone('en');
      const agent = await d.agent({ userId: 'carla', name: 'Carla', departments: ['hr'] });
      const [o] = await d.say(req, 'ticket new --no-faq my contract renewal letter is missing');
      const code = o!.ticket!.code;
      expect(code).toMatch(/^HR-/);
      await d.press(agent, `claim:${code}`);
      await d.press(agent, `resolve:${code}`);
      await d.say(agent, 'I sent the letter again');
      const [reopened] = await d.press(req, `reopen:${code}`);
      expect(reopened!.ticket).toMatchObject({ status: 'open', tier: 1 });
      expect(reopened!.ticket!.assignee).toBeUndefined();
      expect(d.inbox(agent).at(-1)!.text).toContain('still broken');
      const [again] = await d.press(req, `reopen:${code}`);
      expect(again!.text).toBe(`${code} is open: it cannot become open.`);
    });

    it('escalates tier by tier with the history kept, and refuses past level 3', async () => {
      const req = someone('en');
      const l1 = await d.agent({ userId: 'l1', name: 'Lea', departments: ['finance'], tier: 1 });
      const l2 = await d.agent({ userId: 'l2', name: 'Leo', departments: ['finance'], tier: 2 });
      const l3 = await d.agent({ userId: 'l3', name: 'Lia', departments: ['finance'], tier: 3 });
      const [o] = await d.say(req, 'ticket new my expense reimbursement was paid twice');
      const code = o!.ticket!.code;
      expect(code).toMatch(/^FIN-/);
      await d.press(l1, `claim:${code}`);
      const [up] = await d.say(l1, `ticket escalate ${code} needs bank records`);
      expect(up!.ticket).toMatchObject({ tier: 2, status: 'open' });
      expect(up!.ticket!.assignee).toBeUndefined();
      expect(d.teamInbox('finance', 2).at(-1)!.text).toContain('needs bank records');
      expect(d.inbox(req).at(-1)!.text).toContain('level 2');

      const [tooLow] = await d.say(l1, `ticket claim ${code}`);
      expect(tooLow!.text).toContain('does not work for finance L2');
      await d.press(l2, `claim:${code}`);
      const [why] = await d.press(l2, `escalate:${code}`);
      expect(why!.form).toMatchObject({ id: `escalate-with:${code}`, fields: [{ id: 'reason' }] });
      expect((await d.store.get(code))!.tier).toBe(2);
      await d.submit(l2, why!.form!.id, { reason: 'needs the bank' });
      const q3 = await d.say(l3, 'ticket queue');
      expect(q3.map((r) => r.ticket?.code)).toContain(code);
      const [top] = await d.say(l3, `ticket escalate ${code}`);
      expect(top!.text).toBe(`${code} is already at level 3, the highest: it cannot be escalated further.`);
      expect((await d.store.get(code))!.tier).toBe(3);
      const kinds = (await d.store.events(code)).map((e) => e.kind);
      expect(kinds).toEqual(['created', 'claimed', 'escalated', 'claimed', 'escalated']);
    });

    it('shows a queue as a list: one item per ticket with its own Claim button, ten at a time, in each agent\'s language', async () => {
      // A department of its own, so that the other flows' tickets stay out of this queue.
      const lab = await createTestDesk(env.store, { settings: { departments: [...DEPARTMENTS, { id: 'lab', prefix: 'LAB' }] } });
      const req = someone('en');
      const codes: string[] = [];
      for (let i = 1; i <= 12; i++) {
        const [opened] = await lab.say(req, `ticket new --no-faq --dept lab --urgency medium oscilloscope ${i} reads nothing`);
        codes.push(opened!.ticket!.code);
      }
      expect(new Set((await Promise.all(codes.map((c) => lab.store.get(c)))).map((tk) => tk!.priority))).toEqual(new Set(['P3']));
      const en = await lab.agent({ userId: 'lab-en', name: 'Eve', departments: ['lab'], locale: 'en' });
      const it_ = await lab.agent({ userId: 'lab-it', name: 'Ivo', departments: ['lab'], locale: 'it' });
      // Opened a few seconds after 09:00 on a Friday in Rome: four business hours run past the lunch hour, to just after 14:00.
      lab.clock.t += 3 * 3600_000;

      const first = await lab.say(en, 'ticket queue');
      expect(first).toHaveLength(12);
      const [header, ...rest] = first;
      const items = rest.slice(0, 10);
      const more = rest[10]!;
      expect(header!.text).toBe('Queue lab L1: 12 waiting (showing 1–10)');
      expect(header!.actions).toBeUndefined();
      items.forEach((item, i) => {
        expect(item.text).toBe(`${codes[i]} · P3 — oscilloscope ${i + 1} reads nothing\nFrom ${req.name} · opened 3 h ago · ⏰ first response due in 2 h`);
        expect(item.ticket).toMatchObject({ code: codes[i], status: 'open' });
        expect(item.actions).toEqual([{ id: `claim:${codes[i]}`, label: 'Claim' }]);
      });
      expect(more).toEqual({ text: '…and 2 more', actions: [{ id: 'queue:p2', label: 'Next 2' }] });

      const second = await lab.press(en, more.actions![0]!.id);
      expect(second.map((r) => r.text)).toEqual([
        'Queue lab L1: 12 waiting (showing 11–12)',
        expect.stringMatching(new RegExp(`^${codes[10]!} · P3 — oscilloscope 11`)),
        expect.stringMatching(new RegExp(`^${codes[11]!} · P3 — oscilloscope 12`)),
      ]);
      expect(second[2]!.actions).toEqual([{ id: `claim:${codes[11]}`, label: 'Claim' }]);

      // The third item's button claims the third ticket, and only it.
      const [claimed] = await lab.press(en, items[2]!.actions![0]!.id);
      expect(claimed!.ticket).toMatchObject({ code: codes[2], status: 'in_progress', assignee: 'lab-en' });
      expect((await lab.store.get(codes[0]!))!.status).toBe('open');
      expect((await lab.store.get(codes[1]!))!.status).toBe('open');

      lab.clock.t += 23 * 3600_000;
      const coda = await lab.say(it_, 'ticket coda lab');
      expect(coda[0]!.text).toBe('Coda lab L1: 11 in attesa (da 1 a 10)');
      expect(coda.map((r) => r.ticket?.code)).not.toContain(codes[2]);
      expect(coda[1]!.text).toBe(`${codes[0]} · P3 — oscilloscope 1 reads nothing\nDa ${req.name} · aperto 26 h fa · ⚠️ prima risposta: scaduta 21 h fa`);
      expect(coda[1]!.actions).toEqual([{ id: `claim:${codes[0]}`, label: 'Prendi in carico' }]);
      expect(coda.at(-1)).toEqual({ text: '…e altri 1', actions: [{ id: 'queue:p2_lab', label: 'Altri 1' }] });

      // Typed, the same pages: a last number or --page.
      const typed = await lab.say(it_, 'ticket coda lab 2');
      expect(typed.map((r) => r.ticket?.code)).toEqual([undefined, codes[11]]);
      expect((await lab.say(en, 'ticket queue --page 2')).map((r) => r.ticket?.code)).toEqual([undefined, codes[11]]);
      expect((await lab.say(it_, 'ticket coda lab 5')).map((r) => r.text)).toEqual(['Non c\'è la pagina 5: la coda ne ha 2.']);
      expect((await lab.say(en, 'ticket queue --page two')).map((r) => r.text)).toEqual(['Usage: ticket queue [department] [page]']);
    });

    it('lists a requester\'s tickets as items, newest first, ten at a time', async () => {
      const req = someone('it');
      const codes: string[] = [];
      for (let i = 1; i <= 12; i++) codes.push((await d.say(req, `ticket new --no-faq --dept hr richiesta numero ${i}`))[0]!.ticket!.code);
      d.clock.t += 2 * 3600_000;
      const list = await d.say(req, 'ticket lista');
      expect(list).toHaveLength(12);
      expect(list[0]!.text).toBe('I tuoi ticket:');
      expect(list.slice(1, 11).map((r) => r.ticket?.code)).toEqual(codes.slice(2).reverse());
      expect(list[1]!.text).toBe(`${codes[11]} · aperto · P3 – normale, prima risposta entro 4 ore lavorative · Risorse umane — richiesta numero 12\nAperto 2 h fa · prima risposta: scade tra 3 h`);
      expect(list[11]).toEqual({ text: 'Hai altri ticket meno recenti.', actions: [{ id: 'list:p2', label: 'Ticket meno recenti' }] });
      const older = await d.press(req, 'list:p2');
      expect(older.map((r) => r.ticket?.code)).toEqual([undefined, codes[1], codes[0]]);
      expect((await d.say(req, 'ticket list 3')).map((r) => r.text)).toEqual(['Non c\'è la pagina 3 dei tuoi ticket.']);
    });

    it('keeps agent commands for agents and each requester to their own tickets', async () => {
      const alice = someone('en');
      const bob = someone('en');
      const [o] = await d.say(alice, 'ticket new --no-faq the projector in room 4 is broken');
      const code = o!.ticket!.code;
      for (const cmd of ['ticket queue', 'ticket next', `ticket claim ${code}`, `ticket resolve ${code} done`, `ticket note ${code} x`]) {
        const [r] = await d.say(bob, cmd);
        expect(r!.text).toMatch(/^Only help desk agents can use "/);
      }
      const [pressed] = await d.press(bob, `claim:${code}`);
      expect(pressed!.text).toBe('Only help desk agents can use "claim".');
      const [peek] = await d.say(bob, `ticket status ${code}`);
      expect(peek!.text).toBe(`No ticket ${code} found.`);
      const [cancelOther] = await d.say(bob, `ticket cancel ${code}`);
      expect(cancelOther!.text).toBe(`No ticket ${code} found.`);
      expect((await d.store.get(code))!.status).toBe('open');
      const [mine] = await d.say(bob, 'ticket list');
      expect(mine!.text).toBe('You have no tickets.');
      const [cancelled] = await d.say(alice, `ticket cancel ${code} found a spare one`);
      expect(cancelled!.ticket).toMatchObject({ status: 'cancelled' });
    });

    it('answers bad input with a clear message and changes nothing', async () => {
      const u = someone('en');
      const before = await d.store.countByStatus();
      const [unknown] = await d.say(u, 'ticket frobnicate IT-1');
      expect(unknown!.text).toBe(
        'I don\'t know "frobnicate". Commands: ticket new, status, list, reply, cancel, help' +
          ' (agents: queue, next, claim, unclaim, note, priority, assign, move, escalate, resolve, faq).',
      );
      const [missing] = await d.say(u, 'ticket status IT-99999');
      expect(missing!.text).toBe('No ticket IT-99999 found.');
      const [bad] = await d.say(u, 'ticket status 42abc');
      expect(bad!.text).toBe('"42abc" is not a ticket code (like IT-42).');
      const [form] = await d.say(u, 'ticket new');
      expect(form!.form).toMatchObject({ id: 'new-ticket:_', fields: [{ id: 'title' }, { id: 'description' }, { id: 'department', kind: 'select' }, { id: 'urgency', kind: 'select' }] });
      const [usage] = await d.say(u, 'ticket new --no-faq');
      expect(usage!.text).toBe('Usage: ticket new [--no-faq] [--dept <department>] [--urgency high|medium|low] <text>');
      const [act] = await d.press(u, 'explode:everything');
      expect(act!.text).toContain("I don't know");
      const [help] = await d.say(u, 'ticket');
      expect(help!.text).toContain('ticket new');
      expect(await d.store.countByStatus()).toEqual(before);

      const [confirmOpen] = await d.say(u, 'ticket new --no-faq il monitor sfarfalla');
      const code = confirmOpen!.ticket!.code;
      const [illegal] = await d.press(u, `confirm:${code}`);
      expect(illegal!.text).toBe(`${code} is open: it cannot become closed.`);

      // From someone with no ticket under way: u's free text would follow the ticket just opened.
      const [injected] = await d.say(someone('en'), '{"$gt":""}');
      expect(injected!.ticket).toBeDefined();
      const stored = await d.store.get(injected!.ticket!.code);
      expect(stored!.description).toBe('{"$gt":""}');
    });

    it('answers from the FAQ first: "yes" counts a deflection, "no" opens a ticket naming the answer tried', async () => {
      const u = someone('en');
      const [answer] = await d.say(u, 'My account is locked');
      expect(answer!.text).toContain('password.example.local');
      expect(answer!.ticket).toBeUndefined();
      const [yes, no] = answer!.actions!;
      const deflected = d.counters.deflected;
      const [thanks] = await d.press(u, yes!.id);
      expect(thanks!.text).toBe('Great, glad it helped!');
      expect(d.counters.deflected).toBe(deflected + 1);
      const [gone] = await d.press(u, no!.id);
      expect(gone!.text).toBe('That question was already answered.');

      const [again] = await d.say(u, 'My mailbox is full');
      const noId = again!.actions!.find((a) => a.id.startsWith('faq-no:'))!.id;
      const texts = (await Promise.all([d.press(u, noId), d.press(u, noId)])).map((r) => r[0]!.text);
      const mine = await d.store.byRequester('web', u.userId, { limit: 10 });
      expect(mine).toHaveLength(1);
      expect(mine[0]!.faqTried).toBe('it-mailbox-full');
      expect(mine[0]!.description).toBe('My mailbox is full');
      expect(texts.sort()).toEqual(['That question was already answered.', `Ticket ${mine[0]!.code} opened (P3 – normal, first response within 4 business hours, IT). You can expect a first response by today at 16:01 CET.`]);
    });

    it('asks "did you mean…" when unsure, and either answers the pick or opens a ticket', async () => {
      const u = someone('en');
      const [ask] = await d.say(u, 'problema con la password del wifi');
      expect(ask!.text).toBe('Did you mean one of these?');
      expect(ask!.ticket).toBeUndefined();
      const labels = ask!.actions!.map((a) => a.label);
      expect(labels[0]).toBe('What is the guest wifi password?');
      expect(labels.at(-1)).toBe('None of these: open a ticket');
      const [answer] = await d.press(u, ask!.actions![0]!.id);
      expect(answer!.text).toContain('Sportello-Guest');
      expect(answer!.actions!.map((a) => a.label)).toEqual(['Yes, solved', 'No, open a ticket']);
      const [gone] = await d.press(u, ask!.actions!.at(-1)!.id);
      expect(gone!.text).toBe('That question was already answered.');

      const [again] = await d.say(u, 'problema con la password del wifi');
      const [opened] = await d.press(u, again!.actions!.at(-1)!.id);
      expect(opened!.ticket).toMatchObject({ status: 'open', department: 'it' });
      expect((await d.store.get(opened!.ticket!.code))!.faqTried).toBe('it-wifi-guest');
    });

    it('offers the self-service answer for an urgent question with a typo, and a jammed printer the jam answer, before any ticket', async () => {
      const u = someone('it');
      const tickets = d.counters.created;
      const [reset] = await d.say(u, 'il mio acount è bloccato… urgente!!');
      expect(reset!.text).toContain('password.example.local');
      expect(reset!.ticket).toBeUndefined();
      expect(reset!.actions!.map((a) => a.label)).toEqual(['Sì, risolto', 'No, apri un ticket']);
      const [jam] = await d.say(u, 'la stampante al 3 piano è bloccata');
      const jamEntry = d.deps.faq.entry('it-printer-jam')!;
      expect(jam!.text).toContain(jamEntry.answer.it!.slice(0, 40));
      expect(jam!.actions!.map((a) => a.label)).toEqual(['Sì, risolto', 'No, apri un ticket']);
      expect(d.counters.created).toBe(tickets);
    });

    it('opens at once on "ticket new", attaching a confident answer that can close it', async () => {
      const u = someone('en');
      const [r] = await d.say(u, 'ticket new How do I book a meeting room?');
      expect(r!.text).toContain('Meanwhile, this may already solve it');
      expect(r!.ticket!.code).toMatch(/^FAC-/);
      const [solved] = await d.press(u, r!.actions![0]!.id);
      expect(solved!.ticket).toMatchObject({ status: 'closed' });
      const [plain] = await d.say(u, 'ticket new --no-faq How do I book a meeting room?');
      expect(plain!.text).not.toContain('Meanwhile');
      expect(plain!.actions).toBeUndefined();
    });

    it('handles a retried delivery once and ignores bots', async () => {
      const u = someone('en');
      const first = await d.say(u, 'ticket new --no-faq keyboard missing keys', 'Ev-retry-1');
      const retry = await d.say(u, 'ticket new --no-faq keyboard missing keys', 'Ev-retry-1');
      expect(first).toHaveLength(1);
      expect(retry).toEqual([]);
      expect(await d.store.byRequester('web', u.userId, { limit: 10 })).toHaveLength(1);
      const bot = { ...someone('en'), isBot: true };
      expect(await d.say(bot, 'ticket new I am a bot')).toEqual([]);
      expect(await d.store.byRequester('web', bot.userId, { limit: 10 })).toHaveLength(0);
    });

    it('guesses priority from Italian and English cues, and agents reorder the queue', async () => {
      const u = someone('it');
      const boss = await d.agent({ userId: 'lead-fac', name: 'Franca', departments: ['facilities'], role: 'lead' });
      const [calm] = await d.say(u, 'ticket new --no-faq la sedia scricchiola, quando puoi');
      const [hot] = await d.say(u, "ticket new --no-faq urgente: aria condizionata guasta, tutto l'ufficio senza");
      expect(calm!.ticket).toMatchObject({ priority: 'P4', department: 'facilities' });
      expect(hot!.ticket).toMatchObject({ priority: 'P1', department: 'facilities' });
      const q = await d.say(boss, 'ticket queue facilities');
      const codes = q.map((r) => r.ticket?.code);
      expect(codes.indexOf(hot!.ticket!.code)).toBeGreaterThan(0);
      expect(codes.indexOf(hot!.ticket!.code)).toBeLessThan(codes.indexOf(calm!.ticket!.code));
      const [p] = await d.say(boss, `ticket priority ${calm!.ticket!.code} critical`);
      expect(p!.ticket).toMatchObject({ priority: 'P1' });
      const [badP] = await d.say(boss, `ticket priority ${calm!.ticket!.code} P9`);
      expect(badP!.text).toBe('Usage: ticket priority CODE P1|P2|P3|P4');
      const [next] = await d.say(boss, 'ticket next');
      expect(next!.ticket).toMatchObject({ status: 'in_progress', assignee: 'lead-fac' });
    });

    it('assigns to another agent of the department and tells them', async () => {
      const u = someone('en');
      const a = await d.agent({ userId: 'it-a', name: 'Ada', departments: ['it'] });
      const b = await d.agent({ userId: 'it-b', name: 'Bea', departments: ['it'] });
      await d.agent({ userId: 'hr-c', name: 'Cleo', departments: ['hr'] });
      const [o] = await d.say(u, 'ticket new --no-faq laptop screen cracked');
      const code = o!.ticket!.code;
      const [wrong] = await d.say(a, `ticket assign ${code} @hr-c`);
      expect(wrong!.text).toBe('Cleo does not work for it.');
      const [nobody] = await d.say(a, `ticket assign ${code} @ghost`);
      expect(nobody!.text).toBe('No agent "ghost" is registered.');
      const [ok] = await d.say(a, `ticket assign ${code} @it-b`);
      expect(ok!.ticket).toMatchObject({ assignee: 'it-b', status: 'in_progress' });
      expect(d.inbox(b).at(-1)!.text).toContain(`assigned ${code} to you`);
    });

    it('lets agents grow the knowledge base from chat, answered from the next message on', async () => {
      const u = someone('en');
      const agent = await d.agent({ userId: 'kb-agent', name: 'Kim', departments: ['facilities'] });
      const [refused] = await d.say(u, 'ticket faq add Where is the lost and found? = At reception');
      expect(refused!.text).toBe('Only help desk agents can use "faq add".');
      const [usage] = await d.say(agent, 'ticket faq add no answer here');
      expect(usage!.text).toBe('Usage: ticket faq add <question> = <answer>');
      const [added] = await d.say(agent, 'ticket faq add Where is the lost and found office? = At the reception desk, ground floor.');
      expect(added!.text).toMatch(/^FAQ entry facilities-where-is-the-lost-and-found saved/);
      const [answer] = await d.say(u, 'where is the lost and found office');
      expect(answer!.text).toContain('At the reception desk, ground floor.');

      const [o] = await d.say(u, 'ticket new --no-faq the meeting room projector remote has no batteries');
      const code = o!.ticket!.code;
      const [early] = await d.say(agent, `ticket faq promote ${code}`);
      expect(early!.text).toBe(`${code} has no resolution yet: resolve it first, then promote it.`);
      await d.say(agent, `ticket resolve ${code} Spare batteries are in the top drawer of room 4.`);
      // Promoting makes a draft for the department's leads; the FAQ does not change until one approves it.
      const lead = await d.agent({ userId: 'kb-lead', name: 'Lia', departments: ['facilities'], role: 'lead' });
      const [promoted] = await d.say(agent, `ticket faq promote ${code}`);
      const id = `d-${code.toLowerCase()}`;
      expect(promoted!.text).toBe(`Draft ${id} made from ${code}: the leads of Facilities decide whether it becomes an FAQ entry.`);
      expect((await d.store.listFaqs()).find((e) => e.id === `facilities-${code.toLowerCase()}`)).toBeUndefined();
      const [again] = await d.say(agent, `ticket faq promote ${code}`);
      expect(again!.text).toBe(`${code} is already part of FAQ draft ${id}.`);
      const notice = d.inbox(lead).at(-1)!;
      expect(notice.text).toContain(`Kim made FAQ draft ${id}`);
      expect(notice.text).toContain('the meeting room projector remote has no batteries');
      expect(notice.actions!.map((a) => a.id)).toEqual([`draft-ok:${id}_1`, `draft-edit:${id}_1`, `draft-no:${id}_1`]);
      const [notLead] = await d.press(agent, `draft-ok:${id}_1`);
      expect(notLead!.text).toBe("Only the department's leads decide FAQ drafts.");
      const [approved] = await d.press(lead, `draft-ok:${id}_1`);
      expect(approved!.text).toBe(`✅ Draft ${id} approved: FAQ entry facilities-${code.toLowerCase()} answers from the next message.`);
      expect((await d.store.listFaqs()).find((e) => e.id === `facilities-${code.toLowerCase()}`)).toMatchObject({
        questions: ['the meeting room projector remote has no batteries'],
        answer: { en: 'Spare batteries are in the top drawer of room 4.' },
      });
      const [twice] = await d.press(lead, `draft-no:${id}_1`);
      expect(twice!.text).toBe(`Draft ${id} is no longer waiting: approved by web:kb-lead.`);
    });

    it('moves a misrouted ticket to another department, whose agents are told', async () => {
      const u = someone('en');
      const itAgent = await d.agent({ userId: 'mv-it', name: 'Ivo', departments: ['it'] });
      const [o] = await d.say(u, 'ticket new --no-faq my laptop bag strap broke');
      const code = o!.ticket!.code;
      expect(o!.ticket!.department).toBe('it');
      const [unknown] = await d.say(itAgent, `ticket move ${code} catering`);
      expect(unknown!.text).toBe('There is no department "catering". Departments: it, hr, finance, facilities.');
      const [same] = await d.say(itAgent, `ticket move ${code} it`);
      expect(same!.text).toBe(`${code} is already with it.`);
      const [moved] = await d.say(itAgent, `ticket move ${code} facilities`);
      expect(moved!.ticket).toMatchObject({ code, department: 'facilities', tier: 1, status: 'open' });
      expect(d.teamInbox('facilities').at(-1)!.text).toContain(`Moved to Facilities: ${code}`);
      const [again] = await d.say(itAgent, `ticket move ${code} hr`);
      expect(again!.text).toBe('Ivo does not work for facilities.');
    });

    it('takes the department and urgency a form states instead of guessing', async () => {
      const u = someone('en');
      const [o] = await d.say(u, 'ticket new --no-faq --dept hr --urgency high my laptop is broken');
      expect(o!.ticket).toMatchObject({ department: 'hr', priority: 'P2' });
      const [bad] = await d.say(u, 'ticket new --dept legal help');
      expect(bad!.text).toBe('There is no department "legal". Departments: it, hr, finance, facilities.');
    });

    it('closes a resolved ticket nobody confirmed after the silence, and tells both sides', async () => {
      const u = someone('en');
      const agent = await d.agent({ userId: 'ac-agent', name: 'Alba', departments: ['it'] });
      const [old] = await d.say(u, 'ticket new --no-faq the docking station does not charge');
      const [fresh] = await d.say(u, 'ticket new --no-faq the webcam shows a black image');
      for (const code of [old!.ticket!.code, fresh!.ticket!.code]) {
        await d.press(agent, `claim:${code}`);
        await d.say(agent, `ticket resolve ${code} Replaced it`);
        if (code === old!.ticket!.code) d.clock.t += 71 * 3600_000;
      }
      d.clock.t += 2 * 3600_000;
      const closed = (await d.sweep()).autoClosed;
      expect(closed).toContain(old!.ticket!.code);
      expect(closed).not.toContain(fresh!.ticket!.code);
      expect((await d.store.get(old!.ticket!.code))!.status).toBe('closed');
      expect((await d.store.get(fresh!.ticket!.code))!.status).toBe('resolved');
      expect(d.inbox(u).at(-1)!.text).toContain(`${old!.ticket!.code} was closed: no answer came`);
      expect(d.inbox(agent).at(-1)!.text).toBe(`${old!.ticket!.code} closed automatically: the requester did not answer.`);
      expect((await d.sweep()).autoClosed).not.toContain(old!.ticket!.code);
    });

    it('keeps an escalation reason and notes from the requester, in either language, and marks them internal for agents', async () => {
      const mario = someone('it');
      const jane = someone('en');
      const lea = await d.agent({ userId: 'int-l1', name: 'Lea', departments: ['finance'], tier: 1 });
      const pia = await d.agent({ userId: 'int-it', name: 'Pia', departments: ['finance'], tier: 2, locale: 'it' });
      for (const [req, ask] of [[mario, 'ticket stato'], [jane, 'ticket status']] as const) {
        const [o] = await d.say(req, 'ticket new --no-faq --dept finance the invoice from Acme was booked twice');
        const code = o!.ticket!.code;
        await d.press(lea, `claim:${code}`);
        await d.say(lea, `ticket note ${code} Acme owes us a credit note`);
        await d.say(lea, `ticket escalate ${code} requester may be the one who double-booked`);
        expect(d.inbox(req).at(-1)!.text).not.toContain('double-booked');

        const [seen] = await d.say(req, `${ask} ${code}`);
        expect(seen!.text).toContain('the invoice from Acme was booked twice');
        expect(seen!.text).not.toContain('double-booked');
        expect(seen!.text).not.toContain('credit note');

        const [agentView] = await d.say(lea, `ticket status ${code}`);
        expect(agentView!.text).toContain('• Lea (internal): requester may be the one who double-booked');
        expect(agentView!.text).toContain('• Lea (internal): Acme owes us a credit note');
        expect(agentView!.text).not.toMatch(/\(internal\): the invoice/);
        const [italianView] = await d.say(pia, `ticket stato ${code}`);
        expect(italianView!.text).toContain('• Lea (interna): requester may be the one who double-booked');
      }
    });

    it('pushes a new ticket to each agent of the team in their own language', async () => {
      const u = someone('en');
      const anna = await d.agent({ userId: 'loc-anna', name: 'Anna', departments: ['facilities'], locale: 'it' });
      const bob = await d.agent({ userId: 'loc-bob', name: 'Bob', departments: ['facilities'], locale: 'en' });
      const [o] = await d.say(u, 'ticket new --no-faq --dept facilities the meeting room door does not lock');
      const code = o!.ticket!.code;
      const [toAnna] = d.pushesTo(anna).filter((r) => r.ticket?.code === code);
      const [toBob] = d.pushesTo(bob).filter((r) => r.ticket?.code === code);
      expect(toAnna!.text).toMatch(new RegExp(`^Nuovo ticket ${code} .* da User \\d+: the meeting room door`));
      expect(toAnna!.actions).toContainEqual({ id: `claim:${code}`, label: 'Prendi in carico' });
      expect(toBob!.text).toMatch(new RegExp(`^New ticket ${code} .* from User \\d+`));
      expect(toBob!.actions).toContainEqual({ id: `claim:${code}`, label: 'Claim' });
      // A place every agent reads (a triage channel) keeps the desk's language.
      expect(d.teamInbox('facilities').at(-1)!.text).toMatch(/^New ticket/);

      // What is said to Anna in person later follows her registered language too.
      await d.press(anna, `claim:${code}`);
      await d.say(anna, `ticket resolve ${code} Sostituita la serratura`);
      await d.press(u, `reopen:${code}`);
      expect(d.pushesTo(anna).at(-1)!.text).toBe(`User ${u.userId.slice(4)} dice che ${code} non è risolto: è tornato in coda.`);
    });

    it('pushes each person exactly one message for a reopen at level 2', async () => {
      const u = someone('en');
      const first = await d.agent({ userId: 'once-l1', name: 'Olga', departments: ['hr'], tier: 1 });
      const leo = await d.agent({ userId: 'once-l2', name: 'Leo', departments: ['hr'], tier: 2 });
      const max = await d.agent({ userId: 'once-l2b', name: 'Max', departments: ['hr'], tier: 2 });
      const [o] = await d.say(u, 'ticket new --no-faq --dept hr my payslip shows the wrong bank account');
      const code = o!.ticket!.code;
      await d.press(first, `claim:${code}`);
      await d.press(first, `escalate:${code}`);
      await d.submit(first, `escalate-with:${code}`, { reason: 'payroll must decide' });
      await d.press(leo, `claim:${code}`);
      await d.say(leo, `ticket resolve ${code} Corrected the account`);
      const before = { leo: d.pushesTo(leo).length, max: d.pushesTo(max).length, u: d.pushesTo(u).length };
      const [reopened] = await d.press(u, `reopen:${code}`);
      expect(reopened!.ticket).toMatchObject({ status: 'open', tier: 2 });
      const toLeo = d.pushesTo(leo).slice(before.leo);
      expect(toLeo).toHaveLength(1);
      expect(toLeo[0]!.text).toContain('still broken');
      expect(d.pushesTo(max).slice(before.max)).toHaveLength(1);
      expect(d.pushesTo(u).slice(before.u)).toHaveLength(0);
    });

    it('speaks the language of each participant', async () => {
      const it_ = someone('it');
      const en = someone('en');
      const [h1] = await d.say(it_, 'ticket aiuto');
      const [h2] = await d.say(en, 'ticket help');
      expect(h1!.text).toContain('Posso rispondere');
      expect(h2!.text).toContain('I can answer');
      const [r] = await d.say(it_, 'ticket nuovo --no-faq il badge non apre la porta');
      expect(r!.text).toContain('Ho aperto il ticket');
    });
  });
}
