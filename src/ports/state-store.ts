import type { Level } from '../tickets/priority.js';
import type { PersonRef } from '../tickets/ticket.js';
import type { GuideRun } from '../faq/guide-run.js';

/** A FAQ answer offered to a requester, kept until they say whether it helped. */
export interface FaqOffer {
  id: string;
  requester: PersonRef;
  text: string;
  /** Empty for a ticket offered instead of an answer (`draft`). */
  faqId: string;
  /** For "did you mean…": the entries offered, in button order. */
  choices?: string[];
  /** A ticket offered before it opens: the guess shown, as the person has changed it so far. */
  draft?: TicketDraft;
  /** A guided fix's step shown now (`faqId`: its entry); the step's buttons answer it. */
  guide?: GuideRun;
  createdAt: number;
}

export interface TicketDraft {
  /** `clarify`: asked what is affected and since when; `confirm`: asked whether to open it as shown. */
  stage: 'clarify' | 'confirm';
  department: string;
  /** False when the department is a guess the desk is not sure of: it asks instead of showing one. */
  confident: boolean;
  impact: Level;
  urgency: Level;
  /** The FAQ entry the person was shown and said did not help, kept on the ticket. */
  faqTried?: string;
}

/** Small pieces of conversation state, each change atomic in the store. */
export interface StateStore {
  /** Set-if-absent: true the first time a key is seen, false on every repeat. */
  rememberOnce(key: string, at: number): Promise<boolean>;
  /** Drops a remembered key, so a retry of a delivery that failed is handled again. */
  forget(key: string): Promise<void>;
  /** Drops keys remembered before `at` (platforms stop retrying within minutes); returns how many. */
  forgetBefore(at: number): Promise<number>;
  saveOffer(offer: FaqOffer): Promise<void>;
  /** Platform references kept by adapters (a ticket's card message, a thread's ticket). */
  setRef(key: string, value: string): Promise<void>;
  getRef(key: string): Promise<string | null>;
  /** Returns and deletes the requester's offer in one step, so a double click acts once. */
  takeOffer(id: string, requester: Pick<PersonRef, 'platform' | 'userId'>): Promise<FaqOffer | null>;
}
