// The FAQ drafts page's routes: the list by status, approve and dismiss (each
// against the version the lead saw), and the edit form. Leads see and decide
// their departments' drafts; admins every one. After an approval the desk's
// matcher is told at once, so the entry answers from the next message.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { approveDraft, DRAFT_STATUSES, dismissDraft, editDraft, isHelpDeskError, loadDraft, readDraftId, type DraftStatus, type FaqDraft } from '../../../src/index.js';
import { textField } from '../form-body.js';
import { draftFormPage, draftListPage, DRAFTS_PATH } from './drafts-page.js';
import type { Lead, LeadAccess, LeadRoutesDeps } from './lead-access.js';
import { renderBody } from './page-parts.js';

const LISTED = 100;

type DraftError = 'NOT_FOUND' | 'DECIDED' | 'CHANGED' | 'LEADS_ONLY' | 'INVALID';
const mayDecide = (l: Lead, d: FaqDraft) => l.agent.role === 'admin' || l.agent.departments.includes(d.department);

export function registerDraftRoutes(scope: FastifyInstance, deps: LeadRoutesDeps, access: LeadAccess): void {
  const { store, logger } = deps;
  const { lead } = access;
  const draftDeps = {
    store,
    faq: {
      refresh: async () => {
        try {
          await deps.onFaqChanged();
        } catch (err) {
          logger.warn({ err }, 'the FAQ matcher could not be refreshed at once after a lead approved a draft');
        }
      },
    },
  };

  /** What went wrong with a draft, in the lead's words; anything else is not ours to word. */
  const problemOf = (l: Lead, err: unknown): string => {
    if (!isHelpDeskError(err) || !err.code.startsWith('DRAFT.')) throw err;
    const name = err.code.slice('DRAFT.'.length) as DraftError;
    return l.say(`drafts.err.${name}`, { id: String(err.params.id ?? ''), problem: String(err.params.problem ?? '') });
  };

  async function showList(res: FastifyReply, l: Lead, status: DraftStatus, noticeText: string | null, problem: string | null, code = 200) {
    const departments = l.agent.role === 'admin' ? undefined : l.agent.departments;
    const drafts = await store.listDrafts({ status, limit: LISTED, ...(departments ? { departments } : {}) });
    const body = renderBody(draftListPage({ say: l.say, locale: l.locale, csrf: l.csrf, status, drafts, notice: noticeText, problem }));
    return access.sendPage(res, code, l, { active: 'faq', title: l.say('drafts.title'), body });
  }

  scope.get(DRAFTS_PATH, async (req, res) => {
    const l = await lead(req, res, false);
    if (!l) return res;
    const asked = textField(req.query, 'status');
    const status: DraftStatus = (DRAFT_STATUSES as readonly string[]).includes(asked) ? (asked as DraftStatus) : 'pending';
    const done = textField(req.query, 'done');
    const id = textField(req.query, 'id').slice(0, 80);
    let noticeText: string | null = null;
    if (done === 'approved') noticeText = l.say('drafts.done.approved', { id, entry: textField(req.query, 'entry').slice(0, 120) });
    if (done === 'dismissed') noticeText = l.say('drafts.done.dismissed', { id });
    if (done === 'edited') noticeText = l.say('drafts.done.edited', { id });
    return showList(res, l, status, noticeText, null);
  });

  /** The draft a form names, when this lead may decide it; otherwise the list says why, and null. */
  async function formDraft(res: FastifyReply, l: Lead, body: unknown): Promise<{ draft: FaqDraft; version: number } | null> {
    const id = readDraftId(textField(body, 'id'));
    const version = Number.parseInt(textField(body, 'version'), 10);
    try {
      const draft = await loadDraft(store, id ?? '');
      if (!mayDecide(l, draft)) {
        await showList(res, l, 'pending', null, l.say('drafts.err.LEADS_ONLY', { id: draft.id }), 403);
        return null;
      }
      return { draft, version: Number.isInteger(version) ? version : -1 };
    } catch (err) {
      await showList(res, l, 'pending', null, problemOf(l, err), 404);
      return null;
    }
  }

  for (const verb of ['approve', 'dismiss'] as const) {
    scope.post(`${DRAFTS_PATH}/${verb}`, async (req, res) => {
      const l = await lead(req, res, true);
      if (!l) return res;
      const found = await formDraft(res, l, req.body);
      if (!found) return res;
      const by = `${l.agent.platform}:${l.agent.userId}`;
      try {
        const decided =
          verb === 'approve'
            ? await approveDraft(draftDeps, found.draft.id, by, Date.now(), found.version)
            : await dismissDraft(draftDeps, found.draft.id, by, Date.now(), found.version);
        logger.info({ by, draft: decided.id, decision: decided.status }, 'lead decided an FAQ draft');
        const entry = verb === 'approve' ? `&entry=${encodeURIComponent(decided.entryId)}` : '';
        return res.redirect(`${DRAFTS_PATH}?done=${decided.status}&id=${encodeURIComponent(decided.id)}${entry}`, 303);
      } catch (err) {
        return showList(res, l, 'pending', null, problemOf(l, err), 409);
      }
    });
  }

  const showForm = (res: FastifyReply, l: Lead, draft: FaqDraft, values: { questions: string; it: string; en: string }, problem: string | null, code = 200) => {
    const body = renderBody(draftFormPage({ say: l.say, csrf: l.csrf, draft, values, problem }));
    return access.sendPage(res, code, l, { active: 'faq', title: l.say('drafts.editTitle', { id: draft.id }), body });
  };

  scope.get(`${DRAFTS_PATH}/edit`, async (req, res) => {
    const l = await lead(req, res, false);
    if (!l) return res;
    const found = await formDraft(res, l, req.query);
    if (!found) return res;
    const { draft } = found;
    return showForm(res, l, draft, { questions: draft.questions.join('\n'), it: draft.answer.it ?? '', en: draft.answer.en ?? '' }, null);
  });

  scope.post(`${DRAFTS_PATH}/edit`, async (req, res) => {
    const l = await lead(req, res, true);
    if (!l) return res;
    const found = await formDraft(res, l, req.body);
    if (!found) return res;
    const values = { questions: textField(req.body, 'questions'), it: textField(req.body, 'answer_it'), en: textField(req.body, 'answer_en') };
    try {
      const edited = await editDraft(draftDeps, found.draft.id, { questions: values.questions.split('\n'), answer: { it: values.it, en: values.en } }, Date.now(), found.version);
      return res.redirect(`${DRAFTS_PATH}?done=edited&id=${encodeURIComponent(edited.id)}`, 303);
    } catch (err) {
      // What was typed comes back as it was, with what is wrong.
      return showForm(res, l, found.draft, values, problemOf(l, err), 422);
    }
  });
}
