// Every parser at the desk's edges, fed hostile input (see hostile.ts): each
// answers with its value or its own coded refusal, never with anything else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAgentInput } from '../../app/cli/agent-input.js';
import { ConfigError, loadConfig } from '../../app/config.js';
import * as discord from '../../adapters/channels/discord/to-inbound-event.js';
import * as slack from '../../adapters/channels/slack/to-inbound-event.js';
import { commandFromModal as slackModal } from '../../adapters/channels/slack/views.js';
import * as teams from '../../adapters/channels/teams/to-inbound-event.js';
import type { TeamsActivity } from '../../adapters/channels/teams/teams-types.js';
import * as web from '../../adapters/channels/web/to-inbound-event.js';
import { commandFromAction, createKeywordTriage, createTfidfMatcher, isHelpDeskError, parseCode, type Command, type InboundEvent } from '../../src/index.js';
import { requireActionCommand } from '../../src/commands/command-from-action.js';
import { asksForNewTicketForm, isCommandText, parseCommand } from '../../src/commands/parse-command.js';
import { EvalInputError, entriesFromTrain, parseJsonLines, queriesFrom } from '../../src/faq/eval-input.js';
import { extractFeatures } from '../../src/faq/features.js';
import { assertMatchable, KnowledgeBaseError, parseKnowledgeBase } from '../../src/faq/knowledge-base.js';
import { words } from '../../src/faq/normalise.js';
import { cleanName, markHiddenCharacters } from '../../src/pipeline/hidden-characters.js';
import { guessPriority, parsePriority } from '../../src/tickets/priority.js';
import { sampleKb } from '../support/desk.js';
import { actionId, commandText, fuzzOptions, fuzzSettings, hostileJson, hostileName, hostileText, hostileWords, PROTOTYPE_WORDS } from './hostile.js';

const settings = fuzzSettings('parsers');
const check = (name: string, prop: fc.IRawProperty<any, any>, runs = 300) => fc.assert(prop, fuzzOptions(settings, name, runs));
const checkAsync = (name: string, prop: fc.IAsyncPropertyWithHooks<any>, runs = 300) => fc.assert(prop, fuzzOptions(settings, name, runs));

const VERBS = new Set(['new', 'status', 'list', 'cancel', 'reply', 'help', 'queue', 'next', 'claim', 'unclaim', 'note', 'priority', 'assign', 'move', 'escalate', 'resolve', 'faq', 'confirm', 'reopen', 'selfsolve', 'faq-yes', 'faq-no', 'faq-pick']);
const HIDDEN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/** A Command the desk can run: a verb it knows and fields that are plain strings, numbers or booleans. */
function expectCommand(c: Command | null): void {
  if (c === null) return;
  expect(VERBS.has(c.verb), c.verb).toBe(true);
  expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
  for (const [key, value] of Object.entries(c)) expect(['string', 'number', 'boolean'], key).toContain(typeof value);
}

function expectEvent(e: InboundEvent | null): void {
  if (e === null) return;
  expect(['message', 'command', 'action']).toContain(e.kind);
  expect(typeof e.from.userId).toBe('string');
  expect(typeof e.from.name).toBe('string');
  if (e.kind === 'command') expectCommand(e.command);
  if (e.kind === 'message') expect(typeof e.text).toBe('string');
}

/** Runs `fn`; a throw must be one of `allowed` (the parser's own refusal). */
function refusesOnlyWith(fn: () => unknown, allowed: (err: unknown) => boolean): unknown {
  try {
    return fn();
  } catch (err) {
    if (!allowed(err)) throw err;
    return undefined;
  }
}

const anyText = fc.oneof(hostileText, commandText);

describe('fuzz: the desk grammar', () => {
  it('reads any text as a command or refuses it with a coded error', () => {
    check('parseCommand', fc.property(anyText, (text) => {
      expect(typeof isCommandText(text)).toBe('boolean');
      expect(typeof asksForNewTicketForm(text)).toBe('boolean');
      const c = refusesOnlyWith(() => parseCommand(text), (e) => isHelpDeskError(e)) as Command | undefined;
      expectCommand(c ?? null);
    }), 1500);
  });

  it('reads any button id as a command, or as nothing (then a coded error)', () => {
    check('commandFromAction', fc.property(actionId, (id) => {
      const c = commandFromAction(id);
      expectCommand(c);
      if (c === null) expect(() => requireActionCommand(id)).toThrow(expect.objectContaining({ code: expect.any(String) }));
      else expect(requireActionCommand(id)).toEqual(c);
    }), 800);
  });

  it('reads priorities, codes and cues from any text', () => {
    const triage = createKeywordTriage(['it', 'hr', 'finance', 'facilities']);
    check('priority, code, triage', fc.property(anyText, (text) => {
      expect([null, 'P1', 'P2', 'P3', 'P4']).toContain(parsePriority(text));
      const code = parseCode(text);
      if (code !== null) expect(code).toMatch(/^[A-Z][A-Z0-9]*-\d+$/);
      expect(['P1', 'P2', 'P3', 'P4']).toContain(guessPriority(text).priority);
      expect(['it', 'hr', 'finance', 'facilities']).toContain(triage.guess(text).department);
    }), 800);
  });
});

describe('fuzz: the FAQ', () => {
  const matcher = createTfidfMatcher(sampleKb);

  it('normalises and matches any text, with confidences in [0, 1]', () => {
    check('words, features, match', fc.property(anyText, (text) => {
      for (const w of words(text)) expect(typeof w === 'string' && w.length > 0).toBe(true);
      const f = extractFeatures(text);
      for (const n of f.words.values()) expect(Number.isFinite(n)).toBe(true);
      for (const m of matcher.matchNow(text, 3)) {
        expect(m.confidence).toBeGreaterThanOrEqual(0);
        expect(m.confidence).toBeLessThanOrEqual(1);
        expect(sampleKb).toContain(m.entry);
      }
    }), 800);
  });

  const entryShaped = fc.record(
    {
      id: fc.oneof(hostileWords, fc.constantFrom(...PROTOTYPE_WORDS), fc.integer()),
      department: fc.oneof(fc.constantFrom('it', 'hr'), hostileWords),
      questions: fc.array(fc.oneof(hostileText, fc.constantFrom(...PROTOTYPE_WORDS)), { maxLength: 4 }),
      answer: fc.record({ it: hostileText, en: hostileText }, { requiredKeys: [] }),
      tags: fc.array(fc.oneof(hostileWords, fc.constantFrom(...PROTOTYPE_WORDS)), { maxLength: 3 }),
    },
    { requiredKeys: ['id', 'department', 'questions', 'answer'] },
  );
  const kbShaped = fc.oneof(
    { weight: 4, arbitrary: fc.array(entryShaped, { minLength: 1, maxLength: 6 }).map((faqs) => ({ faqs })) },
    { weight: 1, arbitrary: hostileJson },
    { weight: 1, arbitrary: fc.array(hostileJson, { maxLength: 3 }).map((faqs) => ({ faqs })) },
  );

  it('imports only knowledge bases the matcher can build and answer from; refuses the rest with a message', async () => {
    await checkAsync('parseKnowledgeBase + assertMatchable', fc.asyncProperty(kbShaped, async (raw) => {
      const entries = refusesOnlyWith(() => parseKnowledgeBase(raw, ['it', 'hr']), (e) => e instanceof KnowledgeBaseError && e.message.length > 0);
      if (entries === undefined) return;
      await assertMatchable(entries as ReturnType<typeof parseKnowledgeBase>, createTfidfMatcher);
    }), 400);
  });

  it('reads eval files line by line, refusing bad lines with the file and line', () => {
    const lines = fc.array(fc.oneof(hostileJson.map((v) => JSON.stringify(v) ?? 'null'), hostileText), { maxLength: 5 }).map((l) => l.join('\n'));
    check('eval input', fc.property(lines, (text) => {
      refusesOnlyWith(() => {
        const parsed = parseJsonLines(text, 'q.jsonl');
        refusesOnlyWith(() => queriesFrom(parsed, 'q.jsonl'), (e) => e instanceof EvalInputError);
        entriesFromTrain(parsed, 'q.jsonl');
      }, (e) => e instanceof EvalInputError && e.message.startsWith('q.jsonl'));
    }), 300);
  });
});

describe('fuzz: hidden characters', () => {
  it('leaves none in names or text, marks each once, and changes nothing the second time', () => {
    check('markHiddenCharacters, cleanName', fc.property(hostileText, hostileName, fc.string({ maxLength: 20 }), (text, name, fallback) => {
      const marked = markHiddenCharacters(text);
      expect(marked.text).not.toMatch(HIDDEN);
      expect(markHiddenCharacters(marked.text)).toEqual({ text: marked.text, marked: 0 });
      const clean = cleanName(name, fallback);
      expect(clean).not.toMatch(HIDDEN);
      expect(clean).not.toMatch(/[\n\t]/);
      expect(clean.length).toBeGreaterThan(0);
      expect(cleanName(clean, fallback)).toBe(clean);
    }), 1000);
  });
});

describe('fuzz: channels\' payloads', () => {
  const userJson = fc.record({ id: fc.oneof(hostileText, fc.constantFrom(...PROTOTYPE_WORDS)), name: hostileName, locale: fc.oneof(hostileText, fc.constantFrom('it', 'en-US', '__proto__')) }, { requiredKeys: [] });
  const webBody = fc.oneof(
    fc.record({ user: fc.oneof(userJson, hostileJson), text: fc.oneof(hostileText, commandText, hostileJson), actionId: fc.oneof(actionId, hostileJson) }, { requiredKeys: [] }),
    hostileJson,
    // Parsed as the HTTP server parses a body, so "__proto__" is an own key.
    fc.constantFrom('{"__proto__":{"user":{"id":"a","name":"b"}},"text":"x"}', '{"user":{"id":"a","name":"b","__proto__":{"locale":"it"}},"text":"constructor"}').map((s) => JSON.parse(s) as unknown),
  );

  it('web: a body is an event or a 400 message', () => {
    check('web toMessageEvent / toActionEvent / toStreamUser', fc.property(webBody, (body) => {
      for (const parsed of [web.toMessageEvent(body), web.toActionEvent(body)]) {
        if (parsed.ok) expectEvent(parsed.event);
        else expect(parsed.error.length).toBeGreaterThan(0);
      }
      const user = web.toStreamUser(body);
      expect(user === null || typeof user === 'string').toBe(true);
    }), 800);
  });

  const slackUser = fc.record({ userId: hostileWords, name: hostileName });
  it('slack: messages, slash commands, buttons and forms become events', () => {
    const stateValues = fc.dictionary(fc.oneof(fc.constantFrom('title', 'description', 'department', 'urgency', ...PROTOTYPE_WORDS), hostileWords), fc.dictionary(fc.oneof(fc.constantFrom('value', ...PROTOTYPE_WORDS), hostileWords), fc.record({ value: fc.oneof(hostileText, fc.constant(null)), selected_option: fc.oneof(fc.constant(null), fc.record({ value: hostileText })) }, { requiredKeys: [] })));
    check('slack', fc.property(anyText, slackUser, actionId, stateValues, hostileText, (text, user, id, values, locale) => {
      expect(typeof slack.plainText(text)).toBe('string');
      expect([undefined, 'it', 'en']).toContain(slack.toLocale(locale));
      expectEvent(slack.fromMessage(text, 'E1', user));
      expectEvent(slack.fromSlashCommand({ text, trigger_id: 't' }, user));
      expectEvent(slack.fromButton({ trigger_id: 't' }, { value: id }, user));
      expectEvent(slack.fromTicketReaction(text, 'E2', user));
      expectCommand(slackModal(values as never));
    }), 500);
  });

  it('teams: any activity is refused by name or read into events', () => {
    const activity = fc.record({
      type: fc.constantFrom('message', 'invoke', '__proto__'),
      serviceUrl: fc.constantFrom('https://smba.example', 'javascript:x', ''),
      from: fc.record({ id: hostileWords, name: hostileName, aadObjectId: hostileWords }, { requiredKeys: ['id'] }),
      recipient: fc.record({ id: hostileWords }),
      conversation: fc.record({ id: hostileWords, conversationType: fc.constantFrom('personal', 'channel', 'constructor') }),
      text: hostileText,
      value: fc.oneof(hostileJson, fc.record({ action: fc.record({ data: hostileJson }) })),
      locale: hostileText,
    }, { requiredKeys: [] });
    check('teams', fc.property(fc.oneof(activity, hostileJson), (a) => {
      const problem = teams.problemWith(a);
      if (problem !== null) {
        expect(problem.length).toBeGreaterThan(0);
        return;
      }
      const act = a as TeamsActivity;
      expect(typeof teams.teamsUser(act).name).toBe('string');
      expect(typeof teams.plainText(act.text)).toBe('string');
      const id = teams.actionIdOf(act.value);
      if (id !== null) expectEvent(teams.fromAction(act, id));
      expectEvent(teams.fromThreadReply(act, 'IT-1', teams.plainText(act.text), 'internal'));
      expectEvent(teams.fromThreadReply(act, 'IT-1', teams.plainText(act.text), 'requester'));
    }), 500);
  });

  it('discord: slash options, forms and buttons become events', () => {
    const options = fc.record({ text: hostileText, code: hostileWords, department: hostileWords, priority: fc.oneof(hostileWords, fc.constantFrom(...PROTOTYPE_WORDS)), agent: hostileWords, reason: hostileText, resolution: hostileText }, { requiredKeys: [] });
    const sub = fc.oneof(fc.constantFrom('new', 'status', 'list', 'reply', 'cancel', 'queue', 'priority', 'assign', 'move', 'escalate', 'resolve', ...PROTOTYPE_WORDS), hostileWords);
    const from = fc.record({ platform: fc.constant('discord'), userId: hostileWords, name: hostileName });
    check('discord', fc.property(sub, options, from, actionId, fc.dictionary(fc.oneof(fc.constantFrom('title', 'description', 'department', 'urgency', ...PROTOTYPE_WORDS), hostileWords), hostileText), (s, o, who, id, fields) => {
      expectCommand(discord.commandFromOptions(s, o));
      expectEvent(discord.fromSlashCommand('i1', who, s, o));
      expectEvent(discord.fromButton('i2', who, id));
      expectCommand(discord.commandFromModal(fields));
    }), 500);
  });
});

describe('fuzz: configuration and the CLI', () => {
  it('reads DEPARTMENTS into departments the triage can use, or refuses it with one line', () => {
    const departments = fc.oneof(hostileWords, fc.array(fc.oneof(fc.constantFrom('it', 'hr:HR', 'constructor', 'constructor:CON', 'valueof:V', '__proto__', 'it:IT'), hostileWords), { maxLength: 5 }).map((l) => l.join(',')));
    check('config DEPARTMENTS', fc.property(departments, hostileText, (raw, text) => {
      const config = refusesOnlyWith(() => loadConfig({ DEPARTMENTS: raw }), (e) => e instanceof ConfigError && !e.message.includes('\n')) as ReturnType<typeof loadConfig> | undefined;
      if (!config) return;
      const ids = config.DEPARTMENTS.map((d) => d.id);
      expect(ids).toContain(createKeywordTriage(ids).guess(text).department);
    }), 400);
  });

  it('reads `agents add` options into an agent, or refuses them with a message', () => {
    const opts = fc.record({ platform: fc.oneof(fc.constantFrom('web', 'slack', '__proto__'), hostileWords), user: hostileWords, name: hostileName, departments: fc.oneof(fc.constantFrom('it', 'it,hr', 'constructor'), hostileWords), tier: fc.oneof(fc.constantFrom('1', '3', 'constructor'), hostileWords), role: fc.oneof(fc.constantFrom('agent', 'lead', 'toString'), hostileWords), locale: fc.constantFrom('it', 'en', 'valueOf') }, { requiredKeys: [] });
    check('agents add', fc.property(opts, (o) => {
      refusesOnlyWith(() => parseAgentInput(o, ['it', 'hr']), (e) => e instanceof Error && e.message.startsWith('--'));
    }), 300);
  });
});
