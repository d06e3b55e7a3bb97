// The FAQ page's routes: the list and its search, the form for one entry, the
// import (checked whole, nothing written unless every entry is valid) and the
// export; after every change the desk's matcher is told at once.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { knowledgeBaseJson, type FaqEntry } from '../../../src/index.js';
import { checkFaqForm, checkImportText } from './faq-input.js';
import { blankFaqForm, faqForm, faqFormPage, faqImportPage, faqListPage, FAQ_PATH, type FaqFormState } from './faq-page.js';
import { searchFaqs, shownEntry } from './faq-search.js';
import { textField } from '../form-body.js';
import type { Lead, LeadAccess, LeadRoutesDeps } from './lead-access.js';
import { isLead } from './lead-rules.js';
import { sayCount } from './lead-words.js';
import { renderBody } from './page-parts.js';

/** A knowledge base pasted whole may be far larger than the server's usual 64 KB. */
const IMPORT_BODY_LIMIT = 5 * 1024 * 1024;
export const KB_FILE_SCRIPT = '/console/leads/assets/kb-file.js';

export function registerFaqRoutes(scope: FastifyInstance, deps: LeadRoutesDeps, access: LeadAccess): void {
  const { store, logger } = deps;
  const departments = deps.departments.map((d) => d.id);
  const { lead } = access;

  /** The stored knowledge base as the pages show it: an entry written by hand or by an older version may lack a field. */
  const storedFaqs = async (): Promise<FaqEntry[]> => (await store.listFaqs()).map(shownEntry);

  /** The desk's matcher picks the change up by itself within a moment; this only makes it the very next message. */
  async function faqChanged(): Promise<void> {
    try {
      await deps.onFaqChanged();
    } catch (err) {
      logger.warn({ err }, 'the FAQ matcher could not be refreshed at once after a lead changed the knowledge base');
    }
  }

  scope.get(FAQ_PATH, async (req, res) => {
    const l = await lead(req, res, false);
    if (!l) return res;
    const all = await storedFaqs();
    const query = textField(req.query, 'q').slice(0, 200);
    const done = textField(req.query, 'done');
    let noticeText: string | null = null;
    if (done === 'saved') noticeText = l.say('faq.done.saved', { id: textField(req.query, 'id') });
    if (done === 'imported') {
      const count = Number.parseInt(textField(req.query, 'count'), 10) || 0;
      const added = Number.parseInt(textField(req.query, 'added'), 10) || 0;
      noticeText = sayCount(l.say, 'faq.done.imported', count, { count, added, replaced: Math.max(0, count - added) });
    }
    const body = renderBody(faqListPage({ say: l.say, locale: l.locale, entries: searchFaqs(all, query), total: all.length, query, notice: noticeText }));
    return access.sendPage(res, 200, l, { active: 'faq', title: l.say('faq.title'), body });
  });

  const showFaqForm = (res: FastifyReply, l: Lead, form: FaqFormState, status = 200) => {
    const body = renderBody(faqFormPage({ say: l.say, locale: l.locale, csrf: l.csrf, departments, form }));
    const title = form.editing ? l.say('faq.editTitle', { id: form.editing }) : l.say('faq.newTitle');
    return access.sendPage(res, status, l, { active: 'faq', title, body });
  };

  scope.get(`${FAQ_PATH}/new`, async (req, res) => {
    const l = await lead(req, res, false);
    return l ? showFaqForm(res, l, blankFaqForm(departments)) : res;
  });

  scope.get(`${FAQ_PATH}/edit`, async (req, res) => {
    const l = await lead(req, res, false);
    if (!l) return res;
    const id = textField(req.query, 'id');
    const entry = (await storedFaqs()).find((e) => e.id === id);
    return entry ? showFaqForm(res, l, faqForm(entry)) : res.redirect(`${FAQ_PATH}/new`, 303);
  });

  scope.post(FAQ_PATH, async (req, res) => {
    const l = await lead(req, res, true);
    if (!l) return res;
    const editing = textField(req.body, 'editing') || null;
    const form: FaqFormState = {
      editing,
      values: {
        // An entry's id is its name in the store: an edit never renames it (the field is read-only).
        id: editing ?? textField(req.body, 'id'),
        department: textField(req.body, 'department'),
        questions: textField(req.body, 'questions'),
        it: textField(req.body, 'answer_it'),
        en: textField(req.body, 'answer_en'),
      },
      errors: new Map(),
    };
    const { entry, errors } = await checkFaqForm(l.say, form, await storedFaqs(), departments);
    if (!entry) return showFaqForm(res, l, { ...form, errors }, 422);
    await store.upsertFaqs([entry]);
    await faqChanged();
    logger.info({ by: `${l.agent.platform}:${l.agent.userId}`, entry: entry.id, added: editing === null }, 'lead saved a FAQ entry');
    return res.redirect(`${FAQ_PATH}?done=saved&id=${encodeURIComponent(entry.id)}`, 303);
  });

  scope.get(`${FAQ_PATH}/import`, async (req, res) => {
    const l = await lead(req, res, false);
    if (!l) return res;
    const body = renderBody(faqImportPage({ say: l.say, csrf: l.csrf, text: '', problems: [] }));
    return access.sendPage(res, 200, l, { active: 'faq', title: l.say('faq.importTitle'), body, scripts: [KB_FILE_SCRIPT] });
  });

  // The large body is read only for a signed-in lead: anyone else is answered before it arrives.
  const leadsOnly = async (req: FastifyRequest, res: FastifyReply) => {
    const session = await deps.gate.signedIn(req);
    if (!session || !isLead(session.agent)) return res.code(session ? 403 : 401).header('connection', 'close').send({ error: session ? 'only leads and admins import' : 'not signed in to the console' });
    return undefined;
  };

  scope.post(`${FAQ_PATH}/import`, { bodyLimit: IMPORT_BODY_LIMIT, onRequest: leadsOnly }, async (req, res) => {
    const l = await lead(req, res, true);
    if (!l) return res;
    const text = textField(req.body, 'kb');
    const stored = await storedFaqs();
    const { entries, problems } = await checkImportText(l.say, text, stored, departments);
    if (problems.length > 0) {
      // Nothing is written; what was pasted comes back as it was, with every problem named.
      const body = renderBody(faqImportPage({ say: l.say, csrf: l.csrf, text, problems }));
      return access.sendPage(res, 422, l, { active: 'faq', title: l.say('faq.importTitle'), body, scripts: [KB_FILE_SCRIPT] });
    }
    const known = new Set(stored.map((e) => e.id));
    await store.upsertFaqs(entries);
    await faqChanged();
    const added = entries.filter((e) => !known.has(e.id)).length;
    logger.info({ by: `${l.agent.platform}:${l.agent.userId}`, entries: entries.length, added }, 'lead imported FAQ entries');
    return res.redirect(`${FAQ_PATH}?done=imported&count=${entries.length}&added=${added}`, 303);
  });

  scope.get(`${FAQ_PATH}/export`, async (req, res) => {
    const l = await lead(req, res, false);
    if (!l) return res;
    return res
      .type('application/json; charset=utf-8')
      .header('content-disposition', 'attachment; filename="sportello-faq.json"')
      .header('cache-control', 'no-store')
      .send(knowledgeBaseJson(await store.listFaqs()));
  });
}
