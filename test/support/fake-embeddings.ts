// A stand-in OpenAI-compatible embeddings server on 127.0.0.1, for the error
// paths of the semantic tier: it can be slow, fail, answer nonsense or go away.
// Its vectors are hashed bags of words (similar wording, similar vector).
import { createServer } from 'node:http';
import { readBody } from './recorded-calls.js';

export type Behaviour = 'ok' | 'slow' | 'error' | 'not-json' | 'wrong-count' | 'not-numbers';

export interface FakeEmbeddings {
  url: string;
  behaviour: Behaviour;
  /** Texts asked for, per request. */
  requests: { input: string[]; inputType?: string; auth?: string }[];
  close(): Promise<void>;
}

const DIM = 64;

export function hashedVector(text: string): number[] {
  const v = new Array<number>(DIM).fill(0);
  for (const word of text.toLowerCase().normalize('NFD').replace(/[^a-z0-9 ]/g, ' ').split(/\s+/).filter(Boolean)) {
    let h = 2166136261;
    for (const ch of word) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
    v[Math.abs(h) % DIM]! += h & 1 ? 1 : -1;
  }
  return v;
}

export async function startFakeEmbeddings(): Promise<FakeEmbeddings> {
  const fake: FakeEmbeddings = { url: '', behaviour: 'ok', requests: [], close: async () => undefined };
  const server = createServer(async (req, res) => {
    const body = JSON.parse((await readBody(req)) || '{}') as { input: string[]; input_type?: string };
    fake.requests.push({ input: body.input, ...(body.input_type ? { inputType: body.input_type } : {}), ...(req.headers.authorization ? { auth: req.headers.authorization } : {}) });
    const send = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(text);
    };
    const data = body.input.map((t, index) => ({ object: 'embedding', index, embedding: hashedVector(t) }));
    switch (fake.behaviour) {
      case 'slow':
        setTimeout(() => send(200, JSON.stringify({ data })), 2000);
        return;
      case 'error':
        return send(500, '{"error":{"message":"model crashed"}}');
      case 'not-json':
        return send(200, '<html>proxy error</html>');
      case 'wrong-count':
        return send(200, JSON.stringify({ data: data.slice(1) }));
      case 'not-numbers':
        return send(200, JSON.stringify({ data: data.map((d) => ({ ...d, embedding: ['a', 'b'] })) }));
      default:
        return send(200, JSON.stringify({ object: 'list', data, model: 'fake' }));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fake.url = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`;
  fake.close = () =>
    new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return fake;
}
