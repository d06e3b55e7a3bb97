// Links a chat identity to the e-mail address its platform vouched for (never to
// one read from a message). One read per event that carries an address; a write
// only when the address is new or changed, the latest replacing the one before.
import type { Participant } from '../events.js';
import type { AddressBook } from '../ports/address-book.js';
import { EMAIL_PLATFORM, emailAddress } from '../people/email-address.js';

/** Whether a link was written. */
export async function linkVouchedAddress(book: AddressBook, from: Participant, at: number): Promise<boolean> {
  // An e-mail sender is their address already.
  if (from.platform === EMAIL_PLATFORM || from.email === undefined) return false;
  const address = emailAddress(from.email);
  if (!address || (await book.addressOf(from.platform, from.userId)) === address) return false;
  await book.linkAddress({ platform: from.platform, userId: from.userId }, address, at);
  return true;
}
