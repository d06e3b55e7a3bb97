// Chat identities and the e-mail address their platform vouched for, one row each.
import type Database from 'better-sqlite3';
import type { AddressBook, LinkedIdentity } from '../../../src/index.js';
import type { Write } from './group-commit.js';

interface IdentityRow {
  platform: string;
  user_id: string;
}

export function createSqliteAddressBook(db: Database.Database, write: Write): AddressBook {
  const stmt = {
    link: db.prepare(
      `INSERT INTO person_addresses (platform, user_id, address, linked_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (platform, user_id) DO UPDATE SET address = excluded.address, linked_at = excluded.linked_at`,
    ),
    addressOf: db.prepare<[string, string], string>('SELECT address FROM person_addresses WHERE platform = ? AND user_id = ?').pluck(),
    identitiesOf: db.prepare<[string], IdentityRow>('SELECT platform, user_id FROM person_addresses WHERE address = ?'),
  };
  return {
    async linkAddress(person, address, at) {
      await write(() => stmt.link.run(person.platform, person.userId, address, at));
    },
    async addressOf(platform, userId) {
      return stmt.addressOf.get(platform, userId) ?? null;
    },
    async identitiesOf(address) {
      return stmt.identitiesOf.all(address).map((r): LinkedIdentity => ({ platform: r.platform, userId: r.user_id }));
    },
  };
}
