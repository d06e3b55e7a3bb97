// Agents grow the knowledge base from chat: `ticket faq add <question> = <answer>`
// and `ticket faq promote CODE` (a solved ticket's question and resolution).
import type { Turn } from '../desk.js';
import { HelpDeskError } from '../errors.js';
import { words } from '../faq/normalise.js';
import { t } from '../i18n.js';
import type { FaqEntry } from '../ports/faq-matcher.js';
import { reply, type Reply } from '../replies.js';
import { loadTicket } from '../tickets/change-ticket.js';
import { requireAgent, requireWorker } from '../tickets/permissions.js';
import { takeCode } from './parse-command.js';

const ADD_USAGE = 'faq add <question> = <answer>';

function slug(text: string): string {
  return words(text).slice(0, 6).join('-').slice(0, 60) || 'entry';
}

async function save(turn: Turn, entry: FaqEntry): Promise<Reply[]> {
  await turn.deps.store.upsertFaqs([entry]);
  await turn.deps.faq.refresh?.({ force: true });
  return [reply(t(turn.locale, 'faq.added', { id: entry.id }))];
}

async function addEntry(turn: Turn, rest: string): Promise<Reply[]> {
  const agent = requireAgent(turn.agent, 'faq add');
  const [question = '', ...answerParts] = rest.split('=');
  const answer = answerParts.join('=').trim();
  if (!question.trim() || !answer) throw new HelpDeskError('COMMAND.USAGE', { usage: ADD_USAGE });
  const department = agent.departments[0] ?? turn.deps.settings.departments[0]!.id;
  const base = `${department}-${slug(question)}`;
  let id = base;
  for (let n = 2; turn.deps.faq.entry(id); n++) id = `${base}-${n}`;
  return save(turn, { id, department, questions: [question.trim()], answer: { [turn.locale]: answer } });
}

async function promoteTicket(turn: Turn, rest: string): Promise<Reply[]> {
  const { code } = takeCode(rest, 'faq promote CODE');
  const ticket = await loadTicket(turn.deps.store, code);
  requireWorker(turn.agent, ticket, 'faq promote');
  if (!ticket.resolution || (ticket.status !== 'resolved' && ticket.status !== 'closed')) {
    throw new HelpDeskError('FAQ.NOT_SOLVED', { code });
  }
  const id = `${ticket.department}-${code.toLowerCase()}`;
  return save(turn, { id, department: ticket.department, questions: [ticket.description], answer: { [turn.locale]: ticket.resolution } });
}

export async function faqCommand(turn: Turn, rest: string): Promise<Reply[]> {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(rest);
  const sub = match?.[1]?.toLowerCase();
  const args = match?.[2]?.trim() ?? '';
  if (sub === 'add' || sub === 'aggiungi') return addEntry(turn, args);
  if (sub === 'promote' || sub === 'promuovi') return promoteTicket(turn, args);
  throw new HelpDeskError('COMMAND.USAGE', { usage: `${ADD_USAGE} | faq promote CODE` });
}
