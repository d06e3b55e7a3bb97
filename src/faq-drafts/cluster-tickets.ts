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
  /**
   * Called between tickets while scores are worked out, which is most of the time a
   * large window takes: a server passes one that lets waiting messages through.
   */
  pause?: () => Promise<void>;
}

export const DEFAULT_SIMILARITY = 0.3;

/** Scores below this share of the bar are dropped: they would only count as nothing in a mean anyway, and keeping them all is n² memory. */
const FLOOR_SHARE = 0.25;

type Graph = Map<number, Map<number, number>>;

/** Scores between the items of one department, both ways, from the vectors the index keeps (no text is read twice). */
async function scores(items: readonly ClusterItem[], indices: readonly number[], background: readonly string[], floor: number, pause: () => Promise<void>): Promise<Graph> {
  const docs = [...indices.map((i, entry) => ({ text: items[i]!.text, entry })), ...background.map((text, k) => ({ text, entry: indices.length + k }))];
  const index = new TfIdfIndex(docs, docs.length);
  const out: Graph = new Map(indices.map((i) => [i, new Map()]));
  for (const [doc, i] of indices.entries()) {
    await pause();
    // Best first: once under the floor, the rest are too.
    for (const { entry: other, score } of index.scoreDoc(doc, { entry: doc })) {
      if (score < floor) break;
      if (other >= indices.length) continue;
      const j = indices[other]!;
      out.get(i)!.set(j, Math.max(score, out.get(i)!.get(j) ?? 0));
      out.get(j)!.set(i, Math.max(score, out.get(j)!.get(i) ?? 0));
    }
  }
  return out;
}

/**
 * The seed and its neighbours, then the tickets the seed does not reach but the group
 * does: a neighbour of one member whose mean score against the whole group is still
 * half the bar (a paraphrase the seed's wording missed, not the next problem along a
 * chain). Sums are kept per candidate, so each member's scores are read once.
 */
function groupAround(graph: Graph, seed: number, free: ReadonlySet<number>, similarity: number): number[] {
  const members = [seed];
  const inGroup = new Set(members);
  const sum = new Map<number, number>();
  const linked = new Set<number>();
  const waiting: number[] = [];
  const add = (m: number) => {
    for (const [j, score] of graph.get(m)!) {
      if (!free.has(j) || inGroup.has(j)) continue;
      sum.set(j, (sum.get(j) ?? 0) + score);
      if (score >= similarity) linked.add(j);
      waiting.push(j);
    }
  };
  add(seed);
  // The seed's own neighbours first, in order: they are the group whatever else joins.
  for (const j of [...linked].sort((a, b) => a - b)) {
    members.push(j);
    inGroup.add(j);
  }
  for (const m of members.slice(1)) add(m);
  while (waiting.length > 0) {
    const j = waiting.pop()!;
    if (inGroup.has(j) || !linked.has(j) || sum.get(j)! / members.length < similarity / 2) continue;
    members.push(j);
    inGroup.add(j);
    add(j);
  }
  return members;
}

function clustersOf(department: string, graph: Graph, minSize: number, similarity: number): Cluster[] {
  const free = new Set(graph.keys());
  const degree = new Map([...graph].map(([i, links]) => [i, [...links.values()].filter((score) => score >= similarity).length]));
  // Seeds by how many others they reach, most first; a seed whose group stays too small is passed over.
  const seeds = [...graph.keys()].sort((a, b) => degree.get(b)! - degree.get(a)! || a - b);
  const out: Cluster[] = [];
  for (const seed of seeds) {
    if (!free.has(seed) || degree.get(seed)! + 1 < Math.min(2, minSize)) continue;
    const members = groupAround(graph, seed, free, similarity);
    if (members.length < minSize) continue;
    for (const m of members) free.delete(m);
    const centrality = members.map((m) => members.reduce((sum, o) => sum + (o === m ? 0 : (graph.get(m)!.get(o) ?? 0)), 0));
    out.push({ department, members, centrality });
  }
  return out;
}

/** Groups of at least `minSize` items of one department each, largest first. */
export async function clusterTickets(items: readonly ClusterItem[], options: ClusterOptions): Promise<Cluster[]> {
  const pause = options.pause ?? (async () => {});
  const byDepartment = new Map<string, number[]>();
  items.forEach((item, i) => {
    const list = byDepartment.get(item.department);
    if (list) list.push(i);
    else byDepartment.set(item.department, [i]);
  });
  const out: Cluster[] = [];
  for (const [department, indices] of byDepartment) {
    if (indices.length < options.minSize) continue;
    const graph = await scores(items, indices, options.background ?? [], options.similarity * FLOOR_SHARE, pause);
    out.push(...clustersOf(department, graph, options.minSize, options.similarity));
  }
  return out.sort((a, b) => b.members.length - a.members.length || a.department.localeCompare(b.department));
}
