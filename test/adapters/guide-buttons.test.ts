// A guided fix's steps as each platform draws them: the desk's own replies (a
// step to try with 3 buttons, a question with 4 answers and "I'm stuck": 5
// buttons, the resume offer with 4), rendered for Slack, Teams and Discord,
// must be native buttons within each platform's limits, every one of them
// kept, and each button's id must come back as the command the desk made it
// for. The ids are the UUIDs the running desk makes, the longest they get.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionFromButton, renderMessage } from '../../adapters/channels/discord/render-message.js';
import { renderReply as slackReply } from '../../adapters/channels/slack/render-reply.js';
import { renderReply as teamsReply } from '../../adapters/channels/teams/render-reply.js';
import { actionIdOf } from '../../adapters/channels/teams/to-inbound-event.js';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { commandFromAction, type Reply } from '../../src/index.js';
import { t } from '../../src/i18n.js';
import { createTestDesk, person, type TestDesk } from '../support/desk.js';
import { DOCK_GUIDE, long } from '../support/guides.js';
import { DISCORD, adaptiveCardProblems, blockKitProblems, discordProblems } from '../support/payload-limits.js';

describe('guided fix buttons on Slack, Teams and Discord', () => {
  let dir: string;
  let d: TestDesk;
  let step: Reply;
  let question: Reply;
  let resume: Reply;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sportello-guide-buttons-'));
    d = await createTestDesk(createSqliteStore({ file: join(dir, 'sportello.db') }));
    // As the running desk makes them.
    d.deps.newId = randomUUID;
    await d.store.upsertFaqs([DOCK_GUIDE]);
    await d.deps.faq.refresh?.({ force: true });
    const ada = person('gb1', 'Ada', 'it');
    step = (await d.say(ada, 'la docking station non mostra gli schermi esterni'))[0]!;
    const second = (await d.press(ada, step.actions!.find((a) => a.id.startsWith('guide-next:'))!.id))[0]!;
    question = (await d.press(ada, second.actions!.find((a) => a.id.startsWith('guide-next:'))!.id))[0]!;
    // Something that answers no step: kept, and the guide offered back with "It's something else" too.
    resume = (await d.say(ada, 'il portatile è un modello nuovo arrivato ieri dal magazzino centrale'))[0]!;
  });
  afterAll(async () => {
    await d?.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the desk offers 3, 5 and 4 buttons with UUID offers', () => {
    expect(step.actions!.map((a) => a.id.split(':')[0])).toEqual(['guide-done', 'guide-next', 'guide-stuck']);
    expect(question.text).toContain('Cosa vedi?');
    expect(question.actions!.map((a) => a.id.split(':')[0])).toEqual(['guide-pick', 'guide-pick', 'guide-pick', 'guide-pick', 'guide-stuck']);
    expect(question.actions![3]!.id).toMatch(/^guide-pick:[0-9a-f-]{36}_3$/);
    expect(question.actions![0]!.label).toHaveLength(60);
    expect(resume.actions!.map((a) => a.id.split(':')[0])).toEqual(['guide-resume', 'guide-restart', 'guide-stuck', 'guide-else']);
  });

  const replies = () => [['a step to try', step], ['a question with 4 answers', question], ['the resume offer', resume]] as const;

  it('Slack: an actions block with every button, text within 75 characters, the desk\'s id in each value', () => {
    for (const [what, reply] of replies()) {
      const message = slackReply(reply);
      expect(blockKitProblems(message as never), what).toEqual([]);
      const buttons = message.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements as { type: string; text: { text: string }; value: string }[]);
      expect(buttons.map((b) => b.type), what).toEqual(reply.actions!.map(() => 'button'));
      // Nothing cut: a label is read whole.
      expect(buttons.map((b) => b.text.text), what).toEqual(reply.actions!.map((a) => a.label));
      for (const b of buttons) expect(b.text.text.length).toBeLessThanOrEqual(75);
      expect(buttons.map((b) => commandFromAction(b.value)), what).toEqual(reply.actions!.map((a) => commandFromAction(a.id)));
    }
  });

  it('Teams: an Adaptive Card whose actions fall back to Action.Submit, every one kept, the id read back from either', () => {
    for (const [what, reply] of replies()) {
      const activity = teamsReply(reply);
      const card = activity.attachments![0]!.content as { actions: { type: string; title: string; data: Record<string, unknown>; fallback: { type: string; title: string; data: Record<string, unknown> } }[] };
      expect(adaptiveCardProblems(card), what).toEqual([]);
      expect(card.actions.map((a) => a.title), what).toEqual(reply.actions!.map((a) => a.label));
      for (const a of card.actions) {
        expect(a.type).toBe('Action.Execute');
        expect(a.fallback.type).toBe('Action.Submit');
      }
      // What Teams sends back for a press: `value.action.data` (Execute) or `value` itself (Submit).
      const executed = card.actions.map((a) => commandFromAction(actionIdOf({ action: { type: 'Action.Execute', verb: 'sportello', data: a.data } })!));
      const submitted = card.actions.map((a) => commandFromAction(actionIdOf(a.fallback.data)!));
      const meant = reply.actions!.map((a) => commandFromAction(a.id));
      expect(executed, what).toEqual(meant);
      expect(submitted, what).toEqual(meant);
    }
  });

  it('Discord: at most 5 buttons a row, labels within 80 characters, custom ids within 100, none dropped', () => {
    for (const [what, reply] of replies()) {
      const message = renderMessage(reply);
      expect(discordProblems(message as never), what).toEqual([]);
      expect(message.components.length, what).toBe(1);
      const buttons = message.components.flatMap((row) => row.components as { type: number; label: string; custom_id: string }[]);
      expect(buttons.length, what).toBe(reply.actions!.length);
      for (const b of buttons) {
        expect(b.type).toBe(2);
        expect(b.label.length).toBeLessThanOrEqual(DISCORD.label);
        expect(b.custom_id.length).toBeLessThanOrEqual(DISCORD.customId);
      }
      expect(buttons.map((b) => b.label), what).toEqual(reply.actions!.map((a) => a.label));
      expect(buttons.map((b) => commandFromAction(actionFromButton(b.custom_id)!)), what).toEqual(reply.actions!.map((a) => commandFromAction(a.id)));
    }
  });

  it('an id read back from a platform\'s button moves the guide: the fourth answer from Discord, the resume from Teams', async () => {
    const ada = person('gb2', 'Ada', 'en');
    const [first] = await d.say(ada, 'the docking station does not show my external screens');
    const nextOf = (r: Reply) => actionFromButton(String(renderMessage(r).components[0]!.components.find((b) => String(b.custom_id).startsWith('sportello:guide-next:'))!.custom_id))!;
    const [second] = await d.press(ada, nextOf(first!));
    const [asked] = await d.press(ada, nextOf(second!));
    expect(asked!.text).toContain('What do you see?');
    const fourth = renderMessage(asked!).components[0]!.components[3]!;
    expect(fourth.label).toBe(long('A "no signal" message'));
    const [opened] = await d.press(ada, actionFromButton(String(fourth.custom_id))!);
    expect(opened!.ticket).toMatchObject({ department: 'it' });
    const [ticket] = await d.store.byRequester('web', 'gb2', { limit: 5 });
    expect(ticket!.guide!.steps.map((s) => s.answer?.en)).toEqual([undefined, undefined, long('A "no signal" message')]);
    expect(t('en', 'guide.ticketCarries', { n: 3 })).toBe(opened!.text.split('\n').pop());
  });
});
