// Solved tickets about the same problem, grouped. Each ticket is scored against
// every other of its department on the FAQ matcher's own features (stems, stem
// pairs, character n-grams, typos read as the others' words); two tickets whose
// score reaches `similarity` are neighbours. Groups grow greedily around the
// ticket with most neighbours, which keeps a chain of loosely related tickets
// (mail -> mail quota -> quota on the shared drive) from becoming one group.
import { TfIdfIndex } from '../faq/tfidf-index.js';

export interface ClusterItem {
  key: string;
  department: string;
  text: string;
}

export interface Cluster {
  department: string;
  /** Indices into the items, the seed (the most connected) first. */
  members: number[];
  /** Per member, its summed similarity to the other members: how representative it is. */
  centrality: number[];
}

export interface ClusterOptions {
  /** Smallest group worth reporting. */
  minSize: number;
  /** Score two tickets must reach to count as the same problem, in [0, 1]. */
  similarity: number;
}

export const DEFAULT_SIMILARITY = 0.3;

/** Neighbours of each item within one department: index -> (neighbour index -> score). */
function neighbours(items: readonly ClusterItem[], indices: readonly number[], similarity: number): Map<number, Map<number, number>> {
  const index = new TfIdfIndex(
    indices.map((i, entry) => ({ text: items[i]!.text, entry })),
    indices.length,
  );
  const out = new Map<number, Map<number, number>>(indices.map((i) => [i, new Map()]));
  indices.forEach((i, entry) => {
    for (const { entry: other, score } of index.score(items[i]!.text, { entry })) {
      if (score < similarity) continue;
      const j = indices[other]!;
      // Symmetric: the better of the two directions (a typo is read on one side only).
      const best = Math.max(score, out.get(j)!.get(i) ?? 0);
      out.get(i)!.set(j, best);
      out.get(j)!.set(i, best);
    }
  });
  return out;
}

function clustersOf(department: string, graph: Map<number, Map<number, number>>, minSize: number): Cluster[] {
  const free = new Set(graph.keys());
  const out: Cluster[] = [];
  for (;;) {
    let seed = -1;
    let best = -1;
    for (const i of free) {
      let n = 0;
      for (const j of graph.get(i)!.keys()) if (free.has(j)) n++;
      if (n > best || (n === best && i < seed)) [seed, best] = [i, n];
    }
    if (seed < 0 || best + 1 < minSize) return out;
    const members = [seed, ...[...graph.get(seed)!.keys()].filter((j) => free.has(j)).sort((a, b) => a - b)];
    for (const m of members) free.delete(m);
    const centrality = members.map((m) => members.reduce((sum, o) => sum + (o === m ? 0 : (graph.get(m)!.get(o) ?? 0)), 0));
    out.push({ department, members, centrality });
  }
}

/** Groups of at least `minSize` items of one department each, largest first. */
export function clusterTickets(items: readonly ClusterItem[], options: ClusterOptions): Cluster[] {
  const byDepartment = new Map<string, number[]>();
  items.forEach((item, i) => {
    const list = byDepartment.get(item.department);
    if (list) list.push(i);
    else byDepartment.set(item.department, [i]);
  });
  const out: Cluster[] = [];
  for (const [department, indices] of byDepartment) {
    if (indices.length < options.minSize) continue;
    out.push(...clustersOf(department, neighbours(items, indices, options.similarity), options.minSize));
  }
  return out.sort((a, b) => b.members.length - a.members.length || a.department.localeCompare(b.department));
}
