// A draft as leads read it in chat: what it proposes, where it comes from, and
// the buttons that decide it. The buttons carry the version shown, so a press on
// a draft edited since is refused rather than approving words nobody read.
import type { Locale } from '../events.js';
import { t } from '../i18n.js';
import { reply, type Reply, type ReplyAction } from '../replies.js';
import { departmentName } from '../tickets/ticket-words.js';
import type { FaqDraft } from './faq-draft.js';

/** Button verbs, read back in command-from-action.ts: `draft-ok:d-it-12_3`. */
export const DRAFT_BUTTONS = { approve: 'draft-ok', edit: 'draft-edit', dismiss: 'draft-no' } as const;

const SHOWN_SOURCES = 6;

export function draftActions(locale: Locale, draft: FaqDraft): ReplyAction[] {
  if (draft.status !== 'pending') return [];
  const arg = `${draft.id}_${draft.version}`;
  return [
    { id: `${DRAFT_BUTTONS.approve}:${arg}`, label: t(locale, 'drafts.action.approve') },
    { id: `${DRAFT_BUTTONS.edit}:${arg}`, label: t(locale, 'drafts.action.edit') },
    { id: `${DRAFT_BUTTONS.dismiss}:${arg}`, label: t(locale, 'drafts.action.dismiss') },
  ];
}

export function sourcesWords(draft: FaqDraft): string {
  const shown = draft.sources.slice(0, SHOWN_SOURCES).join(', ');
  return draft.sources.length > SHOWN_SOURCES ? `${shown} +${draft.sources.length - SHOWN_SOURCES}` : shown;
}

/** The questions and answers, in full: what approving it would put in the FAQ. */
export function draftBody(locale: Locale, draft: FaqDraft): string {
  const answers = (['it', 'en'] as const)
    .filter((l) => draft.answer[l])
    .map((l) => t(locale, 'drafts.body.answer', { language: t(locale, `drafts.language.${l}`), answer: draft.answer[l]! }));
  const missing = (['it', 'en'] as const).filter((l) => !draft.answer[l]).map((l) => t(locale, 'drafts.body.missing', { language: t(locale, `drafts.language.${l}`) }));
  return [t(locale, 'drafts.body.questions'), ...draft.questions.map((q) => `• ${q}`), ...answers, ...missing].join('\n');
}

export function draftStatusWords(locale: Locale, draft: FaqDraft): string {
  return t(locale, `drafts.status.${draft.status}`, { by: draft.decidedBy ?? '' });
}

/** The message that tells a lead of a new draft. `by`: whoever promoted a ticket into it (absent: the daily job). */
export function draftNotice(locale: Locale, draft: FaqDraft, by?: string): Reply {
  const words = { id: draft.id, department: departmentName(locale, draft.department), count: draft.sources.length, sources: sourcesWords(draft), name: by ?? '' };
  const head = by ? t(locale, 'drafts.notice.promoted', words) : t(locale, 'drafts.notice', words);
  return reply(`${head}\n${draftBody(locale, draft)}`, undefined, draftActions(locale, draft));
}

/** One draft in full, for `ticket faq draft ID`. */
export function draftShown(locale: Locale, draft: FaqDraft): Reply {
  const head = t(locale, 'drafts.show', { id: draft.id, department: departmentName(locale, draft.department), status: draftStatusWords(locale, draft), sources: sourcesWords(draft) });
  return reply(`${head}\n${draftBody(locale, draft)}`, undefined, draftActions(locale, draft));
}

export function draftLine(locale: Locale, draft: FaqDraft): string {
  return t(locale, 'drafts.list.line', { id: draft.id, department: departmentName(locale, draft.department), count: draft.sources.length, question: draft.questions[0] ?? '' });
}
