import type { Participant } from '../events.js';
import type { Reply } from '../replies.js';

/** Whose messages: a person as their platform knows them. */
export type Addressee = Pick<Participant, 'platform' | 'userId'>;

/** A person's held messages stop at this many: a newer one pushes their oldest out. */
export const HELD_PER_PERSON = 100;

export interface HeldMessage {
  /** The store's own id, for `releaseHeld`. */
  id: string;
  reply: Reply;
  at: number;
}

/**
 * Messages for people who were not connected when they were sent (the web
 * chat's streams), kept in the store so a restart loses none and memory does
 * not grow with them. They are handed over when the person connects again and
 * released only once written, so a connection lost half-way loses nothing.
 */
export interface InboxStore {
  /** Keeps one message for the person; past HELD_PER_PERSON their oldest goes. Returns its id, as `heldFor` gives it. */
  hold(person: Addressee, reply: Reply, at: number): Promise<string>;
  /** The person's held messages, oldest first, at most `limit`; they stay until released. */
  heldFor(person: Addressee, limit: number): Promise<HeldMessage[]>;
  /** Drops messages that were handed over; an id released twice, or not held, is ignored. */
  releaseHeld(person: Addressee, ids: readonly string[]): Promise<void>;
  /** Drops messages held since before `at` (nobody came for them); returns how many. */
  forgetHeldBefore(at: number): Promise<number>;
}
