// The FAQ form and the import box -> what the core's knowledge base rules say
// about them, worded per field for the page. The rules are the core's
// (checkImport, the same as `npx sportello faq import`); only the words are here.
import { checkImport, type FaqEntry, type FaqProblem, type GuideProblemKind } from '../../../src/index.js';
import type { Say } from './lead-words.js';
import type { FaqFormField, FaqFormState, ImportProblemView } from './faq-page.js';

const lines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

/** The entry the form describes, keeping what the form does not show (tags, refused wordings) from the stored one. */
export function entryFromForm(values: FaqFormState['values'], stored: FaqEntry | undefined): Record<string, unknown> {
  const answer: Record<string, string> = {};
  if (values.it.trim()) answer.it = values.it;
  if (values.en.trim()) answer.en = values.en;
  const item: Record<string, unknown> = { id: values.id, department: values.department, questions: lines(values.questions), answer };
  if (stored?.tags) item.tags = stored.tags;
  if (stored?.refused) item.refused = stored.refused;
  // The form edits the words, not the guide: an entry's steps stay as imported.
  if (stored?.steps) item.steps = stored.steps;
  return item;
}

function formField(p: FaqProblem): FaqFormField {
  const [first, second] = p.path;
  if (first === 'id' || first === 'department' || first === 'questions') return first;
  if (first === 'answer') return second === 'it' ? 'answer.it' : second === 'en' ? 'answer.en' : 'answer';
  return 'form';
}

export function problemWords(say: Say, p: FaqProblem): string {
  if (p.kind === 'unmatchable') return say('faqProblem.unmatchable', { detail: p.message });
  // A guide's problems name steps by id: the file's own words say it best.
  if (p.path[0] === 'steps') return say('faqProblem.steps', { detail: p.message });
  const said = say(`faqProblem.${p.kind as Exclude<FaqProblem['kind'], GuideProblemKind>}`);
  // A phrasing's problem says which one: "Question 2: needs at least one word".
  return p.path[0] === 'questions' && typeof p.path[1] === 'number' ? `${say('faq.question', { n: p.path[1] + 1 })}: ${said}` : said;
}

/** The form's problems by field (the first of each), or the entry to save. */
export async function checkFaqForm(
  say: Say,
  form: FaqFormState,
  stored: readonly FaqEntry[],
  departments: readonly string[],
): Promise<{ entry: FaqEntry | null; errors: Map<FaqFormField, string> }> {
  const errors = new Map<FaqFormField, string>();
  const existing = stored.find((e) => e.id === form.values.id.trim());
  if (form.editing === null && existing) errors.set('id', say('faqProblem.taken'));
  const checked = await checkImport({ faqs: [entryFromForm(form.values, existing)] }, departments, stored);
  for (const p of checked.problems) {
    const field = formField(p);
    if (!errors.has(field)) errors.set(field, problemWords(say, p));
  }
  return { entry: errors.size === 0 ? checked.entries[0]! : null, errors };
}

/** The import box's text -> the entries to upsert, or every problem, each naming its entry and field. */
export async function checkImportText(
  say: Say,
  text: string,
  stored: readonly FaqEntry[],
  departments: readonly string[],
): Promise<{ entries: FaqEntry[]; problems: ImportProblemView[] }> {
  const whole = say('faq.importWhole');
  if (!text.trim()) return { entries: [], problems: [{ where: whole, message: say('import.empty') }] };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { entries: [], problems: [{ where: whole, message: say('import.notJson', { detail: (err as Error).message }) }] };
  }
  const checked = await checkImport(raw, departments, stored);
  const problems = checked.problems.map((p): ImportProblemView => {
    if (p.index < 0) return { where: whole, message: p.kind === 'invalid' ? say('import.notKb') : problemWords(say, p) };
    const field = p.path.length > 0 ? p.path.filter((part) => typeof part === 'string').join('.') : say('faq.field.entry');
    return { where: say('faq.importWhere', { n: p.index + 1, id: p.id !== undefined ? ` (id "${p.id}")` : '', field }), message: problemWords(say, p) };
  });
  return { entries: problems.length > 0 ? [] : checked.entries, problems };
}
