// What the sender newly wrote, without the history their client carried along.
// Agents read a ticket as a thread: every earlier message is already there, so a
// reply that repeats them only buries the one new sentence.
//
// Kept on purpose: text under a quote (bottom-posted and interleaved replies), since
// only lines marked with ">" and their intro line are taken out. Cut with everything
// after: a "-- " signature, an Outlook header block or "-----Original Message-----"
// (Outlook quotes without ">", so the rest is all history), and a mobile footer.
//
// The result may be empty (a mail that is only a forwarded quote). The caller then
// keeps the full text rather than an empty message: see readMail's `body`.

const QUOTED = /^[ \t]*>/;
const SIGNATURE = /^--[ \t\u00a0]?$/;
const ORIGINAL_MESSAGE = /^[ \t]*-{3,}[ \t]*(?:original message|messaggio originale|message d'origine|ursprüngliche nachricht)[ \t]*-{3,}[ \t]*$/i;
// "Sent from my …" only when a device follows: "Sent from my home PC, VPN is down" is news.
const DEVICE = '(?:[\\w-]+ ){0,3}(?:iphone|ipad|android|phone|smartphone|mobile|tablet|galaxy|pixel|blackberry|huawei|xiaomi|cellulare)[\\w .-]{0,30}';
const MOBILE_FOOTER = new RegExp(
  '^[ \\t]*(?:' +
    [
      `sent from my ${DEVICE}`,
      'sent from (?:outlook|mail|yahoo mail)(?: for [\\w ]{2,20})?',
      'inviato da (?:iphone|ipad|outlook|posta|yahoo mail)(?: per [\\w ]{2,20})?',
      `inviato dal mio ${DEVICE}`,
      'get outlook for (?:ios|android)',
      'scarica outlook per (?:ios|android)',
      'ottieni outlook per (?:ios|android)',
    ].join('|') +
    ')[ \\t]*\\.?[ \\t]*(?:<https?:[^>\\s]*>)?[ \\t]*$',
  'i',
);

// "On Mon, 3 Nov 2026 at 10:02, Name <a@b> wrote:", "Il giorno lun 3 nov 2026 alle ore
// 10:02 Name <a@b> ha scritto:", "Il 03/11/2026 10:02, Name ha scritto:", "Le … a écrit :".
// A digit is required so that "Il tecnico ha scritto:" in someone's own words stays.
const INTRO_START = /^[ \t]*(?:on|il|le|am)\s/i;
const INTRO = /^[ \t]*(?:on\s.*\d.*\swrote|il\s.*\d.*\sha scritto|le\s.*\d.*\sa\s+écrit|am\s.*\d.*\sschrieb)\s*:[ \t]*$/i;
const INTRO_END = /(?:wrote|scritto|écrit|schrieb)\s*:[ \t]*$/i;
const INTRO_MAX_LINES = 3;

// Outlook's block above the message it quotes, in English and Italian, plain or bold.
const OUTLOOK_FROM = /^[ \t]*\*?(?:from|da|de|von)\s*:\*?[ \t]+\S/i;
const OUTLOOK_FIELD = /^[ \t]*\*?(?:sent|date|to|cc|subject|inviato|data|a|oggetto|envoyé|à|objet|gesendet|an|betreff)\s*:\*?/i;
const OUTLOOK_WINDOW = 6;
const RULE = /^[ \t]*(?:_{8,}|-{8,})[ \t]*$/;

export function stripQuoted(text: string): string {
  const lines = text.split(/\r\n|\r|\n/);
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (isCutPoint(lines, i)) break;
    const intro = introLength(lines, i);
    if (intro > 0) {
      const next = nextNonBlank(lines, i + intro);
      // An intro with no ">" under it heads a history quoted some other way: all of it goes.
      if (next < 0 || !QUOTED.test(lines[next]!)) break;
      i += intro - 1;
      continue;
    }
    if (!QUOTED.test(line)) kept.push(line);
  }
  // Outlook draws a rule above its header block (a line of dashes once HTML became text).
  while (kept.length > 0 && (RULE.test(kept[kept.length - 1]!) || kept[kept.length - 1]!.trim() === '')) kept.pop();
  return tidy(kept.join('\n'));
}

/** Trailing spaces off every line, at most one blank line in a row, no blank edges. */
export function tidy(text: string): string {
  return text
    .replace(/\r\n|\r/g, '\n')
    .replace(/[ \t\u00a0]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '');
}

function isCutPoint(lines: string[], i: number): boolean {
  const line = lines[i]!;
  return SIGNATURE.test(line) || ORIGINAL_MESSAGE.test(line) || MOBILE_FOOTER.test(line) || isOutlookBlock(lines, i);
}

function isOutlookBlock(lines: string[], i: number): boolean {
  if (!OUTLOOK_FROM.test(lines[i]!)) return false;
  let fields = 0;
  for (let j = i + 1; j < Math.min(lines.length, i + 1 + OUTLOOK_WINDOW); j++) {
    if (OUTLOOK_FIELD.test(lines[j]!)) fields++;
  }
  return fields >= 2;
}

/** How many lines (1 to 3, clients wrap long ones) the quote intro at `i` spans, or 0. */
function introLength(lines: string[], i: number): number {
  if (!INTRO_START.test(lines[i]!)) return 0;
  let joined = '';
  for (let n = 1; n <= INTRO_MAX_LINES && i + n - 1 < lines.length; n++) {
    const part = lines[i + n - 1]!;
    if (n > 1 && (part.trim() === '' || QUOTED.test(part))) return 0;
    joined = n === 1 ? part : `${joined} ${part.trim()}`;
    if (joined.length > 400) return 0;
    // The cheap test on the ending first: a long log of lines starting "Il 12 …" stays fast.
    if (INTRO_END.test(joined) && INTRO.test(joined)) return n;
  }
  return 0;
}

function nextNonBlank(lines: string[], from: number): number {
  for (let j = from; j < lines.length; j++) if (lines[j]!.trim() !== '') return j;
  return -1;
}
