// The first guess of a new ticket's department and priority. The desk depends on
// the `TriageGuesser` interface only, so a learned guesser can replace this one.
import { cues, foldText, guessFoldedPriority, type PriorityGuess } from './priority.js';
import type { Ticket } from './ticket.js';

export interface TriageGuess extends PriorityGuess {
  department: string;
  /** False when the department is a default or a close call: a confirmation step should ask rather than assume. */
  confident: boolean;
}

export interface TriageGuesser {
  guess(text: string): TriageGuess | Promise<TriageGuess>;
  /** Told of an agent's move or priority change once it is committed, for a guesser that learns from them. */
  corrected?(ticket: Ticket, kind: 'moved' | 'priority_changed'): void;
}

// A Map: department ids come from DEPARTMENTS, and one called `constructor` has no cues, not Object's.
const DEFAULT_CUES: ReadonlyMap<string, readonly string[]> = new Map(Object.entries({
  it: [
    'pc', 'computer', 'laptop', 'portatile', 'stampante', 'printer', 'stampa', 'print', 'password', 'pwd', 'vpn',
    'wifi', 'wi fi', 'rete', 'network', 'email', 'mail', 'outlook', 'teams', 'account', 'login', 'accesso',
    'software', 'installare', 'install', 'monitor', 'mouse', 'tastiera', 'keyboard', 'server', 'internet', 'excel',
    'e mail', 'phishing', 'virus', 'malware',
    'ransomware', 'hacked', 'hackerato', 'credenziali', 'credentials', 'link',
    // Business software by its everyday names.
    'gestionale', 'programma', 'applicazione', 'application', 'app', 'erp', 'crm', 'sap',
  ],
  hr: [
    'ferie', 'vacation', 'holiday', 'holidays', 'permesso', 'leave', 'malattia', 'sick', 'contratto', 'contract',
    'assunzione', 'onboarding', 'formazione', 'training', 'straordinari', 'overtime', 'buoni pasto', 'welfare',
    'corso', 'corsi', 'course', 'courses', 'congedo', 'maternita', 'paternita', 'parental',
  ],
  finance: [
    'rimborso', 'rimborsi', 'nota spese', 'note spese', 'expense', 'expenses', 'reimbursement', 'fattura', 'fatture',
    'invoice', 'invoices', 'pagamento', 'payment', 'busta paga', 'cedolino', 'payslip', 'payroll', 'stipendio',
    'salary', 'budget', 'carta aziendale', 'corporate card', 'carta di credito', 'credit card',
    // Pay by its everyday names: "quando arriva la tredicesima", "when do I get paid".
    'paga', 'pagato', 'pagata', 'pagati', 'paid', 'pay', 'paycheck', 'paycheque', 'tredicesima', 'quattordicesima',
    'bonus', 'accredito', 'bonifico', 'rimborsate', 'rimborsare', 'mileage',
  ],
  facilities: [
    'aria condizionata', 'condizionatore', 'air conditioning', 'riscaldamento', 'heating', 'scrivania', 'desk',
    'sedia', 'chair', 'chiave', 'chiavi', 'key', 'keys', 'badge', 'parcheggio', 'parking', 'luce', 'light',
    'pulizia', 'pulizie', 'cleaning', 'bagno', 'toilet', 'ascensore', 'elevator', 'sala riunioni', 'meeting room',
    'pacco', 'package', 'parcel', 'corriere', 'courier', 'reception',
  ],
}));

export interface KeywordTriage extends TriageGuesser {
  guess(text: string): TriageGuess;
  /** How many cue words the guessed department matched (0: the guess is only the default). */
  cueHits(text: string): number;
  /** Cue words matched per department, for a guesser that weighs them with other evidence. */
  cueScores(text: string): ReadonlyMap<string, number>;
}

/**
 * A department's cues, split for speed: single words are looked up among the
 * text's words, phrases searched in the folded text. Counts each cue matched once.
 */
function cueCounter(list: readonly string[]): (folded: string, words: ReadonlySet<string>) => number {
  const single = new Map<string, number>();
  for (const cue of list) if (!cue.includes(' ')) single.set(cue, (single.get(cue) ?? 0) + 1);
  const phrases = cues(list.filter((cue) => cue.includes(' ')));
  return (folded, words) => {
    let n = 0;
    for (const w of words) n += single.get(w) ?? 0;
    for (const phrase of phrases) if (folded.includes(phrase)) n++;
    return n;
  };
}

/** The highest-scoring department and whether it won clearly; ties go to the first department, unconfidently. */
export function pickDepartment(departments: readonly string[], scores: ReadonlyMap<string, number>): { department: string; score: number; confident: boolean } {
  let department = departments[0] ?? 'it';
  let score = 0;
  let runnerUp = 0;
  for (const dept of departments) {
    const n = scores.get(dept) ?? 0;
    if (n > score) {
      runnerUp = score;
      department = dept;
      score = n;
    } else if (n > runnerUp) runnerUp = n;
  }
  return { department, score, confident: score > 0 && score > runnerUp };
}

/** Keyword triage: the department with the most cues wins; ties go to the first department. */
export function createKeywordTriage(departments: readonly string[]): KeywordTriage {
  const counters = departments.map((dept) => ({ dept, count: cueCounter(DEFAULT_CUES.get(dept) ?? []) }));
  // guess(), cueHits() and cueScores() are asked about the same text one after the other.
  let last: { text: string; folded: string; scores: ReadonlyMap<string, number>; department: string; hits: number; confident: boolean } | null = null;
  function best(text: string) {
    if (last?.text === text) return last;
    const folded = foldText(text);
    const words = new Set(folded.trim().split(' '));
    const scores = new Map(counters.map(({ dept, count }) => [dept, count(folded, words)]));
    const picked = pickDepartment(departments, scores);
    return (last = { text, folded, scores, department: picked.department, hits: picked.score, confident: picked.confident });
  }
  return {
    guess: (text) => {
      const found = best(text);
      return { department: found.department, confident: found.confident, ...guessFoldedPriority(found.folded) };
    },
    cueHits: (text) => best(text).hits,
    cueScores: (text) => best(text).scores,
  };
}
