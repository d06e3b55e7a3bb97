// Ticket codes offered while a person types one (a slash command's
// autocomplete): for an agent the tickets they hold first, then the queue they
// work, then their own; for anyone else their own tickets. Only what the person
// may see anyway, so a suggestion never reveals someone else's ticket.
import type { Turn } from '../turn.js';
import { ACTIVE_STATUSES, type Ticket } from '../tickets/ticket.js';
import { sameParticipant } from '../events.js';
import { knowSelves } from '../people/selves.js';
import { ticketsOfRequesters } from './tickets-of-requesters.js';

export interface CodeSuggestion {
  code: string;
  /** `IT-42 · printer jams`, short enough for a choice list. */
  label: string;
  /** Why it is offered: held by the agent, waiting in their queue, or their own. */
  kind: 'held' | 'queue' | 'own';
}

/** Discord takes at most 25 choices of at most 100 characters. */
export const MAX_SUGGESTIONS = 25;
const LABEL_MAX = 100;
const SCAN = 100;

function label(tk: Ticket): string {
  const full = `${tk.code} · ${tk.title}`.replace(/\s+/g, ' ');
  return full.length <= LABEL_MAX ? full : `${full.slice(0, LABEL_MAX - 1)}…`;
}

/** `typed` narrows by code or title, case-insensitively; `first` (the ticket of the thread typed in) leads when the person may see it. */
export async function suggestCodes(turn: Turn, typed: string, first?: string): Promise<CodeSuggestion[]> {
  const { store } = turn.deps;
  const out: CodeSuggestion[] = [];
  const seen = new Set<string>();
  const add = (tk: Ticket, kind: CodeSuggestion['kind']) => {
    if (seen.has(tk.code)) return;
    seen.add(tk.code);
    out.push({ code: tk.code, label: label(tk), kind });
  };

  const agent = turn.agent;
  const held: Ticket[] = [];
  const waiting: Ticket[] = [];
  if (agent) {
    const all = turn.deps.settings.departments.map((d) => d.id);
    const departments = agent.role === 'agent' ? agent.departments.filter((d) => all.includes(d)) : all;
    if (departments.length > 0) {
      const mine = await store.queue({ departments, statuses: ['in_progress', 'waiting_user'], limit: SCAN });
      held.push(...mine.items.filter((tk) => sameParticipant(tk.assignee, agent)));
      waiting.push(...(await store.queue({ departments, tier: agent.tier, statuses: ['open'], limit: SCAN })).items);
    }
  }
  const own = await ticketsOfRequesters(store, await knowSelves(turn), { statuses: ACTIVE_STATUSES, limit: SCAN });

  if (first) {
    const visible = [...held, ...waiting, ...own].find((tk) => tk.code === first);
    if (visible) add(visible, held.includes(visible) ? 'held' : waiting.includes(visible) ? 'queue' : 'own');
  }
  for (const tk of held) add(tk, 'held');
  for (const tk of waiting) add(tk, 'queue');
  for (const tk of own) add(tk, 'own');

  const needle = typed.trim().toLowerCase();
  const matching = needle ? out.filter((s) => s.label.toLowerCase().includes(needle)) : out;
  return matching.slice(0, MAX_SUGGESTIONS);
}
