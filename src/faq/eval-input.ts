// The eval CLI's input formats -> entries and queries, with errors that name
// the file and line. Pure: callers read the files.
import { z } from 'zod';
import type { FaqEntry } from '../ports/faq-matcher.js';
import { parsePriority } from '../tickets/priority.js';
import type { EvalQuery } from './evaluate.js';

export class EvalInputError extends Error {
  override name = 'EvalInputError';
}

export function parseJsonLines(text: string, file: string): unknown[] {
  const out: unknown[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      out.push(JSON.parse(line));
    } catch {
      throw new EvalInputError(`${file}:${i + 1}: not valid JSON`);
    }
  });
  return out;
}

const id = z.union([z.string(), z.number()]).transform(String);
const trainLine = z.object({ text: z.string(), label: id });

/** `{"text","label"}` lines, one entry per label (its lines are the phrasings). */
export function entriesFromTrain(lines: readonly unknown[], file: string): FaqEntry[] {
  const byLabel = new Map<string, FaqEntry>();
  lines.forEach((line, i) => {
    const r = trainLine.safeParse(line);
    if (!r.success) throw new EvalInputError(`${file}:${i + 1}: expected {"text", "label"}`);
    // Out-of-scope examples and empty phrasings teach an entry nothing.
    if (r.data.label === 'oos' || !r.data.text.trim()) return;
    const entry = byLabel.get(r.data.label) ?? { id: r.data.label, department: 'general', questions: [], answer: { en: r.data.label } };
    entry.questions.push(r.data.text);
    byLabel.set(r.data.label, entry);
  });
  return [...byLabel.values()];
}

const queryLine = z.object({
  text: z.string(),
  expected: z.union([id, z.array(id), z.null()]).optional(),
  label: id.optional(),
  lang: z.enum(['it', 'en']).optional(),
  department: z.string().optional(),
  priority: z.string().optional(),
});

export function queriesFrom(lines: readonly unknown[], file: string): EvalQuery[] {
  return lines.map((line, i) => {
    const r = queryLine.safeParse(line);
    if (!r.success || (r.data.expected === undefined && r.data.label === undefined)) {
      throw new EvalInputError(`${file}:${i + 1}: expected {"text", "expected": id | [ids] | null} or {"text", "label"}`);
    }
    const { text, expected, label, lang, department, priority } = r.data;
    const ids = expected !== undefined ? (expected === null ? [] : Array.isArray(expected) ? expected : [expected]) : label === 'oos' ? [] : [label!];
    const q: EvalQuery = { text, expected: ids };
    if (lang) q.lang = lang;
    if (department) q.department = department;
    if (priority) {
      const p = parsePriority(priority);
      if (!p) throw new EvalInputError(`${file}:${i + 1}: priority must be P1..P4 or critical|high|medium|low`);
      q.priority = p;
    }
    return q;
  });
}

/** `{"text","label"}` lines as they are ("oos" included): the few-shot builder's pool and test lines. */
export function labelledLines(lines: readonly unknown[], file: string): { text: string; label: string }[] {
  return lines.map((line, i) => {
    const r = trainLine.safeParse(line);
    if (!r.success) throw new EvalInputError(`${file}:${i + 1}: expected {"text", "label"}`);
    return { text: r.data.text, label: r.data.label };
  });
}
