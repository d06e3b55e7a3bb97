// What the desk learns about its knowledge base from conversations: the
// wordings people confirmed for an entry (each person counted once), the
// verdict on each wording, and how an entry's answers were received.

/** How a wording reached an entry: a "Yes, solved" after its answer, a pick among "did you mean", an agent's resolved ticket. */
export type WordingSource = 'answer' | 'pick' | 'ticket';
export type WordingStatus = 'pending' | 'approved' | 'rejected';

export interface LearnedWording {
  id: string;
  entryId: string;
  /** The wording normalised (src/faq/normalise.ts): what makes two people's wordings the same. */
  key: string;
  /** The wording as first written. */
  text: string;
  /** Different people who confirmed it. */
  people: number;
  sources: WordingSource[];
  status: WordingStatus;
  createdAt: number;
  /** Who decided: an agent's name, or `people` when enough of them confirmed it. */
  decidedBy?: string;
}

export interface WordingSeen {
  /** Used when the wording is new to the entry; an existing one keeps its id. */
  id: string;
  entryId: string;
  key: string;
  text: string;
  source: WordingSource;
  at: number;
}

/** Who vouched for a wording: a person (counted once each) or a ticket (counted as no one). */
export type Voucher = { kind: 'person'; platform: string; userId: string } | { kind: 'ticket'; code: string };

export interface FaqLearningStore {
  /** Records the wording for the entry (first text kept) and the voucher, once per voucher; returns the wording as it now stands. */
  noteWording(seen: WordingSeen, by: Voucher): Promise<LearnedWording>;
  /**
   * Decides a wording; the first decision stands. Approving it makes it one of
   * the entry's questions (listFaqs shows it, the FAQ revision moves). Returns
   * the wording as decided, or null for an id nobody knows.
   */
  decideWording(id: string, verdict: 'approved' | 'rejected', by: string, at: number): Promise<LearnedWording | null>;
  /** Every wording with its count, oldest first; only those with `status` when given. */
  learnedWordings(status?: WordingStatus): Promise<LearnedWording[]>;
  /** Keeps whether one answer of the entry solved the question; returns its latest `window` outcomes, newest first (true: solved). */
  recordFaqOutcome(entryId: string, solved: boolean, at: number, window: number): Promise<boolean[]>;
  /**
   * Keeps, once per entry and wording, that a person was not helped by the
   * entry's answer to it; true the first time. The FAQ revision then moves and
   * listFaqs shows it among the entry's `refused` wordings.
   */
  noteRefusal(refusal: { entryId: string; key: string; text: string; at: number }): Promise<boolean>;
  /** Set-if-absent: true only the first time the entry is flagged since its flag was last cleared. */
  flagFaqEntry(entryId: string, at: number): Promise<boolean>;
  clearFaqFlag(entryId: string): Promise<void>;
}
