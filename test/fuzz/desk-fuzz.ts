// The whole handle() path on one store, driven by hostile sessions: requesters
// with odd names writing anything, agents working real tickets with hostile
// arguments, buttons, forms, and every channel's payloads through its own pure
// to-inbound-event. Whatever comes in: no throw, no unexpected-error reply,
// nothing logged at error level (the FAQ's safety net included), and the store
// still reads back afterwards. Then the same over the real web API: never a 500.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as discord from '../../adapters/channels/discord/to-inbound-event.js';
import * as slack from '../../adapters/channels/slack/to-inbound-event.js';
import * as teams from '../../adapters/channels/teams/to-inbound-event.js';
import type { TeamsActivity } from '../../adapters/channels/teams/teams-types.js';
import { PRIORITIES, STATUSES, deskForm, formErrors, type Command, type InboundEvent, type Participant, type Reply, type Store } from '../../src/index.js';
import { readFaqEntry } from '../../src/faq/knowledge-base.js';
import { createTestDesk, person, type TestDesk } from '../support/desk.js';
import { post, startServer, type RunningServer } from '../support/server.js';
import type { StoreEnv } from '../support/server-stores.js';
import { actionId, commandText, fuzzOptions, fuzzSettings, hostileJson, hostileName, hostileText, hostileWords, PROTOTYPE_WORDS } from './hostile.js';

/** The desk's reply to anything it did not expect, in either language. */
const UNEXPECTED = /Something went wrong|Qualcosa è andato storto/;
const HIDDEN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

type Who = 'requester' | 'agent' | 'lead' | 'stranger';
/** A ticket code: one of the last few opened (the session opens one first), or whatever text. */
type CodeRef = { recent: number } | { text: string };

type Step =
  | { kind: 'say'; who: Who; text: string }
  | { kind: 'verb'; who: Who; verb: string; code: CodeRef; rest: string }
  | { kind: 'press'; who: Who; verb: string; code: CodeRef }
  | { kind: 'press-any'; who: Who; id: string }
  | { kind: 'form'; who: Who; command: Command }
  | { kind: 'slack'; who: Who; text: string; id: string }
  | { kind: 'teams'; who: Who; text: string; value: unknown }
  | { kind: 'discord'; who: Who; sub: string; options: discord.SlashOptions; fields: Record<string, string> };

const who = fc.constantFrom<Who>('requester', 'requester', 'agent', 'agent', 'lead', 'stranger');
const codeRef: fc.Arbitrary<CodeRef> = fc.oneof({ weight: 5, arbitrary: fc.nat(2).map((recent) => ({ recent })) }, { weight: 1, arbitrary: hostileWords.map((text) => ({ text })) });
// The desk's verbs three times as often as the prototype names, so sessions go deep into real tickets.
const AGENT_VERBS = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('claim', 'unclaim', 'note', 'reply', 'priority', 'assign', 'move', 'escalate', 'resolve', 'status', 'cancel', 'faq promote', 'prendi', 'risolvi') },
  { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_WORDS) },
);
const BUTTONS = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('claim', 'unclaim', 'escalate', 'resolve', 'confirm', 'reopen', 'selfsolve') },
  { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_WORDS) },
);
const ARG = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...PROTOTYPE_WORDS, 'P1', 'P4', 'critical', 'hr', 'it', '@anna', 'anna', 'lea', '@lea', 'Which model? = The HP one') },
  { weight: 1, arbitrary: hostileText },
);

const form: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ verb: fc.constant('new' as const), text: hostileText, department: fc.oneof(hostileWords, fc.constantFrom('it', 'hr', ...PROTOTYPE_WORDS)), urgency: fc.oneof(hostileWords, fc.constantFrom('high', 'low', ...PROTOTYPE_WORDS)) }, { requiredKeys: ['verb', 'text'] }),
  fc.record({ verb: fc.constant('faq' as const), sub: fc.constant('add' as const), question: ARG, answer: ARG }),
  fc.record({ verb: fc.constant('priority' as const), code: hostileWords, priority: ARG }),
  fc.record({ verb: fc.constant('queue' as const), department: fc.oneof(ARG, fc.constantFrom(...PROTOTYPE_WORDS)) }),
  fc.record({ verb: fc.constantFrom('faq-yes' as const, 'faq-no' as const), offer: fc.oneof(hostileWords, fc.constantFrom(...PROTOTYPE_WORDS)) }),
  fc.record({ verb: fc.constant('faq-pick' as const), offer: fc.oneof(hostileWords, fc.constantFrom(...PROTOTYPE_WORDS)), choice: fc.integer({ min: -2, max: 5 }) }),
);

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('say' as const), who, text: fc.oneof(hostileText, commandText) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('verb' as const), who, verb: AGENT_VERBS, code: codeRef, rest: ARG }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('press' as const), who, verb: BUTTONS, code: codeRef }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('press-any' as const), who, id: actionId }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('form' as const), who, command: form }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('slack' as const), who, text: fc.oneof(hostileText, commandText), id: actionId }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('teams' as const), who, text: fc.oneof(hostileText, commandText), value: fc.oneof(hostileJson, actionId.map((id) => ({ action: { data: { sportello: id } } }))) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('discord' as const),
      who,
      sub: fc.constantFrom('new', 'status', 'reply', 'priority', 'assign', 'move', 'queue', 'resolve', ...PROTOTYPE_WORDS),
      options: fc.record({ text: hostileText, code: hostileWords, department: ARG, priority: ARG, agent: ARG, reason: hostileText, resolution: hostileText }, { requiredKeys: [] }),
      fields: fc.dictionary(fc.constantFrom('title', 'description', 'department', 'urgency', ...PROTOTYPE_WORDS), hostileText, { maxKeys: 4 }),
    }),
  },
);

const session = fc.record({
  requesterName: hostileName,
  requesterId: fc.oneof(fc.constantFrom('mario', 'giulia', ...PROTOTYPE_WORDS), hostileWords.map((s) => s.slice(0, 100) || 'x')),
  /** What the session's first ticket says (opened in IT, so the agents can work it). */
  problem: hostileText,
  steps: fc.array(step, { minLength: 1, maxLength: 6 }),
});

/** The same people on every platform: web agents, platform requesters. */
function participantFor(w: Who, requester: Participant, platform: string): Participant {
  if (w === 'agent') return { platform, userId: 'anna', name: 'Anna' };
  if (w === 'lead') return { platform, userId: 'lea', name: 'Lea\u202E' };
  if (w === 'stranger') return { platform, userId: 'stranger', name: 'Str\u0000anger' };
  return { ...requester, platform };
}

function codeOf(ref: CodeRef, codes: readonly string[]): string {
  if ('text' in ref) return ref.text;
  return codes[Math.max(0, codes.length - 1 - ref.recent)] ?? 'IT-1';
}

function eventFor(s: Step, from: Participant, codes: readonly string[]): { event?: InboundEvent; say?: string; press?: string; run?: Command } {
  switch (s.kind) {
    case 'say':
      return { say: s.text };
    case 'verb':
      return { say: `ticket ${s.verb} ${codeOf(s.code, codes)} ${s.rest}` };
    case 'press':
      return { press: `${s.verb}:${codeOf(s.code, codes)}` };
    case 'press-any':
      return { press: s.id };
    case 'form':
      return { run: s.command };
    case 'slack': {
      const user = { userId: from.userId, name: from.name };
      return { event: s.id.length % 2 ? slack.fromMessage(s.text, `E${s.id.length}`, user) : (slack.fromButton({ trigger_id: 't' }, { value: s.id }, user) ?? slack.fromSlashCommand({ text: s.text, trigger_id: 't' }, user)) };
    }
    case 'teams': {
      const activity: TeamsActivity = { type: 'message', serviceUrl: 'https://smba.example', from: { id: from.userId, name: from.name, aadObjectId: from.userId }, recipient: { id: 'bot' }, conversation: { id: 'c1', conversationType: 'personal' }, text: s.text, value: s.value };
      const id = teams.actionIdOf(s.value);
      return { event: id ? teams.fromAction(activity, id) : { kind: 'message', channel: 'teams', from: teams.teamsUser(activity), text: teams.plainText(s.text) } };
    }
    case 'discord': {
      const modal = discord.commandFromModal(s.fields);
      return { event: modal && s.sub === 'new' ? { kind: 'command', channel: 'discord', from, command: modal } : discord.fromSlashCommand('i', from, s.sub, s.options) };
    }
  }
}

function expectHealthy(replies: Reply[], desk: TestDesk, what: string): void {
  expect(Array.isArray(replies), what).toBe(true);
  for (const r of replies) {
    expect(typeof r.text, what).toBe('string');
    expect(r.text, what).not.toMatch(UNEXPECTED);
  }
  expect(desk.logged, what).toEqual([]);
}

/** These tickets (and, with `transcripts`, their event logs) still read back as what the desk wrote. */
async function expectTicketsReadBack(store: Store, codes: readonly string[], transcripts = false): Promise<void> {
  for (const code of new Set(codes)) {
    const t = await store.get(code);
    expect(t, code).not.toBeNull();
    expect(STATUSES).toContain(t!.status);
    expect(PRIORITIES).toContain(t!.priority);
    expect(Number.isFinite(t!.dueAt), `${code} due`).toBe(true);
    if (transcripts) expect((await store.events(code)).length).toBeGreaterThan(0);
  }
}

/** Everything the store holds still reads back: every ticket, the queues, people's lists, the knowledge base. */
async function expectStoreReadsBack(store: Store, codes: readonly string[], requesters: readonly Participant[]): Promise<void> {
  await expectTicketsReadBack(store, codes, true);
  for (const department of ['it', 'hr']) {
    const page = await store.queue({ departments: [department], statuses: ['open', 'in_progress', 'waiting_user'], limit: 50 });
    for (const t of page.items) expect(PRIORITIES).toContain(t.priority);
  }
  for (const r of requesters) await store.byRequester(r.platform, r.userId, { limit: 50 });
  for (const [i, e] of (await store.listFaqs()).entries()) readFaqEntry(e, i);
}

/** Every typed verb, with the requester's own among them. */
const GRID_VERBS = ['new', 'status', 'list', 'cancel', 'reply', 'help', 'queue', 'next', 'claim', 'unclaim', 'note', 'priority', 'assign', 'move', 'escalate', 'resolve', 'faq add', 'faq promote'];

/**
 * `words`: the prototype names put in every slot of every command (all of
 * them where writes are cheap; on a slower store, those that survive the
 * grammar's lower-casing and a few that do not).
 */
export function runDeskFuzz(storeName: string, open: () => Promise<{ store: Store; cleanup(): Promise<void> }>, runs: { desk: number; words: readonly string[] }): void {
  describe(`fuzz: handle() on ${storeName}`, () => {
    const settings = fuzzSettings(`desk on ${storeName}`);
    let opened: { store: Store; cleanup(): Promise<void> };
    let desk: TestDesk;
    beforeAll(async () => {
      opened = await open();
      desk = await createTestDesk(opened.store);
      await desk.agent({ userId: 'anna', name: 'Anna', departments: ['it', 'hr'] });
      await desk.agent({ userId: 'lea', name: 'Lea', departments: ['it'], tier: 2, role: 'lead' });
      for (const platform of ['slack', 'teams', 'discord']) await desk.agent({ userId: 'anna', name: 'Anna', departments: ['it', 'hr'], platform });
    });
    afterAll(async () => {
      await opened?.store.close();
      await opened?.cleanup();
    });

    it('takes a prototype name in every slot of every command, button and form as a plain word', async () => {
      const requester = person('grid', 'Grid');
      const lead: Participant = { platform: 'web', userId: 'lea', name: 'Lea' };
      const codes: string[] = [];
      const check = async (replies: Promise<Reply[]>, what: string) => expectHealthy(await replies, desk, what);
      for (const verb of GRID_VERBS) {
        // A fresh ticket for each verb, so that its first word meets an open ticket.
        // Each verb's ticket from its own requester: no one person opens more than a few.
        const owner = person(`grid-${verb}`, 'Grid');
        const [opened] = await desk.say(owner, 'ticket new --no-faq --dept it the grid printer jams');
        const code = opened!.ticket!.code;
        codes.push(code);
        for (const word of runs.words) {
          for (const text of [`ticket ${verb} ${word}`, `ticket ${verb} ${code} ${word}`, `ticket ${verb} ${code} ${word} = ${word}`]) {
            await check(desk.say(lead, text), `lead: ${text}`);
            if (['new', 'status', 'list', 'cancel', 'reply'].includes(verb)) await check(desk.say(owner, text), `requester: ${text}`);
          }
        }
      }
      const code = codes.at(-1)!;
      for (const word of runs.words) {
        await check(desk.say(requester, word), `free text ${word}`);
        await check(desk.say(requester, `ticket new --dept ${word} --urgency ${word} ${word}`), `flags ${word}`);
        for (const id of [`${word}:${code}`, `claim:${word}`, `faq-yes:${word}`, `faq-pick:${word}_0`]) await check(desk.press(lead, id), `button ${id}`);
        const forms: Command[] = [
          { verb: 'priority', code, priority: word },
          { verb: 'move', code, department: word },
          { verb: 'assign', code, agent: word },
          { verb: 'queue', department: word },
          { verb: 'new', text: word, department: word, urgency: word },
          { verb: 'faq', sub: 'add', question: word, answer: word },
          { verb: 'faq-pick', offer: word, choice: 0 },
        ];
        for (const command of forms) await check(desk.run(lead, command), `form ${JSON.stringify(command)}`);
        // The desk's own forms, sent with the word in every field (and as the code in their ids).
        const values = { title: word, description: word, department: word, urgency: word, resolution: word, reason: word, priority: word };
        for (const id of ['new-ticket:_', `resolve-with:${code}`, `escalate-with:${code}`, `move-to:${code}`, `priority-to:${code}`, `move-to:${word}`]) {
          const form = deskForm(id, 'en', ['it', 'hr']);
          if (form) expect(Object.values(formErrors('en', form, values)).every((e) => typeof e === 'string')).toBe(true);
          await check(desk.submit(lead, id, values), `desk form ${id}`);
        }
      }
      await expectStoreReadsBack(desk.store, codes, [requester]);
    }, 180_000);

    it('answers every hostile session without an error, and the store reads back', async () => {
      const codes: string[] = [];
      const requesters: Participant[] = [];
      await fc.assert(
        fc.asyncProperty(session, async ({ requesterName, requesterId, problem, steps }) => {
          const requester = person(requesterId, requesterName);
          requesters.push(requester);
          const touched: string[] = [];
          const first = { kind: 'say', who: 'requester', text: `ticket new --no-faq --dept it ${problem}` } as const;
          for (const s of [first, ...steps]) {
            const platform = s.kind === 'slack' || s.kind === 'teams' || s.kind === 'discord' ? s.kind : 'web';
            const from = participantFor(s.who, requester, platform);
            const input = eventFor(s, from, codes);
            const what = JSON.stringify(input);
            const replies = input.event ? await desk.handle(input.event) : input.say !== undefined ? await desk.say(from, input.say) : input.press !== undefined ? await desk.press(from, input.press) : await desk.run(from, input.run!);
            expectHealthy(replies, desk, what);
            for (const r of replies) {
              if (r.ticket && !codes.includes(r.ticket.code)) codes.push(r.ticket.code);
              if (r.ticket) touched.push(r.ticket.code);
            }
          }
          // What agents were sent carries no hidden character, and no name does.
          for (const o of desk.sent.slice(-20)) expect(o.reply.text, JSON.stringify(o.reply.text)).not.toMatch(HIDDEN);
          await expectTicketsReadBack(desk.store, touched);
        }),
        fuzzOptions(settings, `sessions on ${storeName}`, runs.desk),
      );
      await expectStoreReadsBack(desk.store, codes, requesters);
      const [queue] = await desk.say({ platform: 'web', userId: 'anna', name: 'Anna' }, 'ticket queue');
      expect(queue!.text).not.toMatch(UNEXPECTED);
      console.log(`[fuzz]   ${storeName}: ${codes.length} tickets opened, ${desk.sent.length} messages sent to others`);
    }, 180_000);
  });
}

/** The real web API on 127.0.0.1: any body, any action id, answered or refused with a reason, never 500. */
export function runHttpFuzz(storeName: string, storeEnv: () => Promise<StoreEnv>, runs: number): void {
  describe(`fuzz: the web API on ${storeName}`, () => {
    const settings = fuzzSettings(`web API on ${storeName}`);
    let stores: StoreEnv;
    let s: RunningServer;
    const logs: Record<string, any>[] = [];
    beforeAll(async () => {
      stores = await storeEnv();
      s = await startServer(stores.env, {}, logs);
    });
    afterAll(async () => {
      await s?.stop();
      await stores?.cleanup();
    });

    const user = fc.record({ id: fc.oneof(fc.constantFrom('anna', 'mario', ...PROTOTYPE_WORDS), hostileWords), name: hostileName, locale: fc.constantFrom('it', 'en', '__proto__', 'constructor') }, { requiredKeys: ['id', 'name'] });
    const body = fc.oneof(
      { weight: 4, arbitrary: fc.record({ user, text: fc.oneof(hostileText, commandText) }).map((b) => JSON.stringify(b)) },
      { weight: 2, arbitrary: fc.record({ user, actionId }).map((b) => JSON.stringify(b)) },
      { weight: 1, arbitrary: hostileJson.map((v) => JSON.stringify(v) ?? 'null') },
      { weight: 1, arbitrary: fc.oneof(hostileText, fc.constantFrom('{"__proto__":{"text":"x"},"user":{"id":"a","name":"b"},"text":"constructor"}', '{"user":{"id":"__proto__","name":"constructor"},"text":"ticket __proto__"}', '{"user":', '')) },
    );

    it('answers or refuses any request with a reason, never with a 500 or an unexpected error', async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('/web/api/messages', '/web/api/actions'), body, async (path, raw) => {
          const res = await post(s.base, path, raw);
          // 200 with replies, or a refusal with its reason (400, a limit): never a server error.
          expect(res.status, `${path} ${raw}`).toBeLessThan(500);
          if (res.status === 200) for (const r of res.body.replies) expect(r.text, raw).not.toMatch(UNEXPECTED);
          else expect(typeof res.body.error).toBe('string');
        }),
        fuzzOptions(settings, `requests on ${storeName}`, runs),
      );
      expect(logs.filter((l) => l.level >= 50)).toEqual([]);
      expect((await fetch(`${s.base}/healthz`)).status).toBe(200);
    }, 120_000);
  });
}
