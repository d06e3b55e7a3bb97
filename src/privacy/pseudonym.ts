// A pseudonym is random, never derived from the identity it replaces: nobody can
// recompute it from a user id to find the person again.
import { randomBytes } from 'node:crypto';

export const PSEUDONYM_PREFIX = 'anon-';

export function newPseudonym(): string {
  return `${PSEUDONYM_PREFIX}${randomBytes(12).toString('hex')}`;
}
