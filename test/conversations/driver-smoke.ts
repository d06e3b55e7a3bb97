// The one conversation every platform driver must carry before the fixture
// runs through it: an unanswered question offered as a ticket, opened with a
// press, claimed by the IT agent from their push, and the requester told.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChatDriver, SeenMessage } from '../support/chat-driver.js';

const PRINTER = 'la stampante del secondo piano fa un rumore strano da ieri e stampa righe nere';

const button = (messages: SeenMessage[], label: RegExp) => messages.flatMap((m) => m.buttons).find((b) => label.test(b.label));

export function runDriverSmoke(makeDriver: () => Promise<ChatDriver>): void {
  let driver: ChatDriver;
  beforeAll(async () => {
    driver = await makeDriver();
    await driver.meet({ key: 'requester', name: 'Mario Rossi', locale: 'it' });
    await driver.meet({ key: 'anna', name: 'Anna Bianchi', locale: 'it', agent: { departments: ['it'], tier: 1 } });
  }, 60_000);
  afterAll(async () => driver?.stop());

  it('offers a ticket for what the FAQ cannot answer, opens it on a press, and tells the requester when it is claimed', async () => {
    const offer = await driver.say('requester', PRINTER);
    expect(offer.map((m) => m.text).join('\n')).toContain('Non ho trovato una risposta nelle FAQ');
    const open = button(offer, /^Apri il ticket$/);
    expect(open?.id).toMatch(/^intake-open:/);
    expect(await driver.pushes('anna')).toEqual([]);

    const opened = await driver.press('requester', open!.id);
    const code = opened.find((m) => m.ticket)?.ticket?.code;
    expect(code).toMatch(/^IT-\d+$/);
    expect(opened.map((m) => m.text).join('\n')).toContain(code!);

    const news = await driver.pushes('anna');
    const card = news.find((m) => m.ticket?.code === code);
    expect(card?.buttons.map((b) => b.id)).toContain(`claim:${code}`);
    const claimed = await driver.press('anna', `claim:${code}`);
    expect(claimed.map((m) => m.text).join('\n')).toContain(code!);

    const told = await driver.pushes('requester');
    expect(told.map((m) => m.text)).toEqual([expect.stringMatching(new RegExp(`Anna Bianchi.*${code}`))]);
  }, 60_000);
}
