// The knowledge base file format, validated as a whole: one bad entry is
// reported with its index and id, and then nothing is used. A knowledge base
// that passes must also be one the matcher can build and answer from.
import { z } from 'zod';
import type { FaqEntry, FaqMatcher } from '../ports/faq-matcher.js';
import type { Locale } from '../events.js';
import { guideProblems, MAX_CHOICES, MAX_STEPS, STEP_ID, type GuideProblemKind, type GuideStep } from './guide.js';

/**
 * What is wrong with a field, as a word a page can translate: `blank` (empty or
 * missing text), `too-long`, `no-word` (a phrasing nothing could match),
 * `no-questions`, `no-answer`, `invalid` (not the right kind of value),
 * `duplicate-id`, `unknown-department`, `unmatchable` (the FAQ matcher could not
 * build or answer from the knowledge base it would make), and for a guided
 * entry's steps (guide.ts): `duplicate-step`, `unknown-step`,
 * `unreachable-step`, `step-loop`, `missing-language`, `choices`.
 */
export type FaqProblemKind = 'blank' | 'too-long' | 'no-word' | 'no-questions' | 'no-answer' | 'invalid' | 'duplicate-id' | 'unknown-department' | 'unmatchable' | GuideProblemKind;

/** One thing wrong with one entry: `path` names the field as the file does (`questions.1`, `answer`). */
export interface FaqProblem {
  index: number;
  id?: string;
  path: (string | number)[];
  kind: FaqProblemKind;
  /** In English, as the CLI prints it. */
  message: string;
}

const TEXT_MAX = 4000;
const kindOf = (kind: FaqProblemKind) => ({ params: { kind } });
const text = z.string().trim().min(1).max(TEXT_MAX);
// A phrasing with no letter or digit has no word to match on: nobody could ever reach its entry.
const question = text.refine((q) => /[\p{L}\p{N}]/u.test(q), { message: 'has no word to match on (letters or digits)', ...kindOf('no-word') });

const STEP_TEXT_MAX = 1500;
const LABEL_MAX = 60;
const words = (max: number) =>
  z.object({ it: z.string().trim().min(1).max(max).optional(), en: z.string().trim().min(1).max(max).optional() }).refine((w) => w.it || w.en, { message: 'needs a text in "it" or "en"', ...kindOf('missing-language') });
const stepId = z.string().trim().regex(STEP_ID, 'must be 1 to 40 lower-case letters, digits or "-", starting with a letter or digit');
const leadsTo = z.string().trim().min(1).max(40);
const step = z.object({
  id: stepId.refine((id) => id !== 'solved' && id !== 'ticket', { message: '"solved" and "ticket" are the ends of a guide, not step ids' }),
  title: words(LABEL_MAX).optional(),
  text: words(STEP_TEXT_MAX),
  ask: words(300).optional(),
  choices: z.array(z.object({ label: words(LABEL_MAX), next: leadsTo })).min(2, 'needs at least two choices').max(MAX_CHOICES, `has more than ${MAX_CHOICES} choices`).optional(),
  next: leadsTo.optional(),
});

const entry = z.object({
  id: z.union([z.string().trim().min(1).max(100), z.number().int().transform(String)]),
  department: z.string().trim().min(1).max(40),
  questions: z.array(question).min(1, 'needs at least one question'),
  answer: z
    .object({ it: text.optional(), en: text.optional() })
    .refine((a) => a.it || a.en, { message: 'needs an answer in "it" or "en"', ...kindOf('no-answer') }),
  tags: z.array(z.string()).optional(),
  refused: z.array(text).optional(),
  steps: z.array(step).min(1, 'needs at least one step (or no "steps" at all)').max(MAX_STEPS, `has more than ${MAX_STEPS} steps`).optional(),
});

type CheckedEntry = z.infer<typeof entry>;

/** The languages an entry's answer is written in: its guide's steps must have them all. */
const answerLanguages = (e: CheckedEntry): Locale[] => (['it', 'en'] as const).filter((l) => Boolean(e.answer[l]));

const kb = z.object({ faqs: z.array(z.unknown()) }, { error: 'must be an object with a "faqs" array' });

export class KnowledgeBaseError extends Error {
  override name = 'KnowledgeBaseError';
}

function idOf(item: unknown): string | undefined {
  const id = (item as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
}

function label(item: unknown, index: number): string {
  const id = idOf(item);
  return `entry ${index}${id !== undefined ? ` (id "${id}")` : ''}`;
}

function kindOfIssue(issue: z.core.$ZodIssue): FaqProblemKind {
  const given = (issue as { params?: { kind?: FaqProblemKind } }).params?.kind;
  if (given) return given;
  if (issue.code === 'too_small') return issue.origin === 'array' ? 'no-questions' : 'blank';
  if (issue.code === 'too_big') return 'too-long';
  // A field left out of an object is as good as blank to whoever fills in a form.
  if (issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined && issue.path.length > 0) return 'blank';
  return 'invalid';
}

/** `said`: what is wrong, after the entry's label (and the field's path unless `whole`). */
function problem(item: unknown, index: number, path: (string | number)[], kind: FaqProblemKind, said: string, whole = false): FaqProblem {
  const message = `${label(item, index)}: ${whole ? said : `${path.join('.') || 'entry'} ${said}`}`;
  const out: FaqProblem = { index, path, kind, message };
  const id = idOf(item);
  if (id !== undefined) out.id = id;
  return out;
}

/** Every problem with one entry (an empty list: the entry is valid), each naming its field. */
export function faqEntryProblems(item: unknown, index: number): FaqProblem[] {
  const r = entry.safeParse(item, { reportInput: true });
  if (!r.success) return r.error.issues.map((issue) => problem(item, index, issue.path as (string | number)[], kindOfIssue(issue), issue.message));
  if (!r.data.steps) return [];
  return guideProblems(r.data.steps as GuideStep[], answerLanguages(r.data)).map((p) => problem(item, index, p.path, p.kind, p.said));
}

/** One entry as the file or the store holds it -> a FaqEntry; throws KnowledgeBaseError naming what is wrong. */
export function readFaqEntry(item: unknown, index: number): FaqEntry {
  const r = entry.safeParse(item);
  const problems = faqEntryProblems(item, index);
  if (!r.success || problems.length > 0) throw new KnowledgeBaseError(problems[0]!.message);
  const out: FaqEntry = { id: r.data.id, department: r.data.department, questions: r.data.questions, answer: {} };
  if (r.data.answer.it) out.answer.it = r.data.answer.it;
  if (r.data.answer.en) out.answer.en = r.data.answer.en;
  if (r.data.tags) out.tags = r.data.tags;
  if (r.data.refused?.length) out.refused = r.data.refused;
  if (r.data.steps) out.steps = r.data.steps.map(readStep);
  return out;
}

/** A step as zod read it, without the keys it left undefined (JSON round trips stay equal). */
function readStep(s: NonNullable<CheckedEntry['steps']>[number]): GuideStep {
  const out: GuideStep = { id: s.id, text: s.text };
  if (s.title) out.title = s.title;
  if (s.ask) out.ask = s.ask;
  if (s.choices) out.choices = s.choices;
  if (s.next !== undefined) out.next = s.next;
  return out;
}

/** Stored entries split into those the matcher can use and what is wrong with the others (written by hand, or by an older version). */
export function usableFaqEntries(stored: readonly unknown[]): { entries: FaqEntry[]; problems: string[] } {
  const entries: FaqEntry[] = [];
  const problems: string[] = [];
  stored.forEach((item, index) => {
    try {
      entries.push(readFaqEntry(item, index));
    } catch (err) {
      if (!(err instanceof KnowledgeBaseError)) throw err;
      problems.push(err.message);
    }
  });
  return { entries, problems };
}

/**
 * A knowledge base checked whole: the entries when every one is valid, else every
 * problem of every entry (an id used twice, a department not configured among them).
 * `problems` holds one item with index -1 when the value is not a knowledge base at all.
 */
export function checkKnowledgeBase(raw: unknown, knownDepartments?: readonly string[]): { entries: FaqEntry[]; problems: FaqProblem[] } {
  const top = kb.safeParse(raw);
  if (!top.success) return { entries: [], problems: [{ index: -1, path: [], kind: 'invalid', message: `knowledge base ${top.error.issues[0]!.message}` }] };
  const seen = new Set<string>();
  const entries: FaqEntry[] = [];
  const problems: FaqProblem[] = [];
  top.data.faqs.forEach((item, index) => {
    const found = faqEntryProblems(item, index);
    const fieldOk = (name: string) => !found.some((p) => p.path[0] === name);
    const fields = (item ?? {}) as { id?: unknown; department?: unknown };
    // An entry with other problems still has its id and department checked, so one look shows them all.
    const id = typeof fields.id === 'string' ? fields.id.trim() : typeof fields.id === 'number' ? String(fields.id) : '';
    if (id && fieldOk('id')) {
      if (seen.has(id)) found.push(problem(item, index, ['id'], 'duplicate-id', 'duplicate id', true));
      seen.add(id);
    }
    const department = typeof fields.department === 'string' ? fields.department.trim() : '';
    if (department && fieldOk('department') && knownDepartments && !knownDepartments.includes(department)) {
      found.push(problem(item, index, ['department'], 'unknown-department', `unknown department "${department}"`, true));
    }
    if (found.length > 0) problems.push(...found);
    else entries.push(readFaqEntry(item, index));
  });
  return { entries: problems.length > 0 ? [] : entries, problems };
}

export function parseKnowledgeBase(raw: unknown, knownDepartments?: readonly string[]): FaqEntry[] {
  const { entries, problems } = checkKnowledgeBase(raw, knownDepartments);
  if (problems.length > 0) throw new KnowledgeBaseError(problems[0]!.message);
  return entries;
}

/** The knowledge base as `faq export` prints it and `faq import` reads it. */
export function knowledgeBaseJson(entries: readonly FaqEntry[]): string {
  return JSON.stringify({ faqs: entries }, null, 2);
}

/** What the store will hold once `incoming` is added: entries with the same id are replaced. */
export function mergeKnowledgeBase(stored: readonly FaqEntry[], incoming: readonly FaqEntry[]): FaqEntry[] {
  const byId = new Map(stored.map((e) => [e.id, e]));
  for (const e of incoming) byId.set(e.id, e);
  return [...byId.values()];
}

const isConfidence = (c: unknown) => typeof c === 'number' && c >= 0 && c <= 1;

/**
 * Builds the matcher over `entries` and asks it each entry's first question,
 * as the bot would: a knowledge base it cannot build, or cannot answer from,
 * is refused here (at import) rather than found out by the people asking.
 */
export async function assertMatchable(entries: readonly FaqEntry[], build: (entries: readonly FaqEntry[]) => FaqMatcher): Promise<void> {
  let matcher: FaqMatcher;
  try {
    matcher = build(entries);
  } catch (err) {
    throw new KnowledgeBaseError(`the FAQ matcher cannot be built from this knowledge base: ${(err as Error).message}`);
  }
  try {
    for (const [index, e] of entries.entries()) {
      const asked = e.questions[0]!;
      let found;
      try {
        found = await matcher.match(asked, 3);
      } catch (err) {
        throw new KnowledgeBaseError(`entry ${index} (id "${e.id}"): the FAQ matcher fails on its question "${asked.slice(0, 80)}": ${(err as Error).message}`);
      }
      if (!found.every((m) => isConfidence(m.confidence) && entries.includes(m.entry))) {
        throw new KnowledgeBaseError(`entry ${index} (id "${e.id}"): the FAQ matcher gives no usable answer to its question "${asked.slice(0, 80)}"`);
      }
    }
  } finally {
    matcher.dispose?.();
  }
}
