// The on-call page's routes: the rota of the lead's departments with the form to add
// an override, adding one (each wrong field said under it, as `oncall override` checks
// it) and removing one; each write redirects back to the page.
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  listOf, localTimeText, onDutyIn, overrideProblems, readOverride, rotaInForce, type Agent, type OverrideField, type Tier,
} from '../../../src/index.js';
import { field, textField } from '../form-body.js';
import type { Lead, LeadAccess, LeadRoutesDeps } from './lead-access.js';
import { blankOverrideForm, onCallPage, ONCALL_PATH, type OverrideFormField, type OverrideFormState } from './oncall-page.js';
import { renderBody } from './page-parts.js';

const TIERS: readonly Tier[] = [1, 2, 3];

/** The departments whose rota a lead manages: their own; an admin's, all of them. */
export function rotaDepartments(agent: Agent, departments: readonly string[]): string[] {
  return agent.role === 'admin' ? [...departments] : departments.filter((d) => agent.departments.includes(d));
}

export function registerOnCallRoutes(scope: FastifyInstance, deps: LeadRoutesDeps, access: LeadAccess): void {
  const { store, sla, logger } = deps;
  const all = deps.departments.map((d) => d.id);
  const zoneOf = (department: string) => sla.calendarFor(department).zone;
  const { lead } = access;

  async function show(res: FastifyReply, l: Lead, form: OverrideFormState | null, status = 200, noticeText: string | null = null) {
    const now = Date.now();
    const mine = rotaDepartments(l.agent, all);
    const departments = await Promise.all(
      mine.map(async (id) => ({
        id,
        zone: zoneOf(id),
        tiers: await Promise.all(
          TIERS.map(async (tier) => {
            const rota = await rotaInForce(store, sla, id, tier, now);
            return { rota, onDuty: onDutyIn(rota, now) };
          }),
        ),
      })),
    );
    const view = { say: l.say, locale: l.locale, csrf: l.csrf, departments, agents: await store.listAgents(), form: form ?? blankOverrideForm(mine[0] ?? ''), notice: noticeText };
    return access.sendPage(res, status, l, { active: 'oncall', title: l.say('oncall.title'), body: renderBody(onCallPage(view)) });
  }

  scope.get(ONCALL_PATH, async (req, res) => {
    const l = await lead(req, res, false);
    if (!l) return res;
    const done = textField(req.query, 'done');
    const noticeText =
      done === 'added' ? l.say('oncall.done.added', { from: textField(req.query, 'from'), to: textField(req.query, 'to') })
      : done === 'removed' ? l.say('oncall.done.removed')
      : null;
    return show(res, l, null, 200, noticeText);
  });

  scope.post(ONCALL_PATH, async (req, res) => {
    const l = await lead(req, res, true);
    if (!l) return res;
    const values: OverrideFormState['values'] = {
      department: field(req.body, 'department'),
      tier: field(req.body, 'tier'),
      from: field(req.body, 'from'),
      to: field(req.body, 'to'),
      people: field(req.body, 'people'),
      off: field(req.body, 'off'),
    };
    const errors = new Map<OverrideFormField, string>();
    const department = rotaDepartments(l.agent, all).find((d) => d === values.department);
    const tier = TIERS.find((t) => String(t) === values.tier);
    if (!department) errors.set('department', l.say('oncall.err.department'));
    if (!tier) errors.set('tier', l.say('oncall.err.tier'));
    const text = { from: values.from, to: values.to, people: listOf(values.people), off: listOf(values.off) };
    const now = Date.now();
    const zone = zoneOf(department ?? all[0] ?? '');
    for (const p of overrideProblems(text, zone, now)) {
      if (!errors.has(p.field)) errors.set(p.field, l.say(`oncall.err.${p.kind}`, { value: p.value ?? '' }));
    }
    if (department) {
      // As the CLI: someone who is not an agent of the department would leave a night with nobody to page.
      const agents = new Set((await store.listAgents({ department })).map((a) => `${a.platform}:${a.userId}`));
      for (const f of ['people', 'off'] as const satisfies readonly OverrideField[]) {
        const stranger = text[f].find((p) => !agents.has(p));
        if (stranger !== undefined && !errors.has(f)) errors.set(f, l.say('oncall.err.stranger', { value: stranger, department }));
      }
    }
    const override = errors.size === 0 ? readOverride(text, zone) : null;
    if (!department || !tier || !override?.ok) return show(res, l, { values, errors }, 422);
    const by = `${l.agent.platform}:${l.agent.userId}`;
    const saved = await store.addOnCallOverride({ department, tier, ...override.value, addedBy: by, addedAt: now });
    logger.info({ by, department, tier, override: saved.id }, 'lead added an on-call override');
    const query = new URLSearchParams({ done: 'added', from: localTimeText(saved.from, zone), to: localTimeText(saved.to, zone) });
    return res.redirect(`${ONCALL_PATH}?${query.toString()}`, 303);
  });

  scope.post(`${ONCALL_PATH}/remove`, async (req, res) => {
    const l = await lead(req, res, true);
    if (!l) return res;
    const id = field(req.body, 'id');
    const now = Date.now();
    // Only an override of the lead's own departments, still in force or to come, can go.
    const theirs = (
      await Promise.all(rotaDepartments(l.agent, all).flatMap((d) => TIERS.map((t) => store.onCallOverrides(d, t, now))))
    ).flat().find((o) => o.id === id);
    if (!theirs) return show(res, l, null, 404, l.say('oncall.gone'));
    await store.removeOnCallOverride(theirs.id);
    logger.info({ by: `${l.agent.platform}:${l.agent.userId}`, department: theirs.department, tier: theirs.tier, override: theirs.id }, 'lead removed an on-call override');
    return res.redirect(`${ONCALL_PATH}?done=removed`, 303);
  });
}
