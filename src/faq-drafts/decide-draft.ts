// A lead's decisions on a draft, the same from chat, the command line and the
// console: edit it, approve it (it becomes an FAQ entry the desk answers from at
// the next message) or dismiss it. Each write is against the version the lead
// saw: a draft someone changed meanwhile is refused, never overwritten.
import { HelpDeskError, isHelpDeskError } from '../errors.js';
import type { Locale } from '../events.js';
import { KnowledgeBaseError, readFaqEntry } from '../faq/knowledge-base.js';
import type { FaqMatcher } from '../ports/faq-matcher.js';
import type { FaqDraftStore } from '../ports/faq-draft-store.js';
import type { FaqStore } from '../ports/faq-store.js';
import { ANSWER_MAX, MAX_QUESTIONS, QUESTION_MAX, entryOf, type FaqDraft } from './faq-draft.js';

export interface DraftDeps {
  store: FaqDraftStore & Pick<FaqStore, 'upsertFaqs'>;
  faq: Pick<FaqMatcher, 'refresh'>;
}

export interface DraftEdit {
  questions?: readonly string[];
  /** A language left out keeps its answer; an empty text removes it (one must stay). */
  answer?: Partial<Record<Locale, string>>;
}

export async function loadDraft(store: FaqDraftStore, id: string): Promise<FaqDraft> {
  const draft = await store.getDraft(id);
  if (!draft) throw new HelpDeskError('DRAFT.NOT_FOUND', { id });
  return draft;
}

function requirePending(draft: FaqDraft, expectedVersion: number | undefined): void {
  if (draft.status !== 'pending') throw new HelpDeskError('DRAFT.DECIDED', { id: draft.id, status: draft.status, by: draft.decidedBy ?? '' });
  if (expectedVersion !== undefined && expectedVersion !== draft.version) throw new HelpDeskError('DRAFT.CHANGED', { id: draft.id });
}

async function write(store: FaqDraftStore, next: FaqDraft, expectedVersion: number): Promise<FaqDraft> {
  try {
    return await store.updateDraft(next, expectedVersion);
  } catch (err) {
    if (isHelpDeskError(err, 'STORE.CONFLICT')) throw new HelpDeskError('DRAFT.CHANGED', { id: next.id }, { cause: err });
    throw err;
  }
}

/** The entry the draft would become, checked by the knowledge base's own rules. */
function checkedEntry(draft: FaqDraft) {
  try {
    return readFaqEntry(entryOf(draft), 0);
  } catch (err) {
    if (err instanceof KnowledgeBaseError) throw new HelpDeskError('DRAFT.INVALID', { id: draft.id, problem: err.message }, { cause: err });
    throw err;
  }
}

function cleanQuestions(questions: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of questions) {
    const q = raw.replace(/\s+/g, ' ').trim();
    if (!q || seen.has(q.toLowerCase())) continue;
    if (q.length > QUESTION_MAX) throw new HelpDeskError('DRAFT.INVALID', { problem: `a question is longer than ${QUESTION_MAX} characters` });
    seen.add(q.toLowerCase());
    out.push(q);
  }
  if (out.length === 0) throw new HelpDeskError('DRAFT.INVALID', { problem: 'it needs at least one question' });
  if (out.length > MAX_QUESTIONS * 2) throw new HelpDeskError('DRAFT.INVALID', { problem: `at most ${MAX_QUESTIONS * 2} questions` });
  return out;
}

export async function editDraft(deps: DraftDeps, id: string, edit: DraftEdit, at: number, expectedVersion?: number): Promise<FaqDraft> {
  const draft = await loadDraft(deps.store, id);
  requirePending(draft, expectedVersion);
  const next: FaqDraft = { ...draft, updatedAt: at };
  if (edit.questions) next.questions = cleanQuestions(edit.questions);
  if (edit.answer) {
    const answer = { ...draft.answer };
    for (const locale of ['it', 'en'] as const) {
      const given = edit.answer[locale];
      if (given === undefined) continue;
      const text = given.trim();
      if (text.length > ANSWER_MAX) throw new HelpDeskError('DRAFT.INVALID', { problem: `the answer is longer than ${ANSWER_MAX} characters` });
      if (text) answer[locale] = text;
      else delete answer[locale];
    }
    if (!answer.it && !answer.en) throw new HelpDeskError('DRAFT.INVALID', { problem: 'it needs an answer in Italian or English' });
    next.answer = answer;
  }
  checkedEntry(next);
  return write(deps.store, next, draft.version);
}

/** Writes the entry and marks the draft approved; the desk answers from it at the next message. */
export async function approveDraft(deps: DraftDeps, id: string, by: string, at: number, expectedVersion?: number): Promise<FaqDraft> {
  const draft = await loadDraft(deps.store, id);
  requirePending(draft, expectedVersion);
  const entry = checkedEntry(draft);
  // The decision first: of two leads pressing Approve at once, one wins and the other is told.
  const approved = await write(deps.store, { ...draft, status: 'approved', decidedBy: by, decidedAt: at, updatedAt: at }, draft.version);
  await deps.store.upsertFaqs([entry]);
  await deps.faq.refresh?.({ force: true });
  return approved;
}

export async function dismissDraft(deps: DraftDeps, id: string, by: string, at: number, expectedVersion?: number): Promise<FaqDraft> {
  const draft = await loadDraft(deps.store, id);
  requirePending(draft, expectedVersion);
  return write(deps.store, { ...draft, status: 'dismissed', decidedBy: by, decidedAt: at, updatedAt: at }, draft.version);
}
