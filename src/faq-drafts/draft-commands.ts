// FAQ drafts from chat: `ticket faq drafts` lists those waiting, `ticket faq
// draft ID` shows one, the Approve / Edit / Dismiss buttons (or `ticket faq
// approve|dismiss|edit ID`) decide it. Only leads of the draft's department may.
import { HelpDeskError, isHelpDeskError } from '../errors.js';
import { t } from '../i18n.js';
import { reply, type Reply } from '../replies.js';
import type { CommandOf } from '../commands/command.js';
import { USAGE } from '../commands/usage.js';
import type { Agent } from '../ports/people-store.js';
import type { Turn } from '../turn.js';
import { approveDraft, dismissDraft, editDraft, loadDraft } from './decide-draft.js';
import { draftLine, draftShown } from './draft-words.js';
import { readDraftId, type FaqDraft } from './faq-draft.js';

type DraftCommand = Exclude<CommandOf<'faq'>, { sub: 'add' } | { sub: 'promote' }>;

const LISTED = 20;

type DraftErrorName = 'NOT_FOUND' | 'DECIDED' | 'CHANGED' | 'LEADS_ONLY' | 'INVALID';

/** Admins decide every draft; a lead, their departments' drafts. */
function requireLead(turn: Turn, department?: string): Agent {
  const agent = turn.agent;
  const may = !!agent && (agent.role === 'admin' || (agent.role === 'lead' && (department === undefined || agent.departments.includes(department))));
  if (!may) throw new HelpDeskError('DRAFT.LEADS_ONLY', {});
  return agent!;
}

function requireId(id: string | undefined, usage: string): string {
  if (!id?.trim()) throw new HelpDeskError('COMMAND.USAGE', { usage });
  const read = readDraftId(id);
  if (!read) throw new HelpDeskError('DRAFT.NOT_FOUND', { id: id.slice(0, 40) });
  return read;
}

async function leadsDraft(turn: Turn, id: string): Promise<FaqDraft> {
  const draft = await loadDraft(turn.deps.store, id);
  requireLead(turn, draft.department);
  return draft;
}

const who = (turn: Turn) => `${turn.from.platform}:${turn.from.userId}`;

async function run(turn: Turn, command: DraftCommand): Promise<Reply[]> {
  const { locale } = turn;
  switch (command.sub) {
    case 'drafts': {
      const agent = requireLead(turn);
      const departments = agent.role === 'admin' ? undefined : agent.departments;
      const drafts = await turn.deps.store.listDrafts({ status: 'pending', limit: LISTED, ...(departments ? { departments } : {}) });
      if (drafts.length === 0) return [reply(t(locale, 'drafts.none'))];
      return [reply([t(locale, 'drafts.list.header'), ...drafts.map((d) => draftLine(locale, d))].join('\n'))];
    }
    case 'draft':
      return [draftShown(locale, await leadsDraft(turn, requireId(command.id, USAGE.faqDraft)))];
    case 'approve': {
      const draft = await leadsDraft(turn, requireId(command.id, USAGE.faqDraft));
      const approved = await approveDraft(turn.deps, draft.id, who(turn), turn.now, command.version);
      return [reply(t(locale, 'drafts.approved', { id: approved.id, entry: approved.entryId }))];
    }
    case 'dismiss': {
      const draft = await leadsDraft(turn, requireId(command.id, USAGE.faqDraft));
      await dismissDraft(turn.deps, draft.id, who(turn), turn.now, command.version);
      return [reply(t(locale, 'drafts.dismissed', { id: draft.id }))];
    }
    case 'edit': {
      const draft = await leadsDraft(turn, requireId(command.id, USAGE.faqEdit));
      if (command.questions === undefined && command.answer === undefined) {
        return [reply(`${t(locale, 'drafts.edit.how', { id: draft.id })}\n${draftShown(locale, draft).text}`)];
      }
      const questions = command.questions?.split('|').map((q) => q.trim()).filter(Boolean);
      const edited = await editDraft(
        turn.deps,
        draft.id,
        { ...(questions?.length ? { questions } : {}), ...(command.answer ? { answer: { [draft.locale]: command.answer } } : {}) },
        turn.now,
        command.version,
      );
      return [reply(t(locale, 'drafts.edited', { id: edited.id })), draftShown(locale, edited)];
    }
  }
}

/** Draft errors read in the drafts' own words. */
export async function draftCommand(turn: Turn, command: DraftCommand): Promise<Reply[]> {
  try {
    return await run(turn, command);
  } catch (err) {
    if (!isHelpDeskError(err) || !err.code.startsWith('DRAFT.')) throw err;
    const p = err.params;
    const status = typeof p.status === 'string' && (p.status === 'approved' || p.status === 'dismissed') ? t(turn.locale, `drafts.status.${p.status}`, { by: String(p.by ?? '') }) : '';
    const key = `drafts.error.${err.code.slice('DRAFT.'.length) as DraftErrorName}` as const;
    return [{ text: t(turn.locale, key, { id: String(p.id ?? ''), status, problem: String(p.problem ?? '') }), ephemeral: true }];
  }
}
