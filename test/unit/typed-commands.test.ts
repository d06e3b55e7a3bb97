// Commands through a desk (SQLite in memory): usage errors read as they always
// did, typed arguments are checked like typed flags, and the flag words people
// write inside a form or a :ticket:-ed message stay their words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandFromModal as discordForm } from '../../adapters/channels/discord/to-inbound-event.js';
import { fromTicketReaction } from '../../adapters/channels/slack/to-inbound-event.js';
import { commandFromModal as slackForm } from '../../adapters/channels/slack/views.js';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import type { Command, Participant } from '../../src/index.js';
import { createTestDesk, person, type TestDesk } from '../support/desk.js';

const FLAGS = '--dept hr --urgency high';
const field = (value: string) => ({ value: { value } });
const select = (value: string) => ({ value: { selected_option: { value } } });

describe('typed commands through the desk', () => {
  let d: TestDesk;
  let agent: Participant;
  const ugo = person('ugo', 'Ugo', 'en');
  const text = async (replies: Promise<{ text: string }[]>) => (await replies)[0]!.text;

  beforeAll(async () => {
    d = await createTestDesk(createSqliteStore({ file: ':memory:' }));
    agent = await d.agent({ userId: 'ida', name: 'Ida', departments: ['it'] });
  });
  afterAll(() => d.store.close());

  it('keeps every usage error as it reads today, agents-only refusals first', async () => {
    const cases: [Participant, string, string][] = [
      [ugo, 'ticket claim', 'Usage: ticket claim CODE'],
      [ugo, 'ticket prendi nine', '"nine" is not a ticket code (like IT-42).'],
      [ugo, 'ticket unclaim', 'Usage: ticket unclaim CODE'],
      [ugo, 'ticket reply', 'Usage: ticket reply CODE <text>'],
      [ugo, 'ticket reply IT-1', 'Usage: ticket reply CODE <text>'],
      [ugo, 'ticket cancel', 'Usage: ticket cancel CODE [reason]'],
      [ugo, 'ticket status 42abc', '"42abc" is not a ticket code (like IT-42).'],
      [ugo, 'ticket new --urgency soon the printer jams', 'Usage: ticket new [--no-faq] [--dept <department>] [--urgency high|medium|low] <text>'],
      [ugo, 'ticket new --dept legal the printer jams', 'There is no department "legal". Departments: it, hr, finance, facilities.'],
      [ugo, 'ticket note', 'Only help desk agents can use "note".'],
      [ugo, 'ticket resolve IT-1', 'Only help desk agents can use "resolve".'],
      [ugo, 'ticket assign IT-1 two words', 'Only help desk agents can use "assign".'],
      [ugo, 'ticket faq add q = a', 'Only help desk agents can use "faq add".'],
      [ugo, 'ticket faq', 'Usage: ticket faq add <question> = <answer> | faq promote CODE | faq drafts'],
      [ugo, 'ticket faq drafts', "Only the department's leads decide FAQ drafts."],
      [agent, 'ticket faq approve d-it-1', 'There is no FAQ draft "d-it-1" (`ticket faq drafts` lists them).'],
      [agent, 'ticket note IT-1', 'Usage: ticket note CODE <text>'],
      [agent, 'ticket priority IT-1 P9', 'Usage: ticket priority CODE P1|P2|P3|P4'],
      [agent, 'ticket assign IT-1 two words', 'Usage: ticket assign CODE @user'],
      // Without a department the agent is offered the form, for a ticket that exists.
      [agent, 'ticket move IT-1', 'No ticket IT-1 found.'],
      [agent, 'ticket escalate', 'Usage: ticket escalate CODE [reason]'],
      [agent, 'ticket resolve IT-1', 'No ticket IT-1 found.'],
      [agent, 'ticket faq add only a question', 'Usage: ticket faq add <question> = <answer>'],
      [agent, 'ticket faq promote', 'Usage: ticket faq promote CODE'],
    ];
    for (const [who, typed, expected] of cases) expect(await text(d.say(who, typed)), typed).toBe(expected);
  });

  it('checks arguments given as such exactly like typed flags and codes', async () => {
    const cases: [Command, string][] = [
      [{ verb: 'new', text: 'the printer jams', department: 'legal' }, 'There is no department "legal". Departments: it, hr, finance, facilities.'],
      [{ verb: 'new', text: 'the printer jams', urgency: 'soon' }, 'Usage: ticket new [--no-faq] [--dept <department>] [--urgency high|medium|low] <text>'],
      [{ verb: 'new', text: '  ', department: 'it' }, 'Usage: ticket new [--no-faq] [--dept <department>] [--urgency high|medium|low] <text>'],
      [{ verb: 'claim', code: 'nine' }, '"nine" is not a ticket code (like IT-42).'],
      [{ verb: 'reply', code: 'IT-1', text: ' ' }, 'Usage: ticket reply CODE <text>'],
    ];
    for (const [command, expected] of cases) expect(await text(d.run(ugo, command)), JSON.stringify(command)).toBe(expected);
    const [opened] = await d.run(ugo, { verb: 'new', text: 'my laptop is broken', skipFaq: true, department: 'HR', urgency: 'HIGH' });
    expect(opened!.ticket).toMatchObject({ department: 'hr', priority: 'P2' });
  });

  it('files a Slack form whose description says --dept/--urgency under the chosen department, words intact', async () => {
    const command = slackForm({ title: field('Printer jammed'), description: field(`I tried ${FLAGS} as the wiki says`), department: select('it') });
    const [opened] = await d.run(ugo, command!);
    const ticket = (await d.store.get(opened!.ticket!.code))!;
    expect(ticket.department).toBe('it');
    expect(ticket.description).toBe(`Printer jammed\nI tried ${FLAGS} as the wiki says`);
  });

  it("files a :ticket:-ed Slack message with --dept in it as the author's words, the department guessed as for any message", async () => {
    const event = fromTicketReaction(`the printer on floor 2 is jammed again ${FLAGS}`, 'Ev1', { userId: 'U1', name: 'Otto' });
    expect(event).toMatchObject({ kind: 'command', command: { verb: 'new', text: `the printer on floor 2 is jammed again ${FLAGS}` } });
    const [opened] = await d.run(ugo, (event as { command: Command }).command);
    const ticket = (await d.store.get(opened!.ticket!.code))!;
    expect(ticket.department).toBe('it');
    expect(ticket.description).toBe(`the printer on floor 2 is jammed again ${FLAGS}`);
  });

  it('files a Discord form whose description says --dept/--urgency under the chosen department, words intact', async () => {
    const command = discordForm({ title: 'Badge does not open the door', description: FLAGS, department: 'Facilities' });
    const [opened] = await d.run(ugo, command!);
    const ticket = (await d.store.get(opened!.ticket!.code))!;
    expect(ticket.department).toBe('facilities');
    expect(ticket.description).toBe(`Badge does not open the door\n${FLAGS}`);
  });
});
