// The files of a Discord message, taken in: each fetched from Discord's CDN
// (its links are signed, so no token goes with them) and handed to the
// FileKeeper, which decides what the desk keeps. Discord says each file's size
// before anyone fetches it, so what is known to be too big is refused unread.
import { cleanFileName, sizeWords, type Attachment, type FileKeeper, type Logger, type RefusedFile } from '../../../src/index.js';
import { downloadFile } from '../download-file.js';

/** What a message's `attachments` entry says of a file (discord.js's Attachment has these). */
export interface DiscordFile {
  name: string;
  /** Bytes, as Discord declares them. */
  size: number;
  url: string;
}

/** What an InboundEvent carries of a message's files: only the lists that have something in them. */
export interface TakenFiles {
  files?: Attachment[];
  refusedFiles?: RefusedFile[];
}

export async function takeAttachments(found: readonly DiscordFile[], keeper: FileKeeper, logger: Logger): Promise<TakenFiles> {
  const files: Attachment[] = [];
  const refusedFiles: RefusedFile[] = [];
  for (const file of found) {
    const taken = await takeOne(file, keeper, logger);
    if (taken.ok) files.push(taken.file);
    else refusedFiles.push(taken.refused);
  }
  return { ...(files.length > 0 ? { files } : {}), ...(refusedFiles.length > 0 ? { refusedFiles } : {}) };
}

async function takeOne(file: DiscordFile, keeper: FileKeeper, logger: Logger): Promise<{ ok: true; file: Attachment } | { ok: false; refused: RefusedFile }> {
  const name = cleanFileName(file.name);
  const max = keeper.limits.maxFileBytes;
  if (file.size > max) return { ok: false, refused: { name, reason: 'too_big', detail: sizeWords(file.size) } };
  let got: Awaited<ReturnType<typeof downloadFile>>;
  try {
    got = await downloadFile(file.url, max);
  } catch (err) {
    logger.warn({ err, component: 'discord', file: name }, 'could not fetch an attachment from Discord');
    return { ok: false, refused: { name, reason: 'unreadable' } };
  }
  if (!got.ok) {
    // Discord's declared size was wrong, or the CDN refused: the sender hears which.
    if (got.tooBig) return { ok: false, refused: { name, reason: 'too_big', detail: sizeWords(got.size) } };
    logger.warn({ component: 'discord', file: name, status: got.status }, 'Discord did not hand over an attachment');
    return { ok: false, refused: { name, reason: 'unreadable' } };
  }
  try {
    return await keeper.accept({ name: file.name, bytes: got.bytes });
  } catch (err) {
    // The store failed to keep it: the message still reaches the desk, and the sender hears this file was not kept.
    logger.error({ err, component: 'discord', file: name }, 'could not keep an attachment');
    return { ok: false, refused: { name, reason: 'unreadable' } };
  }
}
