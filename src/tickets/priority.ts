// Priority from impact × urgency (the ITIL matrix), and a first guess of both
// from cue words in Italian and English.
import type { Priority } from './ticket.js';

export type Level = 'high' | 'medium' | 'low';

const MATRIX: Readonly<Record<Level, Readonly<Record<Level, Priority>>>> = {
  // impact -> urgency -> priority
  high: { high: 'P1', medium: 'P2', low: 'P3' },
  medium: { high: 'P2', medium: 'P3', low: 'P4' },
  low: { high: 'P3', medium: 'P4', low: 'P4' },
};

export function priorityFrom(impact: Level, urgency: Level): Priority {
  return MATRIX[impact][urgency];
}

/** The words people use for a level, as `priority CODE critical` accepts them (a Map: `constructor` is no level). */
const PRIORITY_WORDS: ReadonlyMap<string, Priority> = new Map(Object.entries({
  p1: 'P1', critical: 'P1', critica: 'P1', critico: 'P1',
  p2: 'P2', high: 'P2', alta: 'P2',
  p3: 'P3', medium: 'P3', media: 'P3',
  p4: 'P4', low: 'P4', bassa: 'P4',
} satisfies Record<string, Priority>));

export function parsePriority(input: string): Priority | null {
  return PRIORITY_WORDS.get(input.trim().toLowerCase()) ?? null;
}

/** Cues match whole words or phrases: text and cues are both folded and space-padded. */
export function cues(list: readonly string[]): readonly string[] {
  return list.map((cue) => ` ${cue} `);
}

const IMPACT_HIGH = cues([
  'tutto l ufficio', 'tutti', 'nessuno riesce', 'nessuno puo', 'intero reparto', 'tutta l azienda', 'tutto il piano',
  'intero piano', 'produzione', 'server', 'everyone', 'everybody', 'whole office', 'whole team', 'whole floor',
  'all users', 'nobody can', 'no one can', 'entire', 'production', 'outage', 'down', 'security', 'sicurezza',
  // An active compromise spreads beyond one person; a suspicious e-mail alone does not (urgency, below).
  'virus', 'malware', 'ransomware', 'hacked', 'hackerato', 'hackerata', 'data breach',
]);
const IMPACT_LOW = cues(['solo io', 'just me', 'only me', 'cosmetic', 'estetico', 'minor', 'minore']);
const URGENCY_HIGH = cues([
  'urgente', 'urgentissimo', 'subito', 'immediatamente', 'bloccato', 'bloccata', 'bloccati', 'fermo', 'ferma', 'fermi',
  'e giu', 'down', 'urgent', 'asap', 'immediately', 'blocked', 'right now', 'emergency', 'emergenza',
  // Someone who cannot work.
  'non riesco a lavorare', 'non posso lavorare', 'non riesco a entrare', 'cannot work', 'can t work', 'unable to work',
  'nobody can work', 'no one can work', 'can t get in', 'locked out',
  // A deadline.
  'domani', 'domattina', 'stasera', 'entro stasera', 'entro oggi', 'entro fine giornata', 'in giornata', 'scadenza',
  'tomorrow', 'tonight', 'by tonight', 'by today', 'end of day', 'eod', 'deadline', 'due today',
  // Security: one person's credentials or mailbox at risk is worth acting on today.
  'security', 'sicurezza', 'phishing', 'virus', 'malware', 'ransomware', 'hacked', 'hackerato', 'hackerata',
  'sospetta', 'sospetto', 'suspicious', 'fake', 'truffa', 'scam', 'credenziali', 'credentials', 'password rubata',
  'rubato la password', 'rubata la password', 'stole my', 'stolen', 'ho cliccato', 'i clicked', 'clicked a link',
  // Phishing told in plain words: gift cards, a password asked for on a site, a login to "confirm".
  'gift card', 'gift cards', 'buoni regalo', 'buono regalo', 'carte regalo', 'inserire la mia password', 'inserire la password',
  'la mia password in un sito', 'enter my password', 'confirm my login', 'confirm my password', 'verify my account',
  'verificare il mio account', 'click a link', 'cliccare su un link', 'cliccare un link',
  // Safety.
  'allagato', 'allagamento', 'perdita d acqua', 'flooding', 'flooded', 'water leak', 'incendio', 'fumo', 'fire',
  'smoke', 'gas',
]);
/** "Broken" is urgent when what broke is the person's work tool; a broken chair can wait a day. */
const BROKEN = cues(['rotto', 'rotta', 'rotti', 'rotte', 'si e rotto', 'si e rotta', 'broken', 'broke', 'dead', 'smashed']);
const WORK_TOOLS = cues([
  'pc', 'computer', 'laptop', 'portatile', 'notebook', 'monitor', 'schermo', 'screen', 'display', 'tastiera',
  'keyboard', 'telefono', 'phone', 'cellulare', 'tablet',
]);
const URGENCY_LOW = cues([
  'quando puoi', 'quando hai tempo', 'con calma', 'non urgente', 'nessuna fretta', 'when you can', 'when you have time',
  'no rush', 'not urgent', 'whenever', 'low priority', 'bassa priorita',
]);

export interface PriorityGuess {
  impact: Level;
  urgency: Level;
  priority: Priority;
}

export function foldText(text: string): string {
  return ` ${text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;
}

/** `folded` comes from foldText; `padded` from cues(). */
export function hasCue(folded: string, padded: readonly string[]): boolean {
  return padded.some((cue) => folded.includes(cue));
}

export function guessPriority(text: string): PriorityGuess {
  return guessFoldedPriority(foldText(text));
}

/** `guessPriority` for a text already through foldText. */
export function guessFoldedPriority(folded: string): PriorityGuess {
  const urgent = hasCue(folded, URGENCY_HIGH) || (hasCue(folded, BROKEN) && hasCue(folded, WORK_TOOLS));
  const urgency: Level = hasCue(folded, URGENCY_LOW) ? 'low' : urgent ? 'high' : 'medium';
  const impact: Level = hasCue(folded, IMPACT_HIGH) ? 'high' : hasCue(folded, IMPACT_LOW) ? 'low' : 'medium';
  return { impact, urgency, priority: priorityFrom(impact, urgency) };
}
