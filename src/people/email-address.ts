// An e-mail address as the desk keeps it: trimmed, lower-cased, one @ with a
// dotted domain, no spaces or angle brackets. Case is ignored by every mail
// system people here use, so anna@acme.it and Anna@ACME.it are one person.
const SHAPE = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:.]+$/;
const MAX = 254;

/** The address in the desk's form, or null when `raw` does not look like one. */
export function emailAddress(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const address = raw.trim().toLowerCase();
  return address.length <= MAX && SHAPE.test(address) ? address : null;
}

/** The e-mail channel's platform name: its people's user ids are their addresses. */
export const EMAIL_PLATFORM = 'email';
