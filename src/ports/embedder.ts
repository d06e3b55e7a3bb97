/** `query`: something a person asked; `passage`: text that may answer it. Models such as E5 embed them differently. */
export type EmbeddingKind = 'query' | 'passage';

/** Turns texts into vectors (an embeddings server, in practice). */
export interface Embedder {
  /** Everything the vectors depend on (model, prefixes…): stored vectors are keyed by it. */
  readonly id: string;
  /** One vector per text, in order. Rejects on any failure; `signal` abandons the request. */
  embed(texts: readonly string[], kind: EmbeddingKind, signal?: AbortSignal): Promise<Float32Array[]>;
}
