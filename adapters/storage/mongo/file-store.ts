// Files' bytes in GridFS, bucket `files`: `files.files` holds one document per
// file (standard fields: length, chunkSize, uploadDate, filename, metadata) and
// `files.chunks` its bytes in chunks (files_id, n, data), so MongoDB's own tools
// and drivers read them. Two choices of ours, both for FerretDB:
//  - a file's `_id` is the SHA-256 of its bytes: finding a file is an `_id`
//    equality, the one filter FerretDB's SQLite backend pushes down; the same
//    bytes twice are one document;
//  - a chunk's `_id` is `<sha>#<n>` and chunks are read by it, one lookup each.
//    The driver's download stream finds chunks by `files_id`, which FerretDB
//    answers by decoding every chunk of every file, and even an `_id` lookup scans
//    the table up to the match (no index is used), so chunks are large, and few.
//    Measured (bench/gridfs-read.ts), a 5 MB file beside 100 MB of others: 3–4 s by
//    `files_id`, 6–9 s by `_id` in 255 KiB chunks, 0.5–0.7 s by `_id` in 8 MiB ones.
// A put and a drop of the same file hold a lock (a document in `file_locks`
// whose `_id` only one writer can insert): there is no transaction to keep a
// drop from deleting chunks a put just counted on, nor updates atomic across
// connections (event-log.ts says why).
import { createHash, randomUUID } from 'node:crypto';
import type mongoose from 'mongoose';
import { mongo } from 'mongoose';
import { isFileId, type FileStore, type StoredFile, type Ticket } from '../../../src/index.js';
import { isDuplicateKey } from './duplicate-key.js';

export const BUCKET = 'files';
/**
 * Far above GridFS's default (255 KiB), which the spec lets a writer choose: on
 * FerretDB every chunk lookup costs a scan of the chunks' table up to the match,
 * so a file is read in as few lookups as a document's 16 MB allow (most in one).
 */
export const CHUNK_BYTES = 8 * 1024 * 1024;
/** A lock older than this belongs to a writer that died holding it; far beyond any put. */
const LOCK_STALE_MS = 60_000;
const LOCK_RETRY_MS = 25;
/**
 * Bytes put again this recently stay even when no ticket lists them: the put's
 * ticket may not be written yet (a put comes a moment before the change that lists it).
 */
export const PUT_AGAIN_GRACE_MS = 10 * 60_000;

interface FileDoc {
  _id: string;
  length: number;
  chunkSize: number;
  uploadDate: Date;
  filename: string;
  metadata: { mime: string; putAgainAt?: number };
}

interface ChunkDoc {
  _id: string;
  files_id: string;
  n: number;
  data: mongo.Binary;
}

/** `ticket_files`: one document per file and ticket listing it, `_id` `<fileId>#<code>`. */
export const TICKET_FILES = 'ticket_files';
export const FILE_LOCKS = 'file_locks';

const chunkId = (id: string, n: number) => `${id}#${n}`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Rethrows unless every failed insert of a batch lost its `_id` to one already there. */
function ignoreDuplicates(err: unknown): void {
  const writeErrors = (err as { writeErrors?: unknown }).writeErrors;
  const all = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  if (isDuplicateKey(err) && all.length === 0) return;
  if (all.length > 0 && all.every(isDuplicateKey)) return;
  throw err;
}

/**
 * Lists the ticket's files in `ticket_files` (what dropFileIfUnused reads). Called
 * by the ticket store with each change, before it commits; only privacy takes a
 * listing back, so one left by a change that lost its race keeps the bytes, never drops them.
 */
export async function listTicketFiles(db: mongo.Db, ticket: Pick<Ticket, 'code' | 'files'>): Promise<void> {
  const ids = [...new Set((ticket.files ?? []).map((f) => f.id))];
  if (ids.length === 0) return;
  const docs = ids.map((id) => ({ _id: `${id}#${ticket.code}`, file: id, ticket: ticket.code }));
  await db.collection(TICKET_FILES).insertMany(docs as never[], { ordered: false }).catch(ignoreDuplicates);
}

/** Takes a file off a ticket's listing (privacy: the entry left the ticket). */
export async function unlistTicketFile(db: mongo.Db, fileId: string, code: string): Promise<number> {
  return (await db.collection(TICKET_FILES).deleteOne({ _id: `${fileId}#${code}` as never })).deletedCount;
}

/** The file store over a database; `createMongoFileStore` also makes sure of its indexes. */
export function mongoFiles(db: mongo.Db, chunkBytes = CHUNK_BYTES): FileStore {
  const files = db.collection<FileDoc>(`${BUCKET}.files`);
  const chunks = db.collection<ChunkDoc>(`${BUCKET}.chunks`);
  const locks = db.collection<{ _id: string; holder: string; at: number }>(FILE_LOCKS);
  const listings = db.collection<{ _id: string }>(TICKET_FILES);

  async function withLock<T>(id: string, task: () => Promise<T>): Promise<T> {
    const holder = randomUUID();
    for (;;) {
      try {
        await locks.insertOne({ _id: id, holder, at: Date.now() });
        break;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const held = await locks.findOne({ _id: id });
        if (held && Date.now() - held.at > LOCK_STALE_MS) await locks.deleteOne({ _id: id, holder: held.holder });
        else await pause(LOCK_RETRY_MS);
      }
    }
    try {
      return await task();
    } finally {
      await locks.deleteOne({ _id: id, holder });
    }
  }

  const info = (doc: FileDoc): StoredFile => ({ id: doc._id, size: doc.length, mime: doc.metadata?.mime ?? 'application/octet-stream' });

  /** Chunks first, the file document last: a file document means all its chunks are there. */
  async function write(id: string, bytes: Uint8Array, mime: string): Promise<void> {
    const docs: ChunkDoc[] = [];
    for (let n = 0, at = 0; at < bytes.length; n += 1, at += chunkBytes) {
      docs.push({ _id: chunkId(id, n), files_id: id, n, data: new mongo.Binary(Buffer.from(bytes.subarray(at, at + chunkBytes))) });
    }
    // Up to 16 MB per batch: one round trip each, well under a message's 48 MB.
    const perBatch = Math.max(1, Math.floor((16 * 1024 * 1024) / chunkBytes));
    for (let i = 0; i < docs.length; i += perBatch) await chunks.insertMany(docs.slice(i, i + perBatch), { ordered: false }).catch(ignoreDuplicates);
    const doc: FileDoc = { _id: id, length: bytes.length, chunkSize: chunkBytes, uploadDate: new Date(), filename: id, metadata: { mime } };
    await files.insertOne(doc).catch(ignoreDuplicates);
  }

  return {
    async putFile(bytes, mime) {
      const id = createHash('sha256').update(bytes).digest('hex');
      return withLock(id, async () => {
        const known = await files.findOne({ _id: id });
        if (!known) {
          await write(id, bytes, mime);
          return { id, size: bytes.length, mime };
        }
        await files.updateOne({ _id: id }, { $set: { 'metadata.putAgainAt': Date.now() } });
        return info(known);
      });
    },

    async readFile(id) {
      if (!isFileId(id)) return null;
      const doc = await files.findOne({ _id: id });
      if (!doc) return null;
      const count = Math.ceil(doc.length / doc.chunkSize);
      const parts = await Promise.all(Array.from({ length: count }, (_, n) => chunks.findOne({ _id: chunkId(id, n) })));
      // A chunk gone means a drop is under way: the file is going, as if already gone.
      if (parts.some((p) => p === null)) return null;
      const bytes = Buffer.concat(parts.map((p) => Buffer.from(p!.data.buffer)));
      if (bytes.length !== doc.length || createHash('sha256').update(bytes).digest('hex') !== id) {
        throw new Error(`file ${id} is damaged in the store: its chunks do not add up to its bytes`);
      }
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    },

    async fileInfo(id) {
      if (!isFileId(id)) return null;
      const doc = await files.findOne({ _id: id });
      return doc ? info(doc) : null;
    },

    async dropFileIfUnused(id) {
      if (!isFileId(id)) return false;
      return withLock(id, async () => {
        // `ticket_files` is small (a document per file and ticket): a range on `_id` reads it whole on FerretDB, and that is cheap.
        if (await listings.findOne({ _id: { $gte: `${id}#`, $lt: `${id}$` } })) return false;
        const doc = await files.findOne({ _id: id });
        if (!doc) return false;
        if ((doc.metadata?.putAgainAt ?? 0) > Date.now() - PUT_AGAIN_GRACE_MS) return false;
        // The document first: readers stop finding the file before its chunks go.
        await files.deleteOne({ _id: id });
        const count = Math.ceil(doc.length / doc.chunkSize);
        await Promise.all(Array.from({ length: count }, (_, n) => chunks.deleteOne({ _id: chunkId(id, n) })));
        return true;
      });
    },
  };
}

export async function createMongoFileStore(conn: mongoose.Connection): Promise<FileStore> {
  const db = conn.db!;
  // The indexes GridFS drivers expect (and would create on their first write).
  await db.collection(`${BUCKET}.files`).createIndex({ filename: 1, uploadDate: 1 });
  await db.collection(`${BUCKET}.chunks`).createIndex({ files_id: 1, n: 1 }, { unique: true });
  await db.createCollection(TICKET_FILES).catch(() => undefined);
  return mongoFiles(db);
}
