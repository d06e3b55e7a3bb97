// Plain HTML forms (application/x-www-form-urlencoded) for the console's routes:
// read into an object with no prototype, so a field called "__proto__" or
// "constructor" is just a field; a name sent twice (checkboxes) gives a list.
import type { FastifyInstance } from 'fastify';

export type FormBody = Readonly<Record<string, string | string[]>>;

const FORM_TYPE = 'application/x-www-form-urlencoded';
/** More fields than any of our forms has: the rest of a crafted body is dropped. */
const MAX_FIELDS = 200;

export function readForm(text: string): FormBody {
  const out: Record<string, string | string[]> = Object.create(null);
  let count = 0;
  for (const [name, value] of new URLSearchParams(text)) {
    if (++count > MAX_FIELDS) break;
    const had = Object.hasOwn(out, name) ? out[name] : undefined;
    out[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  }
  return out;
}

/** Registers this parser on a (console-scoped) server; registering it twice is harmless. */
export function acceptForms(scope: FastifyInstance): void {
  if (scope.hasContentTypeParser(FORM_TYPE)) scope.removeContentTypeParser(FORM_TYPE);
  scope.addContentTypeParser(FORM_TYPE, { parseAs: 'string' }, (_req, body, done) => done(null, readForm(String(body))));
}

/** One value of a form or query as text ('' when absent or sent several times). */
export function textField(source: unknown, name: string): string {
  if (!source || typeof source !== 'object' || !Object.hasOwn(source, name)) return '';
  const value = (source as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

/** One value as text, trimmed ('' when absent or sent several times). */
export function field(source: unknown, name: string): string {
  return textField(source, name).trim();
}

/** Every value sent under `name` (checkboxes), as a list. */
export function listField(source: unknown, name: string): string[] {
  if (!source || typeof source !== 'object' || !Object.hasOwn(source, name)) return [];
  const value = (source as Record<string, unknown>)[name];
  return typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
