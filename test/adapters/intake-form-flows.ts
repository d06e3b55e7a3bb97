// The clarifying form on each chat platform, end to end through the real SDKs:
// a short, vague request is asked for details in the platform's own form
// (Slack modal, Teams card inputs, Discord modal); what is filled in comes back
// to the desk, which offers the ticket, and the ticket opens with the details.
// "scanner guasto" / "scanner dead": short, and no FAQ entry comes close.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackServerEnv, startFakeSlack, type FakeSlack, type SlackCall } from '../support/fake-slack.js';
import { startFakeConnector, shown, type ConnectorCall, type FakeConnector } from '../support/fake-teams.js';
import { APP, discordServerEnv, startFakeDiscord, type DiscordCall, type FakeDiscord } from '../support/fake-discord.js';
import { buttonPress as discordButton, messageCreate, modalSubmit, type DiscordPerson } from '../support/discord-events.js';
import { buttonPress, messageEvent, postToSlackEndpoint, viewSubmission } from '../support/slack-requests.js';
import { cardAction, personalConversation, personalMessage, postActivity, submitAction, type TeamsPerson } from '../support/teams-activities.js';
import { startServer, type RunningServer } from '../support/server.js';
import type { StoreEnv } from '../support/server-stores.js';

const CONFIRM = { TICKET_INTAKE: 'confirm' };

/** The button that opens the ticket from an offer: "Open ticket", or the first department when the desk asks which. */
const openButton = (ids: string[]) => ids.find((id) => /^intake-(open|to):/.test(id))!;

async function descriptionOf(storage: StoreEnv, dataDir: string, code: string): Promise<string> {
  const store = await storage.open(dataDir);
  try {
    return (await store.get(code))!.description;
  } finally {
    await store.close();
  }
}

export function runIntakeFormFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`the clarifying form in a Slack modal on ${name}`, () => {
    const MARIO = 'U0FORMUSR1';
    let fake: FakeSlack;
    let server: RunningServer;
    let storage: StoreEnv;
    beforeAll(async () => {
      fake = await startFakeSlack({ [MARIO]: { name: 'Mario', locale: 'it-IT' } });
      storage = await storeEnv();
      server = await startServer({ ...storage.env, ...slackServerEnv(fake, 'C0TRIAGE01'), ...CONFIRM });
    });
    afterAll(async () => {
      await server?.stop();
      await fake?.close();
      await storage?.cleanup();
    });
    const after = (n: number) => (pred: (c: SlackCall) => boolean) => (c: SlackCall) => fake.calls.indexOf(c) >= n && pred(c);
    const toMario = (c: SlackCall) => c.method === 'chat.postMessage' && c.args.channel === `D${MARIO}`;
    const buttons = (c: SlackCall) => ((c.args.blocks as any[]).find((b) => b.type === 'actions')?.elements ?? []) as { action_id: string; value: string; text: { text: string } }[];

    it('opens a modal from the question, and files the ticket with what the modal says', async () => {
      let n = fake.calls.length;
      await postToSlackEndpoint(server.base, messageEvent({ user: MARIO, text: 'scanner guasto', channel: `D${MARIO}`, channelType: 'im' }), 'application/json');
      const question = await fake.waitFor(after(n)(toMario), 'the question');
      expect(String(question.args.text)).toMatch(/^Prima di aprire un ticket/);
      const [open, ...rest] = buttons(question);
      expect(open!.text.text).toBe('Aggiungi dettagli');
      expect(rest.map((b) => b.text.text)).toEqual(['Aprilo così', 'No, grazie']);

      n = fake.calls.length;
      await postToSlackEndpoint(server.base, buttonPress({ user: MARIO, value: open!.value, actionId: open!.action_id, responseUrl: fake.respondUrl('form') }), 'application/x-www-form-urlencoded');
      const modal = (await fake.waitFor(after(n)((c) => c.method === 'views.open'), 'the modal')).args.view as any;
      expect(modal.title.text).toBe('Qualche dettaglio');
      expect(modal.title.text.length).toBeLessThanOrEqual(24);
      expect(modal.submit.text).toBe('Invia');
      expect(modal.blocks.map((b: any) => [b.block_id, b.label.text, b.optional])).toEqual([
        ['affected', 'Che cosa è coinvolto?', false],
        ['since', 'Da quando?', true],
      ]);
      expect(modal.blocks[0].element).toMatchObject({ type: 'plain_text_input', placeholder: { text: expect.stringMatching(/^es\. il mio portatile/) } });

      n = fake.calls.length;
      const values = { affected: { value: { type: 'plain_text_input', value: 'il mio portatile' } }, since: { value: { type: 'plain_text_input', value: 'da stamattina' } } };
      const ack = await postToSlackEndpoint(server.base, viewSubmission({ user: MARIO, values, callbackId: modal.callback_id, privateMetadata: modal.private_metadata }), 'application/x-www-form-urlencoded');
      expect(ack.status).toBe(200);
      const offer = await fake.waitFor(after(n)(toMario), 'the offer in the DM');
      expect(String(offer.args.text)).toMatch(/^Non ho trovato/);

      n = fake.calls.length;
      await postToSlackEndpoint(server.base, buttonPress({ user: MARIO, value: openButton(buttons(offer).map((b) => b.value)), responseUrl: fake.respondUrl('open') }), 'application/x-www-form-urlencoded');
      const opened = await fake.waitFor(after(n)((c) => c.method === 'respond/open'), 'the ticket');
      const code = /[A-Z]+-\d+/.exec(String(opened.args.text))![0];
      expect(String(opened.args.text)).toContain(`Ho aperto il ticket ${code}`);
      const description = await descriptionOf(storage, server.dataDir, code);
      expect(description).toContain('il mio portatile');
      expect(description).toContain('da stamattina');
    });
  });

  describe(`the clarifying form as Teams card inputs on ${name}`, () => {
    const MARIO: TeamsPerson = { aad: '00000000-0000-0000-0000-0000000000f1', name: 'Mario', locale: 'en-US' };
    // Someone else for the second test: Mario's next words would be taken as a follow-up to his new ticket.
    const LUCA: TeamsPerson = { aad: '00000000-0000-0000-0000-0000000000f2', name: 'Luca', locale: 'en-US' };
    let fake: FakeConnector;
    let server: RunningServer;
    let storage: StoreEnv;
    beforeAll(async () => {
      fake = await startFakeConnector();
      storage = await storeEnv();
      server = await startServer({ ...storage.env, TEAMS_LOCAL: '1', ...CONFIRM });
    });
    afterAll(async () => {
      await server?.stop();
      await fake?.close();
      await storage?.cleanup();
    });
    const after = (n: number) => (pred: (c: ConnectorCall) => boolean) => (c: ConnectorCall) => fake.calls.indexOf(c) >= n && pred(c);
    const toPerson = (p: TeamsPerson) => (c: ConnectorCall) => c.method === 'POST' && c.conversationId === personalConversation(p);
    /** Every element of a card, nested sets included. */
    const elements = (card: any): any[] => [...(card.body ?? []), ...(card.actions ?? [])].flatMap((e: any) => [e, ...(e.actions ? elements({ body: e.actions }) : [])]);
    const fieldsOf = (values: Record<string, string>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [`sportelloField.${k}`, v]));

    async function ask(p: TeamsPerson, text: string) {
      const n = fake.calls.length;
      expect((await postActivity(server.base, personalMessage(fake.serviceUrl, p, text))).status).toBe(200);
      // Earlier turns' messages may still be arriving: the question is the card with the form's fields.
      const question = await fake.waitFor(after(n)((c) => toPerson(p)(c) && shown(c).includes('Input.Text')), 'the question');
      return { question, card: question.body.attachments[0].content };
    }

    it('shows the fields in the card, and files the ticket with what was typed in them', async () => {
      const { question, card } = await ask(MARIO, 'scanner dead');
      expect(question.body.summary).toMatch(/^Before I open a ticket/);
      const inputs = elements(card).filter((e) => e.type === 'Input.Text');
      expect(inputs.map((i) => [i.label, i.isRequired ?? false])).toEqual([['What is affected?', true], ['Since when?', false]]);
      expect(inputs[1].placeholder).toMatch(/^e\.g\. this morning/);
      const submit = elements(card).find((e) => e.title === 'Send');
      expect(submit).toMatchObject({ type: 'Action.Execute', fallback: { type: 'Action.Submit' } });
      // The other buttons neither check nor send the fields: "Open it as it is" works with them empty.
      expect(elements(card).find((e) => e.title === 'Open it as it is')).toMatchObject({ associatedInputs: 'none' });

      // Action.Execute sends the button's data with the inputs merged in, as an invoke.
      const press = cardAction(fake.serviceUrl, MARIO, 'unused', 'personal');
      const data = { ...submit.data, ...fieldsOf({ affected: 'my laptop', since: 'since this morning' }) };
      const res = await postActivity(server.base, { ...press, value: { action: { type: 'Action.Execute', verb: submit.verb, data }, trigger: 'manual' } });
      const offerCard = res.body.value;
      expect(offerCard.body[0].text).toMatch(/^I found no answer/);
      const ids = elements(offerCard).map((e) => e.data?.sportello).filter(Boolean);

      const opened = await postActivity(server.base, cardAction(fake.serviceUrl, MARIO, openButton(ids), 'personal'));
      const said = JSON.stringify(opened.body.value.body);
      const code = /[A-Z]+-\d+/.exec(said)![0];
      expect(said).toContain(`Ticket ${code} opened`);
      const description = await descriptionOf(storage, server.dataDir, code);
      expect(description).toContain('my laptop');
      expect(description).toContain('since this morning');
    });

    it('takes the form from an older client too, whose Action.Submit arrives as a message', async () => {
      const { card } = await ask(LUCA, 'scanner gone');
      const submit = elements(card).find((e) => e.title === 'Send');
      let n = fake.calls.length;
      const activity = { ...submitAction(fake.serviceUrl, LUCA, 'unused'), value: { ...submit.fallback.data, ...fieldsOf({ affected: 'the 3rd floor plotter' }) } };
      expect((await postActivity(server.base, activity)).status).toBe(200);
      const offer = await fake.waitFor(after(n)((c) => toPerson(LUCA)(c) && /I found no answer/.test(shown(c))), 'the offer');
      expect(shown(offer)).toMatch(/I found no answer/);
      const ids = elements(offer.body.attachments[0].content).map((e) => e.data?.sportello).filter(Boolean);
      n = fake.calls.length;
      await postActivity(server.base, { ...submitAction(fake.serviceUrl, LUCA, openButton(ids)) });
      const opened = await fake.waitFor(after(n)((c) => toPerson(LUCA)(c) && /Ticket [A-Z]+-\d+ opened/.test(shown(c))), 'the ticket');
      const code = /([A-Z]+-\d+) opened/.exec(shown(opened))![1]!;
      expect(await descriptionOf(storage, server.dataDir, code)).toContain('the 3rd floor plotter');
    });
  });

  describe(`the clarifying form in a Discord modal on ${name}`, () => {
    const MARIO: DiscordPerson = { id: '100000000000000093', name: 'Mario', locale: 'it' };
    let fake: FakeDiscord;
    let server: RunningServer;
    let storage: StoreEnv;
    beforeAll(async () => {
      fake = await startFakeDiscord();
      storage = await storeEnv();
      server = await startServer({ ...storage.env, ...discordServerEnv(fake), ...CONFIRM });
    });
    afterAll(async () => {
      await server?.stop();
      await fake?.close();
      await storage?.cleanup();
    });
    const after = (n: number) => (pred: (c: DiscordCall) => boolean) => (c: DiscordCall) => fake.calls.indexOf(c) >= n && pred(c);
    const callbackOf = (d: { id: string }) => (c: DiscordCall) => c.path.startsWith(`/interactions/${d.id}/`);
    const editOf = (d: { token: string }) => (c: DiscordCall) => c.method === 'PATCH' && c.path === `/webhooks/${APP}/${d.token}/messages/@original`;
    const buttons = (body: any) => (body.components ?? []).flatMap((r: any) => r.components) as { custom_id: string; label: string; style: number }[];

    it('opens a modal from the question, and files the ticket with what the modal says', async () => {
      const n = fake.calls.length;
      // A DM carries no locale: Mario is answered in the desk's language until an interaction tells his.
      const said = messageCreate(MARIO, 'scanner dead', 'dm');
      fake.dispatch('MESSAGE_CREATE', said);
      const question = await fake.waitFor(after(n)((c) => c.method === 'POST' && c.path === `/channels/${said.channel_id}/messages`), 'the question');
      expect(question.body.content).toMatch(/^Before I open a ticket/);
      const [open, ...rest] = buttons(question.body);
      expect(open).toMatchObject({ label: 'Add details', custom_id: expect.stringMatching(/^sportello-form:intake-details:/) });
      expect(open!.custom_id.length).toBeLessThanOrEqual(100);
      expect(rest.map((b) => b.label)).toEqual(['Open it as it is', 'No, thanks']);

      const pressed = discordButton(MARIO, open!.custom_id, question.result.id, said.channel_id);
      fake.dispatch('INTERACTION_CREATE', pressed);
      const modal = (await fake.waitFor(callbackOf(pressed), 'the modal')).body;
      expect(modal.type).toBe(9);
      expect(modal.data.custom_id).toBe(open!.custom_id);
      expect(modal.data.title).toBe('A few details');
      const inputs = modal.data.components.map((r: any) => r.components[0]);
      expect(inputs.map((i: any) => [i.custom_id, i.label, i.required, i.style])).toEqual([
        ['affected', 'What is affected?', true, 1],
        ['since', 'Since when?', false, 1],
      ]);

      const submitted = modalSubmit(MARIO, { affected: 'il mio portatile', since: 'da stamattina' }, modal.data.custom_id);
      fake.dispatch('INTERACTION_CREATE', submitted);
      const offer = (await fake.waitFor(editOf(submitted), 'the offer')).body;
      expect(offer.content).toMatch(/^Non ho trovato/);

      const openIt = discordButton(MARIO, `sportello:${openButton(buttons(offer).map((b) => b.custom_id.replace(/^sportello:/, '')))}`, question.result.id, said.channel_id);
      fake.dispatch('INTERACTION_CREATE', openIt);
      const opened = String((await fake.waitFor(editOf(openIt), 'the ticket')).body.content);
      const code = /Ho aperto il ticket ([A-Z]+-\d+)/.exec(opened)![1]!;
      const description = await descriptionOf(storage, server.dataDir, code);
      expect(description).toContain('il mio portatile');
      expect(description).toContain('da stamattina');
    });

    it('says to write the details when the form was forgotten (a restart), in the person\'s language', async () => {
      const pressed = discordButton(MARIO, 'sportello-form:intake-details:00000000-0000-0000-0000-000000000000', '100000000000000999');
      fake.dispatch('INTERACTION_CREATE', pressed);
      const note = (await fake.waitFor(callbackOf(pressed), 'the note')).body;
      expect(note).toMatchObject({ type: 4, data: { content: 'Questo modulo non è più disponibile: scrivimi i dettagli in un messaggio.', flags: 64 } });
    });
  });
}
