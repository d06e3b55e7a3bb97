// helmet's headers, worked out once. Ours never change from one request to the
// next, yet the fastify plugin builds helmet again for every request (about 4 %
// of the server's CPU under load, measured with bench:web --profile): so helmet
// is run once against a recorder and its headers are replayed on each response.
import type { ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

export function securityHeaders(options: Readonly<HelmetOptions>): ReadonlyArray<readonly [string, string]> {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader(name: string, value: unknown) {
      headers.set(name.toLowerCase(), String(value));
      return recorder;
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
  };
  helmet(options)({} as never, recorder as unknown as ServerResponse, () => undefined);
  return [...headers];
}
