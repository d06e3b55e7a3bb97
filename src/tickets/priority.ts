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
  'tutto l ufficio', 'tutti', 'nessuno riesce', 'intero reparto', 'tutta l azienda', 'produzione', 'server',
  'everyone', 'everybody', 'whole office', 'whole team', 'all users', 'nobody can', 'entire', 'production',
  'outage', 'down', 'security', 'sicurezza', 'virus', 'ransomware', 'phishing', 'hacked', 'data breach',
]);
const IMPACT_LOW = cues(['solo io', 'just me', 'only me', 'cosmetic', 'estetico', 'minor', 'minore']);
const URGENCY_HIGH = cues([
  'urgente', 'urgentissimo', 'subito', 'immediatamente', 'bloccato', 'bloccata', 'bloccati', 'non riesco a lavorare',
  'fermo', 'ferma', 'urgent', 'asap', 'immediately', 'blocked', 'cannot work', 'can t work', 'right now',
  'emergency', 'emergenza', 'security', 'sicurezza', 'virus', 'ransomware', 'hacked', 'down',
]);
const URGENCY_LOW = cues([
  'quando puoi', 'con calma', 'non urgente', 'nessuna fretta', 'when you can', 'no rush', 'not urgent',
  'whenever', 'low priority', 'bassa priorita',
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
  const urgency: Level = hasCue(folded, URGENCY_LOW) ? 'low' : hasCue(folded, URGENCY_HIGH) ? 'high' : 'medium';
  const impact: Level = hasCue(folded, IMPACT_HIGH) ? 'high' : hasCue(folded, IMPACT_LOW) ? 'low' : 'medium';
  return { impact, urgency, priority: priorityFrom(impact, urgency) };
}
