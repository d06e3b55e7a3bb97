// One person, many channels: the identities a sender may act as the requester
// with. An e-mail requester is `email:<address>`; a chat identity is linked to
// that address when its platform vouched for it (pipeline/link-address.ts).
// Only requesters' rights follow the links: an agent's are their identity's own.
import { sameParticipant, type Participant } from '../events.js';
import type { AddressBook, LinkedIdentity } from '../ports/address-book.js';
import type { Turn } from '../turn.js';
import { EMAIL_PLATFORM, emailAddress } from './email-address.js';

/** The sender first, then their e-mail identity and chat identities sharing its address; no one twice. */
export async function selvesOf(book: AddressBook, from: Participant): Promise<LinkedIdentity[]> {
  const self = { platform: from.platform, userId: from.userId };
  // A forged From must not reach the chat tickets of the person it names.
  if (from.unverified) return [self];
  const address = from.platform === EMAIL_PLATFORM ? emailAddress(from.userId) : (emailAddress(from.email) ?? (await book.addressOf(from.platform, from.userId)));
  if (!address) return [self];
  const all = [self, { platform: EMAIL_PLATFORM, userId: address }, ...(await book.identitiesOf(address))];
  return all.filter((who, i) => all.findIndex((other) => sameParticipant(other, who)) === i);
}

/** Loads the turn's selves once; for the commands where the sender acts as a requester. */
export async function knowSelves(turn: Turn): Promise<readonly LinkedIdentity[]> {
  turn.selves ??= await selvesOf(turn.deps.store, turn.from);
  return turn.selves;
}

/** The identities known so far: the sender alone until knowSelves ran. */
export function selves(turn: Pick<Turn, 'from' | 'selves'>): readonly LinkedIdentity[] {
  return turn.selves ?? [turn.from];
}
