// A cluster of solved tickets as a draft entry: the askers' own wording as its
// questions (personal details taken out, near-repeats dropped), the resolution
// of its most representative ticket as the answer, in the language most of the
// tickets were written in.
import type { Locale } from '../events.js';
import { extractFeatures } from '../faq/features.js';
import { words } from '../faq/normalise.js';
import type { Ticket } from '../tickets/ticket.js';
import { ANSWER_MAX, MAX_QUESTIONS, QUESTION_MAX, draftIdFor, entryIdFor, type FaqDraft } from './faq-draft.js';
import { clip, scrubPersonal } from './scrub-personal.js';

/** What a draft is made from: a solved ticket, and how representative of its cluster it is. */
export interface DraftSource {
  ticket: Ticket;
  centrality: number;
}

/** The requester's words: the description, which holds the title's first line too. */
export function askedText(ticket: Pick<Ticket, 'title' | 'description'>): string {
  return ticket.description.trim() || ticket.title.trim();
}

function namesIn(ticket: Ticket): string[] {
  return [ticket.requester.name, ticket.assignee?.name ?? '', ticket.resolvedBy?.name ?? ''].filter(Boolean);
}

/** Tickets in code order (IT-9 before IT-10), so the first is the same whoever lists them. */
function byCode(a: Ticket, b: Ticket): number {
  return a.department.localeCompare(b.department) || a.seq - b.seq || a.code.localeCompare(b.code);
}

function languageOf(tickets: readonly Ticket[], fallback: Locale): Locale {
  const votes: Record<Locale, number> = { it: 0, en: 0 };
  for (const t of tickets) {
    const lang = extractFeatures(askedText(t)).language ?? t.requester.locale;
    if (lang) votes[lang]++;
  }
  if (votes.it === votes.en) return fallback;
  return votes.it > votes.en ? 'it' : 'en';
}

/** The askers' questions, most representative first, each once. */
function questionsOf(sources: readonly DraftSource[], names: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const { ticket } of [...sources].sort((a, b) => b.centrality - a.centrality)) {
    const text = clip(scrubPersonal(askedText(ticket).replace(/\s+/g, ' '), names), QUESTION_MAX);
    const key = words(text).join(' ');
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push(text);
    if (out.length === MAX_QUESTIONS) break;
  }
  return out;
}

/**
 * The draft for these solved tickets (all of one department, each with a resolution),
 * or null when nothing usable is left once personal details are out.
 */
export function buildDraft(sources: readonly DraftSource[], at: number, fallbackLocale: Locale): FaqDraft | null {
  const tickets = sources.map((s) => s.ticket).sort(byCode);
  const first = tickets[0];
  if (!first) return null;
  // Anyone named in any of the tickets is left out of all of them: a requester often names the agent who helped.
  const names = [...new Set(tickets.flatMap(namesIn))];
  const questions = questionsOf(sources, names);
  const best = [...sources].filter((s) => s.ticket.resolution?.trim()).sort((a, b) => b.centrality - a.centrality || byCode(a.ticket, b.ticket))[0];
  const answer = best ? clip(scrubPersonal(best.ticket.resolution!.trim(), names), ANSWER_MAX) : '';
  if (questions.length === 0 || !answer) return null;
  const locale = languageOf(tickets, fallbackLocale);
  return {
    id: draftIdFor(first.code),
    department: first.department,
    locale,
    questions,
    answer: { [locale]: answer },
    sources: tickets.map((t) => t.code),
    status: 'pending',
    entryId: entryIdFor(first.department, first.code),
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}
