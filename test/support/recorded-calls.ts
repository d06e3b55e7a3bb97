// What every fake platform server shares: reading a request body, and waiting
// for the call a test expects among those recorded.
import type { IncomingMessage } from 'node:http';

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => resolve(body));
  });
}

/**
 * Polls `calls` until one matches; the error lists what did arrive. The wait is long enough for a
 * store shared by the whole suite (one FerretDB) to be busy with another file's large write meanwhile.
 */
export async function waitForCall<T>(calls: readonly T[], pred: (c: T) => boolean, what: string, describe: (c: T) => unknown, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = calls.find(pred);
    if (found) return found;
    if (Date.now() > until) throw new Error(`the fake never received ${what}; got: ${JSON.stringify(calls.map(describe))}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
