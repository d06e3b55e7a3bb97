// Agents grow the knowledge base from chat: `ticket faq add <question> = <answer>`
// and `ticket faq promote CODE` (a solved ticket's question and resolution).
import type { Turn } from '../turn.js';
import { HelpDeskError } from '../errors.js';
import { KnowledgeBaseError, readFaqEntry } from '../faq/knowledge-base.js';
import { words } from '../faq/normalise.js';
import { t } from '../i18n.js';
import type { FaqEntry } from '../ports/faq-matcher.js';
import { reply, type Reply } from '../replies.js';
import { loadTicket } from '../tickets/change-ticket.js';
import { requireAgent, requireWorker } from '../tickets/permissions.js';
import type { CommandOf } from './command.js';
import { requireCode } from './require-code.js';
import { USAGE } from './usage.js';

function slug(text: string): string {
  return words(text).slice(0, 6).join('-').slice(0, 60) || 'entry';
}

async function save(turn: Turn, entry: FaqEntry): Promise<Reply[]> {
  // The rules of a knowledge base file: an entry the matcher could never reach, or would leave out, is not added.
  try {
    readFaqEntry(entry, 0);
  } catch (err) {
    if (err instanceof KnowledgeBaseError) throw new HelpDeskError('FAQ.NOT_AN_ENTRY', {}, { cause: err });
    throw err;
  }
  await turn.deps.store.upsertFaqs([entry]);
  await turn.deps.faq.refresh?.({ force: true });
  return [reply(t(turn.locale, 'faq.added', { id: entry.id }))];
}

async function addEntry(turn: Turn, command: CommandOf<'faq'> & { sub: 'add' }): Promise<Reply[]> {
  const agent = requireAgent(turn.agent, 'faq add');
  const question = command.question.trim();
  const answer = command.answer.trim();
  if (!question || !answer) throw new HelpDeskError('COMMAND.USAGE', { usage: USAGE.faqAdd });
  const department = agent.departments[0] ?? turn.deps.settings.departments[0]!.id;
  const base = `${department}-${slug(question)}`;
  let id = base;
  for (let n = 2; turn.deps.faq.entry(id); n++) id = `${base}-${n}`;
  return save(turn, { id, department, questions: [question], answer: { [turn.locale]: answer } });
}

async function promoteTicket(turn: Turn, command: CommandOf<'faq'> & { sub: 'promote' }): Promise<Reply[]> {
  const code = requireCode(command.code, USAGE.faqPromote);
  const ticket = await loadTicket(turn.deps.store, code);
  requireWorker(turn.agent, ticket, 'faq promote');
  if (!ticket.resolution || (ticket.status !== 'resolved' && ticket.status !== 'closed')) {
    throw new HelpDeskError('FAQ.NOT_SOLVED', { code });
  }
  const id = `${ticket.department}-${code.toLowerCase()}`;
  return save(turn, { id, department: ticket.department, questions: [ticket.description], answer: { [turn.locale]: ticket.resolution } });
}

export async function faqCommand(turn: Turn, command: CommandOf<'faq'>): Promise<Reply[]> {
  return command.sub === 'add' ? addEntry(turn, command) : promoteTicket(turn, command);
}
