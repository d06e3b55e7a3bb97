// Characters that change what a text or a name looks like without being seen:
// C0 and C1 controls (tab and line ends aside) and the bidirectional embeddings,
// overrides and isolates that can show "invoice.exe" as "exe.eciovni" or turn a
// name around. Names lose them; in text each one is replaced by a visible marker
// naming it (⟦U+202E⟧), so an agent sees that something was hidden and where,
// on every platform and in every language, in the transcript as in the live message.
import type { Command } from '../commands/command.js';
import type { InboundEvent, Participant } from '../events.js';

const HIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/gu;
/** A run of one hidden character repeated: one marker says how many. */
const HIDDEN_RUN = /([\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069])\1*/gu;
/**
 * Markers shown in one text; past them the rest are only counted, so that a
 * flood of hidden characters cannot grow a message far past the length its
 * channel accepted (4,000 U+202E would otherwise become 32,000 characters).
 */
export const MARKERS_MAX = 20;

const marker = (c: string, times: number) => `⟦U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}${times > 1 ? ` ×${times}` : ''}⟧`;

/** The text with line ends made `\n` and every hidden character shown by a marker; `marked` counts them. */
export function markHiddenCharacters(text: string): { text: string; marked: number } {
  let marked = 0;
  let markers = 0;
  let unshown = 0;
  const out = text.replace(/\r\n?/g, '\n').replace(HIDDEN_RUN, (run, c: string) => {
    marked += run.length;
    if (markers >= MARKERS_MAX) {
      unshown += run.length;
      return '';
    }
    markers++;
    return marker(c, run.length);
  });
  return { text: unshown > 0 ? `${out} ⟦+${unshown} hidden⟧` : out, marked };
}

const oneLine = (s: string) => s.replace(/[\t\r\n]+/g, ' ').replace(HIDDEN, '').replace(/\s+/g, ' ').trim();

/** A display name on one line without hidden characters; `fallback` (the user id), cleaned alike, when nothing is left. */
export function cleanName(name: string, fallback: string): string {
  return oneLine(name) || oneLine(fallback) || '?';
}

function cleanCommand(command: Command, count: (n: number) => void): Command {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(command)) {
    if (typeof value !== 'string' || key === 'verb' || key === 'sub') {
      out[key] = value;
      continue;
    }
    const { text, marked } = markHiddenCharacters(value);
    count(marked);
    out[key] = text;
  }
  return out as Command;
}

/**
 * The first step for every event, whatever its channel: the sender's name
 * cleaned, hidden characters in what they wrote marked. `marked` says how many,
 * for the log.
 */
export function cleanEvent(event: InboundEvent): { event: InboundEvent; marked: number } {
  let marked = 0;
  const count = (n: number) => void (marked += n);
  const from: Participant = { ...event.from, name: cleanName(event.from.name, event.from.userId) };
  switch (event.kind) {
    case 'message': {
      const cleaned = markHiddenCharacters(event.text);
      count(cleaned.marked);
      return { event: { ...event, from, text: cleaned.text }, marked };
    }
    case 'command':
      return { event: { ...event, from, command: cleanCommand(event.command, count) }, marked };
    case 'action':
      // An action id is read by the desk, never shown to anyone but its sender.
      return { event: { ...event, from }, marked };
  }
}
