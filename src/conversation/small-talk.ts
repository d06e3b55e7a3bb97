// Messages that are not requests: thanks, greetings, "ok", "help", a lone emoji,
// and commands with a typo in them. Told apart here, with no I/O, so that free
// text only reaches the FAQ and the ticket queue when it asks for something.
import type { Locale } from '../events.js';
import { words } from '../faq/normalise.js';
import { commandWords } from '../commands/parse-command.js';

export type SmallTalkTopic = 'help' | 'thanks' | 'greeting' | 'bye' | 'ack' | 'empty';

export type Classification =
  | { kind: 'small-talk'; topic: SmallTalkTopic; language: Locale | null }
  /** `verb`: the command's own verb; `suggestion`: what the person wrote, spelled right. */
  | { kind: 'did-you-mean'; verb: string; suggestion: string }
  | { kind: 'request' };

/**
 * Longer than this, a message carries something worth reading even when each
 * word is polite filler ("thanks a lot for all the help with this" is still thanks,
 * but a whole paragraph of them is somebody's question badly cut).
 */
const MAX_WORDS = 6;

// Words after normalise.words(): lower case, no accents, "ciaooo" -> "ciao".
const TOPIC_WORDS: Readonly<Record<Exclude<SmallTalkTopic, 'empty'>, Readonly<Record<Locale, readonly string[]>>>> = {
  help: {
    en: ['help'],
    it: ['aiuto', 'aiutami', 'aiutatemi'],
  },
  thanks: {
    en: ['thanks', 'thank', 'thankyou', 'thanx', 'cheers', 'appreciated', 'appreciate'],
    it: ['grazie', 'ringrazio', 'grazia'],
  },
  greeting: {
    en: ['hi', 'hello', 'hey', 'hiya', 'morning', 'afternoon', 'evening', 'howdy', 'there'],
    it: ['ciao', 'salve', 'buongiorno', 'buonasera', 'buon', 'giorno', 'pomeriggio', 'sera', 'buondi'],
  },
  bye: {
    en: ['bye', 'goodbye', 'later', 'cya', 'day', 'weekend'],
    it: ['arrivederci', 'presto', 'giornata', 'serata', 'buona', 'buonanotte', 'notte'],
  },
  ack: {
    en: ['ok', 'okay', 'okey', 'k', 'kk', 'fine', 'great', 'perfect', 'cool', 'nice', 'good', 'got', 'understood', 'sure', 'alright', 'yes', 'yep', 'yeah', 'no', 'nope', 'sorry', 'awesome', 'excellent', 'done'],
    it: ['perfetto', 'perfetta', 'ottimo', 'ottima', 'bene', 'benissimo', 'capito', 'chiaro', 'certo', 'si', 'esatto', 'daccordo', 'accordo', 'top', 'grande', 'fantastico', 'scusa', 'scusate', 'va', 'fatto', 'okk'],
  },
};

/** Words that say nothing alone and do not turn small talk into a request. */
const FILLER: Readonly<Record<Locale, readonly string[]>> = {
  en: ['please', 'you', 'so', 'very', 'much', 'lot', 'a', 'the', 'all', 'again', 'really', 'for', 'it', 'and', 'to', 'me', 'everyone', 'guys', 'team', 'bot', 'oh', 'ah', 'well', 'have', 'nice', 'see', 'then', 'just', 'i', 'am', 'thats', 'that', 'is', 'ya'],
  it: ['per', 'favore', 'mille', 'tante', 'tanto', 'tantissimo', 'tantissime', 'molte', 'davvero', 'allora', 'e', 'a', 'tutti', 'tutto', 'ragazzi', 'di', 'nuovo', 'ancora', 'mi', 'ti', 'lo', 'stesso', 'ho', 'cosi', 'va', 'eh', 'beh', 'mah', 'ok', 'sportello', 'anche', 'te', 'voi', 'molto', 'no'],
};

/** Every small-talk word with its topic and language, topics listed first win. */
const LEXICON: ReadonlyMap<string, { topic: SmallTalkTopic | null; language: Locale | null }> = (() => {
  const map = new Map<string, { topic: SmallTalkTopic | null; language: Locale | null }>();
  const add = (word: string, topic: SmallTalkTopic | null, language: Locale) => {
    const known = map.get(word);
    if (!known) map.set(word, { topic, language });
    else if (known.language !== language) map.set(word, { topic: known.topic ?? topic, language: null });
  };
  for (const [topic, byLanguage] of Object.entries(TOPIC_WORDS) as [SmallTalkTopic, Record<Locale, readonly string[]>][]) {
    for (const language of ['en', 'it'] as const) for (const word of byLanguage[language]) add(word, topic, language);
  }
  for (const language of ['en', 'it'] as const) for (const word of FILLER[language]) add(word, null, language);
  return map;
})();

/** Which topic wins when a message mixes them: "hi, help" asks for help, "ok thanks" thanks. */
const TOPIC_ORDER: readonly SmallTalkTopic[] = ['help', 'thanks', 'greeting', 'bye', 'ack'];

/**
 * Edit distance with adjacent swaps counted as one edit ("thnaks", "tickte"),
 * stopping early once it exceeds `limit`.
 */
export function typoDistance(a: string, b: string, limit = 2): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      row.push(best);
    }
    if (i > 0 && Math.min(...row) > limit) return limit + 1;
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/**
 * How far a typed word may be from a known one: short words are too easily
 * another real word ("fire" is one letter from "fine"), so under five letters
 * only two swapped letters count as a typo ("hlep", "caio", "nwe").
 */
function isTypoOf(typed: string, known: string): boolean {
  if (typed === known) return true;
  if (Math.min(typed.length, known.length) < 3) return false;
  if (Math.min(typed.length, known.length) <= 4) {
    return typed.length === known.length && typoDistance(typed, known, 1) === 1 && [...typed].sort().join('') === [...known].sort().join('');
  }
  return typoDistance(typed, known, known.length >= 8 ? 2 : 1) <= (known.length >= 8 ? 2 : 1);
}

function lookUp(word: string): { topic: SmallTalkTopic | null; language: Locale | null } | undefined {
  const exact = LEXICON.get(word);
  if (exact) return exact;
  for (const [known, entry] of LEXICON) if (isTypoOf(word, known)) return entry;
  return undefined;
}

function smallTalk(text: string): Classification | null {
  const tokens = words(text);
  if (tokens.length === 0) return /[\p{L}\p{N}]/u.test(text) ? null : { kind: 'small-talk', topic: 'empty', language: null };
  if (tokens.length > MAX_WORDS) return null;
  const topics = new Set<SmallTalkTopic>();
  const votes = { en: 0, it: 0 };
  for (const token of tokens) {
    const entry = lookUp(token);
    if (!entry) return null;
    if (entry.topic) topics.add(entry.topic);
    if (entry.language) votes[entry.language]++;
  }
  const topic = TOPIC_ORDER.find((t) => topics.has(t));
  // Only filler ("please", "the") is not small talk: it is a message cut short, and rare.
  if (!topic) return null;
  const language = votes.en === votes.it ? null : votes.en > votes.it ? 'en' : 'it';
  return { kind: 'small-talk', topic, language };
}

const TICKET = 'ticket';

/** "tiket lista", "ticket lsit", "tickte status IT-3": a command with one slip in its first two words. */
function nearCommand(text: string): Classification | null {
  const match = /^\s*(\/?)(\S+)(?:\s+(\S+))?([\s\S]*)$/.exec(text);
  if (!match) return null;
  const [, slash, first = '', second, rest = ''] = match;
  const head = first.toLowerCase();
  const exactPrefix = head === TICKET;
  if (!exactPrefix && !isTypoOf(head, TICKET)) return null;
  if (!second) return null;
  const typed = second.toLowerCase();
  const verbs = commandWords();
  const exactVerb = verbs.get(typed);
  // Both right: a command, read as one. Both wrong: too far to guess.
  if (exactPrefix && exactVerb) return null;
  if (exactVerb) return { kind: 'did-you-mean', verb: exactVerb, suggestion: `${slash}${TICKET} ${typed}${rest.trimEnd()}` };
  if (/^[\p{L}]+$/u.test(typed)) {
    let best: { word: string; verb: string; distance: number } | null = null;
    for (const [word, verb] of verbs) {
      if (!isTypoOf(typed, word)) continue;
      const distance = typoDistance(typed, word);
      if (!best || distance < best.distance) best = { word, verb, distance };
    }
    if (best) return { kind: 'did-you-mean', verb: best.verb, suggestion: `${slash}${TICKET} ${best.word}${rest.trimEnd()}` };
  }
  return null;
}

/** What a chat message is, before the desk looks for an answer or a ticket. */
export function classifyMessage(text: string): Classification {
  return nearCommand(text) ?? smallTalk(text) ?? { kind: 'request' };
}

// Answers to a yes/no question the desk just asked ("Shall I open a ticket?").
const YES = new Set(['yes', 'yep', 'yeah', 'y', 'sure', 'ok', 'okay', 'please', 'open', 'go', 'ahead', 'it', 'do', 'si', 'certo', 'apri', 'aprilo', 'aprila', 'procedi', 'vai', 'conferma', 'confermo', 'grazie', 'thanks', 'va', 'bene', 'pure', 'ticket', 'favore', 'per', 'perfetto', 'esatto', 'daccordo', 'fine', 'un', 'a']);
const NO = new Set(['don', 't', 'no', 'nope', 'nah', 'n', 'annulla', 'cancel', 'lascia', 'stare', 'perdere', 'niente', 'nevermind', 'never', 'mind', 'dont', 'non', 'serve', 'necessario', 'grazie', 'thanks', 'need', 'not', 'fa', 'nulla']);
const NO_FIRST = new Set(['don', 'no', 'nope', 'nah', 'n', 'annulla', 'cancel', 'lascia', 'niente', 'nevermind', 'never', 'dont', 'non']);
const YES_FIRST = new Set(['yes', 'yep', 'yeah', 'y', 'sure', 'ok', 'okay', 'please', 'open', 'go', 'si', 'certo', 'apri', 'aprilo', 'aprila', 'procedi', 'vai', 'conferma', 'confermo', 'va', 'perfetto', 'esatto', 'daccordo', 'fine']);

/** Openings that refuse the offer whatever words come after them. */
const REFUSALS = new Set(['no grazie', 'no thanks', 'no thank', 'lascia stare', 'lascia perdere', 'annulla', 'cancel', 'nevermind', 'never mind', 'non serve', 'no need', 'non importa']);

/**
 * "sì", "yes please", "ok apri pure" → yes; "no grazie", "lascia stare" → no;
 * anything carrying more than that (a detail, a new question) → null.
 */
export function yesOrNo(text: string): 'yes' | 'no' | null {
  const tokens = words(text);
  // "no grazie, provo a cambiarla io": a refusal, whatever follows it.
  const opening = tokens.slice(0, 2).join(' ');
  if (REFUSALS.has(opening) || REFUSALS.has(tokens[0] ?? '')) return 'no';
  if (tokens.length === 0 || tokens.length > 4) return null;
  const [first] = tokens;
  if (NO_FIRST.has(first!) && tokens.every((w) => NO.has(w))) return 'no';
  if (YES_FIRST.has(first!) && tokens.every((w) => YES.has(w))) return 'yes';
  return null;
}
