// What the fuzz suites throw at the desk: arbitrary strings, the names
// Object.prototype carries, unicode, control and bidi characters, the desk's
// own command words in the wrong places, and long inputs. One seed and one run
// count for every suite, from FUZZ_SEED and FUZZ_RUNS, printed so a failure (and
// the closing note) can quote them.
import fc from 'fast-check';

/** The default seed: fixed, so a run is the same run everywhere until FUZZ_SEED says otherwise. */
const DEFAULT_SEED = 20_240_612;

export interface FuzzSettings {
  seed: number;
  /** Scales every suite's run count (1 = the suites' own defaults). */
  runs: (defaultRuns: number) => number;
}

function readInt(name: string): number | null {
  const raw = process.env[name]?.trim();
  if (!raw) return null;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new Error(`${name} must be a whole number (got "${raw}")`);
  return n;
}

/** FUZZ_SEED (default fixed) and FUZZ_RUNS (a run count replacing each suite's default), printed once per suite. */
export function fuzzSettings(suite: string): FuzzSettings {
  const seed = readInt('FUZZ_SEED') ?? DEFAULT_SEED;
  const runs = readInt('FUZZ_RUNS');
  console.log(`[fuzz] ${suite}: FUZZ_SEED=${seed}${runs === null ? ' (default run counts)' : ` FUZZ_RUNS=${runs}`}`);
  return { seed, runs: (defaultRuns) => runs ?? defaultRuns };
}

/** fast-check's options for one property, its run count printed beside the seed. */
export function fuzzOptions(settings: FuzzSettings, property: string, defaultRuns: number): { seed: number; numRuns: number } {
  const numRuns = settings.runs(defaultRuns);
  console.log(`[fuzz]   ${property}: ${numRuns} runs, seed ${settings.seed}`);
  return { seed: settings.seed, numRuns };
}

export const PROTOTYPE_WORDS = [
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf',
  'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__',
] as const;

/** Characters that hide, reorder or end text: C0/C1 controls, bidi embeddings, overrides, isolates and marks, zero-width ones, lone surrogates. */
const HOSTILE_CHARS = [
  '\u0000', '\u0001', '\u0007', '\b', '\t', '\n', '\u000B', '\f', '\r', '\u001B', '\u007F', '\u0085', '\u009B',
  '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C',
  '\u200B', '\u200C', '\u200D', '\u2028', '\u2029', '\uFEFF', '\uFFFD', '\uD800', '\uDFFF', '\u0301', '🙂', 'ß', 'İ', 'ǅ',
];

/** The desk's own words, so that fuzzed text reaches the grammar's branches and not only free text. */
const DESK_WORDS = [
  'ticket', '/ticket', 'new', 'nuovo', 'status', 'list', 'reply', 'cancel', 'queue', 'claim', 'next', 'unclaim', 'note',
  'priority', 'priorità', 'assign', 'move', 'escalate', 'resolve', 'faq', 'add', 'promote', 'help', 'aiuto', '?',
  '--no-faq', '--dept', '--urgency', 'high', 'low', 'P1', 'P4', 'critical', 'it', 'hr', 'finance', 'IT-1', 'IT-2', 'HR-1',
  '#IT-1', 'it-1', 'FIN-99999', '=', '@anna', 'anna', 'vpn', 'password', 'stampante', 'urgente', 'everyone', 'ciao',
  '{"$gt":""}', '$where', '${code}', '{code}', '<!here>', '<@U123>', '&amp;', '%s', '\\', '"', "'", '`',
];

const token = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...DESK_WORDS) },
  { weight: 3, arbitrary: fc.constantFrom(...PROTOTYPE_WORDS) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_CHARS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
);

const separator = fc.constantFrom(' ', ' ', ' ', '  ', '\t', '\n', '', '\u00A0', '\u3000');

/** Tokens joined by odd spacing: reads like a command often enough to go deep. */
export const hostileWords = fc
  .array(fc.tuple(token, separator), { minLength: 1, maxLength: 12 })
  .map((parts) => parts.map(([t, s]) => t + s).join(''));

/** Any text a person could send: mostly shaped like the desk's input, sometimes anything at all, sometimes long. */
export const hostileText = fc.oneof(
  { weight: 4, arbitrary: hostileWords },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...HOSTILE_CHARS), maxLength: 30 }) },
  { weight: 1, arbitrary: fc.tuple(hostileWords, fc.integer({ min: 50, max: 400 })).map(([w, n]) => w.repeat(n).slice(0, 3900)) },
);

/** `ticket <verb> …` with hostile arguments, or a prefix-less help word. */
export const commandText = fc
  .tuple(fc.constantFrom('ticket ', '/ticket ', 'TICKET ', 'ticket\t', ''), fc.constantFrom(...DESK_WORDS.slice(1, 26), ...PROTOTYPE_WORDS), hostileText)
  .map(([prefix, verb, rest]) => `${prefix}${verb} ${rest}`);

/** A display name as a platform might hand it over. */
export const hostileName = fc.oneof(
  hostileWords.map((s) => s.slice(0, 100)),
  fc.constantFrom('Anna\u202E (IT lead)', '\u2066Mario\u2069', 'Eve\u0000\u0007', '__proto__', 'constructor', ' ', '\u202E'),
);

/** Button ids: ours with odd arguments, prototype verbs, and anything. */
export const actionId = fc.oneof(
  fc.tuple(fc.constantFrom('claim', 'unclaim', 'escalate', 'resolve', 'confirm', 'reopen', 'selfsolve', 'faq-yes', 'faq-no', 'faq-pick', ...PROTOTYPE_WORDS), fc.constantFrom(':', '_', ''), hostileText).map(([v, s, a]) => `${v}${s}${a}`.slice(0, 100)),
  fc.string({ unit: 'binary', maxLength: 100 }),
);

/** Strings in JSON values, keys included: the prototype names as keys turn up often. */
export const hostileJson = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.oneof(fc.constantFrom(...PROTOTYPE_WORDS, 'user', 'text', 'id', 'name', 'locale', 'actionId'), fc.string({ maxLength: 8 })), fc.oneof(hostileText, fc.jsonValue({ maxDepth: 2 })), { maxKeys: 6 }),
);
