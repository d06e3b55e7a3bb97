// What the three platform drivers share: reading what a stand-in recorded as
// messages to each person, and telling the answer to a person's own turn from
// what was pushed to them. A stand-in records calls in order; a turn's answer
// is what reached the person's private place between sending the turn and the
// stand-in falling quiet. Deliveries that are pushes by their nature (a triage
// channel card) are never taken as answers.
import type { SeenMessage } from '../support/chat-driver.js';
import { cardFieldName, type CardField } from '../../src/index.js';

export interface Routed {
  key: string;
  messages: SeenMessage[];
  /** Only ever a push (a card in a channel every agent reads), never an answer. */
  pushOnly?: boolean;
}

interface Entry {
  at: number;
  messages: SeenMessage[];
  pushOnly: boolean;
}

/** How long a stand-in must stay quiet for the server's deliveries to count as settled. */
const QUIET_MS = 400;
/** How long a turn may take to show its first answer (2 cores, other suites running). */
const FIRST_ANSWER_MS = 8000;
const SETTLE_DEADLINE_MS = 15_000;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createInboxes<C>(calls: readonly C[], route: (call: C) => Routed[]) {
  let read = 0;
  const queues = new Map<string, Entry[]>();
  /** Every message each person was shown, newest last, to find the buttons they may press. */
  const shown = new Map<string, SeenMessage[]>();

  function pull() {
    for (; read < calls.length; read++) {
      for (const r of route(calls[read]!)) {
        const q = queues.get(r.key) ?? [];
        q.push({ at: read, messages: r.messages, pushOnly: !!r.pushOnly });
        queues.set(r.key, q);
        shown.set(r.key, [...(shown.get(r.key) ?? []), ...r.messages]);
      }
    }
  }

  // When the stand-in last changed, as far as anyone watched: a turn right after a settled one need not wait again.
  let seen = 0;
  let since = Date.now();

  /** Resolves once no call arrived for QUIET_MS (or the deadline passed: then what came is what counts). */
  async function quiet() {
    const until = Date.now() + SETTLE_DEADLINE_MS;
    for (;;) {
      if (calls.length !== seen) {
        seen = calls.length;
        since = Date.now();
      } else if (Date.now() - since >= QUIET_MS || Date.now() > until) break;
      await pause(25);
    }
    pull();
  }

  /** A turn was just sent or answered: what it sets off may follow, so quiet is counted from now. */
  function touch() {
    since = Date.now();
  }

  /** Waits for `isAnswer` to match a call from index `from` on (or gives up quietly), then for the stand-in to settle. */
  async function settleTurn(from: number, isAnswer: (call: C) => boolean) {
    touch();
    const until = Date.now() + FIRST_ANSWER_MS;
    while (Date.now() < until && !calls.slice(from).some(isAnswer)) await pause(25);
    await quiet();
  }

  /** The person's deliveries from call `from` on that may be answers; they leave the queue. */
  function takeAnswers(key: string, from: number, only: (at: number) => boolean = () => true): SeenMessage[] {
    pull();
    const q = queues.get(key) ?? [];
    const mine = q.filter((e) => e.at >= from && !e.pushOnly && only(e.at));
    queues.set(key, q.filter((e) => !mine.includes(e)));
    return mine.flatMap((e) => e.messages);
  }

  /** Everything left for the person: pushes. */
  function takePushes(key: string): SeenMessage[] {
    pull();
    const q = queues.get(key) ?? [];
    queues.set(key, []);
    return q.flatMap((e) => e.messages);
  }

  /** Notes an answer the driver read elsewhere (an HTTP response body), so its buttons can be pressed. */
  function remember(key: string, messages: SeenMessage[]) {
    shown.set(key, [...(shown.get(key) ?? []), ...messages]);
  }

  /** Whether the person was ever shown a button with this desk action id. */
  function wasShown(key: string, actionId: string): boolean {
    pull();
    return (shown.get(key) ?? []).some((m) => m.buttons.some((b) => b.id === actionId));
  }

  return { quiet, touch, settleTurn, takeAnswers, takePushes, remember, wasShown, pull };
}

/** A ticket code shown in a message's facts line (`IT-4 · open · …`) or, failing that, in its text. */
export function ticketIn(facts: string | undefined, text: string): SeenMessage['ticket'] {
  if (facts) {
    const [code, status, priority, deptTier, assignee] = facts.split(' · ').map((s) => s.replace(/\*/g, '').trim());
    if (code && /^[A-Z]+-\d+$/.test(code)) {
      const m = /^(.*) L(\d)$/.exec(deptTier ?? '');
      return {
        code,
        ...(status ? { status } : {}),
        ...(priority ? { priority } : {}),
        ...(m ? { department: m[1]!, tier: Number(m[2]) } : {}),
        ...(assignee ? { assignee } : {}),
      };
    }
  }
  const code = /\b[A-Z]{2,5}-\d+\b/.exec(text)?.[0];
  return code ? { code } : undefined;
}

/** What typing a form's values as one message says: the drivers type them (the native forms have their own suites, test/adapters/intake-form-flows.ts). */
export function typedForm(values: Record<string, string>): string {
  return Object.values(values)
    .map((v) => v.trim())
    .filter(Boolean)
    .join(', ');
}

/** The verbs every platform driver has alike: forms typed, pushes read from its inboxes, everything it started closed. */
export function sameOnEveryPlatform(
  inbox: ReturnType<typeof createInboxes>,
  person: (key: string) => unknown,
  say: (key: string, text: string) => Promise<SeenMessage[]>,
  close: readonly (() => Promise<void>)[],
) {
  return {
    submit: (key: string, _formId: string, values: Record<string, string>) => say(key, typedForm(values)),
    async pushes(key: string) {
      person(key);
      await inbox.quiet();
      return inbox.takePushes(key);
    },
    async stop() {
      for (const c of close) await c();
    },
  };
}

const FACT_ORDER: CardField[] = ['status', 'priority', 'queue', 'agent'];

/** A card's named fields as the facts line ticketIn reads (code · status · priority · queue · agent), whichever language names them. */
export function factsFromFields(code: string, fields: readonly { name: string; value: string }[]): string {
  const named = (field: CardField) => fields.find((f) => f.name === cardFieldName('en', field) || f.name === cardFieldName('it', field))?.value;
  const values = FACT_ORDER.map(named);
  while (values.length > 0 && values[values.length - 1] === undefined) values.pop();
  return [code, ...values.map((v) => v ?? '')].join(' · ');
}
