// The first guess of a new ticket's department and priority. The desk depends on
// the `TriageGuesser` interface only, so a learned guesser can replace this one.
import { cues, foldText, guessPriority, type PriorityGuess } from './priority.js';

export interface TriageGuess extends PriorityGuess {
  department: string;
}

export interface TriageGuesser {
  guess(text: string): TriageGuess | Promise<TriageGuess>;
}

const DEFAULT_CUES: Readonly<Record<string, readonly string[]>> = {
  it: [
    'pc', 'computer', 'laptop', 'portatile', 'stampante', 'printer', 'stampa', 'print', 'password', 'pwd', 'vpn',
    'wifi', 'wi fi', 'rete', 'network', 'email', 'mail', 'outlook', 'teams', 'account', 'login', 'accesso',
    'software', 'installare', 'install', 'monitor', 'mouse', 'tastiera', 'keyboard', 'server', 'internet', 'excel',
  ],
  hr: [
    'ferie', 'vacation', 'holiday', 'holidays', 'permesso', 'leave', 'malattia', 'sick', 'contratto', 'contract',
    'assunzione', 'onboarding', 'formazione', 'training', 'straordinari', 'overtime', 'buoni pasto', 'welfare',
  ],
  finance: [
    'rimborso', 'rimborsi', 'nota spese', 'note spese', 'expense', 'expenses', 'reimbursement', 'fattura', 'fatture',
    'invoice', 'invoices', 'pagamento', 'payment', 'busta paga', 'cedolino', 'payslip', 'payroll', 'stipendio',
    'salary', 'budget', 'carta aziendale', 'corporate card',
  ],
  facilities: [
    'aria condizionata', 'condizionatore', 'air conditioning', 'riscaldamento', 'heating', 'scrivania', 'desk',
    'sedia', 'chair', 'chiave', 'chiavi', 'key', 'keys', 'badge', 'parcheggio', 'parking', 'luce', 'light',
    'pulizia', 'pulizie', 'cleaning', 'bagno', 'toilet', 'ascensore', 'elevator', 'sala riunioni', 'meeting room',
  ],
};

export interface KeywordTriage extends TriageGuesser {
  guess(text: string): TriageGuess;
  /** How many cue words the guessed department matched (0: the guess is only the default). */
  cueHits(text: string): number;
}

/** Keyword triage: the department with the most cues wins; ties go to the first department. */
export function createKeywordTriage(departments: readonly string[]): KeywordTriage {
  const padded = new Map(departments.map((dept) => [dept, cues(DEFAULT_CUES[dept] ?? [])]));
  function best(text: string) {
    const folded = foldText(text);
    let department = departments[0] ?? 'it';
    let hits = 0;
    for (const dept of departments) {
      const n = padded.get(dept)!.filter((cue) => folded.includes(cue)).length;
      if (n > hits) {
        department = dept;
        hits = n;
      }
    }
    return { department, hits };
  }
  return {
    guess: (text) => ({ department: best(text).department, ...guessPriority(text) }),
    cueHits: (text) => best(text).hits,
  };
}
