// What a ticket's wording says about the person who wrote it has no place in an
// FAQ entry every employee reads: e-mail addresses, phone numbers, the names the
// desk knows (the requester's, the agents'), and the greeting or sign-off
// wrapped around the problem ("Ciao Marco, …, grazie Giulia").

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
/** Seven digits or more, with the spaces, dots, dashes and brackets people put in numbers. */
const PHONE = /(?<![\p{L}\p{N}])\(?\+?\d(?:[\d ().-]*\d){6,}(?![\p{L}\p{N}])/gu;
/** "sono Marco", "mi chiamo Anna Rossi", "I'm Bob", "this is Jane": a capitalised name after them. */
const SELF_NAMED = /\b(?:[Ss]ono|[Mm]i chiamo|I am|I['’]m|[Tt]his is|[Mm]y name is)\s+(?:\p{Lu}[\p{L}'’-]+)(?:\s+\p{Lu}[\p{L}'’-]+)?/gu;
/** An internal extension or a number named as one: "interno 4471", "ext. 12", "cell: 333…". */
const EXTENSION = /\b(?:interno|int\.|ext\.?|extension|tel\.?|telefono|cell\.?|cellulare|mobile)\s*:?\s*\d{2,}/giu;
/** What asked to be written to or called, once the address or number is gone: "(scrivetemi a)". */
const CONTACT_LEFT = /\b(?:scrivimi|scrivetemi|contattami|contattatemi|chiamami|chiamatemi|email me|write to me|call me|reach me)(?:\s+(?:a|al|at|on|su))?\s*(?=[).,;!?]|$)/giu;
const GREETING = /^(?:(?:ciao|salve|buongiorno|buonasera|hi|hello|hey|good (?:morning|afternoon|evening)|dear \S+)\b[\s,!.:;-]*)+/iu;
const SIGN_OFF = /[\s,.;!-]*(?:(?:grazie(?: mille)?|grazie in anticipo|thanks(?: a lot| in advance)?|thank you|cheers|saluti|cordiali saluti|regards|best regards|kind regards)\b[\s,.;!-]*)+$/iu;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Each part of each name, as a whole word (two letters or more: "Al" yes, "A." no). */
function namePattern(names: readonly string[]): RegExp | null {
  const parts = new Set<string>();
  for (const name of names) for (const part of name.split(/[\s,]+/)) if (/^\p{L}[\p{L}'’-]+$/u.test(part)) parts.add(part.toLowerCase());
  if (parts.size === 0) return null;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${[...parts].map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

/** The text with personal details taken out and the seams tidied; `names`: people the desk knows to be named in it. */
export function scrubPersonal(text: string, names: readonly string[] = []): string {
  let out = text.replace(EMAIL, ' ').replace(EXTENSION, ' ').replace(PHONE, ' ').replace(SELF_NAMED, ' ');
  const known = namePattern(names);
  if (known) out = out.replace(known, ' ');
  out = out
    .replace(CONTACT_LEFT, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/ +([,.;:!?])/g, '$1')
    .replace(/([,;:])(?:\s*[,;:])+/g, '$1')
    .replace(/([.!?])\s*[,;:]/g, '$1')
    .replace(/\(\s*\)/g, '')
    .replace(/\(\s+/g, '(')
    .replace(/\s+\)/g, ')')
    .trim();
  out = out.replace(GREETING, '').replace(SIGN_OFF, '').trim();
  return out.replace(/^[\s,.;:!-]+/, '').trim();
}

/** At most `max` characters, cut at a word, with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
