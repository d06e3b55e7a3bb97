// Slack end to end: signed requests into the real Bolt receiver on our server,
// the real WebClient talking to a fake Slack Web API on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreEnv } from '../support/server-stores.js';
import { slackServerEnv, startFakeSlack, type FakeSlack, type SlackCall } from '../support/fake-slack.js';
import { openStream, post, startServer, type RunningServer } from '../support/server.js';
import { SIGNING_SECRET, buttonPress, homeAction, homeOpened, messageEvent, messageShortcut, postToSlackEndpoint, reactionAdded, sign, slashCommand, viewSubmission } from '../support/slack-requests.js';
import { blockKitProblems } from '../support/payload-limits.js';

const TRIAGE = 'C0TRIAGE01';
const MARIO = 'U0FAKEUSER1';
const ANNA = 'U0AGENT001';
const OTTO = 'U0OTHER001';
const LUCA = 'U0AGENT002';

const blocksText = (c: SlackCall) => JSON.stringify(c.args.blocks ?? '');

export function runSlackFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`Slack through Bolt on ${name}`, () => {
    let fake: FakeSlack;
    let server: RunningServer;
    let storage: StoreEnv;

    beforeAll(async () => {
      fake = await startFakeSlack({
        [MARIO]: { name: 'Mario', locale: 'it-IT' },
        [ANNA]: { name: 'Anna', locale: 'en-US' },
        [OTTO]: { name: 'Otto', locale: 'en-GB' },
        [LUCA]: { name: 'Luca', locale: 'en-US' },
      });
      storage = await storeEnv();
      server = await startServer({ ...storage.env, ...slackServerEnv(fake, TRIAGE) });
      const store = await storage.open(server.dataDir);
      await store.saveAgent({ platform: 'slack', userId: ANNA, name: 'Anna', departments: ['it'], tier: 1, role: 'agent' });
      await store.saveAgent({ platform: 'slack', userId: LUCA, name: 'Luca', departments: ['it', 'hr'], tier: 1, role: 'agent' });
      await store.saveAgent({ platform: 'web', userId: 'wendy', name: 'Wendy', departments: ['it'], tier: 1, role: 'agent' });
      await store.close();
    });
    afterAll(async () => {
      await server?.stop();
      await fake?.close();
      await storage?.cleanup();
    });

    const dm = (user: string, text: string, eventId?: string) =>
      postToSlackEndpoint(server.base, messageEvent({ user, text, channel: `D${user}`, channelType: 'im', ...(eventId ? { eventId } : {}) }), 'application/json');
    const press = (user: string, value: string, name: string) =>
      postToSlackEndpoint(server.base, buttonPress({ user, value, responseUrl: fake.respondUrl(name) }), 'application/x-www-form-urlencoded');
    const command = (user: string, text: string, name: string) =>
      postToSlackEndpoint(server.base, slashCommand({ user, text, responseUrl: fake.respondUrl(name) }), 'application/x-www-form-urlencoded');
    const after = (n: number) => (pred: (c: SlackCall) => boolean) => (c: SlackCall) => fake.calls.indexOf(c) >= n && pred(c);

    it('turns a DM into a ticket with a triage card, and works it through to a confirmed close', async () => {
      const ack = await dm(MARIO, "il plotter dell'ufficio tecnico stampa a righe", 'EvFirst01');
      expect(ack.status).toBe(200);
      const opened = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.args.channel === `D${MARIO}`, 'the reply to the DM');
      const code = /IT-\d+/.exec(String(opened.args.text))![0];
      expect(opened.args.text).toContain(`Ho aperto il ticket ${code}`);
      const card = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.args.channel === TRIAGE, 'the triage card');
      expect(blocksText(card)).toContain(`claim:${code}`);
      expect(card.args.text).toContain(code);

      // Slack retries the same event: still one ticket, one card.
      const retry = await postToSlackEndpoint(
        server.base,
        messageEvent({ user: MARIO, text: "il plotter dell'ufficio tecnico stampa a righe", channel: `D${MARIO}`, channelType: 'im', eventId: 'EvFirst01' }),
        'application/json',
      );
      expect(retry.status).toBe(200);

      // A non-agent's Claim is refused, only to them.
      let n = fake.calls.length;
      await press(OTTO, `claim:${code}`, 'otto-claim');
      const refusal = await fake.waitFor(after(n)((c) => c.method === 'respond/otto-claim'), 'the refusal');
      expect(refusal.args).toMatchObject({ response_type: 'ephemeral', text: 'Only help desk agents can use "claim".' });

      // The agent claims: the card changes in place and the requester hears of it.
      n = fake.calls.length;
      await press(ANNA, `claim:${code}`, 'anna-claim');
      expect((await fake.waitFor(after(n)((c) => c.method === 'respond/anna-claim'), 'claim reply')).args.text).toBe(`You claimed ${code}.`);
      const updated = await fake.waitFor(after(n)((c) => c.method === 'chat.update' && String(c.args.text).includes(' · in progress · ')), 'the card update');
      expect(updated.args.channel).toBe(TRIAGE);
      await fake.waitFor(after(n)((c) => c.method === 'chat.postMessage' && c.args.channel === `D${MARIO}` && c.args.text === `Anna sta lavorando al tuo ticket ${code}.`), 'the DM to Mario');

      // Side talk in the card's thread stays among agents: marked so, and the agent is told once how to reach the requester.
      const cardTs = card.result.ts as string;
      n = fake.calls.length;
      const aside = messageEvent({ user: ANNA, text: 'Probabilmente le testine', channel: TRIAGE, channelType: 'channel', threadTs: cardTs });
      await postToSlackEndpoint(server.base, aside, 'application/json');
      const asideTs = (JSON.parse(aside) as { event: { ts: string } }).event.ts;
      const lock = await fake.waitFor(after(n)((c) => c.method === 'reactions.add' && c.args.timestamp === asideTs), 'the kept-internal mark');
      expect(lock.args).toMatchObject({ channel: TRIAGE, name: 'lock' });
      const hint = await fake.waitFor(after(n)((c) => c.method === 'chat.postEphemeral' && c.args.thread_ts === cardTs), 'the hint');
      expect(hint.args).toMatchObject({ channel: TRIAGE, user: ANNA, text: '🔒 Kept internal: the requester does not see this. To write to them here, start the message with &gt;&gt;' });
      await postToSlackEndpoint(server.base, messageEvent({ user: ANNA, text: 'O forse il cavo', channel: TRIAGE, channelType: 'channel', threadTs: cardTs }), 'application/json');
      await fake.waitFor(after(n)((c) => c.method === 'reactions.add' && c.args.timestamp !== asideTs), 'the second mark');

      // Addressed with >>, the agent's words reach the requester by DM, without the prefix.
      n = fake.calls.length;
      const asked = messageEvent({ user: ANNA, text: '&gt;&gt; Che modello di plotter?', channel: TRIAGE, channelType: 'channel', threadTs: cardTs });
      await postToSlackEndpoint(server.base, asked, 'application/json');
      const relayed = await fake.waitFor(after(n)((c) => c.method === 'chat.postMessage' && c.args.channel === `D${MARIO}` && String(c.args.text).includes('Che modello di plotter?')), 'the relayed question');
      expect(String(relayed.args.text)).not.toContain('>>');
      const sent = await fake.waitFor(after(n)((c) => c.method === 'reactions.add'), 'the sent mark');
      expect(sent.args).toMatchObject({ timestamp: (JSON.parse(asked) as { event: { ts: string } }).event.ts, name: 'outbox_tray' });
      // Neither aside reached Mario, and the hint came once.
      const toMario = fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === `D${MARIO}`).map((c) => String(c.args.text));
      expect(toMario.filter((t) => t.includes('testine') || t.includes('cavo'))).toEqual([]);
      expect(fake.calls.filter((c) => c.method === 'chat.postEphemeral' && String(c.args.text).startsWith('🔒'))).toHaveLength(1);

      // The requester answers by DM; it is mirrored into the thread.
      n = fake.calls.length;
      await dm(MARIO, 'HP DesignJet T200');
      const mirrored = await fake.waitFor(after(n)((c) => c.method === 'chat.postMessage' && c.args.channel === TRIAGE && c.args.thread_ts === cardTs), 'the mirror');
      expect(mirrored.args.text).toBe('*Mario*: HP DesignJet T200');
      await fake.waitFor(after(n)((c) => c.method === 'chat.postMessage' && c.args.channel === `D${MARIO}` && String(c.args.text) === `Aggiunto a ${code}.`), 'the DM receipt');

      // Resolve with /ticket; the requester gets the confirm buttons; "No" reopens.
      n = fake.calls.length;
      await command(ANNA, `resolve ${code} Pulite le testine`, 'anna-resolve');
      expect((await fake.waitFor(after(n)((c) => c.method === 'respond/anna-resolve'), 'resolve reply')).args.text).toContain(`${code} resolved`);
      const ask = await fake.waitFor(
        after(n)((c) => c.method === 'chat.postMessage' && c.args.channel === `D${MARIO}` && blocksText(c).includes(`confirm:${code}`)),
        'the confirm question',
      );
      expect(blocksText(ask)).toContain(`reopen:${code}`);
      n = fake.calls.length;
      await press(MARIO, `reopen:${code}`, 'mario-no');
      expect((await fake.waitFor(after(n)((c) => c.method === 'respond/mario-no'), 'reopen reply')).args.text).toContain(`${code} è di nuovo aperto`);
      await fake.waitFor(after(n)((c) => c.method === 'chat.update' && String(c.args.text).includes(' · open · ')), 'card back open');

      // Claim again, resolve, and this time "Yes": the card shows closed.
      await press(ANNA, `claim:${code}`, 'anna-claim-2');
      await fake.waitFor((c) => c.method === 'respond/anna-claim-2', 'second claim');
      await command(ANNA, `resolve ${code} Sostituite le testine`, 'anna-resolve-2');
      await fake.waitFor((c) => c.method === 'respond/anna-resolve-2', 'second resolve');
      n = fake.calls.length;
      await press(MARIO, `confirm:${code}`, 'mario-yes');
      // The rating question follows in the same answer.
      const thanked = String((await fake.waitFor(after(n)((c) => c.method === 'respond/mario-yes'), 'confirm reply')).args.text);
      expect(thanked.startsWith(`Grazie! ${code} è chiuso.\nCome ti abbiamo aiutato con ${code}?`)).toBe(true);
      await fake.waitFor(after(n)((c) => c.method === 'chat.update' && String(c.args.text).includes(' · closed · ')), 'card closed');

      const cards = fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === TRIAGE && !c.args.thread_ts);
      expect(cards).toHaveLength(1);
    });

    it('retires a pressed button: Yes in a DM gives way to what was pressed, a list keeps its other buttons, an ephemeral answer is replaced', async () => {
      let n = fake.calls.length;
      await dm(MARIO, 'ticket new --no-faq la docking station non carica');
      const opened = await fake.waitFor(after(n)((c) => c.method === 'chat.postMessage' && c.args.channel === `D${MARIO}` && String(c.args.text).startsWith('Ho aperto')), 'the new ticket');
      const code = /IT-\d+/.exec(String(opened.args.text))![0];
      await press(ANNA, `claim:${code}`, 'anna-claim-dock');
      await fake.waitFor((c) => c.method === 'respond/anna-claim-dock', 'the claim');
      n = fake.calls.length;
      await command(ANNA, `resolve ${code} Cambiato il cavo`, 'anna-resolve-dock');
      const ask = await fake.waitFor(after(n)((c) => c.method === 'chat.postMessage' && c.args.channel === `D${MARIO}` && blocksText(c).includes(`confirm:${code}`)), 'the confirm question');
      // Slack gives every block an id; the press names the block its button sits in.
      const blocks = (ask.args.blocks as Record<string, unknown>[]).map((b, i): Record<string, unknown> => ({ ...b, block_id: `b${i}` }));
      const actionsBlock = blocks.find((b) => b.type === 'actions')!;
      const yes = (actionsBlock.elements as { value: string; action_id: string; text: { text: string } }[]).find((e) => e.value === `confirm:${code}`)!;
      const on = { channel: `D${MARIO}`, ts: String(ask.result.ts), message: { text: String(ask.args.text), blocks } };
      const pressYes = (name: string) =>
        postToSlackEndpoint(server.base, buttonPress({ user: MARIO, value: yes.value, actionId: yes.action_id, label: yes.text.text, blockId: String(actionsBlock.block_id), responseUrl: fake.respondUrl(name), on }), 'application/x-www-form-urlencoded');

      n = fake.calls.length;
      await pressYes('mario-yes-dock');
      const retired = await fake.waitFor(after(n)((c) => c.method === 'respond/mario-yes-dock' && c.args.replace_original === true), 'the retired question');
      expect(retired.args.text).toBe(ask.args.text);
      expect(blocksText(retired)).not.toContain(`confirm:${code}`);
      expect(blocksText(retired)).not.toContain(`reopen:${code}`);
      expect((retired.args.blocks as { type: string }[]).map((b) => b.type)).toEqual(['section', 'context']);
      expect(blocksText(retired)).toContain(`✓ ${yes.text.text}`);
      expect(String((await fake.waitFor(after(n)((c) => c.method === 'respond/mario-yes-dock' && c.args.replace_original === false), 'the answer')).args.text)).toMatch(new RegExp(`^Grazie! ${code} è chiuso\\.\\n`));

      // A client that still shows the old buttons presses again: nothing happens twice.
      n = fake.calls.length;
      await pressYes('mario-yes-dock-2');
      const again = await fake.waitFor(after(n)((c) => c.method === 'respond/mario-yes-dock-2' && c.args.replace_original === false), 'the second answer');
      expect(again.args.text).not.toBe(`Grazie! ${code} è chiuso.`);
      // A refused press leaves the message as it was: no button is marked as pressed.
      expect(fake.calls.filter((c) => c.method === 'respond/mario-yes-dock-2' && c.args.replace_original === true)).toEqual([]);
      const store = await storage.open(server.dataDir);
      try {
        expect((await store.events(code)).filter((e) => e.kind === 'confirmed')).toHaveLength(1);
      } finally {
        await store.close();
      }

      // An answer only Anna sees (her queue) is replaced by what her press did.
      n = fake.calls.length;
      await dm(MARIO, 'ticket new --no-faq il mouse del portatile non funziona');
      const other = await fake.waitFor(after(n)((c) => c.method === 'chat.postMessage' && c.args.channel === `D${MARIO}` && String(c.args.text).startsWith('Ho aperto')), 'another ticket');
      const otherCode = /[A-Z]+-\d+/.exec(String(other.args.text))![0];
      n = fake.calls.length;
      await postToSlackEndpoint(server.base, buttonPress({ user: ANNA, value: `claim:${otherCode}`, responseUrl: fake.respondUrl('anna-claim-eph'), on: { channel: `D${ANNA}`, ts: '1.1', ephemeral: true } }), 'application/x-www-form-urlencoded');
      const replaced = await fake.waitFor(after(n)((c) => c.method === 'respond/anna-claim-eph'), 'the replaced answer');
      expect(replaced.args).toMatchObject({ replace_original: true, response_type: 'ephemeral', text: `You claimed ${otherCode}.` });
    });

    it('shares one queue with the web chat: a web agent works a Slack ticket, both ways', async () => {
      let n = fake.calls.length;
      await dm(MARIO, 'ticket new --no-faq il secondo monitor non si accende');
      const opened = await fake.waitFor(after(n)((c) => c.method === 'chat.postMessage' && c.args.channel === `D${MARIO}` && String(c.args.text).startsWith('Ho aperto')), 'the new ticket');
      const code = /IT-\d+/.exec(String(opened.args.text))![0];
      const wendy = { id: 'wendy', name: 'Wendy', locale: 'en' };
      const claim = await post(server.base, '/web/api/actions', { user: wendy, actionId: `claim:${code}` });
      expect(claim.body.replies[0].ticket).toMatchObject({ code, status: 'in_progress', assignee: 'wendy' });
      n = fake.calls.length;
      await post(server.base, '/web/api/messages', { user: wendy, text: `ticket reply ${code} Is it plugged into the dock?` });
      await fake.waitFor(after(n)((c) => c.method === 'chat.postMessage' && c.args.channel === `D${MARIO}` && String(c.args.text).includes('Is it plugged into the dock?')), 'the web reply in Slack');
      n = fake.calls.length;
      await dm(MARIO, 'sì, è collegato');
      await fake.waitFor(after(n)((c) => c.method === 'chat.postMessage' && c.args.channel === TRIAGE && c.args.text === '*Mario*: sì, è collegato'), 'the mirrored answer');
      const status = await post(server.base, '/web/api/messages', { user: wendy, text: `ticket status ${code}` });
      expect(status.body.replies[0].text).toContain('Mario: sì, è collegato');
    });

    it('opens a form for "/ticket new" with no text, and files what the form says', async () => {
      let n = fake.calls.length;
      await command(MARIO, 'new', 'mario-new');
      const opened = await fake.waitFor(after(n)((c) => c.method === 'views.open'), 'the modal');
      const view = opened.args.view as any;
      // In Mario's language, the departments by name from DEPARTMENTS.
      expect(view).toMatchObject({ callback_id: 'sportello_form', private_metadata: 'new-ticket:_', title: { text: 'Nuovo ticket' } });
      const dept = view.blocks.find((b: any) => b.block_id === 'department');
      expect(dept.element.type).toBe('static_select');
      expect(dept.element.options.map((o: any) => o.value)).toEqual(['it', 'hr', 'finance', 'facilities']);
      expect(dept.element.options[1].text.text).toBe('Risorse umane');
      const form = { callbackId: 'sportello_form', privateMetadata: 'new-ticket:_' };
      const blank = { title: { value: { type: 'plain_text_input', value: '   ' } }, department: { value: { type: 'static_select', selected_option: { value: 'legal' } } } };
      const empty = await postToSlackEndpoint(server.base, viewSubmission({ user: MARIO, values: blank, ...form }), 'application/x-www-form-urlencoded');
      expect(JSON.parse(empty.body)).toEqual({ response_action: 'errors', errors: { title: 'Titolo: compila questo campo.', department: "Reparto: scegli una delle voci dell'elenco." } });
      n = fake.calls.length;
      const values = {
        title: { value: { type: 'plain_text_input', value: 'Cedolino di marzo mancante' } },
        description: { value: { type: 'plain_text_input', value: 'Nel portale non compare' } },
        department: { value: { type: 'static_select', selected_option: { value: 'hr' } } },
        urgency: { value: { type: 'static_select', selected_option: { value: 'high' } } },
      };
      expect((await postToSlackEndpoint(server.base, viewSubmission({ user: MARIO, values, ...form }), 'application/x-www-form-urlencoded')).status).toBe(200);
      const reply = await fake.waitFor(after(n)((c) => c.method === 'chat.postMessage' && c.args.channel === `D${MARIO}` && String(c.args.text).includes('HR-')), 'the form ticket');
      expect(String(reply.args.text)).toMatch(/Ho aperto il ticket HR-\d+ \(P2 – alta, prima risposta entro 1 ora lavorativa, Risorse umane\)\. Puoi aspettarti una prima risposta entro /);
    });

    it('opens the form for every alias of "new", and keeps --dept/--urgency in its description as words', async () => {
      for (const alias of ['nuovo', 'apri', 'open']) {
        const n = fake.calls.length;
        await command(MARIO, alias, `mario-${alias}`);
        await fake.waitFor(after(n)((c) => c.method === 'views.open'), `the modal for ${alias}`);
      }
      const n = fake.calls.length;
      const values = {
        title: { value: { type: 'plain_text_input', value: 'Stampante inceppata' } },
        description: { value: { type: 'plain_text_input', value: 'Il wiki dice di scrivere --dept hr --urgency high' } },
        department: { value: { type: 'static_select', selected_option: { value: 'it' } } },
      };
      await postToSlackEndpoint(server.base, viewSubmission({ user: MARIO, values, callbackId: 'sportello_form', privateMetadata: 'new-ticket:_' }), 'application/x-www-form-urlencoded');
      const reply = await fake.waitFor(after(n)((c) => c.method === 'chat.postMessage' && c.args.channel === `D${MARIO}` && String(c.args.text).startsWith('Ho aperto')), 'the form ticket');
      const code = /IT-\d+/.exec(String(reply.args.text))![0];
      const store = await storage.open(server.dataDir);
      try {
        expect((await store.get(code))!.description).toBe('Stampante inceppata\nIl wiki dice di scrivere --dept hr --urgency high');
      } finally {
        await store.close();
      }
    });

    it('opens the new-ticket form prefilled from a message ("Create a ticket"), filed for whoever sends it', async () => {
      let n = fake.calls.length;
      const text = 'Il proiettore della sala riunioni &lt;B&gt; non si accende\nho già provato a cambiare cavo <@U0OTHER001>';
      await postToSlackEndpoint(server.base, messageShortcut({ user: MARIO, text, channel: 'C0GENERAL1', ts: '1800000200.000100', author: OTTO }), 'application/x-www-form-urlencoded');
      const opened = await fake.waitFor(after(n)((c) => c.method === 'views.open'), 'the prefilled modal');
      const view = opened.args.view as any;
      expect(view.private_metadata).toBe('new-ticket:_');
      const title = view.blocks.find((b: any) => b.block_id === 'title').element.initial_value;
      const description = view.blocks.find((b: any) => b.block_id === 'description').element.initial_value;
      expect(title).toBe('Il proiettore della sala riunioni <B> non si accende');
      expect(description).toBe('ho già provato a cambiare cavo');
      n = fake.calls.length;
      const values = {
        title: { value: { type: 'plain_text_input', value: title } },
        description: { value: { type: 'plain_text_input', value: description } },
        department: { value: { type: 'static_select', selected_option: { value: 'facilities' } } },
      };
      await postToSlackEndpoint(server.base, viewSubmission({ user: MARIO, values, callbackId: 'sportello_form', privateMetadata: 'new-ticket:_' }), 'application/x-www-form-urlencoded');
      const reply = await fake.waitFor(after(n)((c) => c.method === 'chat.postMessage' && c.args.channel === `D${MARIO}` && String(c.args.text).startsWith('Ho aperto')), 'the shortcut ticket');
      const code = /[A-Z]+-\d+/.exec(String(reply.args.text))![0];
      const store = await storage.open(server.dataDir);
      try {
        const ticket = (await store.get(code))!;
        expect(ticket).toMatchObject({ department: 'facilities', requester: { platform: 'slack', userId: MARIO } });
        expect(ticket.description).toContain('non si accende\nho già provato');
      } finally {
        await store.close();
      }
    });

    it('asks for a priority from a menu and for the reason of an escalation in modals, refusing a blank reason under its field', async () => {
      let n = fake.calls.length;
      await dm(MARIO, 'ticket new --no-faq la stampante del terzo piano non stampa i PDF');
      const opened = await fake.waitFor(after(n)((c) => c.method === 'chat.postMessage' && c.args.channel === `D${MARIO}` && String(c.args.text).startsWith('Ho aperto')), 'the ticket');
      const code = /IT-\d+/.exec(String(opened.args.text))![0];
      await press(ANNA, `claim:${code}`, 'forms-claim');
      await fake.waitFor(after(n)((c) => c.method === 'respond/forms-claim'), 'the claim');

      const formButton = (c: SlackCall) => (c.args.blocks as any[]).flatMap((b) => b.elements ?? []).find((e: any) => e.action_id === 'sportello-form');
      const openForm = async (value: string) => {
        const m = fake.calls.length;
        await postToSlackEndpoint(server.base, buttonPress({ user: ANNA, value, responseUrl: fake.respondUrl('unused'), actionId: 'sportello-form' }), 'application/x-www-form-urlencoded');
        return (await fake.waitFor(after(m)((c) => c.method === 'views.open'), 'the modal')).args.view as any;
      };
      const submit = (metadata: string, values: Record<string, Record<string, unknown>>) =>
        postToSlackEndpoint(server.base, viewSubmission({ user: ANNA, values, callbackId: 'sportello_form', privateMetadata: metadata }), 'application/x-www-form-urlencoded');

      // `/ticket priority CODE` alone: the four priorities as a menu.
      n = fake.calls.length;
      await command(ANNA, `priority ${code}`, 'forms-priority');
      const asked = await fake.waitFor(after(n)((c) => c.method === 'respond/forms-priority'), 'the priority question');
      const priority = await openForm(formButton(asked).value);
      expect(priority).toMatchObject({ private_metadata: `priority-to:${code}`, title: { text: `Priority of ${code}` } });
      expect(priority.blocks[0].element.options.map((o: any) => o.value)).toEqual(['P1', 'P2', 'P3', 'P4']);
      n = fake.calls.length;
      expect((await submit(`priority-to:${code}`, { priority: { value: { type: 'static_select', selected_option: { value: 'P1' } } } })).status).toBe(200);
      await fake.waitFor(after(n)((c) => c.method === 'chat.update' && String(c.args.text).includes(code) && String(c.args.text).includes('P1')), 'the card at P1');

      // Escalate: the reason first, in a modal; a blank one is refused under its field and nothing changes.
      n = fake.calls.length;
      await press(ANNA, `escalate:${code}`, 'forms-escalate');
      const why = await fake.waitFor(after(n)((c) => c.method === 'respond/forms-escalate'), 'the reason question');
      expect(String(why.args.text)).toContain(`Why does ${code} need the next level?`);
      const escalate = await openForm(formButton(why).value);
      expect(escalate).toMatchObject({ private_metadata: `escalate-with:${code}`, blocks: [{ block_id: 'reason', optional: false, element: { multiline: true } }] });
      const blank = await submit(`escalate-with:${code}`, { reason: { value: { type: 'plain_text_input', value: '  ' } } });
      expect(JSON.parse(blank.body)).toEqual({ response_action: 'errors', errors: { reason: 'Reason: please fill this in.' } });
      n = fake.calls.length;
      await submit(`escalate-with:${code}`, { reason: { value: { type: 'plain_text_input', value: 'Needs the print server admin' } } });
      await fake.waitFor(after(n)((c) => c.method === 'chat.update' && String(c.args.text).includes(code) && blocksText(c).includes('L2')), 'the card at L2');
      const store = await storage.open(server.dataDir);
      try {
        expect((await store.get(code))!).toMatchObject({ tier: 2, priority: 'P1' });
        expect((await store.events(code)).find((e) => e.kind === 'escalated')!.text).toBe('Needs the print server admin');
      } finally {
        await store.close();
      }
    });

    it('files a :ticket:-ed message that mentions --dept as written, not as a flag', async () => {
      fake.history.set('C0GENERAL1', [{ ts: '1800000124.000100', text: 'il monitor sfarfalla, scrivo --dept hr come dice il wiki', user: OTTO }]);
      const n = fake.calls.length;
      await postToSlackEndpoint(server.base, reactionAdded({ user: ANNA, itemUser: OTTO, channel: 'C0GENERAL1', ts: '1800000124.000100' }), 'application/json');
      const dmToOtto = await fake.waitFor(after(n)((c) => c.method === 'chat.postMessage' && c.args.channel === `D${OTTO}`), 'the DM to the author');
      const code = /^Ticket ([A-Z]+-\d+) opened/.exec(String(dmToOtto.args.text))![1]!;
      const store = await storage.open(server.dataDir);
      try {
        const ticket = (await store.get(code))!;
        expect(ticket.department).not.toBe('hr');
        expect(ticket.description).toBe('il monitor sfarfalla, scrivo --dept hr come dice il wiki');
      } finally {
        await store.close();
      }
      await fake.waitFor(after(n)((c) => c.method === 'chat.postEphemeral' && c.args.thread_ts === '1800000124.000100'), 'the note to whoever reacted');
    });

    it('turns a message into a ticket for its author when someone adds :ticket:', async () => {
      fake.history.set('C0GENERAL1', [{ ts: '1800000123.000100', text: 'la stampante del secondo piano si è bloccata di nuovo', user: OTTO }]);
      const n = fake.calls.length;
      await postToSlackEndpoint(server.base, reactionAdded({ user: ANNA, itemUser: OTTO, channel: 'C0GENERAL1', ts: '1800000123.000100' }), 'application/json');
      const note = await fake.waitFor(after(n)((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0GENERAL1'), 'the thread note');
      expect(note.args).toMatchObject({ thread_ts: '1800000123.000100' });
      const dmToOtto = await fake.waitFor(after(n)((c) => c.method === 'chat.postMessage' && c.args.channel === `D${OTTO}`), 'the DM to the author');
      expect(String(dmToOtto.args.text)).toMatch(/^Ticket IT-\d+ opened/);
      const code = /IT-\d+/.exec(String(dmToOtto.args.text))![0];
      // Anna, who reacted, hears what her reaction did, in the thread and to her alone (her earlier reaction's note may still be on its way).
      const told = await fake.waitFor(after(n)((c) => c.method === 'chat.postEphemeral' && c.args.user === ANNA && c.args.thread_ts === '1800000123.000100'), 'the note to whoever reacted');
      expect(told.args).toMatchObject({ channel: 'C0GENERAL1' });
      expect(String(told.args.text)).toBe(`I opened ${code} for Otto from this message: they hear from the desk in their messages.`);
    });

    it('files nothing for :ticket: on a bot\'s message (a ticket card), and says nothing', async () => {
      fake.history.set('C0GENERAL1', [{ ts: '1800000126.000100', text: 'IT-9 · printer on fire', user: 'U0SPORTELLO', bot_id: 'B0SPORTELLO' }]);
      const n = fake.calls.length;
      const before = (await (async () => {
        const store = await storage.open(server.dataDir);
        try {
          return (await store.countByStatus()).open;
        } finally {
          await store.close();
        }
      })());
      await postToSlackEndpoint(server.base, reactionAdded({ user: ANNA, itemUser: 'U0SPORTELLO', channel: 'C0GENERAL1', ts: '1800000126.000100' }), 'application/json');
      await fake.waitFor(after(n)((c) => c.method === 'conversations.history'), 'the look at the message');
      await new Promise((r) => setTimeout(r, 300));
      expect(fake.calls.slice(n).filter((c) => c.method.startsWith('chat.') && JSON.stringify(c.args).includes('1800000126'))).toEqual([]);
      const store = await storage.open(server.dataDir);
      try {
        expect((await store.countByStatus()).open).toBe(before);
      } finally {
        await store.close();
      }
    });

    it("tells whoever reacts :ticket: that no ticket was opened, and why only when the message is theirs", async () => {
      // Only a mention: nothing to file, so the desk answers the author with the new-ticket form.
      fake.history.set('C0GENERAL1', [{ ts: '1800000125.000100', text: `<@${ANNA}>`, user: OTTO }]);
      let n = fake.calls.length;
      await postToSlackEndpoint(server.base, reactionAdded({ user: ANNA, itemUser: OTTO, channel: 'C0GENERAL1', ts: '1800000125.000100' }), 'application/json');
      const dmToOtto = await fake.waitFor(after(n)((c) => c.method === 'chat.postMessage' && c.args.channel === `D${OTTO}`), 'the answer to the author');
      const told = await fake.waitFor(after(n)((c) => c.method === 'chat.postEphemeral' && c.args.user === ANNA && c.args.thread_ts === '1800000125.000100'), 'the note to whoever reacted');
      expect(String(told.args.text)).toBe('I could not open a ticket from this message; Otto hears why in their messages.');
      expect(String(told.args.text)).not.toContain(String(dmToOtto.args.text));
      // Otto reacting to his own message is told why.
      n = fake.calls.length;
      await postToSlackEndpoint(server.base, reactionAdded({ user: OTTO, itemUser: OTTO, channel: 'C0GENERAL1', ts: '1800000125.000100' }), 'application/json');
      const own = await fake.waitFor(after(n)((c) => c.method === 'chat.postEphemeral' && c.args.user === OTTO && c.args.thread_ts === '1800000125.000100'), 'the note to the author');
      expect(String(own.args.text)).toMatch(/^I could not open a ticket from this message: \S/);
    });

    it("publishes the App Home: New ticket, a requester's tickets, and for an agent what they hold and the queue, filtered, a Claim per row", async () => {
      const home = (user: string, n: number) => fake.waitFor(after(n)((c) => c.method === 'views.publish' && c.args.user_id === user), `the home of ${user}`);
      const homeAt = (n: number) => postToSlackEndpoint(server.base, homeOpened(MARIO), 'application/json').then(() => home(MARIO, n));
      // The requester, in Italian: "New ticket" on top and their tickets; no filter for them.
      let n = fake.calls.length;
      const mine = (await homeAt(n)).args.view as any;
      expect(mine.blocks[0].elements).toEqual([expect.objectContaining({ type: 'button', action_id: 'sportello-home-new', text: { type: 'plain_text', text: 'Nuovo ticket' } })]);
      expect(JSON.stringify(mine)).toContain('I tuoi ticket');
      // "New ticket" opens the same form as /ticket new, in Mario's language.
      n = fake.calls.length;
      await postToSlackEndpoint(server.base, homeAction({ user: MARIO, actionId: 'sportello-home-new', value: 'new' }), 'application/x-www-form-urlencoded');
      const form = await fake.waitFor(after(n)((c) => c.method === 'views.open'), 'the new-ticket form');
      expect(form.args.view).toMatchObject({ type: 'modal', callback_id: 'sportello_form', private_metadata: 'new-ticket:_', title: { text: 'Nuovo ticket' } });

      // Tickets in two departments; Luca works both.
      const open = async (text: string) => {
        const k = fake.calls.length;
        await dm(MARIO, text);
        const told = await fake.waitFor(after(k)((c) => c.method === 'chat.postMessage' && c.args.channel === `D${MARIO}` && /\b(IT|HR)-\d+\b/.test(String(c.args.text))), 'the new ticket');
        return /\b(IT|HR)-\d+\b/.exec(String(told.args.text))![0];
      };
      const payslip = await open('ticket new --no-faq --dept hr manca il cedolino di marzo');
      const monitor = await open('ticket new --no-faq --dept it il monitor sfarfalla');
      n = fake.calls.length;
      await postToSlackEndpoint(server.base, homeOpened(LUCA), 'application/json');
      const luca = (await home(LUCA, n)).args.view as any;
      const filter = luca.blocks[0].elements[1];
      expect(filter).toMatchObject({ type: 'static_select', action_id: 'sportello-home-department', initial_option: { value: '*' } });
      expect(filter.options.map((o: any) => o.value)).toEqual(['*', 'it', 'hr']);
      const claims = luca.blocks.flatMap((b: any) => (b.type === 'actions' ? b.elements : [])).filter((e: any) => String(e.value).startsWith('claim:'));
      expect(claims.map((e: any) => e.value)).toEqual(expect.arrayContaining([`claim:${payslip}`, `claim:${monitor}`]));
      // Every Claim reads the same on screen; a screen reader hears which ticket it takes.
      for (const e of claims) expect(e.accessibility_label).toBe(`Claim ${String(e.value).slice('claim:'.length)}`);

      // Narrowed to HR, the queue shows HR only, and stays so when the tab is drawn again.
      n = fake.calls.length;
      await postToSlackEndpoint(server.base, homeAction({ user: LUCA, actionId: 'sportello-home-department', selected: 'hr' }), 'application/x-www-form-urlencoded');
      const hr = (await home(LUCA, n)).args.view as any;
      expect(hr.blocks[0].elements[1].initial_option.value).toBe('hr');
      expect(JSON.stringify(hr)).toContain(`claim:${payslip}`);
      expect(JSON.stringify(hr)).not.toContain(`claim:${monitor}`);

      // Claim from the home: the answer comes by DM, and the ticket moves to "Assigned to you".
      n = fake.calls.length;
      await postToSlackEndpoint(server.base, homeAction({ user: LUCA, actionId: 'sportello:0', value: `claim:${payslip}` }), 'application/x-www-form-urlencoded');
      await fake.waitFor(after(n)((c) => c.method === 'chat.postMessage' && c.args.channel === `D${LUCA}` && String(c.args.text).startsWith(`You claimed ${payslip}.`)), 'the claim answer by DM');
      const after_ = await fake.waitFor(after(n)((c) => c.method === 'views.publish' && c.args.user_id === LUCA && JSON.stringify(c.args.view).includes('Assigned to you (1):')), 'the home after the claim');
      const shown = JSON.stringify(after_.args.view);
      expect(shown).toContain(payslip);
      expect(shown).not.toContain(`claim:${payslip}`);
      expect((after_.args.view as any).blocks[0].elements[1].initial_option.value).toBe('hr');
    });

    it('waits out a 429 from the Web API (Retry-After) and still delivers', async () => {
      fake.rateLimitOnce('chat.postMessage');
      const n = fake.calls.length;
      await dm(MARIO, 'ticket list');
      const delivered = await fake.waitFor(after(n)((c) => c.method === 'chat.postMessage' && c.args.channel === `D${MARIO}`), 'the reply after the 429', 8000);
      expect(String(delivered.args.text)).toContain('I tuoi ticket');
    });

    it('and the other way: a Slack agent works a web chat ticket from the card, talking in its thread', async () => {
      const giulia = { id: 'giulia', name: 'Giulia', locale: 'it' };
      const stream = await openStream(server.base, 'giulia');
      try {
        let n = fake.calls.length;
        const opened = await post(server.base, '/web/api/messages', { user: giulia, text: 'ticket new --no-faq il pc non si avvia dopo l aggiornamento' });
        const code = opened.body.replies[0].ticket.code as string;
        const card = await fake.waitFor(after(n)((c) => c.method === 'chat.postMessage' && c.args.channel === TRIAGE && blocksText(c).includes(`claim:${code}`)), 'the card');
        await press(ANNA, `claim:${code}`, 'anna-web-claim');
        expect((await stream.next()).text).toContain(`Anna sta lavorando al tuo ticket ${code}`);
        n = fake.calls.length;
        await postToSlackEndpoint(server.base, messageEvent({ user: ANNA, text: '&gt;&gt; Che messaggio di errore vedi?', channel: TRIAGE, channelType: 'channel', threadTs: card.result.ts as string }), 'application/json');
        expect((await stream.next()).text).toContain('Che messaggio di errore vedi?');
        await post(server.base, '/web/api/messages', { user: giulia, text: 'Schermo blu' });
        await fake.waitFor(after(n)((c) => c.method === 'chat.postMessage' && c.args.text === '*Giulia*: Schermo blu'), 'the answer in the thread');
      } finally {
        stream.close();
      }
    });

    it('answers an @mention in a channel to its author alone, there', async () => {
      const n = fake.calls.length;
      const raw = messageEvent({ user: OTTO, text: '<@U0FAKEBOT1> ticket list', channel: 'C0GENERAL1', channelType: 'channel' });
      const mention = JSON.parse(raw);
      mention.event.type = 'app_mention';
      await postToSlackEndpoint(server.base, JSON.stringify(mention), 'application/json');
      const answer = await fake.waitFor(after(n)((c) => c.method === 'chat.postEphemeral' && c.args.channel === 'C0GENERAL1'), 'the answer');
      expect(answer.args.user).toBe(OTTO);
      expect(answer.args).not.toHaveProperty('thread_ts');
      expect(String(answer.args.text)).toMatch(/Your tickets|You have no tickets/);
      expect(fake.calls.slice(n).filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0GENERAL1')).toEqual([]);
    });

    it('answers 401 to a bad or stale signature and touches nothing', async () => {
      const raw = messageEvent({ user: MARIO, text: 'ticket new --no-faq forged', channel: `D${MARIO}`, channelType: 'im' });
      const n = fake.calls.length;
      expect((await postToSlackEndpoint(server.base, raw, 'application/json', sign('wrong-secret', raw))).status).toBe(401);
      expect((await postToSlackEndpoint(server.base, raw, 'application/json', sign(SIGNING_SECRET, raw, Math.floor(Date.now() / 1000) - 600))).status).toBe(401);
      expect((await postToSlackEndpoint(server.base, raw, 'application/json', {})).status).toBe(401);
      await new Promise((r) => setTimeout(r, 200));
      // Earlier tests' deliveries may still be arriving: what matters is that nothing answered the forgery.
      expect(fake.calls.slice(n).filter((c) => JSON.stringify(c.args).includes('forged'))).toEqual([]);
      const store = await storage.open(server.dataDir);
      try {
        expect((await store.byRequester('slack', MARIO, { limit: 500 })).filter((t) => t.description.includes('forged'))).toEqual([]);
      } finally {
        await store.close();
      }
    });

    it('acknowledges the URL verification challenge when signed', async () => {
      const raw = JSON.stringify({ token: 'x', challenge: 'challenge-abc', type: 'url_verification' });
      const res = await postToSlackEndpoint(server.base, raw, 'application/json');
      expect(res.status).toBe(200);
      expect(res.body).toContain('challenge-abc');
    });

    it('sent every message inside Block Kit\'s limits', () => {
      const messages = fake.calls.filter((c) => /^(chat\.(postMessage|update|postEphemeral)|respond\/)/.test(c.method) && Array.isArray(c.args.blocks));
      expect(messages.length).toBeGreaterThan(20);
      for (const c of messages) expect(blockKitProblems(c.args as never), `${c.method} ${String(c.args.text).slice(0, 60)}`).toEqual([]);
    });
  });
}
