// Replaces one person with a pseudonym inside any stored value: their identity
// wherever a { platform, userId } names them, their id and their name wherever a
// text mentions them. Pure; every store runs its records through it, so what
// counts as "them" is decided once.
import type { PersonRef } from '../tickets/ticket.js';

/** Who is being erased: the identity, and every name the desk knew them by. */
export interface PersonKey {
  platform: string;
  userId: string;
}

/** What their own words become: neutral in every language, and visibly gone. */
export const ERASED_TEXT = '[…]';

/** Name parts this short are left alone in others' text ("Li" would hit too many words). */
const SHORTEST_NAME_PART = 3;

export interface PersonScrubber {
  readonly person: PersonKey;
  readonly pseudonym: string;
  /** True when `value` is an identity that names them. */
  isPerson(value: unknown): boolean;
  /** Their identity as it stands after the erase. */
  pseudonymous(platform: string): PersonRef;
  /** Others' text with every mention of them replaced by the pseudonym. */
  text(text: string): string;
  /** A deep copy of a stored value with them replaced (identities, mentions, keys of maps). */
  value<T>(value: T): T;
  /** True when the text mentions them (their id, their participant key or one of their names). */
  mentions(text: string): boolean;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Full names first, then their parts: "Mario Rossi" before "Mario". */
export function namesToScrub(names: readonly string[]): string[] {
  const whole = names.map((n) => n.trim()).filter((n) => n.length >= SHORTEST_NAME_PART);
  const parts = whole.flatMap((n) => n.split(/[\s.,;:'’"()-]+/u)).filter((p) => p.length >= SHORTEST_NAME_PART);
  return [...new Set([...whole, ...parts])].sort((a, b) => b.length - a.length);
}

/** Characters that continue an id or a word: a mention is not inside a longer one. */
const ID_CHAR = /[\p{L}\p{N}_-]/u;
const WORD_CHAR = /[\p{L}\p{N}_]/u;

interface Mention {
  pattern: RegExp;
  continues: RegExp;
}

/**
 * Ids match exactly, names in any case. The boundaries are checked around each
 * match rather than written into the pattern: a pattern with Unicode classes
 * costs milliseconds to compile, and retention compiles one per requester.
 */
function mentionPatterns(person: PersonKey, names: readonly string[]): Mention[] {
  const ids = [`${person.platform}:${person.userId}`, person.userId].map(escape);
  const words = namesToScrub(names).map(escape);
  const mentions: Mention[] = [{ pattern: new RegExp(ids.join('|'), 'g'), continues: ID_CHAR }];
  if (words.length > 0) mentions.push({ pattern: new RegExp(words.join('|'), 'gi'), continues: WORD_CHAR });
  return mentions;
}

function replaceMentions(text: string, { pattern, continues }: Mention, by: string): string {
  return text.replace(pattern, (found: string, at: number) => {
    const before = text.slice(Math.max(0, at - 2), at);
    const after = text.slice(at + found.length, at + found.length + 2);
    const inside = (before && continues.test(Array.from(before).at(-1)!)) || (after && continues.test(Array.from(after)[0]!));
    return inside ? found : by;
  });
}

/** Plain data only: driver values (ids, binaries, dates) are left as they are. */
function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

export function createPersonScrubber(person: PersonKey, names: readonly string[], pseudonym: string): PersonScrubber {
  const patterns = mentionPatterns(person, names);
  const isPerson = (value: unknown) => isRecord(value) && value.platform === person.platform && value.userId === person.userId;
  const pseudonymous = (platform: string): PersonRef => ({ platform, userId: pseudonym, name: pseudonym });
  const text = (s: string) => patterns.reduce((out, m) => replaceMentions(out, m, pseudonym), s);

  function value(v: unknown): unknown {
    if (typeof v === 'string') return text(v);
    if (Array.isArray(v)) return v.map(value);
    if (!isRecord(v)) return v;
    if (isPerson(v)) return pseudonymous(person.platform);
    // Own keys only, into a fresh object: a stored key such as "__proto__" stays data.
    const out: Record<string, unknown> = {};
    for (const [k, inner] of Object.entries(v)) Object.defineProperty(out, text(k), { value: value(inner), enumerable: true, writable: true, configurable: true });
    return out;
  }

  return {
    person,
    pseudonym,
    isPerson,
    pseudonymous,
    text,
    value: <T>(v: T) => value(v) as T,
    mentions: (s) => text(s) !== s,
  };
}
