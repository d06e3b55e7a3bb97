// Shown to the agent who claims a ticket: the solved tickets most like it,
// with what solved them, and the FAQ entry that covers the problem when the
// matcher is confident of one (asked with the ticket's own text). A help, never a hindrance: whatever goes wrong
// here leaves the claim as it was.
import type { Turn } from '../turn.js';
import { t } from '../i18n.js';
import { reply, type Reply } from '../replies.js';
import type { Ticket } from '../tickets/ticket.js';
import { problemText } from './archived-ticket.js';
import { archivedLine, oneLine } from './archive-words.js';

const SHOWN = 3;
/** Below this share of the ticket's word weight, a solved ticket is not "like" it. */
const MIN_SIMILARITY = 0.12;

/** Departments whose tickets the agent may read: their own, or all for leads and admins. */
export function readableDepartments(turn: Turn): string[] | undefined {
  const agent = turn.agent;
  if (!agent || agent.role !== 'agent') return undefined;
  return agent.departments;
}

async function coveringFaq(turn: Turn, text: string): Promise<string | null> {
  const [best] = await turn.deps.faq.match(text, 1);
  if (!best || best.held || best.confidence < turn.deps.settings.faqAnswerThreshold) return null;
  const question = best.entry.questions[0];
  return t(turn.locale, 'archive.claim.faq', { id: best.entry.id, question: question ? oneLine(question, 120) : best.entry.id });
}

/** The lines to add to a claim's reply about `code`; none when there is nothing like it. */
export async function solvedLikeThis(turn: Turn, code: string): Promise<Reply[]> {
  const archive = turn.deps.archive;
  if (!archive) return [];
  try {
    const ticket: Ticket | null = await turn.deps.store.get(code);
    if (!ticket) return [];
    const text = problemText(ticket);
    const departments = readableDepartments(turn);
    const hits = await archive.similar(text, SHOWN, departments ? { departments } : {}, MIN_SIMILARITY);
    // Nothing solved like it: nothing to add (the FAQ entry alone was the requester's to see before asking).
    if (hits.length === 0) return [];
    const lines = [t(turn.locale, 'archive.claim.header', { code: ticket.code }), ...hits.map((h) => archivedLine(turn.locale, h.ticket))];
    const faq = await coveringFaq(turn, text);
    if (faq) lines.push(faq);
    return [reply(lines.join('\n'))];
  } catch (err) {
    turn.deps.logger.warn({ err, code, component: 'archive' }, 'could not look up solved tickets like the one claimed');
    return [];
  }
}
