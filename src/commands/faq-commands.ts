// Agents grow the knowledge base from chat: `ticket faq add <question> = <answer>`
// writes an entry at once; `ticket faq promote CODE` makes a solved ticket an FAQ
// draft (its question and resolution) for the department's leads to approve.
// The drafts' own commands are in src/faq-drafts/draft-commands.ts.
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
import { draftCommand } from '../faq-drafts/draft-commands.js';
import { proposeFromTicket } from '../faq-drafts/propose-drafts.js';
import { departmentName } from '../tickets/ticket-words.js';

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
  const draft = await proposeFromTicket(turn, ticket);
  if (!draft) {
    const held = (await turn.deps.store.draftedSources([code])).get(code) ?? '';
    return [reply(t(turn.locale, 'drafts.promote.already', { code, id: held }))];
  }
  return [reply(t(turn.locale, 'drafts.promoted', { code, id: draft.id, department: departmentName(turn.locale, draft.department) }))];
}

export async function faqCommand(turn: Turn, command: CommandOf<'faq'>): Promise<Reply[]> {
  if (command.sub === 'add') return addEntry(turn, command);
  if (command.sub === 'promote') return promoteTicket(turn, command);
  return draftCommand(turn, command);
}
