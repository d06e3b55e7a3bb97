// The address book's part of the store contract: a chat identity holds the
// address its platform last vouched for, an address finds every identity linked
// to it, and links outlive the connection. Run on SQLite and Mongo.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/index.js';
import type { StoreHarness } from './store-contract.js';

const byKey = (xs: { platform: string; userId: string }[]) => xs.map((x) => `${x.platform}:${x.userId}`).sort();

export function runAddressBookContract(name: string, harness: () => Promise<StoreHarness>): void {
  describe(`${name} address book contract`, () => {
    const withStore = async (use: (store: Store, h: StoreHarness) => Promise<void>) => {
      const h = await harness();
      const store = await h.connect();
      try {
        await use(store, h);
      } finally {
        await store.close();
        await h.cleanup?.();
      }
    };

    it('finds every chat identity of an address, and none for an address nobody has', async () => {
      await withStore(async (store) => {
        expect(await store.addressOf('slack', 'U1')).toBeNull();
        await store.linkAddress({ platform: 'slack', userId: 'U1' }, 'anna@acme.it', 1_000);
        await store.linkAddress({ platform: 'teams', userId: '29:abc' }, 'anna@acme.it', 2_000);
        await store.linkAddress({ platform: 'slack', userId: 'U2' }, 'mario@acme.it', 3_000);
        expect(await store.addressOf('slack', 'U1')).toBe('anna@acme.it');
        expect(await store.addressOf('teams', '29:abc')).toBe('anna@acme.it');
        expect(byKey(await store.identitiesOf('anna@acme.it'))).toEqual(['slack:U1', 'teams:29:abc']);
        expect(await store.identitiesOf('nobody@acme.it')).toEqual([]);
        // The same user id on another platform is someone else.
        expect(await store.addressOf('discord', 'U1')).toBeNull();
      });
    });

    it('keeps one address per identity: a new one replaces the old, which no longer finds it', async () => {
      await withStore(async (store) => {
        await store.linkAddress({ platform: 'slack', userId: 'U1' }, 'anna@acme.it', 1_000);
        await store.linkAddress({ platform: 'slack', userId: 'U1' }, 'anna.rossi@acme.it', 2_000);
        expect(await store.addressOf('slack', 'U1')).toBe('anna.rossi@acme.it');
        expect(await store.identitiesOf('anna@acme.it')).toEqual([]);
        expect(byKey(await store.identitiesOf('anna.rossi@acme.it'))).toEqual(['slack:U1']);
      });
    });

    it('still holds the links when the store is opened again, and two writers of one identity leave one link', async () => {
      await withStore(async (store, h) => {
        const other = await h.connect();
        try {
          await Promise.all([
            store.linkAddress({ platform: 'web', userId: 'sub-1' }, 'anna@acme.it', 1_000),
            other.linkAddress({ platform: 'web', userId: 'sub-1' }, 'anna@acme.it', 1_001),
          ]);
        } finally {
          await other.close();
        }
        const again = await h.connect();
        try {
          expect(await again.addressOf('web', 'sub-1')).toBe('anna@acme.it');
          expect(byKey(await again.identitiesOf('anna@acme.it'))).toEqual(['web:sub-1']);
        } finally {
          await again.close();
        }
      });
    });
  });
}
