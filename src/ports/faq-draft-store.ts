import type { DraftStatus, FaqDraft } from '../faq-drafts/faq-draft.js';

export interface DraftQuery {
  status?: DraftStatus;
  /** Omitted: every department's. */
  departments?: readonly string[];
  limit: number;
}

/**
 * FAQ entries proposed from solved tickets, waiting for a lead. A ticket belongs to
 * at most one draft, ever: proposing a cluster any of whose tickets is drafted
 * already writes nothing, so two runs (or two instances) never draft one problem twice.
 */
export interface FaqDraftStore {
  /** Writes the draft unless its id or one of its sources is taken by another draft; null then. */
  proposeDraft(draft: FaqDraft): Promise<FaqDraft | null>;
  /** Which of these ticket codes belong to a draft already (whatever became of it): code -> draft id. */
  draftedSources(codes: readonly string[]): Promise<Map<string, string>>;
  getDraft(id: string): Promise<FaqDraft | null>;
  /** Newest first. */
  listDrafts(query: DraftQuery): Promise<FaqDraft[]>;
  /**
   * Replaces the draft (an edit, a decision) when the stored version is still
   * `expectedVersion`, and otherwise throws a HelpDeskError STORE.CONFLICT; the
   * written draft has the next version.
   */
  updateDraft(next: FaqDraft, expectedVersion: number): Promise<FaqDraft>;
}
