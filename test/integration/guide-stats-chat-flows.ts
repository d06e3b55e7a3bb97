// The step figures of guided fixes, from runs made in the chat itself: twelve
// people follow the label printer's guide with buttons (some leave, some solve,
// some get stuck, some follow a branch into a ticket), and `faq stats`' figures
// and words say what each of them did, step by step. Run on SQLite and Mongo.
import { describe, expect, it } from 'vitest';
import { t } from '../../src/i18n.js';
import { guideStatsFigures, guideStatsText, MIN_REACHED_FOR_WORST, type Reply } from '../../src/index.js';
import { createTestDesk, person, type StoreEnv, type TestDesk, useStore } from '../support/desk.js';
import { LABEL_GUIDE } from './guided-fix-flows.js';

const press = (r: Reply | undefined, label: string) => {
  const found = r?.actions?.find((a) => a.label === label);
  if (!found) throw new Error(`no button "${label}" under: ${r?.text}`);
  return found.id;
};

export function runGuideStatsChatFlows(name: string, openStore: () => Promise<StoreEnv>): void {
  describe(`guided fixes' step figures from chat runs, on ${name}`, () => {
    let d: TestDesk;
    let n = 0;
    const someone = () => person(`gs${++n}`, `Person ${n}`, 'en');
    const NEXT = t('en', 'guide.action.next');
    const DONE = t('en', 'guide.action.done');
    const STUCK = t('en', 'guide.action.stuck');
    const LAST_NO = t('en', 'guide.action.lastNo');

    useStore(openStore, async ({ store }) => {
      d = await createTestDesk(store);
      await store.upsertFaqs([LABEL_GUIDE]);
      await d.deps.faq.refresh?.({ force: true });
    });

    /** One person's run: the question, then each button by its label (a label pressed twice is a retried press). */
    const follow = async (...labels: string[]) => {
      const who = someone();
      let [shown] = await d.say(who, 'the label printer prints blank labels');
      expect(shown!.text).toContain('Step 1:');
      let last: Reply | undefined = shown;
      for (const label of labels) {
        const id = press(last, label);
        [shown] = await d.press(who, id);
        if (label === DONE) await d.press(who, id);
        last = shown;
      }
    };

    it('counts who reached each step, solved, gave up, ended in a ticket or left, and names the step that fails most', async () => {
      const from = d.clock.t;
      for (let i = 0; i < 3; i++) await follow(); // left at step 1
      for (let i = 0; i < 4; i++) await follow(NEXT, 'No', DONE); // solved at step 3, the driver
      for (let i = 0; i < 3; i++) await follow(NEXT, STUCK); // stuck at step 2, the ribbon light
      for (let i = 0; i < 2; i++) await follow(NEXT, 'Yes', LAST_NO); // the branch whose path ends in a ticket

      const figures = guideStatsFigures(await d.store.guideStepCounts(), await d.store.listFaqs());
      const guide = figures.guides.find((g) => g.entryId === LABEL_GUIDE.id)!;
      expect(guide).toMatchObject({ started: 12, solved: 4, tickets: 5, left: 3 });
      expect(guide.deflection).toBeCloseTo(4 / 12);
      expect(guide.steps.map((s) => [s.n, s.stepId, s.reached, s.solved, s.stuck, s.ended, s.left])).toEqual([
        [1, 'restart', 12, 0, 0, 0, 3],
        [2, 'ribbon', 9, 0, 3, 0, 0],
        [3, 'replace', 2, 0, 0, 2, 0],
        [4, 'driver', 4, 4, 0, 0, 0],
      ]);
      // Restart and the ribbon light both lose 3 people: the earlier step is named.
      expect(figures.worst).toMatchObject({ entryId: LABEL_GUIDE.id, step: { stepId: 'restart', failed: 3, reached: 12 } });
      const text = guideStatsText('en', figures, MIN_REACHED_FOR_WORST);
      expect(text).toContain('the label printer prints blank labels (it-label-printer)\nStarted 12 · solved 4 (33.3%) · tickets 5 · left without finishing 3');
      expect(text.split('\n').at(-1)).toBe('Fails most: it-label-printer step 1 «Restart» (3 of 12)');
      // Each stuck or ended run opened its ticket.
      expect(d.counters.created).toBe(5);

      // Only what happened since a moment: three more stuck at the ribbon light make it the step that fails most.
      const later = d.clock.t + 1;
      for (let i = 0; i < 3; i++) await follow(NEXT, STUCK);
      const recent = guideStatsFigures(await d.store.guideStepCounts({ since: later, entryId: LABEL_GUIDE.id }), await d.store.listFaqs(), { minReached: 3 });
      expect(recent.guides.find((g) => g.entryId === LABEL_GUIDE.id)).toMatchObject({ started: 3, tickets: 3, worst: { stepId: 'ribbon', failed: 3, reached: 3 } });
      const all = guideStatsFigures(await d.store.guideStepCounts({ since: from }), await d.store.listFaqs());
      expect(all.worst).toMatchObject({ step: { stepId: 'ribbon', failed: 6, reached: 12 } });
    });
  });
}
