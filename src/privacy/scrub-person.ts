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

/** Names shorter than this are left alone in others' text ("Li" would hit too many words). */
const SHORTEST_NAME = 3;

export interface PersonScrubber {
  readonly person: PersonKey;
  readonly pseudonym: string;
  /** True when `value` is an identity that names them. */
  isPerson(value: unknown): boolean;
  /** Their identity as it stands after the erase. */
  pseudonymous(platform: string): PersonRef;
  /** Text with every mention of them (id, participant key, full name) replaced by the pseudonym. */
  text(text: string): string;
  /** A deep copy of a stored value with them replaced (their identities, mentions in text, keys of maps); others' identities keep their names. */
  value<T>(value: T): T;
  /**
   * True when the text holds their id or participant key: what finds the rows that
   * are theirs (to export or delete). A name alone never does: two people share names.
   */
  mentions(text: string): boolean;
  /** True when the text mentions them by id or by one of their full names: a row worth rewriting, never deleting. */
  touches(text: string): boolean;
  /** A report cell's key with their participant key ("agent.held.slack:U1") moved to the one their scrubbed tickets count under. */
  cellKey(cell: string): string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Their full names, longest first, never their parts: "Anna" would find every Anna,
 * and "Will" every sentence with "will" in it.
 */
export function namesToScrub(names: readonly string[]): string[] {
  const whole = names.map((n) => n.trim().replace(/\s+/gu, ' ')).filter((n) => n.length >= SHORTEST_NAME);
  return [...new Set(whole)].sort((a, b) => b.length - a.length);
}

/** Characters that continue an id or a word: a mention is not inside a longer one. */
const ID_CHAR = /[\p{L}\p{N}_-]/u;
const WORD_CHAR = /[\p{L}\p{N}_]/u;

interface Mention {
  pattern: RegExp;
  continues: RegExp;
}

/**
 * Ids match exactly, names in any case (and any spacing between their words). The
 * boundaries are checked around each match rather than written into the pattern: a
 * pattern with Unicode classes costs milliseconds to compile, and retention compiles
 * one per requester.
 */
function idPattern(person: PersonKey): Mention {
  const ids = [`${person.platform}:${person.userId}`, person.userId].map(escape);
  return { pattern: new RegExp(ids.join('|'), 'g'), continues: ID_CHAR };
}

function namePattern(names: readonly string[]): Mention | null {
  const words = namesToScrub(names).map((n) => n.split(' ').map(escape).join('\\s+'));
  return words.length > 0 ? { pattern: new RegExp(words.join('|'), 'gi'), continues: WORD_CHAR } : null;
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

/** Someone's identity record: its id and name are theirs, whatever they look like (a namesake, the same id on another platform). */
const isIdentity = (v: Record<string, unknown>) => typeof v.platform === 'string' && typeof v.userId === 'string';
const IDENTITY_FIELDS = new Set(['platform', 'userId', 'name']);

export function createPersonScrubber(person: PersonKey, names: readonly string[], pseudonym: string): PersonScrubber {
  const ids = idPattern(person);
  const named = namePattern(names);
  const isPerson = (value: unknown) => isRecord(value) && value.platform === person.platform && value.userId === person.userId;
  const pseudonymous = (platform: string): PersonRef => ({ platform, userId: pseudonym, name: pseudonym });
  const byId = (s: string) => replaceMentions(s, ids, pseudonym);
  const text = (s: string) => (named ? replaceMentions(byId(s), named, pseudonym) : byId(s));
  const cellSuffix = `.${person.platform}:${person.userId}`;

  function value(v: unknown): unknown {
    if (typeof v === 'string') return text(v);
    if (Array.isArray(v)) return v.map(value);
    if (!isRecord(v)) return v;
    if (isPerson(v)) return pseudonymous(person.platform);
    const someoneElse = isIdentity(v);
    // Own keys only, into a fresh object: a stored key such as "__proto__" stays data.
    const out: Record<string, unknown> = {};
    for (const [k, inner] of Object.entries(v)) {
      const kept = someoneElse && IDENTITY_FIELDS.has(k) ? inner : value(inner);
      Object.defineProperty(out, text(k), { value: kept, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  return {
    person,
    pseudonym,
    isPerson,
    pseudonymous,
    text,
    value: <T>(v: T) => value(v) as T,
    mentions: (s) => byId(s) !== s,
    touches: (s) => text(s) !== s,
    cellKey: (cell) => (cell.endsWith(cellSuffix) ? `${cell.slice(0, -cellSuffix.length)}.${person.platform}:${pseudonym}` : cell),
  };
}
