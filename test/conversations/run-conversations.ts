// Plays each conversation of the fixture through a ChatDriver, one vitest `it`
// each, and checks what the people in it read. A conversation marked `known`
// (the desk does not yet do what the issue asks) runs as `it.fails`.
import { describe, expect, it } from 'vitest';
import type { ChatDriver, SeenMessage } from '../support/chat-driver.js';
import { isChannel, knownOn, loadConversations, type Channel, type Conversation, type Expectation, type SeenCheck, type Turn } from './conversation-fixture.js';

export interface RunOptions {
  only?: (c: Conversation) => boolean;
  channel?: Channel;
}

/** A ticket code as the desk writes it (IT-4, FIN-12). */
const CODE = /\b[A-Z]{2,5}-\d+\b/;

/** What one conversation remembers: the tickets it met, and every message each person read. */
class Transcript {
  /** In the order first met. */
  codes: string[] = [];
  last: string | undefined;
  read = new Map<string, SeenMessage[]>();
  /** Pushes not yet checked or looked at by their reader. */
  unchecked = new Map<string, SeenMessage[]>();

  note(key: string, messages: SeenMessage[], pushed = false): void {
    for (const m of messages) {
      const code = m.ticket?.code ?? m.text.match(CODE)?.[0];
      if (!code) continue;
      if (!this.codes.includes(code)) this.codes.push(code);
      this.last = code;
    }
    this.read.set(key, [...(this.read.get(key) ?? []), ...messages]);
    if (pushed) this.unchecked.set(key, [...(this.unchecked.get(key) ?? []), ...messages]);
  }

  /** `$CODE` is the last ticket the conversation met; `$CODE1`, `$CODE2` the first and second. */
  fill(s: string): string {
    return s.replace(/\$CODE(\d?)/g, (_, n: string) => {
      const code = n ? this.codes[Number(n) - 1] : this.last;
      if (!code) throw new Error(`no ticket yet for $CODE${n}`);
      return code;
    });
  }
}

const lower = (s: string) => s.toLowerCase();
const all = (x: string | string[] | undefined) => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
const show = (ms: SeenMessage[]) => ms.map((m) => m.text + (m.buttons.length ? ` [${m.buttons.map((b) => b.label).join(' | ')}]` : '')).join('\n---\n');

/** A button reads `value` when its label is that, or starts with it before a colon ("IT-4: printer…"). */
const reads = (label: string, value: string) => lower(label) === lower(value) || lower(label).startsWith(`${lower(value)}:`);

// Text is compared as written: "IT" and "it" are not the same word to a reader.
function checkSeen(where: string, ms: SeenMessage[], check: SeenCheck, t: Transcript): void {
  const text = ms.map((m) => m.text).join('\n');
  const labels = ms.flatMap((m) => m.buttons.map((b) => b.label));
  const context = `${where} read:\n${show(ms) || '(nothing)'}\n`;
  for (const s of all(check.says)) expect(text, `${context}expected to read "${t.fill(s)}"`).toContain(t.fill(s));
  for (const s of all(check.saysNot)) expect(text, `${context}expected never to read "${t.fill(s)}"`).not.toContain(t.fill(s));
  for (const b of all(check.buttons)) expect(labels.some((l) => reads(l, t.fill(b))), `${context}expected a button "${t.fill(b)}"`).toBe(true);
  if (check.count !== undefined) expect(ms, `${context}expected ${check.count} message(s)`).toHaveLength(check.count);
  for (const b of all(check.buttonsNot)) expect(labels.some((l) => reads(l, t.fill(b))), `${context}expected no button "${t.fill(b)}"`).toBe(false);
}

/** The button the person means: by its label, by its id, or by its verb (`claim`). */
function buttonFor(t: Transcript, who: string, press: string): string {
  const wanted = lower(t.fill(press));
  const messages = [...(t.read.get(who) ?? [])].reverse();
  for (const m of messages) {
    const b = m.buttons.find((x) => reads(x.label, wanted) || lower(x.id) === wanted || lower(x.id).startsWith(`${wanted}:`));
    if (b) return b.id;
  }
  throw new Error(`${who} sees no button "${press}"; they read:\n${show(t.read.get(who) ?? [])}`);
}

/** A slow machine may deliver late: what a check expects to read is waited for, a little. */
async function awaitPushes(d: ChatDriver, t: Transcript, key: string, check: SeenCheck): Promise<void> {
  const deadline = Date.now() + 3000;
  const expected = [...all(check.says), ...all(check.buttons)].map((s) => t.fill(s));
  for (;;) {
    t.note(key, await d.pushes(key), true);
    const ms = t.unchecked.get(key) ?? [];
    const seen = ms.flatMap((m) => [m.text, ...m.buttons.map((b) => b.label)]).join('\n');
    if (expected.every((s) => seen.includes(s)) || Date.now() > deadline) return;
  }
}

async function playTurn(d: ChatDriver, c: Conversation, turn: Turn, t: Transcript): Promise<void> {
  const status = c.lang === 'it' ? 'ticket stato' : 'ticket status';
  const list = c.lang === 'it' ? 'ticket lista' : 'ticket list';
  if (turn.press) {
    // To press a button on a pushed message the person reads their pushes: they count as seen.
    t.note(turn.who, await d.pushes(turn.who));
    t.unchecked.set(turn.who, []);
  }
  const known = new Set(t.codes);
  const answers = turn.say !== undefined
    ? await d.say(turn.who, t.fill(turn.say))
    : turn.press !== undefined
      ? await d.press(turn.who, buttonFor(t, turn.who, turn.press))
      : await d.submit(turn.who, [...(t.read.get(turn.who) ?? [])].reverse().find((m) => m.form)?.form?.id ?? 'form', turn.submit!);
  t.note(turn.who, answers);
  const what = `${c.id}, ${turn.who} after "${turn.say ?? turn.press ?? JSON.stringify(turn.submit)}"`;
  const e: Expectation = turn.expect ?? {};
  checkSeen(what, answers, e, t);
  if (e.form) expect(answers.some((m) => m.form), `${what}: expected a form with the answer`).toBe(true);
  if (e.noTicket) {
    expect(answers.filter((m) => m.ticket && !known.has(m.ticket.code)), `${what}: expected no ticket`).toEqual([]);
    const listed = (await d.say(turn.who, list)).map((m) => m.text).join('\n');
    expect(listed.match(new RegExp(CODE, 'g'))?.filter((code) => !known.has(code)) ?? [], `${what}: ${list} shows a new ticket:\n${listed}`).toEqual([]);
  }
  if (e.ticket) {
    expect(t.codes.length, `${what}: expected a ticket`).toBeGreaterThan(0);
    const asked = await d.say(turn.who, t.fill(`${status} $CODE`));
    const words = asked.map((m) => m.text).join('\n');
    for (const [field, value] of Object.entries(e.ticket)) {
      expect(words, `${what}: ${status} should show ${field} "${value}"`).toContain(value);
    }
  }
  for (const [key, check] of Object.entries(turn.pushed ?? {})) {
    await awaitPushes(d, t, key, check);
    checkSeen(`${c.id}, pushed to ${key}`, t.unchecked.get(key) ?? [], check, t);
    t.unchecked.set(key, []);
  }
}

async function play(d: ChatDriver, c: Conversation): Promise<void> {
  const t = new Transcript();
  for (const p of c.people) await d.meet(p);
  for (const turn of c.turns) await playTurn(d, c, turn, t);
}

/** `label` starts with the channel the driver speaks ("web-sqlite"), unless `channel` says it. */
export function runConversations(label: string, makeDriver: () => Promise<ChatDriver>, opts: RunOptions = {}): void {
  const channel = opts.channel ?? label.split(/\W/)[0];
  if (!isChannel(channel)) throw new Error(`runConversations: "${label}" does not start with a channel; pass opts.channel`);
  const conversations = loadConversations().filter((c) => (!c.channels || c.channels.includes(channel)) && (opts.only?.(c) ?? true));
  describe(`conversations on ${label}`, () => {
    for (const c of conversations) {
      const known = knownOn(c, channel);
      const title = `${c.id} (${c.bullet})${c.about ? `: ${c.about}` : ''}${known ? ` [known: ${known}]` : ''}`;
      // CONVERSATIONS_KNOWN=show runs the known ones as plain tests, to read where each one fails.
      (known && process.env.CONVERSATIONS_KNOWN !== 'show' ? it.fails : it)(title, async () => {
        const d = await makeDriver();
        try {
          await play(d, c);
        } finally {
          await d.stop();
        }
      });
    }
  });
}

/** A filter keeping the first conversation of each bullet in each language: every scenario once, for the slower runs. */
export function oneOfEachBullet(): (c: Conversation) => boolean {
  const seen = new Set<string>();
  return (c) => {
    const key = `${c.bullet}:${c.lang}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}
