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
  /**
   * Other texts of the desk (the FAQ's questions): indexed only so that how rare a
   * word is reads as it does across the desk, not only among a few tickets that all
   * say "VPN". Never grouped.
   */
  background?: readonly string[];
}

export const DEFAULT_SIMILARITY = 0.3;

/** Scores between the items of one department: index -> (other index -> score), both ways. */
function scores(items: readonly ClusterItem[], indices: readonly number[], background: readonly string[]): Map<number, Map<number, number>> {
  const docs = [...indices.map((i, entry) => ({ text: items[i]!.text, entry })), ...background.map((text, k) => ({ text, entry: indices.length + k }))];
  const index = new TfIdfIndex(docs, docs.length);
  const out = new Map<number, Map<number, number>>(indices.map((i) => [i, new Map()]));
  indices.forEach((i, entry) => {
    for (const { entry: other, score } of index.score(items[i]!.text, { entry })) {
      if (other >= indices.length) continue;
      const j = indices[other]!;
      // Symmetric: the better of the two directions (a typo is read on one side only).
      const best = Math.max(score, out.get(j)!.get(i) ?? 0);
      out.get(i)!.set(j, best);
      out.get(j)!.set(i, best);
    }
  });
  return out;
}

/**
 * Tickets a group's seed does not reach but the group does: a neighbour of one member
 * whose mean score against the whole group is still half the bar (a paraphrase the
 * seed's wording missed, not the next problem along a chain).
 */
function grow(graph: Map<number, Map<number, number>>, members: number[], free: ReadonlySet<number>, similarity: number): void {
  const inGroup = new Set(members);
  for (let added = true; added; ) {
    added = false;
    for (const j of free) {
      if (inGroup.has(j)) continue;
      const links = graph.get(j)!;
      if (!members.some((m) => (links.get(m) ?? 0) >= similarity)) continue;
      const mean = members.reduce((sum, m) => sum + (links.get(m) ?? 0), 0) / members.length;
      if (mean < similarity / 2) continue;
      members.push(j);
      inGroup.add(j);
      added = true;
    }
  }
}

function clustersOf(department: string, graph: Map<number, Map<number, number>>, minSize: number, similarity: number): Cluster[] {
  const free = new Set(graph.keys());
  const neighboursOf = (i: number) => [...graph.get(i)!].filter(([j, score]) => score >= similarity && free.has(j)).map(([j]) => j);
  // Seeds by how many others they reach, most first; a seed whose group stays too small is skipped.
  const seeds = [...graph.keys()].sort((a, b) => neighboursOf(b).length - neighboursOf(a).length || a - b);
  const out: Cluster[] = [];
  for (const seed of seeds) {
    if (!free.has(seed)) continue;
    const members = [seed, ...neighboursOf(seed).sort((a, b) => a - b)];
    grow(graph, members, free, similarity);
    if (members.length < minSize) continue;
    for (const m of members) free.delete(m);
    const centrality = members.map((m) => members.reduce((sum, o) => sum + (o === m ? 0 : (graph.get(m)!.get(o) ?? 0)), 0));
    out.push({ department, members, centrality });
  }
  return out;
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
    out.push(...clustersOf(department, scores(items, indices, options.background ?? []), options.minSize, options.similarity));
  }
  return out.sort((a, b) => b.members.length - a.members.length || a.department.localeCompare(b.department));
}
