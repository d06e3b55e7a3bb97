// A HelpDesk on a real store with a recording notifier and a hand-moved clock.
import { afterAll, beforeAll } from 'vitest';
import { commandFromAction, commandFromForm, replyFor, createTfidfMatcher, createFaqTriage, createHelpDesk, createLiveFaqMatcher, createLiveLearntTriage, createFileKeeper, DEFAULT_FILE_LIMITS, type Agent, type FileLimits, type HelpDesk, type Command, type Outbound, type DeskSettings, type HelpDeskDeps, type InboundEvent, type Participant, type Reply, type Store, type SweepReport } from '../../src/index.js';
import { parseKnowledgeBase } from '../../src/faq/knowledge-base.js';
import { readFileSync } from 'node:fs';

export const DEPARTMENTS = [
  { id: 'it', prefix: 'IT' },
  { id: 'hr', prefix: 'HR' },
  { id: 'finance', prefix: 'FIN' },
  { id: 'facilities', prefix: 'FAC' },
];

export const sampleKb = parseKnowledgeBase(JSON.parse(readFileSync(new URL('../../kb/sample-kb.json', import.meta.url), 'utf8')));

export interface TestDesk {
  store: Store;
  deps: HelpDeskDeps;
  sent: Outbound[];
  clock: { t: number };
  say(who: Participant, text: string, id?: string): Promise<Reply[]>;
  press(who: Participant, actionId: string): Promise<Reply[]>;
  /** Any event, as an adapter hands it over. */
  handle(event: InboundEvent): Promise<Reply[]>;
  /** A form filled in and sent, as every adapter hands it over. */
  submit(who: Participant, formId: string, values: Record<string, string>): Promise<Reply[]>;
  /** A typed command, as a form or a slash command brings it. */
  run(who: Participant, command: Command): Promise<Reply[]>;
  agent(a: Partial<Agent> & Pick<Agent, 'userId' | 'name'>): Promise<Participant>;
  /** Messages the desk pushed to one person (platform web). */
  inbox(who: Participant): Reply[];
  teamInbox(department: string, tier?: number): Reply[];
  /** Every push that reached one person, each in the words they get it in (their own and their team's). */
  pushesTo(who: Pick<Participant, 'platform' | 'userId'>): Reply[];
  counters: { created: number; deflected: number };
  /** What the desk logged at error level. */
  logged: unknown[];
  /** Runs the desk's time-driven work at the test clock's time. */
  sweep(): Promise<SweepReport>;
  /** A ticket's file as `who` may open it (null: not theirs to open, or none). */
  openFile: HelpDesk['openFile'];
}

let ids = 0;

export function person(userId: string, name: string, locale?: 'it' | 'en'): Participant {
  return locale ? { platform: 'web', userId, name, locale } : { platform: 'web', userId, name };
}

export type StoreEnv = { store: Store; cleanup(): Promise<void> };

/** Opens a store before the suite's tests and closes and drops it after them; `ready` gets it once open. */
export function useStore(openStore: () => Promise<StoreEnv>, ready: (env: StoreEnv) => unknown): void {
  let env: StoreEnv | undefined;
  beforeAll(async () => {
    env = await openStore();
    await ready(env);
  });
  afterAll(async () => {
    await env?.store.close();
    await env?.cleanup();
  });
}

/** Seeds the store with the sample KB, as the first `npm start` does. */
export async function createTestDesk(store: Store, opts: { defaultLocale?: 'it' | 'en'; settings?: Partial<DeskSettings>; fileLimits?: FileLimits } = {}): Promise<TestDesk> {
  if ((await store.faqRevision()) === null) await store.upsertFaqs(sampleKb);
  const sent: Outbound[] = [];
  const clock = { t: 1_800_000_000_000 };
  const counters = { created: 0, deflected: 0 };
  const errors: unknown[] = [];
  const logger = { debug() {}, info() {}, warn() {}, error: (o: object) => errors.push(o) };
  const faq = createLiveFaqMatcher(store, createTfidfMatcher, { now: () => clock.t }, logger);
  const deps: HelpDeskDeps = {
    store,
    // The outbox's records, as every channel would read them, at the moment of the commit.
    changes: { concerns: () => true, committed: (record) => void sent.push(...record.outbound) },
    clock: { now: () => clock.t },
    logger,
    faq,
    // As the composition root wires it: agents' corrections teach the first guess.
    triage: createLiveLearntTriage({ base: createFaqTriage(faq, DEPARTMENTS.map((d) => d.id)), store, departments: DEPARTMENTS.map((d) => d.id), clock: { now: () => clock.t }, logger }),
    settings: { departments: DEPARTMENTS, defaultLocale: opts.defaultLocale ?? 'en', faqAnswerThreshold: 0.5, faqSuggestThreshold: 0.25, autoCloseMs: 72 * 3600_000, ticketIntake: 'direct', ...opts.settings },
    newId: () => `id${++ids}`,
    observer: { ticketCreated: () => void counters.created++, faqDeflected: () => void counters.deflected++ },
    files: createFileKeeper(store, opts.fileLimits ?? DEFAULT_FILE_LIMITS),
  };
  const desk = createHelpDesk(deps);
  return {
    store,
    deps,
    sent,
    clock,
    counters,
    logged: errors,
    sweep: () => desk.sweep(clock.t),
    openFile: (who, code, id) => desk.openFile(who, code, id),
    say: (from, text, id) => {
      clock.t += 1000;
      return desk.handle(id ? { kind: 'message', channel: 'web', from, text, id } : { kind: 'message', channel: 'web', from, text });
    },
    // As every adapter does: the Command the id stands for, or the bare id for the desk to refuse.
    press: (from, actionId) => {
      clock.t += 1000;
      const command = commandFromAction(actionId);
      return desk.handle(command ? { kind: 'command', channel: 'web', from, command } : { kind: 'action', channel: 'web', from, actionId });
    },
    submit: (from, formId, values) => {
      clock.t += 1000;
      const command = commandFromForm(formId, values);
      return desk.handle(command ? { kind: 'command', channel: 'web', from, command } : { kind: 'action', channel: 'web', from, actionId: formId });
    },
    handle: (event) => {
      clock.t += 1000;
      return desk.handle(event);
    },
    run: (from, command) => {
      clock.t += 1000;
      return desk.handle({ kind: 'command', channel: 'web', from, command });
    },
    async agent(a) {
      const full: Agent = { platform: 'web', departments: ['it'], tier: 1, role: 'agent', ...a };
      await store.saveAgent(full);
      return { platform: full.platform, userId: full.userId, name: full.name };
    },
    inbox: (who) =>
      sent.filter((o) => o.to.kind === 'person' && o.to.person.userId === who.userId && o.to.person.platform === who.platform).map((o) => o.reply),
    pushesTo: (who) =>
      sent.flatMap((o) => {
        const to = o.to.kind === 'person' ? [o.to.person] : o.to.agents;
        const me = to.find((p) => p.platform === who.platform && p.userId === who.userId);
        return me ? [replyFor(o, me.locale)] : [];
      }),
    teamInbox: (department, tier = 1) =>
      sent.filter((o) => o.to.kind === 'team' && o.to.department === department && o.to.tier === tier).map((o) => o.reply),
  };
}
