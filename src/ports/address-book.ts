/** A chat identity, as the address book keeps it. */
export interface LinkedIdentity {
  platform: string;
  userId: string;
}

/**
 * Which chat identities share an e-mail address: the address a platform itself
 * vouched for (never one typed in a message), lower-cased. It is what lets the
 * desk treat a person's e-mail tickets and chat tickets as one person's.
 */
export interface AddressBook {
  /** A chat identity has at most one address: the latest one its platform vouched for replaces the one before. */
  linkAddress(person: LinkedIdentity, address: string, at: number): Promise<void>;
  addressOf(platform: string, userId: string): Promise<string | null>;
  /** The chat identities linked to `address`, in no particular order. */
  identitiesOf(address: string): Promise<LinkedIdentity[]>;
}
