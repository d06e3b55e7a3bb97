// Files people send with their messages. The bytes live in the store under
// their SHA-256 (the same screenshot sent twice is kept once); tickets, events
// and replies carry only these small descriptions of them.
import type { PersonRef } from '../tickets/ticket.js';

/** A file the desk accepted and keeps: what a message carries in and a reply carries out. */
export interface Attachment {
  /** The SHA-256 of the bytes as kept (after EXIF was stripped), 64 hex digits: the store's key. */
  id: string;
  /** The name as the sender gave it, cleaned for display. */
  name: string;
  /** The type read from the content, never the one the sender claimed. */
  mime: string;
  /** Bytes. */
  size: number;
}

/** A file tied to a ticket: which change brought it and who sent it. */
export interface TicketFile extends Attachment {
  at: number;
  /** The ticket version of the event that brought it (its line in the transcript). */
  version: number;
  by: PersonRef;
  /** Sent with an internal note: agents see it, the requester never does. */
  internal?: true;
}

export const REFUSAL_REASONS = ['too_big', 'ticket_full', 'type', 'empty', 'unreadable'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** A file the desk did not keep, and why: the sender is told in their language. */
export interface RefusedFile {
  name: string;
  reason: RefusalReason;
  /** What the sender's file measured or was read as, for the message ("12.4 MB", "application/x-msdownload"). */
  detail?: string;
}

export interface FileLimits {
  /** Largest single file, bytes. */
  maxFileBytes: number;
  /** Largest total a ticket may hold, bytes. */
  maxTicketBytes: number;
  /** Types accepted, as read from the content: exact (`application/pdf`) or a family (`image/*`). */
  allowed: readonly string[];
}

export const MB = 1024 * 1024;

/** What a desk accepts unless configured otherwise: screenshots, PDFs, text and logs, office documents, zip. */
export const DEFAULT_ALLOWED_TYPES: readonly string[] = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/bmp',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/json',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/x-cfb',
];

export const DEFAULT_FILE_LIMITS: FileLimits = { maxFileBytes: 10 * MB, maxTicketBytes: 50 * MB, allowed: DEFAULT_ALLOWED_TYPES };

/** A 64-digit lowercase hex SHA-256: anything else is not a file id (checked before any lookup). */
export function isFileId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}

export function isImage(file: Pick<Attachment, 'mime'>): boolean {
  return file.mime.startsWith('image/');
}

/** Bytes a ticket's files take, each counted once. */
export function ticketBytes(files: readonly Attachment[] | undefined): number {
  const seen = new Set<string>();
  let total = 0;
  for (const f of files ?? []) {
    if (seen.has(f.id)) continue;
    seen.add(f.id);
    total += f.size;
  }
  return total;
}
