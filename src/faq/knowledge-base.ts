// The knowledge base file format, validated as a whole: one bad entry is
// reported with its index and id, and then nothing is used.
import { z } from 'zod';
import type { FaqEntry } from '../ports/faq-matcher.js';

const text = z.string().trim().min(1).max(4000);

const entry = z.object({
  id: z.union([z.string().trim().min(1).max(100), z.number().int().transform(String)]),
  department: z.string().trim().min(1).max(40),
  questions: z.array(text).min(1, 'needs at least one question'),
  answer: z
    .object({ it: text.optional(), en: text.optional() })
    .refine((a) => a.it || a.en, 'needs an answer in "it" or "en"'),
  tags: z.array(z.string()).optional(),
});

const kb = z.object({ faqs: z.array(z.unknown()) }, { error: 'must be an object with a "faqs" array' });

export class KnowledgeBaseError extends Error {
  override name = 'KnowledgeBaseError';
}

export function parseKnowledgeBase(raw: unknown, knownDepartments?: readonly string[]): FaqEntry[] {
  const top = kb.safeParse(raw);
  if (!top.success) throw new KnowledgeBaseError(`knowledge base ${top.error.issues[0]!.message}`);
  const seen = new Set<string>();
  return top.data.faqs.map((item, index) => {
    const r = entry.safeParse(item);
    const id = typeof (item as { id?: unknown })?.id === 'string' ? ` (id "${(item as { id: string }).id}")` : '';
    if (!r.success) {
      const issue = r.error.issues[0]!;
      throw new KnowledgeBaseError(`entry ${index}${id}: ${issue.path.join('.') || 'entry'} ${issue.message}`);
    }
    if (seen.has(r.data.id)) throw new KnowledgeBaseError(`entry ${index}${id}: duplicate id`);
    if (knownDepartments && !knownDepartments.includes(r.data.department)) {
      throw new KnowledgeBaseError(`entry ${index}${id}: unknown department "${r.data.department}"`);
    }
    seen.add(r.data.id);
    const out: FaqEntry = { id: r.data.id, department: r.data.department, questions: r.data.questions, answer: {} };
    if (r.data.answer.it) out.answer.it = r.data.answer.it;
    if (r.data.answer.en) out.answer.en = r.data.answer.en;
    if (r.data.tags) out.tags = r.data.tags;
    return out;
  });
}
