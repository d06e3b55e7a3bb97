// Discord end to end: the real discord.js client logs in to a fake Discord on
// 127.0.0.1 (REST + gateway), gets INTERACTION_CREATE / MESSAGE_CREATE
// dispatches, and every callback, thread, embed and message it sends is recorded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCommands } from '../../adapters/channels/discord/register-commands.js';
import { APP, BOT_USER, GUILD, SUPPORT, TRIAGE, discordServerEnv, startFakeDiscord, type DiscordCall, type FakeDiscord } from '../support/fake-discord.js';
import { autocomplete, buttonPress, messageCommand, messageCreate, modalSubmit, slashCommand, type DiscordPerson } from '../support/discord-events.js';
import { openStream, post, startServer, type RunningServer } from '../support/server.js';
import type { StoreEnv } from '../support/server-stores.js';
import { discordProblems } from '../support/payload-limits.js';

const MARIO: DiscordPerson = { id: '100000000000000003', name: 'Mario', locale: 'it' };
const ANNA: DiscordPerson = { id: '100000000000000006', name: 'Anna', locale: 'en-US', agent: true };
const OTTO: DiscordPerson = { id: '100000000000000007', name: 'Otto', locale: 'en-GB' };

const text = (c: DiscordCall) => JSON.stringify(c.body ?? '');

export function runDiscordFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`Discord through discord.js on ${name}`, () => {
    let fake: FakeDiscord;
    let server: RunningServer;
    let storage: StoreEnv;

    beforeAll(async () => {
      fake = await startFakeDiscord();
      storage = await storeEnv();
      server = await startServer({ ...storage.env, ...discordServerEnv(fake) });
      const store = await storage.open(server.dataDir);
      await store.saveAgent({ platform: 'web', userId: 'wendy', name: 'Wendy', departments: ['it', 'hr'], tier: 1, role: 'agent' });
      await store.close();
    });
    afterAll(async () => {
      await server?.stop();
      await fake?.close();
      await storage?.cleanup();
    });

    const after = (n: number) => (pred: (c: DiscordCall) => boolean) => (c: DiscordCall) => fake.calls.indexOf(c) >= n && pred(c);
    const callbackOf = (d: { id: string }) => (c: DiscordCall) => c.path.startsWith(`/interactions/${d.id}/`);
    const editOf = (d: { token: string }) => (c: DiscordCall) => c.method === 'PATCH' && c.path === `/webhooks/${APP}/${d.token}/messages/@original`;
    const postIn = (channel: string) => (c: DiscordCall) => c.method === 'POST' && c.path === `/channels/${channel}/messages`;
    /** Runs a slash command and returns the text of its (ephemeral) answer. */
    async function command(p: DiscordPerson, sub: string, options: Record<string, string> = {}, channelId?: string) {
      const d = slashCommand(p, sub, options, channelId);
      fake.dispatch('INTERACTION_CREATE', d);
      return text(await fake.waitFor(editOf(d), `the answer to /ticket ${sub}`));
    }
    /** The codes Discord would list while `p` types `typed` in a `code` option. */
    async function offered(p: DiscordPerson, sub: string, typed: string, channelId?: string): Promise<{ name: string; value: string }[]> {
      const d = autocomplete(p, sub, { name: 'code', value: typed }, channelId);
      fake.dispatch('INTERACTION_CREATE', d);
      const answer = await fake.waitFor(callbackOf(d), `the choices for ${sub}`);
      expect(answer.body.type).toBe(8);
      return answer.body.data.choices;
    }
    async function press(p: DiscordPerson, customId: string, messageId: string, channel = TRIAGE) {
      const d = buttonPress(p, customId, messageId, channel);
      fake.dispatch('INTERACTION_CREATE', d);
      return text(await fake.waitFor(editOf(d), `the answer to ${customId}`));
    }

    it('identifies with only the intents it needs', () => {
      // Guilds | GuildMessages | DirectMessages | MessageContent
      expect(fake.identify.intents).toBe(1 | 512 | 4096 | 32768);
      expect(fake.identify.token).toBe('fake-bot-token-0123456789');
    });

    it('takes /ticket new to a closed ticket through a private thread and the triage embed', async () => {
      let n = fake.calls.length;
      const first = slashCommand(MARIO, 'new', { text: "il plotter dell'ufficio tecnico stampa a righe" });
      fake.dispatch('INTERACTION_CREATE', first);
      const deferred = await fake.waitFor(callbackOf(first), 'the deferral');
      expect(deferred.body).toEqual({ type: 5, data: { flags: 64 } });
      const answer = text(await fake.waitFor(editOf(first), 'the answer'));
      const code = /IT-\d+/.exec(answer)![0];
      expect(answer).toContain(`Ho aperto il ticket ${code}`);
      const thread = await fake.waitFor(after(n)((c) => c.method === 'POST' && c.path === `/channels/${SUPPORT}/threads`), 'the private thread');
      expect(thread.body).toMatchObject({ type: 12, invitable: false });
      const threadId = thread.result.id as string;
      await fake.waitFor(after(n)((c) => c.method === 'PUT' && c.path === `/channels/${threadId}/thread-members/${MARIO.id}`), 'Mario added to the thread');
      const embed = await fake.waitFor(after(n)(postIn(TRIAGE)), 'the triage embed');
      expect(embed.body.embeds[0].title).toBe(code);
      expect(text(embed)).toContain(`sportello:claim:${code}`);
      const card = embed.result.id as string;

      // The same interaction dispatched again: answered once, one ticket.
      fake.dispatch('INTERACTION_CREATE', first);

      // A non-agent's Claim: an ephemeral refusal, and the embed stays as it was.
      n = fake.calls.length;
      expect(await press(OTTO, `sportello:claim:${code}`, card)).toContain('Only help desk agents can use \\"claim\\".');
      // The agent claims: embed edited, agent added to the thread, requester told there.
      expect(await press(ANNA, `sportello:claim:${code}`, card)).toContain(`You claimed ${code}.`);
      const edited = await fake.waitFor(after(n)((c) => c.method === 'PATCH' && c.path === `/channels/${TRIAGE}/messages/${card}`), 'the embed edit');
      expect(text(edited)).toContain('in progress');
      expect(fake.calls.slice(n).filter((c) => c.method === 'PATCH' && c.path.startsWith('/channels/'))).toHaveLength(1);
      await fake.waitFor(after(n)((c) => c.method === 'PUT' && c.path === `/channels/${threadId}/thread-members/${ANNA.id}`), 'Anna added to the thread');
      await fake.waitFor(after(n)((c) => postIn(threadId)(c) && text(c).includes(`Anna sta lavorando al tuo ticket ${code}`)), 'the news in the thread');

      // Both talk in the thread; the bot records it without repeating it there.
      n = fake.calls.length;
      fake.dispatch('MESSAGE_CREATE', messageCreate(ANNA, 'Che modello di plotter?', { channelId: threadId }));
      fake.dispatch('MESSAGE_CREATE', messageCreate(MARIO, 'HP DesignJet T200', { channelId: threadId }));
      await expect.poll(() => command(MARIO, 'status', { code })).toContain('Mario: HP DesignJet T200');
      expect(await command(MARIO, 'status', { code })).toContain('Anna: Che modello di plotter?');
      expect(fake.calls.slice(n).filter((c) => postIn(threadId)(c))).toEqual([]);

      // Resolved; the confirm buttons arrive in the thread; "No" reopens.
      n = fake.calls.length;
      expect(await command(ANNA, 'resolve', { code, resolution: 'Pulite le testine' })).toContain(`${code} resolved`);
      const ask = await fake.waitFor(after(n)((c) => postIn(threadId)(c) && text(c).includes(`sportello:confirm:${code}`)), 'the confirm buttons');
      expect(text(ask)).toContain(`sportello:reopen:${code}`);
      n = fake.calls.length;
      expect(await press(MARIO, `sportello:reopen:${code}`, ask.result.id, threadId)).toContain(`${code} è di nuovo aperto`);
      await fake.waitFor(after(n)((c) => c.method === 'PATCH' && c.path === `/channels/${TRIAGE}/messages/${card}` && text(c).includes('"open"')), 'embed open again');

      // Claimed and resolved again, then "Yes": the embed shows closed.
      await press(ANNA, `sportello:claim:${code}`, card);
      await command(ANNA, 'resolve', { code, resolution: 'Sostituite le testine' });
      n = fake.calls.length;
      expect(await press(MARIO, `sportello:confirm:${code}`, ask.result.id, threadId)).toContain(`Grazie! ${code} è chiuso.`);
      await fake.waitFor(after(n)((c) => c.method === 'PATCH' && c.path === `/channels/${TRIAGE}/messages/${card}` && text(c).includes('closed')), 'embed closed');
      // The buttons Mario pressed in the thread are switched off for everyone there.
      const retired = await fake.waitFor(after(n)((c) => c.method === 'PATCH' && c.path === `/channels/${threadId}/messages/${ask.result.id}`), 'the pressed buttons retired');
      const buttons = retired.body.components.flatMap((r: { components: unknown[] }) => r.components);
      expect(buttons.length).toBeGreaterThan(0);
      expect(buttons.every((b: { disabled?: boolean }) => b.disabled === true)).toBe(true);
      // The closed ticket's thread is renamed with its status, archived and locked, after its last message.
      const settled = await fake.waitFor(after(n)((c) => c.method === 'PATCH' && c.path === `/channels/${threadId}`), 'the thread closed');
      expect(settled.body).toMatchObject({ archived: true, locked: true });
      expect(settled.body.name).toMatch(new RegExp(`^${code} · (closed|chiuso) · Mario$`));
      const lastPost = fake.calls.map((c, i) => (postIn(threadId)(c) ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
      expect(lastPost).toBeLessThan(fake.calls.indexOf(settled));

      expect(fake.calls.filter((c) => c.path.startsWith(`/interactions/${first.id}/`))).toHaveLength(1);
      expect(fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${SUPPORT}/threads` && c.body.name.startsWith(`${code} `))).toHaveLength(1);
      expect(fake.calls.filter((c) => postIn(TRIAGE)(c) && c.body.embeds?.[0]?.title === code)).toHaveLength(1);
    });

    it('opens a form for /ticket new with no text, and files what the form says', async () => {
      const d = slashCommand(MARIO, 'new');
      fake.dispatch('INTERACTION_CREATE', d);
      const modal = await fake.waitFor(callbackOf(d), 'the modal');
      expect(modal.body).toMatchObject({ type: 9, data: { custom_id: 'sportello-form:new-ticket:_', title: 'Nuovo ticket' } });
      // Department and urgency are string selects in labels, the departments by name from DEPARTMENTS; no hard-coded placeholder.
      const dept = modal.body.data.components.find((c: any) => c.component?.custom_id === 'department');
      expect(dept).toMatchObject({ type: 18, label: 'Reparto', component: { type: 3, required: false } });
      expect(dept.component.options.map((o: any) => [o.value, o.label])).toContainEqual(['hr', 'Risorse umane']);
      expect(dept.component.options.map((o: any) => o.value)).toEqual(['it', 'hr', 'finance', 'facilities']);
      const urgency = modal.body.data.components.find((c: any) => c.component?.custom_id === 'urgency');
      expect(urgency.component.options.map((o: any) => o.value)).toEqual(['high', 'medium', 'low']);

      // A blank title (spaces pass Discord's own check) and a department not offered: told what is wrong, with the form to open again as filled in.
      const bad = modalSubmit(MARIO, { title: '   ', description: 'Nel portale non compare', department: ['legal'] }, 'sportello-form:new-ticket:_');
      fake.dispatch('INTERACTION_CREATE', bad);
      const refused = await fake.waitFor(editOf(bad), 'the refusal');
      expect(text(refused)).toContain('Titolo: compila questo campo.');
      expect(text(refused)).toContain("Reparto: scegli una delle voci dell'elenco.");
      expect(text(refused)).toContain('sportello-form:new-ticket:_');
      // Someone else pressing an "Open the form" button gets a blank form in their own language, not Mario's half-filled one.
      const otto = buttonPress(OTTO, 'sportello-form:new-ticket:_', '100000000000000888');
      fake.dispatch('INTERACTION_CREATE', otto);
      const ottoModal = await fake.waitFor(callbackOf(otto), "Otto's modal");
      expect(ottoModal.body).toMatchObject({ type: 9, data: { custom_id: 'sportello-form:new-ticket:_', title: 'New ticket' } });
      expect(text(ottoModal)).not.toContain('Nel portale non compare');
      // Mario's own button opens his form again as he filled it in.
      const again = buttonPress(MARIO, 'sportello-form:new-ticket:_', '100000000000000889');
      fake.dispatch('INTERACTION_CREATE', again);
      expect(text(await fake.waitFor(callbackOf(again), "Mario's modal again"))).toContain('Nel portale non compare');

      const submit = modalSubmit(MARIO, { title: 'Cedolino di marzo mancante', description: 'Nel portale non compare', department: ['hr'], urgency: ['high'] }, 'sportello-form:new-ticket:_');
      fake.dispatch('INTERACTION_CREATE', submit);
      expect(text(await fake.waitFor(editOf(submit), 'the form ticket'))).toMatch(/Ho aperto il ticket HR-\d+ \(P2 – alta, prima risposta entro 1 ora lavorativa, Risorse umane\)\. Puoi aspettarti una prima risposta entro /);
    });

    it('opens the new-ticket form prefilled from a message ("Create ticket"), filed for whoever sends it', async () => {
      const d = messageCommand(OTTO, { id: '100000000000000777', content: 'The badge reader at the back door is dead\nit beeps red for everyone', author: MARIO });
      fake.dispatch('INTERACTION_CREATE', d);
      const modal = await fake.waitFor(callbackOf(d), 'the prefilled modal');
      expect(modal.body).toMatchObject({ type: 9, data: { custom_id: 'sportello-form:new-ticket:_', title: 'New ticket' } });
      const title = modal.body.data.components[0].components[0];
      expect(title).toMatchObject({ custom_id: 'title', value: 'The badge reader at the back door is dead' });
      expect(modal.body.data.components[1].components[0].value).toBe('it beeps red for everyone');
      const submit = modalSubmit(OTTO, { title: title.value, description: 'it beeps red for everyone', department: ['facilities'], urgency: [] }, 'sportello-form:new-ticket:_');
      fake.dispatch('INTERACTION_CREATE', submit);
      const answer = text(await fake.waitFor(editOf(submit), 'the ticket from the message'));
      const code = /FAC-\d+/.exec(answer)![0];
      const store = await storage.open(server.dataDir);
      try {
        expect((await store.get(code))!).toMatchObject({ requester: { platform: 'discord', userId: OTTO.id }, department: 'facilities' });
      } finally {
        await store.close();
      }
    });

    it('keeps --dept/--urgency written in the form\'s description as words, under the department the form names', async () => {
      const submit = modalSubmit(MARIO, { title: 'Badge guasto', description: 'Il wiki dice --dept hr --urgency high', department: 'facilities', urgency: '' });
      fake.dispatch('INTERACTION_CREATE', submit);
      const answer = text(await fake.waitFor(editOf(submit), 'the form ticket'));
      const code = /FAC-\d+/.exec(answer)![0];
      const store = await storage.open(server.dataDir);
      try {
        expect((await store.get(code))!.description).toBe('Badge guasto\nIl wiki dice --dept hr --urgency high');
      } finally {
        await store.close();
      }
    });

    it('answers a DM with the desk, and ignores bots, itself included', async () => {
      let n = fake.calls.length;
      fake.dispatch('MESSAGE_CREATE', messageCreate(MARIO, 'ticket list', 'dm'));
      const dm = await fake.waitFor(after(n)((c) => c.method === 'POST' && c.path === `/channels/8${MARIO.id.slice(1)}/messages`), 'the DM answer');
      expect(text(dm)).toContain('I tuoi ticket');
      n = fake.calls.length;
      const otherBot = { id: '100000000000000099', name: 'Relay', locale: 'en' };
      const fromBot = messageCreate(otherBot, 'ticket new --no-faq loop', 'dm');
      fake.dispatch('MESSAGE_CREATE', { ...fromBot, author: { ...fromBot.author, bot: true } });
      fake.dispatch('MESSAGE_CREATE', { ...messageCreate(otherBot, 'ticket new --no-faq echo', 'dm'), author: BOT_USER });
      await new Promise((r) => setTimeout(r, 300));
      // Nothing answers the bots nor files what they wrote. (What earlier tests caused, such as a
      // ticket's thread, may still be arriving: only calls about these two messages count.)
      const dmOf = (id: string) => `/channels/8${id.slice(1)}/messages`;
      const aboutBots = (c: (typeof fake.calls)[number]) => c.path === dmOf(otherBot.id) || c.path === dmOf(BOT_USER.id) || /\b(loop|echo)\b/.test(JSON.stringify(c.body ?? ''));
      expect(fake.calls.slice(n).filter(aboutBots)).toEqual([]);
    });

    it('shares one queue with the web chat: a web agent works a Discord ticket, both ways', async () => {
      let n = fake.calls.length;
      const opened = await command(MARIO, 'new', { text: 'il secondo monitor non si accende' });
      const code = /IT-\d+/.exec(opened)![0];
      const thread = (await fake.waitFor(after(n)((c) => c.path === `/channels/${SUPPORT}/threads`), 'the thread')).result.id as string;
      const wendy = { id: 'wendy', name: 'Wendy', locale: 'en' };
      expect((await post(server.base, '/web/api/actions', { user: wendy, actionId: `claim:${code}` })).body.replies[0].ticket).toMatchObject({ code, status: 'in_progress' });
      n = fake.calls.length;
      await post(server.base, '/web/api/messages', { user: wendy, text: `ticket reply ${code} Is it plugged into the dock?` });
      await fake.waitFor(after(n)((c) => postIn(thread)(c) && text(c).includes('Is it plugged into the dock?')), 'the web reply in the thread');
      fake.dispatch('MESSAGE_CREATE', messageCreate(MARIO, 'sì, è collegato', { channelId: thread }));
      await expect.poll(async () => (await post(server.base, '/web/api/messages', { user: wendy, text: `ticket status ${code}` })).body.replies[0].text).toContain('Mario: sì, è collegato');
    });

    it('and the other way: a Discord agent works a web chat ticket from the embed', async () => {
      const giulia = { id: 'giulia', name: 'Giulia', locale: 'it' };
      const stream = await openStream(server.base, 'giulia');
      try {
        let n = fake.calls.length;
        const code = (await post(server.base, '/web/api/messages', { user: giulia, text: 'ticket new --no-faq il pc non si avvia dopo l aggiornamento' })).body.replies[0].ticket.code as string;
        const embed = await fake.waitFor(after(n)((c) => postIn(TRIAGE)(c) && c.body.embeds?.[0]?.title === code), 'the embed');
        await press(ANNA, `sportello:claim:${code}`, embed.result.id);
        expect((await stream.next()).text).toContain(`Anna sta lavorando al tuo ticket ${code}`);
        await command(ANNA, 'reply', { code, text: 'Che messaggio di errore vedi?' });
        expect((await stream.next()).text).toContain('Che messaggio di errore vedi?');
        n = fake.calls.length;
        await post(server.base, '/web/api/messages', { user: giulia, text: 'Schermo blu' });
        // No thread for a web ticket: the agent hears by DM.
        await fake.waitFor(after(n)((c) => c.method === 'POST' && c.path === `/channels/9${ANNA.id.slice(1)}/messages` && text(c).includes('Schermo blu')), 'the DM to Anna');
      } finally {
        stream.close();
      }
    });

    it('turns a press in a DM into its answer in place, and mirrors internal notes to agents under the embed, never into the thread', async () => {
      let n = fake.calls.length;
      const opened = await command(MARIO, 'new', { text: 'la tastiera perde dei tasti' });
      const code = /IT-\d+/.exec(opened)![0];
      const thread = (await fake.waitFor(after(n)((c) => c.path === `/channels/${SUPPORT}/threads`), 'the thread')).result.id as string;
      const embed = await fake.waitFor(after(n)((c) => postIn(TRIAGE)(c) && c.body.embeds?.[0]?.title === code), 'the embed');

      // Pressed in a DM, where only Anna reads it: the message itself becomes the answer.
      const d = buttonPress(ANNA, `sportello:claim:${code}`, '100000000000000777', `9${ANNA.id.slice(1)}`) as Record<string, any>;
      // As Discord sends a press in a DM: the user, and no server, member or server locale.
      const { guild_id: _g, member, guild_locale: _l, ...rest } = d;
      const inDm = { ...rest, id: d.id as string, token: d.token as string, user: member.user, context: 1, channel: { id: d.channel_id, type: 1, recipients: [member.user] } };
      n = fake.calls.length;
      fake.dispatch('INTERACTION_CREATE', inDm);
      expect((await fake.waitFor(callbackOf(inDm), 'the deferral')).body).toEqual({ type: 6 });
      expect(text(await fake.waitFor(editOf(inDm), 'the message updated'))).toContain(`You claimed ${code}.`);

      n = fake.calls.length;
      expect(await command(ANNA, 'note', { code, text: 'tastiera in garanzia, ordinare ricambio' })).toContain(`Internal note added to ${code}.`);
      const mirrored = await fake.waitFor(after(n)((c) => postIn(TRIAGE)(c) && text(c).includes('tastiera in garanzia')), 'the note under the embed');
      expect(mirrored.body).toMatchObject({ message_reference: { message_id: embed.result.id }, allowed_mentions: { parse: [] } });
      expect(mirrored.body.content).toBe('**Anna (internal note)**: tastiera in garanzia, ordinare ricambio');
      await new Promise((r) => setTimeout(r, 200));
      expect(fake.calls.slice(n).filter((c) => c.path.startsWith(`/channels/${thread}`) && text(c).includes('tastiera in garanzia'))).toEqual([]);
    });

    it('loses nothing across a dropped gateway connection: the resume replays what was missed, once', async () => {
      const opened = await command(MARIO, 'new', { text: 'la docking station non carica il portatile' });
      const code = /IT-\d+/.exec(opened)![0];
      const resumes = fake.resumes;
      fake.drop();
      // Sent while the bot is away: delivered when it resumes.
      fake.dispatch('MESSAGE_CREATE', messageCreate(MARIO, 'ticket reply ' + code + ' ho provato un altro cavo', 'dm'));
      await fake.ready();
      expect(fake.resumes).toBe(resumes + 1);
      await expect.poll(() => command(MARIO, 'status', { code }), { timeout: 8000 }).toContain('ho provato un altro cavo');
      expect((await command(MARIO, 'status', { code })).split('ho provato un altro cavo')).toHaveLength(2);
    });

    it('registers /ticket for everyone, /agent hidden until granted and the "Create ticket" message command, with sub-commands, choices and Italian names', async () => {
      const count = await registerCommands({ token: 'fake-bot-token-0123456789', applicationId: APP, apiUrl: fake.apiUrl, guildId: GUILD, departments: ['it', 'hr'] });
      expect(count).toBe(3);
      const put = await fake.waitFor((c) => c.method === 'PUT' && c.path === `/applications/${APP}/guilds/${GUILD}/commands`, 'the registration');
      expect(put.auth).toBe('Bot fake-bot-token-0123456789');
      const [ticket, agent, message] = put.body;
      expect(ticket.name).toBe('ticket');
      expect(ticket).not.toHaveProperty('default_member_permissions');
      const subs = Object.fromEntries(ticket.options.map((o: any) => [o.name, o]));
      expect(subs.new.options[0]).toMatchObject({ name: 'text', required: false });
      expect(subs.new.name_localizations).toEqual({ it: 'nuovo' });
      expect(subs.status.options[0]).toMatchObject({ name: 'code', autocomplete: true, required: false });
      expect(subs.claim).toBeUndefined();
      expect(agent).toMatchObject({ name: 'agent', default_member_permissions: '0', dm_permission: false });
      const work = Object.fromEntries(agent.options.map((o: any) => [o.name, o]));
      expect(work.priority.options[0].choices.map((c: any) => c.value)).toEqual(['P1', 'P2', 'P3', 'P4']);
      expect(work.move.options[0].choices.map((c: any) => c.value)).toEqual(['it', 'hr']);
      expect(work.move.options[0].choices[1]).toEqual({ name: 'Human resources', value: 'hr', name_localizations: { it: 'Risorse umane' } });
      // With them, the message command that turns a message into a ticket.
      expect(message).toEqual({ type: 3, name: 'Create ticket', name_localizations: { it: 'Crea ticket' }, dm_permission: true });
    });

    it('offers ticket codes as they are typed, the agent’s own first, and takes the code from the ticket’s thread', async () => {
      const open = async (p: DiscordPerson, what: string) => /IT-\d+/.exec(await command(p, 'new', { text: what }))![0];
      let n = fake.calls.length;
      const mine = await open(MARIO, 'il plotter del magazzino stampa a righe');
      const thread = (await fake.waitFor(after(n)((c) => c.method === 'POST' && c.path === `/channels/${SUPPORT}/threads`), 'the thread')).result.id as string;
      const others = await open(OTTO, 'the warehouse plotter prints blank pages');
      expect(await command(ANNA, 'claim', { code: mine })).toContain(`You claimed ${mine}.`);

      // The agent: what she holds first, then her queue.
      const forAnna = await offered(ANNA, 'note', '');
      expect(forAnna).toContainEqual({ name: `${mine} · il plotter del magazzino stampa a righe`, value: mine });
      const codes = forAnna.map((c) => c.value);
      expect(codes).toContain(others);
      expect(codes.indexOf(mine)).toBeLessThan(codes.indexOf(others));
      expect(forAnna.length).toBeLessThanOrEqual(25);
      expect((await offered(ANNA, 'note', 'BLANK pages')).map((c) => c.value)).toEqual([others]);
      // Inside a ticket's thread that ticket comes first.
      expect((await offered(ANNA, 'claim', '', thread))[0]!.value).toBe(mine);
      // Anyone else sees only their own tickets, even inside someone else's thread.
      const forOtto = (await offered(OTTO, 'status', '', thread)).map((c) => c.value);
      expect(forOtto).toContain(others);
      expect(forOtto).not.toContain(mine);
      expect((await offered(MARIO, 'status', others)).map((c) => c.value)).toEqual([]);

      // Typed in the ticket's thread without a code: that ticket.
      expect(await command(MARIO, 'status', {}, thread)).toContain(mine);
      expect(await command(ANNA, 'note', { text: 'toner ordinato' }, thread)).toContain(`Internal note added to ${mine}.`);
      expect(await command(ANNA, 'status', { code: mine })).toContain('toner ordinato');
      // Elsewhere a missing code is still asked for.
      expect(await command(ANNA, 'claim', {})).toMatch(/ticket claim/i);
    });

    it('sent every message inside Discord\'s limits', () => {
      const messages = fake.calls.filter((c) => (c.method === 'POST' || c.method === 'PATCH') && /\/messages(\/|$)|^\/webhooks\/\d+\/[^/]+$/.test(c.path) && c.body && typeof c.body === 'object');
      expect(messages.length).toBeGreaterThan(20);
      for (const c of messages) expect(discordProblems(c.body), `${c.method} ${c.path}`).toEqual([]);
    });
  });
}
