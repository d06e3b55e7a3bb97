// The file part of the store contract, run unchanged on SQLite (DATA_DIR/files)
// and Mongo (GridFS): bytes come back as they went in, the same bytes are kept
// once however many put them at once, ids that are not a SHA-256 find nothing,
// a file a ticket lists is never dropped, and a store opened again reads every file.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store, TicketFile } from '../../src/index.js';
import { makeDraft, makeEvent, mario } from '../support/factories.js';

export interface FileStoreHarness {
  /** A new connection to the same data: a second process, or the same one after a restart. */
  connect(): Promise<Store>;
  /** How many files' bytes the store holds, counted behind its back (no half-written leftovers either). */
  storedCopies(): Promise<number>;
  cleanup?(): Promise<void>;
}

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export function ticketFile(id: string, over: Partial<TicketFile> = {}): TicketFile {
  return { id, name: 'screenshot.png', mime: 'image/png', size: 10, at: 1_700_000_000_000, version: 1, by: mario, ...over };
}

export function runFileStoreContract(name: string, harness: () => Promise<FileStoreHarness>): void {
  describe(`${name} file store contract`, () => {
    let h: FileStoreHarness;
    let store: Store;
    beforeAll(async () => {
      h = await harness();
      store = await h.connect();
    });
    afterAll(async () => {
      await store?.close();
      await h?.cleanup?.();
    });

    it('gives back the bytes it was given, under their SHA-256, with their size and type', async () => {
      // Larger than one GridFS chunk and not a multiple of it: the last chunk is short.
      const bytes = randomBytes(600 * 1024 + 17);
      const stored = await store.putFile(bytes, 'image/png');
      expect(stored).toEqual({ id: sha(bytes), size: bytes.length, mime: 'image/png' });
      expect(Buffer.from((await store.readFile(stored.id))!).equals(bytes)).toBe(true);
      expect(await store.fileInfo(stored.id)).toEqual(stored);
      const tiny = new Uint8Array([1]);
      expect(Buffer.from((await store.readFile((await store.putFile(tiny, 'text/plain')).id))!)).toEqual(Buffer.from(tiny));
    });

    it('keeps the same bytes once, even when two connections put them at the same moment', async () => {
      const before = await h.storedCopies();
      const bytes = randomBytes(300 * 1024);
      const other = await h.connect();
      try {
        const puts = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? store : other).putFile(bytes, 'application/pdf')));
        expect(new Set(puts.map((p) => p.id))).toEqual(new Set([sha(bytes)]));
        expect(await h.storedCopies()).toBe(before + 1);
        expect(Buffer.from((await other.readFile(sha(bytes)))!).equals(bytes)).toBe(true);
        await store.putFile(bytes, 'application/pdf');
        expect(await h.storedCopies()).toBe(before + 1);
      } finally {
        await other.close();
      }
    });

    it('finds nothing under an unknown id or one that is not a SHA-256, and drops nothing for it', async () => {
      const unknown = sha(randomBytes(8));
      const kept = (await store.putFile(randomBytes(64), 'text/plain')).id;
      for (const id of [unknown, '../../etc/passwd', `../${kept}`, '__proto__', 'constructor', 'toString', kept.toUpperCase(), `${kept}\n`, '', 'files']) {
        expect(await store.readFile(id), id).toBeNull();
        expect(await store.fileInfo(id), id).toBeNull();
        expect(await store.dropFileIfUnused(id), id).toBe(false);
      }
      expect(await store.fileInfo(kept)).not.toBeNull();
    });

    it('never drops a file a ticket lists (when opened or added by a change); drops one nobody lists, once', async () => {
      const [a, b, c] = [randomBytes(2000), randomBytes(3000), randomBytes(4000)];
      const [fa, fb, fc] = await Promise.all([store.putFile(a, 'image/png'), store.putFile(b, 'image/png'), store.putFile(c, 'image/png')]);
      const t = await store.create(makeDraft({ files: [ticketFile(fa.id)] }), 'IT', makeEvent());
      await store.update({ ...t, files: [...t.files!, ticketFile(fb.id, { version: 2 })] }, 1, makeEvent({ kind: 'message', text: 'ecco lo screenshot' }));

      expect(await store.dropFileIfUnused(fa.id)).toBe(false);
      expect(await store.dropFileIfUnused(fb.id)).toBe(false);
      expect(Buffer.from((await store.readFile(fa.id))!).equals(a)).toBe(true);
      expect(Buffer.from((await store.readFile(fb.id))!).equals(b)).toBe(true);

      const before = await h.storedCopies();
      expect(await store.dropFileIfUnused(fc.id)).toBe(true);
      expect(await store.readFile(fc.id)).toBeNull();
      expect(await store.fileInfo(fc.id)).toBeNull();
      expect(await h.storedCopies()).toBe(before - 1);
      expect(await store.dropFileIfUnused(fc.id)).toBe(false);
      // Put again after the drop: kept whole again.
      await store.putFile(c, 'image/png');
      expect(Buffer.from((await store.readFile(fc.id))!).equals(c)).toBe(true);
    });

    it('keeps bytes just put again though nobody lists them yet: the ticket that will may not be written yet', async () => {
      const bytes = randomBytes(1500);
      const { id } = await store.putFile(bytes, 'image/png');
      await store.putFile(bytes, 'image/png');
      expect(await store.dropFileIfUnused(id)).toBe(false);
      expect(Buffer.from((await store.readFile(id))!).equals(bytes)).toBe(true);
    });

    it('has the bytes once a put is done, even when a drop of them crossed it (two connections)', async () => {
      const other = await h.connect();
      try {
        for (let round = 0; round < 6; round += 1) {
          const bytes = randomBytes(280 * 1024);
          const { id } = await store.putFile(bytes, 'image/png');
          // Whichever goes first: a drop, then the put keeps them afresh; the put, then the drop leaves them (put again just now).
          const [, dropper] = round % 2 ? [store, other] : [other, store];
          await Promise.all([dropper.dropFileIfUnused(id), store.putFile(bytes, 'image/png')]);
          expect(await other.fileInfo(id), `round ${round}`).not.toBeNull();
          expect(Buffer.from((await other.readFile(id))!).equals(bytes), `round ${round}`).toBe(true);
        }
      } finally {
        await other.close();
      }
    });

    it('reads every file after the store is closed and opened again', async () => {
      const files = [randomBytes(10), randomBytes(300 * 1024), randomBytes(1024 * 1024)];
      const ids = await Promise.all(files.map(async (f) => (await store.putFile(f, 'application/zip')).id));
      await store.close();
      store = await h.connect();
      for (const [i, id] of ids.entries()) expect(Buffer.from((await store.readFile(id))!).equals(files[i]!)).toBe(true);
      expect(await store.fileInfo(ids[2]!)).toEqual({ id: ids[2], size: 1024 * 1024, mime: 'application/zip' });
    });
  });
}
