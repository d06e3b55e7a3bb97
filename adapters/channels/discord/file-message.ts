// Which of a reply's files travel as attachments of its Discord message, and
// the line that stands for each one that cannot. Pure: the adapter reads the
// bytes and sends. One reply stays one message (its retry is one request),
// so whatever does not fit is named in the text rather than sent apart.
import { sizeWords, translate as t, type Attachment, type Locale } from '../../../src/index.js';
import { inertText } from './render-message.js';

/** Discord: at most 10 files on one message. */
export const FILES_PER_MESSAGE = 10;
const CONTENT_LIMIT = 2000;

export interface FilePlan {
  attach: Attachment[];
  /** Over the upload limit, each one. */
  tooBig: Attachment[];
  /** Past the tenth. */
  tooMany: Attachment[];
}

/** In the reply's order: each file up to `maxUploadBytes` is attached until ten are; the others are named. */
export function planFiles(files: readonly Attachment[], maxUploadBytes: number): FilePlan {
  const plan: FilePlan = { attach: [], tooBig: [], tooMany: [] };
  for (const f of files) {
    if (f.size > maxUploadBytes) plan.tooBig.push(f);
    else if (plan.attach.length < FILES_PER_MESSAGE) plan.attach.push(f);
    else plan.tooMany.push(f);
  }
  return plan;
}

/** A file's name as text: as typed, with nothing in it read as Discord markdown, a link or a mention. */
export function fileNameText(name: string): string {
  return inertText(name).replace(/[\\*_~`|>#[\]()-]/g, (c) => `\\${c}`);
}

/** A file not attached: too big or past the tenth (a link to it where one can be made), or gone from the store. */
export interface FileLine {
  file: Attachment;
  why: 'too_big' | 'too_many' | 'gone';
  link?: string | null | undefined;
}

export function fileLine(locale: Locale, line: FileLine): string {
  const params = { name: fileNameText(line.file.name), size: sizeWords(line.file.size) };
  if (line.why === 'gone') return t(locale, 'files.discord.gone', params);
  // A link is sent bare: Discord shows it as typed and makes it clickable.
  if (line.link) return t(locale, 'files.discord.link', { ...params, link: line.link });
  if (line.why === 'too_many') return t(locale, 'files.discord.tooMany', { ...params, max: FILES_PER_MESSAGE });
  return t(locale, 'files.discord.tooBig', params);
}

/** The message's text followed by the lines for files not attached; the lines are kept whole, the text is cut if both do not fit. */
export function contentWithLines(content: string, lines: readonly string[]): string {
  if (lines.length === 0) return content;
  const tail = lines.join('\n').slice(0, CONTENT_LIMIT);
  const room = CONTENT_LIMIT - tail.length - 1;
  if (!content) return tail;
  if (room <= 0) return tail;
  return `${content.slice(0, room)}\n${tail}`;
}
