// An archived ticket in a line any platform can show: its code, when it
// closed, its title, and what solved it, each on one line and clipped.
import type { Locale } from '../events.js';
import { t } from '../i18n.js';
import type { ArchivedTicket } from './archived-ticket.js';

const TITLE_MAX = 100;
const SNIPPET_MAX = 160;

/** One line of someone's text: no line breaks or runs of spaces to break a list, clipped. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function closedDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function archivedLine(locale: Locale, tk: ArchivedTicket): string {
  const head = t(locale, 'archive.line', { code: tk.code, day: closedDay(tk.closedAt), priority: tk.priority, title: oneLine(tk.title, TITLE_MAX) });
  const solved = tk.resolution ? t(locale, 'archive.line.resolution', { resolution: oneLine(tk.resolution, SNIPPET_MAX) }) : t(locale, 'archive.line.noResolution');
  return `${head}\n${solved}`;
}
