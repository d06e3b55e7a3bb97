// The report's figures, from the rollups' sums: counts, rates and percentiles.
// Pure: the store sums, this reads the sums.
import type { ReportSum } from '../ports/report-store.js';
import { binValue } from './report-cells.js';

export interface Count {
  key: string;
  n: number;
}

export interface Times {
  /** Tickets measured. */
  count: number;
  /** Null when none were. */
  p50Ms: number | null;
  p90Ms: number | null;
}

export interface Compliance {
  met: number;
  missed: number;
  /** Share met, 0–1; null when nothing was measured. */
  rate: number | null;
}

export interface AgentLoad {
  agent: string;
  /** Active tickets assigned to them now. */
  held: number;
  /** Tickets they resolved that closed in the window. */
  resolved: number;
}

export interface ReportFigures {
  from: number;
  to: number;
  department: string | null;
  opened: { total: number; byDepartment: Count[]; byPriority: Count[]; byChannel: Count[] };
  closed: { total: number; byDepartment: Count[]; byPriority: Count[]; byChannel: Count[]; byStatus: Count[] };
  firstResponse: Times;
  resolution: Times;
  sla: { firstResponse: Compliance; resolution: Compliance };
  faq: { answered: number; followedByTicket: number; ticketsWithoutFaq: number; asks: number; deflected: number; rate: number | null };
  reopen: { reopened: number; closed: number; rate: number | null };
  satisfaction: { rated: number; average: number | null; distribution: Count[] };
  /** Tickets opened by weekday (1 Monday … 7 Sunday) and hour, in each department's zone; only non-zero cells, busiest first. */
  busiestHours: { weekday: number; hour: number; n: number }[];
  agents: AgentLoad[];
}

const byCountThenKey = (a: Count, b: Count) => b.n - a.n || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

function counts(map: Map<string, number>): Count[] {
  return [...map].filter(([, n]) => n !== 0).map(([key, n]) => ({ key, n })).sort(byCountThenKey);
}

/** Nearest rank: the smallest value with at least p of the measurements at or below it, read from the bins. */
function percentile(bins: Map<number, number>, total: number, p: number): number | null {
  if (total <= 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const [bin, n] of [...bins].sort((a, b) => a[0] - b[0])) {
    seen += n;
    if (seen >= rank) return binValue(bin);
  }
  return null;
}

function times(bins: Map<number, number>): Times {
  const count = [...bins.values()].reduce((a, b) => a + b, 0);
  return { count, p50Ms: percentile(bins, count, 0.5), p90Ms: percentile(bins, count, 0.9) };
}

const bump = <K>(map: Map<K, number>, key: K, n: number) => map.set(key, (map.get(key) ?? 0) + n);

export function reportFigures(window: readonly ReportSum[], live: readonly ReportSum[], meta: Pick<ReportFigures, 'from' | 'to' | 'department'>): ReportFigures {
  const total = new Map<string, number>();
  const opened = { dept: new Map<string, number>(), prio: new Map<string, number>(), chan: new Map<string, number>() };
  const closed = { dept: new Map<string, number>(), prio: new Map<string, number>(), chan: new Map<string, number>(), status: new Map<string, number>() };
  const frBins = new Map<number, number>();
  const resBins = new Map<number, number>();
  const ratings = new Map<string, number>();
  const hours = new Map<string, number>();
  const agents = new Map<string, AgentLoad>();
  const agent = (key: string) => agents.get(key) ?? agents.set(key, { agent: key, held: 0, resolved: 0 }).get(key)!;
  const after = (cell: string, prefix: string) => (cell.startsWith(prefix) ? cell.slice(prefix.length) : null);

  for (const { department, cell, n } of window) {
    bump(total, cell, n);
    let key: string | null;
    if (cell === 'opened') bump(opened.dept, department, n);
    else if (cell === 'closed') bump(closed.dept, department, n);
    else if ((key = after(cell, 'opened.p.')) !== null) bump(opened.prio, key, n);
    else if ((key = after(cell, 'opened.c.')) !== null) bump(opened.chan, key, n);
    else if ((key = after(cell, 'closed.p.')) !== null) bump(closed.prio, key, n);
    else if ((key = after(cell, 'closed.c.')) !== null) bump(closed.chan, key, n);
    else if ((key = after(cell, 'closed.s.')) !== null) bump(closed.status, key, n);
    else if ((key = after(cell, 'fr.h.')) !== null) bump(frBins, Number(key), n);
    else if ((key = after(cell, 'res.h.')) !== null) bump(resBins, Number(key), n);
    else if ((key = after(cell, 'rating.')) !== null) bump(ratings, key, n);
    else if ((key = after(cell, 'hour.')) !== null) bump(hours, key, n);
    else if ((key = after(cell, 'agent.resolved.')) !== null) agent(key).resolved += n;
  }
  for (const { cell, n } of live) {
    const key = after(cell, 'agent.held.');
    if (key !== null) agent(key).held += n;
  }

  const get = (cell: string) => total.get(cell) ?? 0;
  const answered = get('faq.answered');
  const followedByTicket = get('opened.faq');
  const ticketsWithoutFaq = get('opened') - followedByTicket;
  const asks = answered + ticketsWithoutFaq;
  const deflected = Math.max(0, answered - followedByTicket);
  const rated = [...ratings.values()].reduce((a, b) => a + b, 0);
  const scoreSum = [...ratings].reduce((sum, [score, n]) => sum + Number(score) * n, 0);
  const closedForGood = closed.status.get('closed') ?? 0;
  const compliance = (met: number, missed: number): Compliance => ({ met, missed, rate: rate(met, met + missed) });

  return {
    ...meta,
    opened: { total: get('opened'), byDepartment: counts(opened.dept), byPriority: counts(opened.prio), byChannel: counts(opened.chan) },
    closed: { total: get('closed'), byDepartment: counts(closed.dept), byPriority: counts(closed.prio), byChannel: counts(closed.chan), byStatus: counts(closed.status) },
    firstResponse: times(frBins),
    resolution: times(resBins),
    sla: { firstResponse: compliance(get('fr.met'), get('fr.missed')), resolution: compliance(get('res.met'), get('res.missed')) },
    faq: { answered, followedByTicket, ticketsWithoutFaq, asks, deflected, rate: rate(deflected, asks) },
    reopen: { reopened: get('reopened'), closed: closedForGood, rate: rate(get('reopened'), closedForGood) },
    satisfaction: {
      rated,
      average: rated > 0 ? scoreSum / rated : null,
      distribution: ['1', '2', '3', '4', '5'].map((key) => ({ key, n: ratings.get(key) ?? 0 })),
    },
    busiestHours: [...hours]
      .filter(([, n]) => n > 0)
      .map(([key, n]) => {
        const [weekday, hour] = key.split('.').map(Number) as [number, number];
        return { weekday, hour, n };
      })
      .sort((a, b) => b.n - a.n || a.weekday - b.weekday || a.hour - b.hour),
    agents: [...agents.values()].filter((a) => a.held !== 0 || a.resolved !== 0).sort((a, b) => b.held + b.resolved - (a.held + a.resolved) || (a.agent < b.agent ? -1 : 1)),
  };
}
