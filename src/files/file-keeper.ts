// Accepting a file someone sent: the limits, the type read from the content,
// location data taken out of photos, then the bytes kept by the store. Every
// channel hands what it downloaded here, so the rules are the same everywhere.
import type { FileStore } from '../ports/file-store.js';
import { ticketBytes, type Attachment, type FileLimits, type RefusedFile } from './attachment.js';
import { cleanFileName, nameForType } from './file-name.js';
import { sniffType, typeAllowed } from './sniff-type.js';
import { stripImageMetadata } from './strip-metadata.js';

export interface IncomingFile {
  /** The name the sender's platform gave it. */
  name: string;
  bytes: Uint8Array;
}

export type Accepted = { ok: true; file: Attachment } | { ok: false; refused: RefusedFile };

export interface FileKeeper {
  readonly limits: FileLimits;
  /** Checks and keeps one file; `already`: the files the ticket holds now, for its total. */
  accept(file: IncomingFile, already?: readonly Attachment[]): Promise<Accepted>;
  read(id: string): Promise<Uint8Array | null>;
}

export function sizeWords(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

export function createFileKeeper(store: FileStore, limits: FileLimits): FileKeeper {
  return {
    limits,
    async accept({ name: given, bytes }, already = []) {
      const name = cleanFileName(given);
      if (bytes.length === 0) return { ok: false, refused: { name, reason: 'empty' } };
      if (bytes.length > limits.maxFileBytes) return { ok: false, refused: { name, reason: 'too_big', detail: sizeWords(bytes.length) } };
      const mime = await sniffType(bytes, name);
      if (!mime) return { ok: false, refused: { name, reason: 'unreadable' } };
      if (!typeAllowed(mime, limits.allowed)) return { ok: false, refused: { name, reason: 'type', detail: mime } };
      const kept = stripImageMetadata(bytes, mime);
      // Claims to be a photo yet cannot be walked: its location could not be taken out.
      if (!kept) return { ok: false, refused: { name, reason: 'unreadable' } };
      if (ticketBytes(already) + kept.length > limits.maxTicketBytes) return { ok: false, refused: { name, reason: 'ticket_full', detail: sizeWords(limits.maxTicketBytes) } };
      const stored = await store.putFile(kept, mime);
      return { ok: true, file: { id: stored.id, name: nameForType(name, mime), mime, size: stored.size } };
    },
    read: (id) => store.readFile(id),
  };
}
