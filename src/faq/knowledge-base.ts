// The knowledge base file format, validated as a whole: one bad entry is
// reported with its index and id, and then nothing is used. A knowledge base
// that passes must also be one the matcher can build and answer from.
import { z } from 'zod';
import type { FaqEntry, FaqMatcher } from '../ports/faq-matcher.js';

const text = z.string().trim().min(1).max(4000);
// A phrasing with no letter or digit has no word to match on: nobody could ever reach its entry.
const question = text.refine((q) => /[\p{L}\p{N}]/u.test(q), 'has no word to match on (letters or digits)');

const entry = z.object({
  id: z.union([z.string().trim().min(1).max(100), z.number().int().transform(String)]),
  department: z.string().trim().min(1).max(40),
  questions: z.array(question).min(1, 'needs at least one question'),
  answer: z
    .object({ it: text.optional(), en: text.optional() })
    .refine((a) => a.it || a.en, 'needs an answer in "it" or "en"'),
  tags: z.array(z.string()).optional(),
  refused: z.array(text).optional(),
});

const kb = z.object({ faqs: z.array(z.unknown()) }, { error: 'must be an object with a "faqs" array' });

export class KnowledgeBaseError extends Error {
  override name = 'KnowledgeBaseError';
}

function label(item: unknown, index: number): string {
  const id = (item as { id?: unknown } | null)?.id;
  return `entry ${index}${typeof id === 'string' ? ` (id "${id}")` : ''}`;
}

/** One entry as the file or the store holds it -> a FaqEntry; throws KnowledgeBaseError naming what is wrong. */
export function readFaqEntry(item: unknown, index: number): FaqEntry {
  const r = entry.safeParse(item);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new KnowledgeBaseError(`${label(item, index)}: ${issue.path.join('.') || 'entry'} ${issue.message}`);
  }
  const out: FaqEntry = { id: r.data.id, department: r.data.department, questions: r.data.questions, answer: {} };
  if (r.data.answer.it) out.answer.it = r.data.answer.it;
  if (r.data.answer.en) out.answer.en = r.data.answer.en;
  if (r.data.tags) out.tags = r.data.tags;
  if (r.data.refused?.length) out.refused = r.data.refused;
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

export function parseKnowledgeBase(raw: unknown, knownDepartments?: readonly string[]): FaqEntry[] {
  const top = kb.safeParse(raw);
  if (!top.success) throw new KnowledgeBaseError(`knowledge base ${top.error.issues[0]!.message}`);
  const seen = new Set<string>();
  return top.data.faqs.map((item, index) => {
    const out = readFaqEntry(item, index);
    if (seen.has(out.id)) throw new KnowledgeBaseError(`${label(item, index)}: duplicate id`);
    if (knownDepartments && !knownDepartments.includes(out.department)) {
      throw new KnowledgeBaseError(`${label(item, index)}: unknown department "${out.department}"`);
    }
    seen.add(out.id);
    return out;
  });
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
