// Chat identities and their vouched-for e-mail address, one document each. A
// link replaces the whole document by its `_id` (FerretDB pushes down only that
// equality, and the last platform word wins anyway). Two first links of one
// identity at once both try to insert on FerretDB, and one fails on the
// duplicate `_id`: the document is there by then, so that one replaces it.
import type { AddressBook } from '../../../src/index.js';
import { isDuplicateKey } from './duplicate-key.js';
import type { Models } from './models.js';

interface AddressDoc {
  _id: string;
  platform: string;
  userId: string;
  address: string;
  linkedAt: number;
}

const idOf = (platform: string, userId: string) => `${platform}:${userId}`;

export function createMongoAddressBook(m: Models): AddressBook {
  const docs = () => m.PersonAddress.collection;
  return {
    async linkAddress(person, address, at) {
      const _id = idOf(person.platform, person.userId);
      const doc: AddressDoc = { _id, platform: person.platform, userId: person.userId, address, linkedAt: at };
      const put = () => docs().replaceOne({ _id } as never, doc as never, { upsert: true });
      await put().catch((err: unknown) => {
        if (!isDuplicateKey(err)) throw err;
        return put();
      });
    },
    async addressOf(platform, userId) {
      const doc = (await docs().findOne({ _id: idOf(platform, userId) } as never)) as AddressDoc | null;
      return doc?.address ?? null;
    },
    async identitiesOf(address) {
      const found = (await docs().find({ address: String(address) }).toArray()) as unknown as AddressDoc[];
      return found.map((d) => ({ platform: d.platform, userId: d.userId }));
    },
  };
}
