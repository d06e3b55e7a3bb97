// The daily job: solved tickets closed in the last days, grouped by problem;
// each group big enough that no FAQ entry answers becomes a draft, and the
// department's leads are told. Also how one ticket becomes a draft on request
// (`ticket faq promote CODE`).
import { isHelpDeskError } from '../errors.js';
import type { FaqMatcher } from '../ports/faq-matcher.js';
import type { Ticket } from '../tickets/ticket.js';
import { createOneAtATime } from '../pipeline/one-at-a-time.js';
import { SYSTEM } from '../sla/sla-actions.js';
import type { HelpDeskDeps, Turn } from '../turn.js';
import { askedText, buildDraft, type DraftSource } from './build-draft.js';
import { clusterTickets, DEFAULT_SIMILARITY } from './cluster-tickets.js';
import type { FaqDraft } from './faq-draft.js';
import { tellLeads } from './tell-leads.js';

const DAY_MS = 24 * 60 * 60_000;
const PAGE = 500;
/**
 * Group at most this many solved tickets a run (the most recently closed): every
 * ticket is scored against every other of its department, so the work grows with
 * the square of the window.
 */
export const MAX_TICKETS = 5_000;
/** Pending drafts a run checks were told to their leads (one left untold by a crash). */
const RECHECK = 50;

export interface DraftJobOptions {
  days: number;
  minTickets: number;
  similarity?: number;
  /** Lets other work through while the tickets are grouped (see clusterTickets). */
  pause?: () => Promise<void>;
}

export interface DraftJobReport {
  at: number;
  from: number;
  /** Solved tickets read (closed, with a resolution, in no draft yet). */
  read: number;
  clusters: number;
  /** Clusters an FAQ entry already answers. */
  covered: number;
  proposed: FaqDraft[];
  /** Drafts whose leads this run told. */
  told: string[];
}

/** Solved: closed (not cancelled) with a resolution someone wrote. */
export function isSolved(t: Ticket): boolean {
  return t.status === 'closed' && !!t.resolution?.trim();
}

/** What a ticket is about, for grouping: the question and how it was fixed (agents fix one problem in like words). */
function clusterText(t: Ticket): string {
  return `${askedText(t)}\n${t.resolution ?? ''}`;
}

async function solvedSince(turn: Turn, from: number): Promise<Ticket[]> {
  const out: Ticket[] = [];
  let after: { at: number; code: string } | undefined;
  for (;;) {
    const page = await turn.deps.store.closedBetween({ from, to: turn.now }, PAGE, after);
    out.push(...page.filter(isSolved));
    // Oldest closing first: what falls off the front is what the newest would push out anyway.
    if (out.length > 2 * MAX_TICKETS) out.splice(0, out.length - MAX_TICKETS);
    const last = page.at(-1);
    if (page.length < PAGE || !last) return out.slice(-MAX_TICKETS);
    after = { at: last.closedAt ?? last.updatedAt, code: last.code };
  }
}

/** Covered: most of the cluster's questions get an answer the desk would give on its own. */
async function isCovered(faq: FaqMatcher, threshold: number, texts: readonly string[]): Promise<boolean> {
  let answered = 0;
  for (const text of texts) {
    const [best] = await faq.match(text, 1);
    if (best && !best.held && best.confidence >= threshold) answered++;
  }
  return answered * 2 >= texts.length;
}

/** Writes the draft unless its tickets are drafted already, then tells the leads; null when it was not written. */
async function propose(turn: Turn, sources: readonly DraftSource[], by?: Parameters<typeof tellLeads>[2]): Promise<{ saved: FaqDraft; told: boolean } | null> {
  const draft = buildDraft(sources, turn.now, turn.deps.settings.defaultLocale);
  if (!draft) return null;
  const saved = await turn.deps.store.proposeDraft(draft);
  return saved ? { saved, told: await tellLeads(turn, saved, by) } : null;
}

export async function proposeFaqDrafts(turn: Turn, options: DraftJobOptions): Promise<DraftJobReport> {
  const { deps } = turn;
  const from = turn.now - options.days * DAY_MS;
  await deps.faq.refresh?.({ force: true });
  const solved = await solvedSince(turn, from);
  const drafted = await deps.store.draftedSources(solved.map((t) => t.code));
  const fresh = solved.filter((t) => !drafted.has(t.code));
  const background = (await deps.store.listFaqs()).flatMap((e) => e.questions);
  const clusters = await clusterTickets(
    fresh.map((t) => ({ key: t.code, department: t.department, text: clusterText(t) })),
    { minSize: options.minTickets, similarity: options.similarity ?? DEFAULT_SIMILARITY, background, ...(options.pause ? { pause: options.pause } : {}) },
  );
  const report: DraftJobReport = { at: turn.now, from, read: fresh.length, clusters: clusters.length, covered: 0, proposed: [], told: [] };
  for (const cluster of clusters) {
    const tickets = cluster.members.map((i) => fresh[i]!);
    if (await isCovered(deps.faq, deps.settings.faqAnswerThreshold, tickets.map(askedText))) {
      report.covered++;
      continue;
    }
    const made = await propose(turn, tickets.map((ticket, k) => ({ ticket, centrality: cluster.centrality[k]! })));
    if (made) report.proposed.push(made.saved);
    if (made?.told) report.told.push(made.saved.id);
  }
  // A draft written by a run that stopped before telling anyone is told now.
  for (const draft of await deps.store.listDrafts({ status: 'pending', limit: RECHECK })) {
    if (report.told.includes(draft.id)) continue;
    try {
      if (await tellLeads(turn, draft)) report.told.push(draft.id);
    } catch (err) {
      if (!isHelpDeskError(err)) throw err;
      deps.logger.warn({ err, draft: draft.id }, 'could not tell the leads of an FAQ draft; the next run tries again');
    }
  }
  return report;
}

/** One solved ticket as a draft, at an agent's request; null when the ticket is in a draft already. */
export async function proposeFromTicket(turn: Turn, ticket: Ticket): Promise<FaqDraft | null> {
  const by = { platform: turn.from.platform, userId: turn.from.userId, name: turn.from.name };
  return (await propose(turn, [{ ticket, centrality: 0 }], by))?.saved ?? null;
}

/** The job as the desk runs it on its own (the daily timer, `sportello faq drafts run`). */
export function runFaqDraftJob(deps: HelpDeskDeps, now: number, options: DraftJobOptions): Promise<DraftJobReport> {
  const turn: Turn = { deps, from: SYSTEM, agent: null, locale: deps.settings.defaultLocale, channel: 'system', now, origin: {}, oneAtATime: createOneAtATime() };
  return proposeFaqDrafts(turn, options);
}
