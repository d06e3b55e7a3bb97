// Why a file was not kept, in the sender's language: what the web page shows
// next to the file the moment its upload is answered.
import type { Locale } from '../events.js';
import { t } from '../i18n.js';
import type { RefusedFile } from './attachment.js';
import { sizeWords } from './file-keeper.js';

export function refusalWords(locale: Locale, refused: RefusedFile, maxFileBytes: number): string {
  return t(locale, `files.web.refused.${refused.reason}`, { name: refused.name, detail: refused.detail ?? '', max: sizeWords(maxFileBytes) });
}

/** More files were sent with one message than it may carry. */
export function tooManyFilesWords(locale: Locale, max: number): string {
  return t(locale, 'files.web.refused.count', { max });
}
