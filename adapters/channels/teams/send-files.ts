// Files the desk sends a Teams person. A small image travels inside the
// message as a data: URL: Teams shows it inline, and there is no link to host,
// sign or expire (the connector takes an activity of up to about 256 KB, the
// base64 bytes included, so only images up to INLINE_IMAGE_MAX go this way).
// Anything else goes the way Teams has for a bot's files in a personal chat:
// a file consent card; once the person accepts, Teams hands the bot an upload
// URL in their OneDrive, the bot PUTs the bytes there and shows the file card.
//
// The consent card carries which file of which ticket it offers; the invoke
// that comes back with it is checked against who sent it (the channel's token
// vouches for `from`), never trusted for who may have the file.
import { isFileId, type Attachment as DeskFile, type TeamsFileWords } from '../../../src/index.js';
import type { Attachment } from './teams-types.js';

/** Images up to this size are sent inline; larger ones through file consent. */
export const INLINE_IMAGE_MAX = 150 * 1024;
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp']);

export const CONSENT_TYPE = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_TYPE = 'application/vnd.microsoft.teams.card.file.info';
export const CONSENT_INVOKE = 'fileConsent/invoke';
/** Where the consent card's accept/decline context names the ticket and the file. */
const TICKET_KEY = 'sportelloTicket';
const FILE_KEY = 'sportelloFile';

/**
 * OneDrive takes an upload session in pieces of a multiple of 320 KiB, each
 * under 60 MiB; 10 MiB pieces send a file of the default size in one request.
 */
export const UPLOAD_PIECE = 32 * 320 * 1024;

export const sendsInline = (file: DeskFile): boolean => INLINE_TYPES.has(file.mime) && file.size <= INLINE_IMAGE_MAX;

export function inlineImage(file: DeskFile, bytes: Uint8Array): Attachment {
  return { contentType: file.mime, contentUrl: `data:${file.mime};base64,${Buffer.from(bytes).toString('base64')}`, name: file.name };
}

export function consentCard(file: DeskFile, code: string, words: TeamsFileWords): Attachment {
  const context = { [TICKET_KEY]: code, [FILE_KEY]: file.id };
  return {
    contentType: CONSENT_TYPE,
    name: file.name,
    content: { description: words.consent(file.name, file.size, code), sizeInBytes: file.size, acceptContext: context, declineContext: context },
  };
}

export interface UploadInfo {
  uploadUrl: string;
  contentUrl: string;
  name: string;
  uniqueId?: string;
  fileType?: string;
}

export type Consent = { action: 'decline'; code: string; fileId: string } | { action: 'accept'; code: string; fileId: string; upload: UploadInfo };

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const httpUrl = (v: unknown): string | undefined => (typeof v === 'string' && /^https?:\/\/[^\s]+$/.test(v) ? v : undefined);

/** A fileConsent/invoke's answer and the file it is about; null when it names no file of the desk's or its upload is malformed. */
export function consentOf(value: unknown): Consent | null {
  const v = value as { action?: unknown; context?: unknown; uploadInfo?: Record<string, unknown> } | null | undefined;
  if (!v || typeof v !== 'object') return null;
  const context = v.context && typeof v.context === 'object' ? (v.context as Record<string, unknown>) : {};
  const code = Object.hasOwn(context, TICKET_KEY) ? text(context[TICKET_KEY]) : undefined;
  const fileId = Object.hasOwn(context, FILE_KEY) ? context[FILE_KEY] : undefined;
  if (!code || code.length > 40 || !isFileId(fileId)) return null;
  if (v.action === 'decline') return { action: 'decline', code, fileId };
  if (v.action !== 'accept' || !v.uploadInfo || typeof v.uploadInfo !== 'object') return null;
  const info = v.uploadInfo;
  const uploadUrl = httpUrl(info.uploadUrl);
  const contentUrl = httpUrl(info.contentUrl);
  if (!uploadUrl || !contentUrl) return null;
  const uniqueId = text(info.uniqueId);
  const fileType = text(info.fileType);
  return { action: 'accept', code, fileId, upload: { uploadUrl, contentUrl, name: text(info.name) ?? 'file', ...(uniqueId ? { uniqueId } : {}), ...(fileType ? { fileType } : {}) } };
}

/** The bytes into the person's OneDrive upload session, piece by piece; throws when OneDrive refuses one. */
export async function upload(uploadUrl: string, bytes: Uint8Array, timeoutMs = 60_000): Promise<void> {
  const total = bytes.length;
  for (let from = 0; from < total; from += UPLOAD_PIECE) {
    const piece = bytes.subarray(from, Math.min(from + UPLOAD_PIECE, total));
    const to = from + piece.length - 1;
    // The upload URL is itself the authorisation: no token of the bot's goes with it.
    const res = await fetch(uploadUrl, {
      method: 'PUT',
      headers: { 'content-length': String(piece.length), 'content-range': `bytes ${from}-${to}/${total}` },
      body: piece as Uint8Array<ArrayBuffer>,
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    if (!res.ok) throw new Error(`OneDrive answered ${res.status} to bytes ${from}-${to}/${total}`);
  }
}

/** What the person sees once the file is in their OneDrive: Teams' own file card, opening it there. */
export function fileInfoCard(info: UploadInfo): Attachment {
  return {
    contentType: FILE_INFO_TYPE,
    contentUrl: info.contentUrl,
    name: info.name,
    content: { ...(info.uniqueId ? { uniqueId: info.uniqueId } : {}), ...(info.fileType ? { fileType: info.fileType } : {}) },
  };
}
