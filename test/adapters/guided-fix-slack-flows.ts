// Guided fixes on Slack end to end: signed DM events and block_actions into the
// real Bolt receiver on our server, the real WebClient talking to the Slack
// stand-in. A step arrives with native buttons carrying the guide's action ids;
// presses move on and take a branch; a guide that does not fix it ends in a
// ticket whose card in the triage channel says what was tried. Once per store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/i18n.js';
import type { Store } from '../../src/index.js';
import { LABEL_GUIDE } from '../integration/guided-fix-flows.js';
import { slackServerEnv, startFakeSlack, type FakeSlack, type SlackCall } from '../support/fake-slack.js';
import { DOCK_GUIDE, knowledgeBaseWith } from '../support/guides.js';
import { blockKitProblems } from '../support/payload-limits.js';
import type { StoreEnv } from '../support/server-stores.js';
import { startServer, type RunningServer } from '../support/server.js';
import { buttonPress, messageEvent, postToSlackEndpoint } from '../support/slack-requests.js';

const TRIAGE = 'C0TRIAGE01';
const MARIO = 'U0GUIDEIT1';
const KATE = 'U0GUIDEEN1';
const FRANCA = 'U0FACAGNT1';
const LUCIA = 'U0GUIDEIT2';

type Button = { type: string; action_id: string; value: string; text: { text: string } };

/** What a person sees of a message: its text and its buttons, as the blocks draw them. */
function buttonsOf(c: SlackCall): Button[] {
  const blocks = (c.args.blocks ?? []) as { type: string; elements?: Button[] }[];
  return blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
}

export function runGuidedFixSlackFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`guided fixes on Slack through Bolt on ${name}`, () => {
    let fake: FakeSlack;
    let server: RunningServer;
    let storage: StoreEnv;
    let store: Store;
    let kbDir: string;

    beforeAll(async () => {
      fake = await startFakeSlack({
        [MARIO]: { name: 'Mario', locale: 'it-IT' },
        [KATE]: { name: 'Kate', locale: 'en-GB' },
        [FRANCA]: { name: 'Franca', locale: 'en-US' },
        [LUCIA]: { name: 'Lucia', locale: 'it-IT' },
      });
      storage = await storeEnv();
      kbDir = mkdtempSync(join(tmpdir(), 'sportello-guide-kb-'));
      server = await startServer({ ...storage.env, ...slackServerEnv(fake, TRIAGE), FAQ_FILE: knowledgeBaseWith(kbDir, [LABEL_GUIDE, DOCK_GUIDE]) });
      store = await storage.open(server.dataDir);
      await store.saveAgent({ platform: 'slack', userId: FRANCA, name: 'Franca', departments: ['facilities'], tier: 1, role: 'agent' });
    });
    afterAll(async () => {
      await store?.close();
      await server?.stop();
      await fake?.close();
      await storage?.cleanup();
      if (kbDir) rmSync(kbDir, { recursive: true, force: true });
    });

    const after = (n: number) => (pred: (c: SlackCall) => boolean) => (c: SlackCall) => fake.calls.indexOf(c) >= n && pred(c);
    let presses = 0;

    /** A DM from `user`; resolves with the desk's answer posted in that DM. */
    async function dm(user: string, text: string): Promise<SlackCall> {
      const n = fake.calls.length;
      expect((await postToSlackEndpoint(server.base, messageEvent({ user, text, channel: `D${user}`, channelType: 'im' }), 'application/json')).status).toBe(200);
      return fake.waitFor(after(n)((c) => c.method === 'chat.postMessage' && c.args.channel === `D${user}`), `the answer to "${text}"`);
    }

    /**
     * Presses the button labelled `label` on a message as Slack sends the press:
     * on a DM message (posted) with its blocks, or on an ephemeral answer (a
     * press's answer comes through response_url). Resolves with the answer.
     */
    async function press(user: string, on: SlackCall, label: string): Promise<SlackCall> {
      const button = buttonsOf(on).find((b) => b.text.text === label);
      if (!button) throw new Error(`no button "${label}" under: ${String(on.args.text)} [${buttonsOf(on).map((b) => b.text.text).join(' | ')}]`);
      const respond = `press-${++presses}`;
      const posted = on.method === 'chat.postMessage';
      const blocks = ((on.args.blocks ?? []) as Record<string, unknown>[]).map((b, i) => ({ ...b, block_id: `b${i}` }));
      const where = posted
        ? { channel: `D${user}`, ts: String(on.result.ts), message: { text: String(on.args.text), blocks } }
        : { channel: `D${user}`, ts: `${presses}.1`, ephemeral: true };
      const n = fake.calls.length;
      // Slack gives every block an id; the press names the block its button sits in.
      const blockId = `b${((on.args.blocks ?? []) as { type: string }[]).findIndex((b) => b.type === 'actions')}`;
      const sent = buttonPress({ user, value: button.value, actionId: button.action_id, label: button.text.text, blockId, responseUrl: fake.respondUrl(respond), on: where });
      expect((await postToSlackEndpoint(server.base, sent, 'application/x-www-form-urlencoded')).status).toBe(200);
      // A posted message keeps its text and its pressed buttons give way; the answer is a message of its own. An ephemeral one is replaced.
      return fake.waitFor(after(n)((c) => c.method === `respond/${respond}` && (posted ? c.args.replace_original === false : true)), `the answer to "${label}"`);
    }

    const card = (code: string) => fake.waitFor((c) => c.method === 'chat.postMessage' && c.args.channel === TRIAGE && String(c.args.text).includes(code), `the triage card of ${code}`);

    it('a step arrives with native buttons; a press moves on, a branch is taken, and the guide that did not fix it ends in a ticket carrying its steps, on the triage card too', async () => {
      const first = await dm(MARIO, 'la mia etichettatrice stampa etichette vuote');
      expect(String(first.args.text)).toContain('Passo 1: Spegni l\'etichettatrice, attendi 10 secondi e riaccendila.');
      expect(blockKitProblems(first.args as never)).toEqual([]);
      const one = buttonsOf(first);
      expect(one.map((b) => b.text.text)).toEqual([t('it', 'guide.action.done'), t('it', 'guide.action.next'), t('it', 'guide.action.stuck')]);
      expect(one.map((b) => b.value.split(':')[0])).toEqual(['guide-done', 'guide-next', 'guide-stuck']);
      const offer = one[0]!.value.split(':')[1];
      expect(one.map((b) => b.value)).toEqual([`guide-done:${offer}`, `guide-next:${offer}`, `guide-stuck:${offer}`]);

      // "Didn't help, next": the pressed buttons give way to what was pressed; the question step follows with its answers.
      const n = fake.calls.length;
      const second = await press(MARIO, first, t('it', 'guide.action.next'));
      const retired = await fake.waitFor(after(n)((c) => c.method.startsWith('respond/') && c.args.replace_original === true), 'the pressed step retired');
      expect(JSON.stringify(retired.args.blocks)).toContain(`✓ ${t('it', 'guide.action.next')}`);
      expect(buttonsOf(retired)).toEqual([]);
      expect(String(second.args.text)).toContain('Passo 2: Guarda la spia accanto al tasto di accensione.');
      expect(String(second.args.text)).toContain('La spia è rossa?');
      expect(buttonsOf(second).map((b) => b.text.text)).toEqual(['Sì', 'No', t('it', 'guide.action.stuck')]);
      expect(buttonsOf(second).map((b) => b.value)).toEqual([expect.stringMatching(/^guide-pick:[\w-]+_0$/), expect.stringMatching(/^guide-pick:[\w-]+_1$/), expect.stringMatching(/^guide-stuck:[\w-]+$/)]);

      // A client that still shows step 1's buttons presses again: the guide does not move twice; it says where it stands.
      const twice = await press(MARIO, first, t('it', 'guide.action.next'));
      expect(String(twice.args.text)).toContain(t('it', 'guide.behind'));
      expect(String(twice.args.text)).toContain('passo 2, Spia nastro');

      // The branch: "Sì" (the light is red) goes to the new ribbon, not the driver.
      const third = await press(MARIO, second, 'Sì');
      expect(third.args.replace_original).toBe(true);
      expect(String(third.args.text)).toContain('Passo 3: Il nastro è finito');
      expect(String(third.args.text)).not.toContain('driver');
      expect(buttonsOf(third).map((b) => b.text.text)).toEqual([t('it', 'guide.action.done'), t('it', 'guide.action.lastNo')]);

      // It did not help: the guide ends in a ticket in its department, carrying every step and answer.
      const opened = await press(MARIO, third, t('it', 'guide.action.lastNo'));
      expect(String(opened.args.text)).toMatch(/Ho aperto il ticket FAC-\d+ \(P3/);
      expect(String(opened.args.text)).toContain(t('it', 'guide.ticketCarries', { n: 3 }));
      const code = /FAC-\d+/.exec(String(opened.args.text))![0];
      const [ticket] = await store.byRequester('slack', MARIO, { limit: 5 });
      expect(ticket).toMatchObject({ code, department: 'facilities', faqTried: LABEL_GUIDE.id, guide: { how: 'ended' } });
      expect(ticket!.guide!.steps.map((s) => ({ id: s.id, answer: s.answer?.it }))).toEqual([{ id: 'restart', answer: undefined }, { id: 'ribbon', answer: 'Sì' }, { id: 'replace', answer: undefined }]);

      const pushed = await card(code);
      // The agents read it in the desk's language (English here), whatever language the requester wrote in.
      const tried = 'Tried with the guide “the label printer prints blank labels”: Restart, Ribbon light: Yes, New ribbon — the guide ends in a ticket at step 3 (New ribbon)';
      expect(String(pushed.args.text)).toBe(`New ticket ${code} [P3] Facilities L1 from Mario: la mia etichettatrice stampa etichette vuote\n${tried}`);
      expect(JSON.stringify(pushed.args.blocks)).toContain(tried);
      expect(blockKitProblems(pushed.args as never)).toEqual([]);
      const counts = Object.fromEntries((await store.guideStepCounts({ entryId: LABEL_GUIDE.id })).map((c) => [c.stepId, c]));
      expect(counts).toMatchObject({ restart: { reached: 1, moved: 1 }, ribbon: { reached: 1, moved: 1 }, replace: { reached: 1, ended: 1 } });
    });

    it('solved at step 2 with the buttons: no ticket, no card, and the step counted as the one that fixed it', async () => {
      const n = fake.calls.length;
      const first = await dm(LUCIA, 'la docking station non mostra gli schermi esterni');
      expect(String(first.args.text)).toContain('Passo 1: Stacca il cavo USB-C della docking station e ricollegalo.');
      const second = await press(LUCIA, first, t('it', 'guide.action.next'));
      expect(String(second.args.text)).toContain('Passo 2: Premi Windows+P e scegli "Estendi".');
      expect(buttonsOf(second).map((b) => b.value.split(':')[0])).toEqual(['guide-done', 'guide-next', 'guide-stuck']);
      const solved = await press(LUCIA, second, t('it', 'guide.action.done'));
      expect(solved.args.text).toBe(t('it', 'guide.solved', { n: 2 }));
      expect(buttonsOf(solved)).toEqual([]);
      expect((await store.byRequester('slack', LUCIA, { limit: 5 }))).toEqual([]);
      expect(fake.calls.slice(n).filter((c) => c.method === 'chat.postMessage' && c.args.channel === TRIAGE)).toEqual([]);
      const [extend] = (await store.guideStepCounts({ entryId: DOCK_GUIDE.id })).filter((c) => c.stepId === 'extend');
      expect(extend).toMatchObject({ reached: 1, solved: 1 });
      const metrics = await fetch(`${server.base}/metrics`).then((r) => r.text());
      expect(metrics).toMatch(/^sportello_faq_deflections_total [1-9]/m);
    });

    it('typed answers, leaving and coming back, then "I\'m stuck": the ticket and the triage card say what was tried and where it stopped', async () => {
      const first = await dm(KATE, 'the label printer prints blank labels');
      expect(String(first.args.text)).toContain('Step 1: Switch the label printer off');
      // Written, not pressed, the way people answer.
      const second = await dm(KATE, 'nope still blank');
      expect(String(second.args.text)).toContain('Step 2: Look at the light next to the power button.');
      expect(buttonsOf(second).map((b) => b.text.text)).toEqual(['Yes', 'No', t('en', 'guide.action.stuck')]);

      // Away for lunch; a greeting brings the guide back with native buttons.
      const back = await dm(KATE, 'hi again');
      expect(String(back.args.text)).toMatch(/You were fixing “.+”: step 2, Ribbon light\./);
      expect(buttonsOf(back).map((b) => b.value.split(':')[0])).toEqual(['guide-resume', 'guide-restart', 'guide-stuck']);
      const resumed = await press(KATE, back, t('en', 'guide.action.resume'));
      expect(String(resumed.args.text)).toContain('Step 2: Look at the light next to the power button.');

      const opened = await press(KATE, resumed, t('en', 'guide.action.stuck'));
      expect(String(opened.args.text)).toMatch(/Ticket FAC-\d+ opened/);
      expect(String(opened.args.text)).toContain(t('en', 'guide.ticketCarries', { n: 2 }));
      const code = /FAC-\d+/.exec(String(opened.args.text))![0];
      const [ticket] = await store.byRequester('slack', KATE, { limit: 5 });
      expect(ticket).toMatchObject({ code, department: 'facilities', guide: { how: 'stuck' } });
      expect(ticket!.guide!.steps.map((s) => s.id)).toEqual(['restart', 'ribbon']);
      const pushed = await card(code);
      expect(String(pushed.args.text)).toContain('\nTried with the guide “the label printer prints blank labels”: Restart — stuck at step 2 (Ribbon light)');
      expect(buttonsOf(pushed).map((b) => b.value)).toContain(`claim:${code}`);
      const counts = Object.fromEntries((await store.guideStepCounts({ entryId: LABEL_GUIDE.id })).map((c) => [c.stepId, c]));
      expect(counts.ribbon).toMatchObject({ stuck: 1 });
    });
  });
}
