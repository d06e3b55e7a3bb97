// An override's id: short enough to type after `oncall override --remove`, random so
// two instances never need to agree on a counter; a clash is settled by the store's
// unique key and a new draw.
import { randomInt } from 'node:crypto';

// No 0/o, 1/l/i: read off a screen and typed back without doubt.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export function newOverrideId(): string {
  return Array.from({ length: 6 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

/** Tries ids until one is free; `insert` throws `isTaken` errors for an id in use. */
export async function withFreshOverrideId<T>(insert: (id: string) => Promise<T>, isTaken: (err: unknown) => boolean): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await insert(newOverrideId());
    } catch (err) {
      if (!isTaken(err) || attempt >= 5) throw err;
    }
  }
}
