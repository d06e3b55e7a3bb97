// A stand-in for Entra's token endpoint and the Microsoft Graph calls the
// proactive installation makes (install the app for a user, list it, read its
// chat), on 127.0.0.1. It records every call and can refuse users.
import { createServer } from 'node:http';
import { readBody } from './recorded-calls.js';

export interface GraphCall {
  method: string;
  path: string;
  auth: string | undefined;
  body: string;
}

export interface FakeGraph {
  graphUrl: string;
  loginUrl: string;
  calls: GraphCall[];
  /** Installing for this user answers 403, as Graph does without the permission or consent. */
  refuse(userId: string): void;
  /** The chat id Graph gives for a user's installation. */
  chatOf(userId: string): string;
  close(): Promise<void>;
}

export const GRAPH_TOKEN = 'graph-test-token';

export async function startFakeGraph(catalogAppId: string): Promise<FakeGraph> {
  const calls: GraphCall[] = [];
  const refused = new Set<string>();
  const installed = new Set<string>();
  const chatOf = (userId: string) => `19:${userId}_bot@unq.gbl.spaces`;
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = decodeURIComponent(url.pathname);
    calls.push({ method: req.method ?? '', path: `${path}${url.search ? decodeURIComponent(url.search) : ''}`, auth: req.headers.authorization, body });
    const json = (status: number, value?: unknown) => {
      res.writeHead(status, value === undefined ? {} : { 'content-type': 'application/json' });
      res.end(value === undefined ? undefined : JSON.stringify(value));
    };
    if (/^\/login\/[^/]+\/oauth2\/v2\.0\/token$/.test(path) && req.method === 'POST') {
      const form = new URLSearchParams(body);
      if (form.get('grant_type') !== 'client_credentials' || form.get('scope') !== 'https://graph.microsoft.com/.default') return json(400, { error: 'invalid_request' });
      return json(200, { token_type: 'Bearer', expires_in: 3599, access_token: GRAPH_TOKEN });
    }
    if (req.headers.authorization !== `Bearer ${GRAPH_TOKEN}`) return json(401, { error: { code: 'InvalidAuthenticationToken' } });
    const m = /^\/graph\/users\/([^/]+)\/teamwork\/installedApps(?:\/([^/]+)\/chat)?$/.exec(path);
    if (!m) return json(404, { error: { code: 'NotFound', message: path } });
    const user = m[1]!;
    if (refused.has(user)) return json(403, { error: { code: 'Forbidden' } });
    if (req.method === 'POST' && !m[2]) {
      const bind = (JSON.parse(body || '{}') as Record<string, string>)['teamsApp@odata.bind'];
      if (!bind?.endsWith(`/appCatalogs/teamsApps/${catalogAppId}`)) return json(400, { error: { code: 'BadRequest' } });
      if (installed.has(user)) return json(409, { error: { code: 'Conflict' } });
      installed.add(user);
      return json(201);
    }
    if (req.method === 'GET' && !m[2]) return json(200, { value: installed.has(user) ? [{ id: `inst-${user}`, teamsApp: { id: catalogAppId } }] : [] });
    if (req.method === 'GET' && m[2] === `inst-${user}`) return json(200, { id: chatOf(user) });
    json(404, { error: { code: 'NotFound' } });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    graphUrl: `http://127.0.0.1:${port}/graph`,
    loginUrl: `http://127.0.0.1:${port}/login`,
    calls,
    refuse: (userId) => void refused.add(userId),
    chatOf,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
