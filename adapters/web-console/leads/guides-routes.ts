// The guides page's route: the step figures of every guided entry, for the window asked (a GET form).
import type { FastifyInstance } from 'fastify';
import { guideStatsFigures, MIN_REACHED_FOR_WORST } from '../../../src/index.js';
import { textField } from '../form-body.js';
import { GUIDE_SINCE_CHOICES, GUIDES_PATH, guidesPage } from './guides-page.js';
import type { LeadAccess, LeadRoutesDeps } from './lead-access.js';
import { renderBody } from './page-parts.js';

const DAY = 86_400_000;

/** One of the offered windows, in days; anything else: every mark. */
function readSinceDays(query: unknown): number | null {
  const days = Number(/^(\d+)d$/.exec(textField(query, 'since'))?.[1]);
  return (GUIDE_SINCE_CHOICES as readonly number[]).includes(days) ? days : null;
}

export function registerGuideRoutes(scope: FastifyInstance, deps: LeadRoutesDeps, access: LeadAccess): void {
  const { store } = deps;
  scope.get(GUIDES_PATH, async (req, res) => {
    const l = await access.lead(req, res, false);
    if (!l) return res;
    const since = readSinceDays(req.query);
    const counts = await store.guideStepCounts(since === null ? {} : { since: Date.now() - since * DAY });
    const figures = guideStatsFigures(counts, await store.listFaqs());
    const body = renderBody(guidesPage({ say: l.say, locale: l.locale, figures, since, minReached: MIN_REACHED_FOR_WORST }));
    return access.sendPage(res, 200, l, { active: 'faq', title: l.say('guides.title'), body });
  });
}
