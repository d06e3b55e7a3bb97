// A reply's files made ready to go with its Discord message: the bytes read
// from the desk's store, each as a `files[n]` part of the upload discord.js
// sends, and a line in the text for each file that cannot go (see file-message.ts).
import { createHash } from 'node:crypto';
import type { RawFile } from 'discord.js';
import type { Attachment, FileKeeper, Locale } from '../../../src/index.js';
import { contentWithLines, fileLine, planFiles, type FileLine } from './file-message.js';
import type { DiscordMessage } from './render-message.js';

/** A link to a file that opens only for someone allowed to see it (the web part's signed links); null when none can be made. */
export type FileLinkMaker = (file: Attachment, ticketCode: string | undefined) => Promise<string | null>;

export interface FileSending {
  keeper: Pick<FileKeeper, 'read'>;
  /** Largest file uploaded to Discord (the bot's or server's limit); bigger ones are linked or named. */
  maxUploadBytes: number;
  fileLink?: FileLinkMaker | undefined;
}

/** A message body as Discord takes it (content, embeds, components, a reply reference…). */
type Body = Pick<DiscordMessage, 'content'>;

export interface Outgoing<B extends Body> {
  body: B & { attachments?: { id: number; filename: string }[] };
  files: RawFile[];
}

/** `files` go with the message `rendered` (about ticket `code`, for links to them); `locale`: its reader's. */
export async function withFiles<B extends Body>(rendered: B, files: readonly Attachment[], code: string | undefined, locale: Locale, how: FileSending): Promise<Outgoing<B>> {
  if (files.length === 0) return { body: rendered, files: [] };
  const plan = planFiles(files, how.maxUploadBytes);
  const raws: RawFile[] = [];
  const lines: FileLine[] = [];
  for (const f of plan.attach) {
    const bytes = await how.keeper.read(f.id);
    if (bytes) raws.push({ name: f.name, data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), contentType: f.mime });
    else lines.push({ file: f, why: 'gone' });
  }
  for (const f of plan.tooBig) lines.push({ file: f, why: 'too_big', link: await how.fileLink?.(f, code) });
  for (const f of plan.tooMany) lines.push({ file: f, why: 'too_many', link: await how.fileLink?.(f, code) });
  const content = contentWithLines(rendered.content, lines.map((l) => fileLine(locale, l)));
  // Each upload is described by its place among the parts (files[0] is id 0).
  return { body: { ...rendered, content, ...(raws.length > 0 ? { attachments: raws.map((r, i) => ({ id: i, filename: r.name })) } : {}) }, files: raws };
}

/**
 * The nonce that makes a delivery's message one message however often it is
 * sent: Discord returns the message it already made for a nonce it saw in the
 * last minutes when asked to enforce it (25 characters at most).
 */
export function deliveryNonce(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 25);
}
