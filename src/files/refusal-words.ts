// What a page says itself about files it did not send on: the desk answers
// for each file it refused; more files than one message may carry are never
// handed to it, so the page's channel says so.
import type { Locale } from '../events.js';
import { t } from '../i18n.js';

/** More files were sent with one message than it may carry. */
export function tooManyFilesWords(locale: Locale, max: number): string {
  return t(locale, 'files.web.refused.count', { max });
}
