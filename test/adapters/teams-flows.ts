// Teams end to end: Bot Framework activities POSTed to /api/messages, through
// botbuilder's real CloudAdapter, with every reply, card update and proactive
// message landing on a fake connector on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeConnector, shown, type ConnectorCall, type FakeConnector } from '../support/fake-teams.js';
import { openStream, post, startServer, type RunningServer } from '../support/server.js';
import { TRIAGE, botAddedToTeam, botInstalledPersonally, cardAction, channelMention, invoke, personalConversation, personalMessage, postActivity, searchQuery, submitAction, type TeamsPerson } from '../support/teams-activities.js';
import type { StoreEnv } from '../support/server-stores.js';
import { adaptiveCardProblems } from '../support/payload-limits.js';

const MARIO: TeamsPerson = { aad: '00000000-0000-0000-0000-0000000000a1', name: 'Mario', locale: 'it-IT' };
const ANNA: TeamsPerson = { aad: '00000000-0000-0000-0000-0000000000a2', name: 'Anna', locale: 'en-US' };
const OTTO: TeamsPerson = { aad: '00000000-0000-0000-0000-0000000000a3', name: 'Otto', locale: 'en-GB' };

/** The card body of an invoke response, flattened to text. */
const cardText = (body: any) => JSON.stringify(body?.value?.body ?? body);

export function runTeamsFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`Teams through botbuilder on ${name}`, () => {
    let fake: FakeConnector;
    let server: RunningServer;
    let storage: StoreEnv;
    let url: string;

    beforeAll(async () => {
      fake = await startFakeConnector();
      url = fake.serviceUrl;
      storage = await storeEnv();
      server = await startServer({ ...storage.env, TEAMS_LOCAL: '1', TEAMS_TRIAGE_CONVERSATION_ID: TRIAGE });
      const store = await storage.open(server.dataDir);
      await store.saveAgent({ platform: 'teams', userId: ANNA.aad, name: 'Anna', departments: ['it'], tier: 1, role: 'agent' });
      await store.saveAgent({ platform: 'web', userId: 'wendy', name: 'Wendy', departments: ['it'], tier: 1, role: 'agent' });
      await store.close();
      // Installing the app in the agents' team teaches the bot where that channel lives.
      expect((await postActivity(server.base, botAddedToTeam(url))).status).toBe(200);
      // Teams clients in the channel ask the bot for their own view of each card they show.
      fake.clients(server.base);
    });
    afterAll(async () => {
      await server?.stop();
      await fake?.close();
      await storage?.cleanup();
    });

    const say = (p: TeamsPerson, text: string, id?: string) => postActivity(server.base, personalMessage(url, p, text, id));
    const after = (n: number) => (pred: (c: ConnectorCall) => boolean) => (c: ConnectorCall) => fake.calls.indexOf(c) >= n && pred(c);
    const toPerson = (p: TeamsPerson) => (c: ConnectorCall) => c.method === 'POST' && c.conversationId === personalConversation(p);

    it('welcomes a person who installs the bot, in their language', async () => {
      const n = fake.calls.length;
      expect((await postActivity(server.base, botInstalledPersonally(url, MARIO))).status).toBe(200);
      const welcome = await fake.waitFor(after(n)(toPerson(MARIO)), 'the welcome card');
      expect(welcome.body.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(welcome.body.summary).toMatch(/^Posso rispondere alle domande e aprire ticket/);
      expect(shown(welcome)).toContain('ticket nuovo <testo>');
    });

    it('takes a personal chat to a closed ticket through the triage card, its thread and the confirm card', async () => {
      let n = fake.calls.length;
      const first = await say(MARIO, "il plotter dell'ufficio tecnico stampa a righe", '1800000000001');
      expect(first.status).toBe(200);
      const opened = await fake.waitFor(after(n)(toPerson(MARIO)), 'the answer in the personal chat');
      const code = /IT-\d+/.exec(shown(opened))![0];
      expect(shown(opened)).toContain(`Ho aperto il ticket ${code}`);
      const card = await fake.waitFor(after(n)((c) => c.method === 'POST' && c.conversationId === TRIAGE), 'the triage card');
      expect(card.body.attachments[0].content.version).toBe('1.5');
      // Everyone in the channel sees the ticket; only its agents see buttons, in the view their client asks for.
      expect(shown(card)).not.toContain(`claim:${code}`);
      expect(card.body.attachments[0].content.refresh).toMatchObject({ action: { type: 'Action.Execute', verb: 'sportelloRefresh' }, userIds: [`8:orgid:${ANNA.aad}`] });
      const annaView = await fake.waitFor(after(n)((c) => c.method === 'REFRESH' && c.userId === `8:orgid:${ANNA.aad}` && c.activityId === card.id), 'Anna\'s own view');
      expect(shown(annaView)).toContain(`claim:${code}`);
      expect(shown(annaView)).toContain('Action.Execute');
      // Otto's client is not asked to refresh; were it to ask, it gets the card without buttons.
      const ottoAsks = cardAction(url, OTTO, 'x', { root: card.id });
      const ottoView = await postActivity(server.base, { ...ottoAsks, value: { action: card.body.attachments[0].content.refresh.action, trigger: 'automatic' } });
      expect(ottoView.body.type).toBe('application/vnd.microsoft.card.adaptive');
      expect(cardText(ottoView.body)).toContain(code);
      expect(JSON.stringify(ottoView.body)).not.toContain(`claim:${code}`);

      // The same activity delivered again: still one ticket, one card.
      expect((await say(MARIO, "il plotter dell'ufficio tecnico stampa a righe", '1800000000001')).status).toBe(200);

      // A non-agent presses Claim: only they see the refusal, nothing changes.
      n = fake.calls.length;
      const refused = await postActivity(server.base, cardAction(url, OTTO, `claim:${code}`, { root: card.id }));
      expect(refused.status).toBe(200);
      expect(refused.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
      expect(cardText(refused.body)).toContain('Only help desk agents can use \\"claim\\".');

      // The agent claims from the card: their card refreshes, everyone's is edited, the requester hears.
      const claimed = await postActivity(server.base, cardAction(url, ANNA, `claim:${code}`, { root: card.id }));
      expect(cardText(claimed.body)).toContain(`You claimed ${code}.`);
      expect(cardText(claimed.body)).toContain('in progress');
      const edited = await fake.waitFor(after(n)((c) => c.method === 'PUT' && c.activityId === card.id), 'the card edit');
      expect(shown(edited)).toContain('in progress');
      expect(fake.calls.slice(n).filter((c) => c.method === 'PUT')).toHaveLength(1);
      // The edited card shows Anna her new buttons when her client refreshes it; everyone else still none.
      expect(shown(edited)).not.toContain(`resolve:${code}`);
      const annaAfter = await fake.waitFor(after(n)((c) => c.method === 'REFRESH' && c.of === 'PUT' && c.userId === `8:orgid:${ANNA.aad}`), 'Anna\'s view of the edit');
      expect(shown(annaAfter)).toContain(`resolve:${code}`);
      expect(shown(annaAfter)).not.toContain(`claim:${code}`);
      await fake.waitFor(after(n)((c) => toPerson(MARIO)(c) && shown(c).includes(`Anna sta lavorando al tuo ticket ${code}`)), 'the news to Mario');

      // Said to the bot in the card's thread without addressing the requester, it stays among agents:
      // a line under it says so, the first time with how to reach the requester.
      const thread = `${TRIAGE};messageid=${card.id}`;
      n = fake.calls.length;
      await postActivity(server.base, channelMention(url, ANNA, 'Probabilmente le testine', card.id));
      const kept = await fake.waitFor(after(n)((c) => c.conversationId === thread), 'the kept-internal line');
      expect(kept.body.text).toBe('🔒 Kept internal: the requester does not see this. To write to them here, start the message with &gt;&gt;'); // Teams reads message text as HTML
      await postActivity(server.base, channelMention(url, ANNA, 'O forse il cavo', card.id));
      const keptAgain = await fake.waitFor(after(n)((c) => c !== kept && c.conversationId === thread), 'the second line');
      expect(keptAgain.body.text).toBe('🔒 Kept internal: the requester does not see this.');

      // Both sides talk through the bot: the agent in the card's thread (addressed with >>), the requester in the chat.
      n = fake.calls.length;
      await postActivity(server.base, channelMention(url, ANNA, '&gt;&gt; Che modello di plotter?', card.id));
      const relayed = await fake.waitFor(after(n)((c) => toPerson(MARIO)(c) && shown(c).includes('Che modello di plotter?')), 'the question relayed');
      expect(shown(relayed)).not.toContain('>>');
      expect(fake.calls.filter((c) => toPerson(MARIO)(c) && (shown(c).includes('testine') || shown(c).includes('cavo')))).toEqual([]);
      n = fake.calls.length;
      await say(MARIO, 'HP DesignJet T200');
      const mirrored = await fake.waitFor(after(n)((c) => c.conversationId === thread), 'the answer in the thread');
      expect(mirrored.body.text).toBe('**Mario**: HP DesignJet T200');

      // Resolved with a command in the thread; Mario's confirm card; "No" reopens.
      n = fake.calls.length;
      await postActivity(server.base, channelMention(url, ANNA, `ticket resolve ${code} Pulite le testine`, card.id));
      const ask = await fake.waitFor(after(n)((c) => toPerson(MARIO)(c) && shown(c).includes(`confirm:${code}`)), 'the confirm card');
      expect(shown(ask)).toContain(`reopen:${code}`);
      await fake.waitFor(after(n)((c) => c.method === 'PUT' && shown(c).includes('resolved')), 'card resolved');
      n = fake.calls.length;
      const no = await postActivity(server.base, cardAction(url, MARIO, `reopen:${code}`, 'personal'));
      expect(cardText(no.body)).toContain(`${code} è di nuovo aperto`);
      await fake.waitFor(after(n)((c) => c.method === 'PUT' && shown(c).includes(' open')), 'card open again');

      // Claimed and resolved again; this time "Yes", from an older client's Action.Submit.
      await postActivity(server.base, cardAction(url, ANNA, `claim:${code}`, { root: card.id }));
      n = fake.calls.length;
      await postActivity(server.base, channelMention(url, ANNA, `ticket resolve ${code} Sostituite le testine`, card.id));
      await fake.waitFor(after(n)((c) => toPerson(MARIO)(c) && shown(c).includes(`confirm:${code}`)), 'the second confirm card');
      n = fake.calls.length;
      await postActivity(server.base, submitAction(url, MARIO, `confirm:${code}`));
      await fake.waitFor(after(n)((c) => toPerson(MARIO)(c) && shown(c).includes(`Grazie! ${code} è chiuso.`)), 'the thanks');
      await fake.waitFor(after(n)((c) => c.method === 'PUT' && c.activityId === card.id && shown(c).includes('closed')), 'card closed');

      const cards = fake.calls.filter((c) => c.method === 'POST' && c.conversationId === TRIAGE);
      expect(cards).toHaveLength(1);
    });

    it('shares one queue with the web chat: a web agent works a Teams ticket, both ways', async () => {
      let n = fake.calls.length;
      await say(MARIO, 'ticket new --no-faq il secondo monitor non si accende');
      const opened = await fake.waitFor(after(n)((c) => toPerson(MARIO)(c) && shown(c).includes('Ho aperto')), 'the new ticket');
      const code = /IT-\d+/.exec(shown(opened))![0];
      const wendy = { id: 'wendy', name: 'Wendy', locale: 'en' };
      const claim = await post(server.base, '/web/api/actions', { user: wendy, actionId: `claim:${code}` });
      expect(claim.body.replies[0].ticket).toMatchObject({ code, status: 'in_progress' });
      n = fake.calls.length;
      await post(server.base, '/web/api/messages', { user: wendy, text: `ticket reply ${code} Is it plugged into the dock?` });
      await fake.waitFor(after(n)((c) => toPerson(MARIO)(c) && shown(c).includes('Is it plugged into the dock?')), 'the web reply in Teams');
      await say(MARIO, 'sì, è collegato');
      await expect.poll(async () => (await post(server.base, '/web/api/messages', { user: wendy, text: `ticket status ${code}` })).body.replies[0].text).toContain('Mario: sì, è collegato');
    });

    it('and the other way: a Teams agent works a web chat ticket from the card, talking in its thread', async () => {
      const giulia = { id: 'giulia', name: 'Giulia', locale: 'it' };
      const stream = await openStream(server.base, 'giulia');
      try {
        let n = fake.calls.length;
        const opened = await post(server.base, '/web/api/messages', { user: giulia, text: 'ticket new --no-faq il pc non si avvia dopo l aggiornamento' });
        const code = opened.body.replies[0].ticket.code as string;
        const card = await fake.waitFor(after(n)((c) => c.method === 'POST' && c.conversationId === TRIAGE && shown(c).includes(code)), 'the card');
        // Anna's client shows her the card with its buttons.
        expect(shown(await fake.waitFor((c) => c.method === 'REFRESH' && c.activityId === card.id && c.userId === `8:orgid:${ANNA.aad}`, 'Anna\'s view'))).toContain(`claim:${code}`);
        await postActivity(server.base, cardAction(url, ANNA, `claim:${code}`, { root: card.id }));
        expect((await stream.next()).text).toContain(`Anna sta lavorando al tuo ticket ${code}`);
        await postActivity(server.base, channelMention(url, ANNA, '&gt;&gt; Che messaggio di errore vedi?', card.id));
        expect((await stream.next()).text).toContain('Che messaggio di errore vedi?');
        n = fake.calls.length;
        await post(server.base, '/web/api/messages', { user: giulia, text: 'Schermo blu' });
        await fake.waitFor(after(n)((c) => c.conversationId === `${TRIAGE};messageid=${card.id}` && c.body.text === '**Giulia**: Schermo blu'), 'the answer in the thread');
      } finally {
        stream.close();
      }
    });

    it('opens "ticket nuovo" as a dialog with choice sets, shows what is wrong in it again, and files what it says', async () => {
      let n = fake.calls.length;
      await say(MARIO, 'ticket nuovo');
      const offer = await fake.waitFor(after(n)(toPerson(MARIO)), 'the form offer');
      const opener = offer.body.attachments[0].content.body.flatMap((e: any) => e.actions ?? []).find((x: any) => x.data?.msteams?.type === 'task/fetch');
      expect(opener).toMatchObject({ type: 'Action.Submit', title: 'Apri il modulo', data: { sportelloDialog: 'new-ticket:_' } });

      const fetched = await postActivity(server.base, invoke(url, MARIO, 'task/fetch', { type: 'task/fetch', data: opener.data, context: { theme: 'default' } }));
      expect(fetched.body.task).toMatchObject({ type: 'continue', value: { title: 'Nuovo ticket', card: { contentType: 'application/vnd.microsoft.card.adaptive' } } });
      const dialog = fetched.body.task.value.card.content;
      expect(dialog.version).toBe('1.5');
      const field = (card: any, id: string) => card.body.find((e: any) => e.id === `sportelloField.${id}`);
      expect(field(dialog, 'title')).toMatchObject({ type: 'Input.Text', isRequired: true, label: 'Titolo' });
      expect(field(dialog, 'department')).toMatchObject({ type: 'Input.ChoiceSet', style: 'compact', label: 'Reparto' });
      expect(field(dialog, 'department').choices).toContainEqual({ title: 'Risorse umane', value: 'hr' });
      expect(field(dialog, 'department').choices.map((c: any) => c.value)).toEqual(['it', 'hr', 'finance', 'facilities']);

      // Sent with a blank title and a department not offered: the dialog comes back saying so, as it was filled in.
      const bad = await postActivity(server.base, invoke(url, MARIO, 'task/submit', { data: { sportelloForm: 'new-ticket:_', 'sportelloField.title': '  ', 'sportelloField.department': 'legal', 'sportelloField.description': 'dal portale' } }));
      expect(bad.body.task.type).toBe('continue');
      const again = bad.body.task.value.card.content;
      expect(again.body[0]).toMatchObject({ type: 'TextBlock', color: 'Attention' });
      expect(again.body[0].text).toContain('Titolo: compila questo campo.');
      expect(field(again, 'description').value).toBe('dal portale');
      expect(field(again, 'title').errorMessage).toBe('Titolo: compila questo campo.');

      n = fake.calls.length;
      const good = await postActivity(server.base, invoke(url, MARIO, 'task/submit', { data: { sportelloForm: 'new-ticket:_', 'sportelloField.title': 'Cedolino di marzo mancante', 'sportelloField.department': 'hr', 'sportelloField.urgency': 'high' } }));
      expect(good.status).toBe(200);
      const filed = await fake.waitFor(after(n)((c) => toPerson(MARIO)(c) && shown(c).includes('Ho aperto il ticket HR-')), 'the ticket from the dialog');
      expect(shown(filed)).toMatch(/HR-\d+ \(P2 – alta/);
    });

    it('opens the new-ticket dialog from a message ("Create ticket"), prefilled, files it for whoever sends it, and resolves through a dialog', async () => {
      const message = { id: '1700000099999', body: { contentType: 'html', content: '<p>Il badge della porta sul retro non funziona</p><p>lampeggia rosso &amp; suona <at>Anna</at></p>' }, from: { user: { id: 'x', displayName: 'Mario' } } };
      const general = { channel: '19:general@thread.tacv2' };
      const fetched = await postActivity(server.base, invoke(url, ANNA, 'composeExtension/fetchTask', { commandId: 'createTicket', commandContext: 'message', context: { theme: 'default' }, messagePayload: message }, general));
      expect(fetched.body.task.value.title).toBe('New ticket');
      const dialog = fetched.body.task.value.card.content;
      const value = (id: string) => dialog.body.find((e: any) => e.id === `sportelloField.${id}`)?.value;
      expect(value('title')).toBe('Il badge della porta sul retro non funziona');
      expect(value('description')).toBe('lampeggia rosso & suona');

      let n = fake.calls.length;
      const data = { sportelloForm: 'new-ticket:_', 'sportelloField.title': value('title'), 'sportelloField.description': value('description'), 'sportelloField.department': 'it' };
      const sent = await postActivity(server.base, invoke(url, ANNA, 'composeExtension/submitAction', { commandId: 'createTicket', commandContext: 'message', data }, general));
      expect(sent.status).toBe(200);
      const card = await fake.waitFor(after(n)((c) => c.method === 'POST' && c.conversationId === TRIAGE && shown(c).includes('badge')), 'the triage card');
      const code = /IT-\d+/.exec(shown(card))![0];
      const store = await storage.open(server.dataDir);
      try {
        expect((await store.get(code))!.requester).toMatchObject({ platform: 'teams', userId: ANNA.aad });
      } finally {
        await store.close();
      }

      // Anna claims it and presses Resolve: the card she sees offers the dialog that asks what fixed it.
      await postActivity(server.base, cardAction(url, ANNA, `claim:${code}`, { root: card.id }));
      const pressed = await postActivity(server.base, cardAction(url, ANNA, `resolve:${code}`, { root: card.id }));
      expect(cardText(pressed.body)).toContain(`resolve-with:${code}`);
      const where = { channel: `${TRIAGE};messageid=${card.id}` };
      const resolveDialog = await postActivity(server.base, invoke(url, ANNA, 'task/fetch', { data: { msteams: { type: 'task/fetch' }, sportelloDialog: `resolve-with:${code}` } }, where));
      expect(resolveDialog.body.task.value.card.content.body[0]).toMatchObject({ id: 'sportelloField.resolution', isRequired: true, isMultiline: true });
      const blank = await postActivity(server.base, invoke(url, ANNA, 'task/submit', { data: { sportelloForm: `resolve-with:${code}`, 'sportelloField.resolution': ' ' } }, where));
      expect(JSON.stringify(blank.body)).toContain('What fixed it: please fill this in.');
      n = fake.calls.length;
      await postActivity(server.base, invoke(url, ANNA, 'task/submit', { data: { sportelloForm: `resolve-with:${code}`, 'sportelloField.resolution': 'New battery in the reader' } }, where));
      await fake.waitFor(after(n)((c) => c.method === 'PUT' && c.activityId === card.id && shown(c).includes('resolved')), 'the card resolved');
      const after2 = await storage.open(server.dataDir);
      try {
        expect((await after2.get(code))!.status).toBe('resolved');
      } finally {
        await after2.close();
      }
    });

    it('tells the agent when the requester has never opened a chat with the bot', async () => {
      // Otto files a ticket by @mentioning the bot in a channel, and Teams will not open a personal chat with him.
      fake.refuseChats();
      const n = fake.calls.length;
      await postActivity(server.base, channelMention(url, OTTO, 'ticket new --no-faq the VPN client fails to connect from home', null, '19:general@thread.tacv2'));
      const filed = await fake.waitFor(after(n)((c) => c.conversationId === '19:general@thread.tacv2'), 'the answer in the channel');
      const code = /IT-\d+/.exec(shown(filed))![0];
      const stream = await openStream(server.base, 'wendy');
      try {
        await post(server.base, '/web/api/actions', { user: { id: 'wendy', name: 'Wendy', locale: 'en' }, actionId: `claim:${code}` });
        // Wendy's stream also carries the team's earlier news: skip to the notice.
        let notice = await stream.next();
        while (!String(notice.text).startsWith('Otto')) notice = await stream.next();
        expect(notice.text).toBe('Otto could not be told on teams: they have never opened a chat with the bot there. Please reach them another way.');
      } finally {
        stream.close();
        fake.allowChats();
      }
    });

    it('answers the search message extension: Unassigned and Mine as ticket cards, for what each person may see', async () => {
      const open = async (what: string) => {
        const n = fake.calls.length;
        await say(MARIO, `ticket new --no-faq --dept it ${what}`);
        return /IT-\d+/.exec(shown(await fake.waitFor(after(n)((c) => toPerson(MARIO)(c) && /IT-\d+/.test(shown(c))), 'the new ticket')))![0];
      };
      const waiting = await open('lo scanner del secondo piano non invia le email');
      const held = await open('la tastiera del portatile perde tasti');
      let n = fake.calls.length;
      await say(ANNA, `ticket claim ${held}`);
      await fake.waitFor(after(n)((c) => toPerson(ANNA)(c) && shown(c).includes(`You claimed ${held}.`)), 'the claim');

      const search = async (p: TeamsPerson, commandId: string, typed: string | 'initialRun') => {
        const res = await postActivity(server.base, searchQuery(url, p, commandId, typed));
        expect(res.status).toBe(200);
        return res.body.composeExtension;
      };
      // Opening "Unassigned": the queue as a list of cards, each previewed by its first line, its Claim on the card.
      const unassigned = await search(ANNA, 'unassigned', 'initialRun');
      expect(unassigned).toMatchObject({ type: 'result', attachmentLayout: 'list' });
      const found = unassigned.attachments.find((x: any) => x.preview.content.title.startsWith(`${waiting} · `));
      expect(found).toMatchObject({ contentType: 'application/vnd.microsoft.card.adaptive', preview: { contentType: 'application/vnd.microsoft.card.thumbnail' } });
      expect(found.content).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
      expect(JSON.stringify(found.content)).toContain(`claim:${waiting}`);
      expect(JSON.stringify(unassigned)).not.toContain(`${held} · `);
      // Typing narrows by words of the title.
      const typed = await search(ANNA, 'unassigned', 'SCANNER');
      expect(typed.attachments.map((x: any) => x.preview.content.title.split(' · ')[0])).toEqual([waiting]);
      // "Mine": what the agent holds.
      const mine = await search(ANNA, 'mine', 'tastiera');
      expect(mine.attachments.map((x: any) => x.preview.content.title.split(' · ')[0])).toEqual([held]);

      // A requester: their own tickets under Mine; the queue is refused in words, in their language.
      const mario = await search(MARIO, 'mine', 'initialRun');
      const codes = mario.attachments.map((x: any) => x.preview.content.title.split(' · ')[0]);
      expect(codes).toEqual(expect.arrayContaining([waiting, held]));
      expect(await search(MARIO, 'unassigned', '')).toEqual({ type: 'message', text: expect.stringMatching(/operatori|agents/) });
      // A command this version does not define.
      expect((await postActivity(server.base, searchQuery(url, ANNA, 'everything', ''))).status).toBe(501);
      n = fake.calls.length;
      // Searching sends nothing anywhere.
      await search(ANNA, 'mine', 'initialRun');
      expect(fake.calls.slice(n)).toEqual([]);
    });

    it('retries a send the connector throttles (429 with Retry-After)', async () => {
      fake.failOnce(429);
      const n = fake.calls.length;
      await say(MARIO, 'ticket list');
      const delivered = await fake.waitFor(after(n)(toPerson(MARIO)), 'the reply after the 429', 8000);
      expect(shown(delivered)).toContain('I tuoi ticket');
    });

    it('answers a malformed activity with 400 and a reason, touching nothing', async () => {
      // What earlier turns still send (a list goes out one activity an item) must not count here.
      let seen = -1;
      while (seen !== fake.calls.length) {
        seen = fake.calls.length;
        await new Promise((r) => setTimeout(r, 300));
      }
      const n = fake.calls.length;
      const { serviceUrl: _drop, ...noServiceUrl } = personalMessage(url, MARIO, 'ticket new --no-faq forged');
      const res = await postActivity(server.base, { ...noServiceUrl, serviceUrl: 'not a url' });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('serviceUrl must be an http(s) URL');
      await new Promise((r) => setTimeout(r, 200));
      expect(fake.calls.slice(n)).toEqual([]);
    });

    it('sent every card in the Adaptive Card 1.5 shape Teams takes, per-user views included', () => {
      const cards = fake.calls.flatMap((c) => (c.body?.attachments ?? []).filter((a: { contentType: string }) => a.contentType === 'application/vnd.microsoft.card.adaptive').map((a: { content: unknown }) => ({ c, card: a.content })));
      expect(cards.length).toBeGreaterThan(10);
      expect(cards.some(({ c }) => c.method === 'REFRESH')).toBe(true);
      for (const { c, card } of cards) expect(adaptiveCardProblems(card as never), `${c.method} ${c.conversationId}`).toEqual([]);
    });
  });
}
