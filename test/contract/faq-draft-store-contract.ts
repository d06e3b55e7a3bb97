// The FAQ drafts' part of the store contract: a ticket is the source of one draft at
// most, however many proposers race; drafts listed newest first by status and
// department; edits and decisions against the version read, seen alike by a second
// connection. Run on SQLite and Mongo.
import { describe, expect, it } from 'vitest';
import type { FaqDraft, Store } from '../../src/index.js';
import type { StoreHarness } from './store-contract.js';

const draft = (over: Partial<FaqDraft> & Pick<FaqDraft, 'id' | 'sources'>): FaqDraft => ({
  department: 'it',
  locale: 'it',
  questions: ['la vpn non si collega, errore di autenticazione', 'non riesco a entrare in VPN da casa'],
  answer: { it: 'Il certificato VPN era scaduto: rinnovalo dal portale self-service.' },
  status: 'pending',
  entryId: `it-${over.sources[0]!.toLowerCase()}`,
  createdAt: 1_000,
  updatedAt: 1_000,
  version: 1,
  ...over,
});

export function runFaqDraftStoreContract(name: string, harness: () => Promise<StoreHarness>): void {
  describe(`${name} FAQ draft store contract`, () => {
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

    it('writes a draft once, and no second draft over any ticket an earlier one holds', async () => {
      await withStore(async (store, h) => {
        const first = draft({ id: 'd-it-3', sources: ['IT-3', 'IT-5', 'IT-8', 'IT-13', 'IT-21'] });
        expect(await store.proposeDraft(first)).toEqual(first);
        // The same cluster again (a second run), and a cluster sharing one ticket: neither is written.
        expect(await store.proposeDraft(first)).toBeNull();
        expect(await store.proposeDraft(draft({ id: 'd-it-4', sources: ['IT-4', 'IT-21', 'IT-34'], createdAt: 2_000 }))).toBeNull();
        const other = draft({ id: 'd-hr-2', department: 'hr', sources: ['HR-2', 'HR-9'], createdAt: 3_000, locale: 'en', answer: { en: 'Payslips are on the HR portal from the 27th.' } });
        expect(await store.proposeDraft(other)).toEqual(other);
        const again = await h.connect();
        try {
          expect(await again.getDraft('d-it-3')).toEqual(first);
          expect(await again.getDraft('d-it-4')).toBeNull();
          // A losing proposal gives back what it claimed: IT-4 and IT-34 are free.
          expect(await again.draftedSources(['IT-3', 'IT-4', 'IT-21', 'IT-34', 'HR-9', 'FAC-1'])).toEqual(new Map([['IT-3', 'd-it-3'], ['IT-21', 'd-it-3'], ['HR-9', 'd-hr-2']]));
          expect(await again.proposeDraft(draft({ id: 'd-it-4', sources: ['IT-4', 'IT-34'], createdAt: 4_000 }))).not.toBeNull();
        } finally {
          await again.close();
        }
      });
    });

    it('lets one of many proposers of overlapping clusters through', async () => {
      await withStore(async (store, h) => {
        const others = await Promise.all([h.connect(), h.connect()]);
        try {
          const stores = [store, ...others];
          const attempts = Array.from({ length: 9 }, (_, i) =>
            stores[i % 3]!.proposeDraft(draft({ id: `d-it-${40 + (i % 4)}`, sources: [`IT-${40 + (i % 4)}`, 'IT-50', `IT-${60 + i}`] })),
          );
          const written = (await Promise.all(attempts)).filter((d) => d !== null);
          expect(written).toHaveLength(1);
          const sources = await store.draftedSources(['IT-40', 'IT-41', 'IT-42', 'IT-43', 'IT-50', ...Array.from({ length: 9 }, (_, i) => `IT-${60 + i}`)]);
          expect(new Set(sources.values())).toEqual(new Set([written[0]!.id]));
          expect([...sources.keys()].sort()).toEqual([...written[0]!.sources].sort());
        } finally {
          await Promise.all(others.map((o) => o.close()));
        }
      });
    });

    it('lists drafts newest first, by status and department', async () => {
      await withStore(async (store) => {
        await store.proposeDraft(draft({ id: 'd-it-1', sources: ['IT-1'], createdAt: 10 }));
        await store.proposeDraft(draft({ id: 'd-it-2', sources: ['IT-2'], createdAt: 30 }));
        await store.proposeDraft(draft({ id: 'd-hr-1', department: 'hr', sources: ['HR-1'], createdAt: 20 }));
        const dismissed = (await store.getDraft('d-it-2'))!;
        await store.updateDraft({ ...dismissed, status: 'dismissed', decidedBy: 'slack:ULEAD', decidedAt: 40, updatedAt: 40 }, 1);
        const ids = (drafts: FaqDraft[]) => drafts.map((d) => d.id);
        expect(ids(await store.listDrafts({ limit: 10 }))).toEqual(['d-it-2', 'd-hr-1', 'd-it-1']);
        expect(ids(await store.listDrafts({ status: 'pending', limit: 10 }))).toEqual(['d-hr-1', 'd-it-1']);
        expect(ids(await store.listDrafts({ status: 'pending', departments: ['it', 'finance'], limit: 10 }))).toEqual(['d-it-1']);
        expect(ids(await store.listDrafts({ departments: [], limit: 10 }))).toEqual([]);
        expect(ids(await store.listDrafts({ limit: 1 }))).toEqual(['d-it-2']);
      });
    });

    it('changes a draft only against the version read, and bumps it', async () => {
      await withStore(async (store, h) => {
        await store.proposeDraft(draft({ id: 'd-it-7', sources: ['IT-7'] }));
        const read = (await store.getDraft('d-it-7'))!;
        const edited = await store.updateDraft({ ...read, answer: { ...read.answer, en: 'Your VPN certificate expired: renew it on the self-service portal.' }, updatedAt: 5_000 }, 1);
        expect(edited.version).toBe(2);
        // A lead who read version 1 cannot approve words they never saw.
        await expect(store.updateDraft({ ...read, status: 'approved', decidedBy: 'web:lia' }, 1)).rejects.toMatchObject({ code: 'STORE.CONFLICT' });
        await expect(store.updateDraft({ ...read, id: 'd-it-99' }, 1)).rejects.toMatchObject({ code: 'STORE.CONFLICT' });
        const again = await h.connect();
        try {
          expect(await again.getDraft('d-it-7')).toEqual(edited);
          const racers = await Promise.allSettled([store, again, store, again].map((s, i) => s.updateDraft({ ...edited, status: i % 2 ? 'approved' : 'dismissed', decidedBy: `web:${i}` }, 2)));
          expect(racers.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
          const decided = (await store.getDraft('d-it-7'))!;
          expect(decided.version).toBe(3);
          expect(decided).toEqual((racers.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<FaqDraft>).value);
        } finally {
          await again.close();
        }
      });
    });
  });
}
