// Guided fixes through HelpDesk on a real store (SQLite and Mongo): one step at
// a time, a branch, solved (a deflection), stuck (a ticket that carries the
// steps), leaving and coming back, typed answers the way people write them.
import { describe, expect, it } from 'vitest';
import { t } from '../../src/i18n.js';
import type { FaqEntry } from '../../src/ports/faq-matcher.js';
import type { Reply } from '../../src/replies.js';
import { createTestDesk, person, type TestDesk, useStore, type StoreEnv } from '../support/desk.js';
import { pngBytes } from '../support/sample-files.js';

/** A guide of our own on a topic the sample KB does not cover, so the sample's entries cannot take its questions. */
export const LABEL_GUIDE: FaqEntry = {
  id: 'it-label-printer',
  department: 'facilities',
  questions: [
    'the label printer prints blank labels',
    'label maker gives out empty white labels',
    "l'etichettatrice stampa etichette vuote",
    'etichettatrice etichette bianche senza scritte',
  ],
  answer: { it: 'Riavvia l\'etichettatrice, controlla il nastro e reinstalla il driver.', en: 'Restart the label printer, check the ribbon and reinstall the driver.' },
  steps: [
    { id: 'restart', title: { it: 'Riavvio', en: 'Restart' }, text: { it: 'Spegni l\'etichettatrice, attendi 10 secondi e riaccendila.', en: 'Switch the label printer off, wait 10 seconds and switch it on.' } },
    {
      id: 'ribbon',
      title: { it: 'Spia nastro', en: 'Ribbon light' },
      text: { it: 'Guarda la spia accanto al tasto di accensione.', en: 'Look at the light next to the power button.' },
      ask: { it: 'La spia è rossa?', en: 'Is the light red?' },
      choices: [
        { label: { it: 'Sì', en: 'Yes' }, next: 'replace' },
        { label: { it: 'No', en: 'No' }, next: 'driver' },
      ],
    },
    { id: 'replace', title: { it: 'Cambio nastro', en: 'New ribbon' }, text: { it: 'Il nastro è finito: mettine uno nuovo dall\'armadio della posta.', en: 'The ribbon is empty: fit a new one from the mail-room cupboard.' }, next: 'ticket' },
    { id: 'driver', title: { it: 'Driver', en: 'Driver' }, text: { it: 'Reinstalla il driver dal Portale Software.', en: 'Reinstall the driver from the Software Portal.' } },
  ],
};

const labelOf = (r: Reply | undefined, label: string) => {
  const found = r?.actions?.find((a) => a.label === label);
  if (!found) throw new Error(`no button "${label}" under: ${r?.text} [${r?.actions?.map((a) => a.label).join(' | ')}]`);
  return found.id;
};

export function runGuidedFixFlows(name: string, openStore: () => Promise<StoreEnv>): void {
  describe(`guided fixes, on ${name}`, () => {
    let d: TestDesk;
    let n = 0;
    const someone = (locale: 'it' | 'en') => person(`gf${++n}`, `Guided ${n}`, locale);
    const ticketsOf = async (who: { userId: string }) => d.store.byRequester('web', who.userId, { limit: 50 });
    const marks = async () => {
      const counts = await d.store.guideStepCounts({ entryId: LABEL_GUIDE.id });
      return Object.fromEntries(counts.map((c) => [c.stepId, { reached: c.reached, solved: c.solved, moved: c.moved, stuck: c.stuck, ended: c.ended }]));
    };

    useStore(openStore, async ({ store }) => {
      d = await createTestDesk(store);
      await store.upsertFaqs([LABEL_GUIDE]);
      await d.deps.faq.refresh?.({ force: true });
    });

    it('walks the person through one step at a time; solved at step 2 is a deflection, with no ticket', async () => {
      const ada = someone('en');
      const before = d.counters.deflected;
      const [first] = await d.say(ada, 'my label printer prints blank labels');
      expect(first!.text).toContain('Step 1: Switch the label printer off, wait 10 seconds and switch it on.');
      expect(first!.actions!.map((a) => a.label)).toEqual([t('en', 'guide.action.done'), t('en', 'guide.action.next'), t('en', 'guide.action.stuck')]);
      const [second] = await d.press(ada, labelOf(first, t('en', 'guide.action.next')));
      expect(second!.text).toContain('Step 2: Look at the light next to the power button.');
      expect(second!.text).toContain('Is the light red?');
      expect(second!.actions!.map((a) => a.label)).toEqual(['Yes', 'No', t('en', 'guide.action.stuck')]);
      // Typed, the way people answer: "no" picks the choice labelled No.
      const [third] = await d.say(ada, 'no');
      expect(third!.text).toContain('Step 3: Reinstall the driver from the Software Portal.');
      // The last thing to try: "Didn't help" is the ticket itself.
      expect(third!.actions!.map((a) => a.label)).toEqual([t('en', 'guide.action.done'), t('en', 'guide.action.lastNo')]);
      const [done] = await d.press(ada, labelOf(third, t('en', 'guide.action.done')));
      expect(done!.text).toBe(t('en', 'guide.solved', { n: 3 }));
      expect(d.counters.deflected).toBe(before + 1);
      expect(await ticketsOf(ada)).toHaveLength(0);

      const bo = someone('it');
      const [uno] = await d.say(bo, "l'etichettatrice stampa etichette vuote");
      expect(uno!.text).toContain('Passo 1: Spegni');
      const [due] = await d.press(bo, labelOf(uno, t('it', 'guide.action.next')));
      expect(due!.text).toContain('La spia è rossa?');
      // A double tap on the step already answered moves nothing on.
      const [again] = await d.press(bo, labelOf(uno, t('it', 'guide.action.next')));
      expect(again!.text).toContain(t('it', 'guide.behind'));
      expect(again!.text).toContain('passo 2, Spia nastro');
      // "funziona!! grazie" on a question step: none of its answers, so the guide asks for one.
      const [ok] = await d.press(bo, labelOf(due, 'No'));
      const [fixed] = await d.say(bo, 'ora funziona!! grazie');
      expect(fixed!.text).toBe(t('it', 'guide.solved', { n: 3 }));
      expect(ok!.text).toContain('Passo 3');
      expect(d.counters.deflected).toBe(before + 2);
      expect(await marks()).toMatchObject({
        restart: { reached: 2, moved: 2, solved: 0 },
        ribbon: { reached: 2, moved: 2 },
        driver: { reached: 2, solved: 2 },
      });
    });

    it('a branch taken, then stuck: the ticket opens in the guide\'s department and carries every step and answer', async () => {
      const cy = someone('en');
      const [s1] = await d.say(cy, 'label maker gives out empty white labels again');
      const [s2] = await d.press(cy, labelOf(s1, t('en', 'guide.action.next')));
      const [s3] = await d.press(cy, labelOf(s2, 'Yes'));
      expect(s3!.text).toContain('Step 3: The ribbon is empty');
      const [opened] = await d.press(cy, labelOf(s3, t('en', 'guide.action.lastNo')));
      expect(opened!.ticket).toMatchObject({ department: 'facilities', status: 'open' });
      expect(opened!.text).toContain(t('en', 'guide.ticketCarries', { n: 3 }));
      const [ticket] = await ticketsOf(cy);
      expect(ticket!.faqTried).toBe(LABEL_GUIDE.id);
      expect(ticket!.guide).toMatchObject({ entryId: LABEL_GUIDE.id, how: 'ended' });
      expect(ticket!.guide!.steps.map((s) => s.id)).toEqual(['restart', 'ribbon', 'replace']);
      expect(ticket!.guide!.steps[1]!.answer).toEqual({ it: 'Sì', en: 'Yes' });
      // The agents' card says what was tried, so the first answer does not ask it again.
      const card = d.teamInbox('facilities').find((r) => r.text.includes(ticket!.code));
      expect(card!.text).toContain('Tried with the guide “the label printer prints blank labels”: Restart, Ribbon light: Yes, New ribbon — the guide ends in a ticket at step 3 (New ribbon)');
      // And so does the transcript, for the requester too.
      const [status] = await d.say(cy, `ticket status ${ticket!.code}`);
      expect(status!.text).toContain('Tried with the guide');
      expect(await marks()).toMatchObject({ replace: { reached: 1, ended: 1 } });
    });

    it('"I\'m stuck" at step 2 opens the ticket with what was typed meanwhile, and no clarifying question', async () => {
      const di = someone('it');
      await d.say(di, 'etichettatrice etichette bianche senza scritte');
      const [s2] = await d.say(di, 'no non va ancora');
      expect(s2!.text).toContain('Passo 2');
      // Words that answer no step and ask nothing the FAQ knows: kept, and the guide offered back.
      const [noted] = await d.say(di, 'la spia lampeggia arancione e fa un bip');
      expect(noted!.text).toContain(t('it', 'guide.noted'));
      const [s2again] = await d.press(di, labelOf(noted, t('it', 'guide.action.resume')));
      expect(s2again!.text).toContain('Passo 2');
      const [opened] = await d.press(di, labelOf(s2again, t('it', 'guide.action.stuck')));
      expect(opened!.ticket).toMatchObject({ department: 'facilities' });
      const [ticket] = await ticketsOf(di);
      expect(ticket!.description).toBe('etichettatrice etichette bianche senza scritte\nla spia lampeggia arancione e fa un bip');
      expect(ticket!.guide).toMatchObject({ how: 'stuck' });
      expect(ticket!.guide!.steps.map((s) => s.id)).toEqual(['restart', 'ribbon']);
      const card = d.teamInbox('facilities').find((r) => r.text.includes(ticket!.code));
      expect(card!.text).toContain('stuck at step 2 (Ribbon light)');
    });

    it('leaving and coming back: ticket help, a greeting, or a stale button offer the guide where it stopped', async () => {
      const ed = someone('en');
      const [s1] = await d.say(ed, 'the label printer prints blank labels');
      const [s2] = await d.press(ed, labelOf(s1, t('en', 'guide.action.next')));
      expect(s2!.text).toContain('Step 2');
      d.clock.t += 3 * 3600_000;
      const [back, usage] = await d.say(ed, 'ticket help');
      expect(back!.text).toMatch(/^You were fixing “.+”: step 2, Ribbon light\.$/);
      expect(usage!.text).toContain('ticket new');
      const [resumed] = await d.press(ed, labelOf(back, t('en', 'guide.action.resume')));
      expect(resumed!.text).toContain('Step 2: Look at the light');
      d.clock.t += 3600_000;
      const [hello] = await d.say(ed, 'hi there');
      expect(hello!.text).toContain('Ribbon light');
      const [over] = await d.press(ed, labelOf(hello, t('en', 'guide.action.restart')));
      expect(over!.text).toContain('Step 1: Switch the label printer off');
      // A different question the FAQ answers on its own: that answer; the guide waits.
      const [other] = await d.say(ed, 'My account is locked');
      expect(other!.text).not.toContain('Step');
      expect(other!.text).toContain('password');
      const [later] = await d.say(ed, 'ticket help');
      expect(later!.text).toContain('step 1, Restart');
      // The same question again: the guide where it stands, not a second one.
      const [same] = await d.say(ed, 'my label printer prints blank labels');
      expect(same!.text).toContain('step 1, Restart');
      expect(same!.actions!.map((a) => a.label)).toContain(t('en', 'guide.action.resume'));
      // A day later the guide is gone: greetings are just greetings.
      d.clock.t += 25 * 3600_000;
      const [hi] = await d.say(ed, 'hello');
      expect(hi!.actions ?? []).toHaveLength(0);
    });

    it('"It\'s something else": the words start a request of their own, and the guide stays to come back to', async () => {
      const fo = someone('en');
      await d.say(fo, 'the label printer prints blank labels');
      const [noted] = await d.say(fo, 'also the coffee machine on floor 3 leaks water on the floor');
      const [elsewhere] = await d.press(fo, labelOf(noted, t('en', 'guide.action.else')));
      // A ticket of its own (this desk opens at once), without the guide's trail.
      expect(elsewhere!.ticket).toBeDefined();
      const [ticket] = await ticketsOf(fo);
      expect(ticket!.guide).toBeUndefined();
      expect(ticket!.description).toBe('also the coffee machine on floor 3 leaks water on the floor');
      const [back] = await d.say(fo, 'ticket help');
      expect(back!.text).toContain('step 1, Restart');
    });

    it('typed answers in both languages: "fatto" asks whether it worked, "stuck" opens the ticket', async () => {
      const gi = someone('it');
      await d.say(gi, "l'etichettatrice stampa etichette vuote");
      const [asked] = await d.say(gi, 'fatto');
      expect(asked!.text).toContain(t('it', 'guide.didItWork'));
      expect(asked!.text).toContain('Passo 1');
      const [s2] = await d.say(gi, 'nope, still blank');
      expect(s2!.text).toContain('Passo 2');
      const [opened] = await d.say(gi, 'sono bloccato');
      expect(opened!.ticket).toMatchObject({ department: 'facilities' });
    });

    it('a screenshot sent mid-guide ends it in a ticket that carries the picture, the words and the steps', async () => {
      const ivo = someone('en');
      const [s1] = await d.say(ivo, 'the label printer prints blank labels');
      await d.press(ivo, labelOf(s1, t('en', 'guide.action.next')));
      const accepted = await d.deps.files!.accept({ name: 'light.png', bytes: pngBytes() });
      if (!accepted.ok) throw new Error('the sample picture was refused');
      const [opened] = await d.handle({ kind: 'message', channel: 'web', from: ivo, text: 'this is the light', files: [accepted.file] });
      expect(opened!.ticket).toMatchObject({ department: 'facilities' });
      const [ticket] = await ticketsOf(ivo);
      expect(ticket!.guide!.steps.map((s) => s.id)).toEqual(['restart', 'ribbon']);
      expect(ticket!.files!.map((f) => f.name)).toEqual(['light.png']);
      expect(ticket!.description).toContain('this is the light');
    });

    it('past the hourly ticket limit, "I\'m stuck" is refused and the step stays where it was', async () => {
      const limited = await createTestDesk(d.store, { settings: { ticketsPerHour: 1 } });
      const stuckBefore = (await d.store.guideStepCounts({ entryId: LABEL_GUIDE.id })).reduce((n, c) => n + c.stuck, 0);
      const jo = someone('en');
      const [first] = await limited.run(jo, { verb: 'new', text: 'my monitor flickers all the time since this morning' });
      // Cancelled, so the question below is not taken as a follow-up on it; it still counts towards the hour.
      await limited.run(jo, { verb: 'cancel', code: first!.ticket!.code });
      const [s1] = await limited.say(jo, 'the label printer prints blank labels');
      const [refused] = await limited.press(jo, labelOf(s1, t('en', 'guide.action.stuck')));
      expect(refused!.text).toMatch(/^Ticket not opened: you have opened 1 /);
      expect(refused!.ticket).toBeUndefined();
      expect(await ticketsOf(jo)).toHaveLength(1);
      const [back] = await limited.say(jo, 'ticket help');
      expect(back!.text).toContain('step 1, Restart');
      const counts = await d.store.guideStepCounts({ entryId: LABEL_GUIDE.id });
      expect(counts.reduce((n, c) => n + c.stuck, 0)).toBe(stuckBefore);
    });

    it('a new problem typed mid-guide is not taken for the step: the FAQ answers it, or the person chooses, words kept', async () => {
      const ka = someone('en');
      await d.say(ka, 'the label printer prints blank labels');
      // "can't" would read as "I'm stuck", but the FAQ knows this question on its own.
      const [password] = await d.say(ka, "my account is locked and I can't log in");
      expect(password!.text).not.toContain('Step');
      expect(await ticketsOf(ka)).toHaveLength(0);
      // One the FAQ does not know: kept, and the person chooses (no ticket opens in the guide's department by itself).
      const [asked] = await d.say(ka, 'any news on my other ticket about the chair');
      expect(asked!.text).toContain(t('en', 'guide.noted'));
      expect(asked!.actions!.map((a) => a.label)).toContain(t('en', 'guide.action.else'));
      expect(await ticketsOf(ka)).toHaveLength(0);
      // "no, and now …" moves on and keeps the detail for the ticket.
      const [s2] = await d.say(ka, 'no, and now the display shows E42');
      expect(s2!.text).toContain('Step 2');
      const [opened] = await d.press(ka, labelOf(s2, t('en', 'guide.action.stuck')));
      expect(opened!.ticket).toBeDefined();
      const [ticket] = await ticketsOf(ka);
      expect(ticket!.description).toContain('no, and now the display shows E42');
    });

    it('a guide edited while someone follows it: "Done" ends well, other presses start it over; a choice it no longer has asks again', async () => {
      const lu = someone('en');
      const [s1] = await d.say(lu, 'the label printer prints blank labels');
      const [s2] = await d.press(lu, labelOf(s1, t('en', 'guide.action.next')));
      // A forged (or since removed) third choice: the step is asked again, and the guide goes on.
      const pick = labelOf(s2, 'Yes').replace(/_0$/, '_7');
      const [again] = await d.press(lu, pick);
      expect(again!.text).toContain(t('en', 'guide.pickOne'));
      expect(again!.text).toContain('Is the light red?');
      // The step ids change under the person.
      const renamed = { ...LABEL_GUIDE, steps: LABEL_GUIDE.steps!.map((st) => ({ ...st, id: `v2-${st.id}`, ...(st.next ? { next: st.next } : {}), ...(st.choices ? { choices: st.choices.map((c) => ({ ...c, next: c.next === 'ticket' || c.next === 'solved' ? c.next : `v2-${c.next}` })) } : {}) })) };
      await d.store.upsertFaqs([renamed]);
      await d.deps.faq.refresh?.({ force: true });
      const [fresh] = await d.press(lu, labelOf(again, 'No'));
      expect(fresh!.text).toContain(t('en', 'guide.changed'));
      expect(fresh!.text).toContain('Step 1');
      await d.store.upsertFaqs([{ ...renamed, steps: renamed.steps.map((st) => ({ ...st, id: `v3-${st.id.slice(3)}`, ...(st.choices ? { choices: st.choices.map((c) => ({ ...c, next: c.next.startsWith('v2-') ? `v3-${c.next.slice(3)}` : c.next })) } : {}) })) }]);
      await d.deps.faq.refresh?.({ force: true });
      const [thanks] = await d.press(lu, labelOf(fresh, t('en', 'guide.action.done')));
      expect(thanks!.text).toBe(t('en', 'faq.thanks'));
      expect(await ticketsOf(lu)).toHaveLength(0);
      await d.store.upsertFaqs([LABEL_GUIDE]);
      await d.deps.faq.refresh?.({ force: true });
    });

    it('a guide step\'s offer is no FAQ answer: "Yes, solved" forged on it is refused and the guide goes on', async () => {
      const mo = someone('en');
      const [s1] = await d.say(mo, 'the label printer prints blank labels');
      const offer = labelOf(s1, t('en', 'guide.action.next')).slice('guide-next:'.length);
      const deflected = d.counters.deflected;
      const [refused] = await d.press(mo, `faq-yes:${offer}`);
      expect(refused!.text).toBe(t('en', 'error.OFFER.GONE'));
      expect(d.counters.deflected).toBe(deflected);
    });

    it('a pick among "did you mean" starts the guide too', async () => {
      const hu = someone('en');
      const offer = { id: `pick-${++n}`, requester: hu, text: 'labels come out weird', faqId: LABEL_GUIDE.id, choices: [LABEL_GUIDE.id, 'it-password-reset'], createdAt: d.clock.t };
      await d.store.saveOffer(offer);
      const [first] = await d.press(hu, `faq-pick:${offer.id}_0`);
      expect(first!.text).toContain('Step 1: Switch the label printer off');
    });
  });
}
