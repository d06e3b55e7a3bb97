// A refusal the person reads as one sentence of the catalogue, for the parts
// whose refusals are their own (ratings, outage links) rather than error codes
// every boundary knows. Thrown from inside a decision (so a race is answered by
// the rule, on the fresh ticket) and turned into an ephemeral reply once.
import type { Locale } from '../events.js';
import { t, type MessageKey } from '../i18n.js';
import type { Reply } from '../replies.js';

export class Refusal extends Error {
  override name = 'Refusal';
  constructor(
    readonly key: MessageKey,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
  }
}

/** Runs `work`; a Refusal becomes the sentence it names, for the asker only. */
export async function answeringRefusals(locale: Locale, work: () => Promise<Reply[]>): Promise<Reply[]> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof Refusal) return [{ text: t(locale, err.key, err.params), ephemeral: true }];
    throw err;
  }
}
