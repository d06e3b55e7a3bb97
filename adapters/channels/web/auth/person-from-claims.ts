// Verified claims (an identity token's, a sign-in's) -> the person speaking. Pure.
import type { Participant } from '../../../../src/index.js';
import { toLocale } from '../to-inbound-event.js';

const MAX_ID = 255;
const MAX_NAME = 100;

function text(claims: Record<string, unknown>, name: string): string | undefined {
  if (!Object.hasOwn(claims, name)) return undefined;
  const v = claims[name];
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

/** Null when the claim that identifies people is missing or unusable: such a token names nobody. */
export function personFromClaims(claims: Record<string, unknown>, idClaim = 'sub'): Participant | null {
  const id = text(claims, idClaim);
  if (!id || id.length > MAX_ID) return null;
  const given = [text(claims, 'given_name'), text(claims, 'family_name')].filter(Boolean).join(' ');
  const name = (text(claims, 'name') ?? (given || undefined) ?? text(claims, 'preferred_username') ?? text(claims, 'email') ?? id).slice(0, MAX_NAME);
  const locale = toLocale(text(claims, 'locale'));
  const person: Participant = locale ? { platform: 'web', userId: id, name, locale } : { platform: 'web', userId: id, name };
  // The provider's address links the person's other channels; one it says it has not checked could be anyone's (absent counts as checked: Entra omits it).
  const email = text(claims, 'email');
  if (email && claims.email_verified !== false) person.email = email;
  return person;
}
