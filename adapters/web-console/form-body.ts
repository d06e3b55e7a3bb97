// HTML forms post application/x-www-form-urlencoded; the console reads them as
// plain own-property records, and fields by name without touching the prototype.
import type { FastifyInstance } from 'fastify';

export type FormBody = Record<string, string>;

/** Teaches a (console-scoped) server to parse form posts; the last value of a repeated name wins. */
export function acceptForms(scope: FastifyInstance): void {
  scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    const out: FormBody = Object.create(null) as FormBody;
    for (const [k, v] of new URLSearchParams(body as string)) out[k] = v;
    done(null, out);
  });
}

/** One field of a parsed body, trimmed; '' when absent or not text. */
export function field(body: unknown, name: string): string {
  if (!body || typeof body !== 'object' || !Object.hasOwn(body, name)) return '';
  const v = (body as Record<string, unknown>)[name];
  return typeof v === 'string' ? v.trim() : '';
}
