// The shape of test/fixtures/conversations/desk-conversations.json, checked on
// load so a typo in the fixture fails loudly instead of checking nothing.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const channel = z.enum(['web', 'slack', 'teams', 'discord']);

const person = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9-]*$/),
  name: z.string().min(1),
  locale: z.enum(['it', 'en']),
  agent: z.strictObject({ departments: z.array(z.string()).min(1), tier: z.union([z.literal(1), z.literal(2), z.literal(3)]) }).optional(),
});

const texts = z.union([z.string(), z.array(z.string())]);

/** What the person reads back: every `says` and `buttons` must be there, no `saysNot`. */
const seenCheck = z.strictObject({
  says: texts.optional(),
  saysNot: z.array(z.string()).optional(),
  buttons: z.array(z.string()).optional(),
  buttonsNot: z.array(z.string()).optional(),
  /** How many messages: for pushes, exactly one per event per person. */
  count: z.number().int().min(0).optional(),
});

const expectation = seenCheck.extend({
  /** Read back with `ticket status $CODE`: each field's words appear in what the person reads. */
  ticket: z.strictObject({ department: z.string().optional(), status: z.string().optional(), priority: z.string().optional() }).optional(),
  /** Nothing opened: no ticket in the answer, and the person's `ticket list` names no code not seen before. */
  noTicket: z.literal(true).optional(),
  /** A form is offered with the answer. */
  form: z.literal(true).optional(),
});

const turn = z
  .strictObject({
    who: z.string(),
    say: z.string().optional(),
    press: z.string().optional(),
    submit: z.record(z.string(), z.string()).optional(),
    expect: expectation.optional(),
    pushed: z.record(z.string(), seenCheck).optional(),
  })
  .refine((t) => [t.say, t.press, t.submit].filter((x) => x !== undefined).length === 1, 'a turn does exactly one of say, press, submit');

export const BULLETS = ['small-talk', 'confirm', 'clarify', 'follow-up', 'internal', 'locale', 'words', 'resolve', 'queue', 'urgency', 'department'] as const;

const conversation = z.strictObject({
  id: z.string().regex(/^(it|en)-[a-z-]+-\d\d$/),
  bullet: z.enum(BULLETS),
  lang: z.enum(['it', 'en']),
  about: z.string().optional(),
  channels: z.array(channel).optional(),
  /** Where the desk does not yet do what the issue asks: the conversation must fail, and says why. */
  known: z.union([z.string(), z.partialRecord(channel, z.string())]).optional(),
  people: z.array(person).min(1),
  turns: z.array(turn).min(1),
});

const fixture = z.strictObject({ about: z.string(), conversations: z.array(conversation).min(1) });

export type Conversation = z.output<typeof conversation>;
export type Turn = z.output<typeof turn>;
export type Expectation = z.output<typeof expectation>;
export type SeenCheck = z.output<typeof seenCheck>;
export type Channel = z.output<typeof channel>;

export const FIXTURE = new URL('../fixtures/conversations/desk-conversations.json', import.meta.url);

export function loadConversations(): Conversation[] {
  const { conversations } = fixture.parse(JSON.parse(readFileSync(FIXTURE, 'utf8')));
  const ids = new Set<string>();
  for (const c of conversations) {
    if (ids.has(c.id)) throw new Error(`two conversations are called ${c.id}`);
    ids.add(c.id);
    const keys = new Set(c.people.map((p) => p.key));
    for (const t of c.turns) {
      for (const k of [t.who, ...Object.keys(t.pushed ?? {})]) if (!keys.has(k)) throw new Error(`${c.id}: nobody called ${k}`);
    }
  }
  return conversations;
}

export const isChannel = (s: string | undefined): s is Channel => channel.safeParse(s).success;

/** Why this conversation is expected to fail on `channel`, if it is. */
export function knownOn(c: Conversation, ch: Channel): string | undefined {
  return typeof c.known === 'string' ? c.known : c.known?.[ch];
}
