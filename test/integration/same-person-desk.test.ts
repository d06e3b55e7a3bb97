// One person, many channels, at the desk itself: a Slack identity whose platform
// vouched for an address and the e-mail requester of that address page through
// one list; an agent gains nothing from a link; a request typed on Slack follows
// up the ticket the person opened by e-mail.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import type { Participant, Reply, Store } from '../../src/index.js';
import { createTestDesk, type TestDesk } from '../support/desk.js';

const codesIn = (replies: Reply[]) => replies.flatMap((r) => (r.ticket ? [r.ticket.code] : []));

describe('one person, many channels, at the desk', () => {
  let dir: string;
  let store: Store;
  let desk: TestDesk;
  const byMail: Participant = { platform: 'email', userId: 'piero@acme.it', name: 'Piero' };
  const onSlack: Participant = { platform: 'slack', userId: 'U0PIERO001', name: 'Piero', email: 'piero@acme.it' };
  const say = (from: Participant, text: string) => desk.handle({ kind: 'message', channel: from.platform, from, text });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sportello-same-person-'));
    store = createSqliteStore({ file: join(dir, 'sportello.db') });
    desk = await createTestDesk(store);
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pages through the tickets of both identities, newest first, each once', async () => {
    const opened: string[] = [];
    for (let i = 0; i < 12; i++) {
      const who = i % 2 === 0 ? byMail : onSlack;
      opened.push(codesIn(await say(who, `ticket new --no-faq --dept it problema numero ${i}`))[0]!);
    }
    const newestFirst = [...opened].reverse();
    const first = await say(onSlack, 'ticket list');
    expect(codesIn(first)).toEqual(newestFirst.slice(0, 10));
    expect(first.at(-1)!.actions).toEqual([{ id: 'list:p2', label: 'Older tickets' }]);
    expect(codesIn(await desk.press(byMail, 'list:p2'))).toEqual(newestFirst.slice(10));
    // Only the active ones under `status`, from the other side too.
    await say(byMail, `ticket cancel ${opened[1]}`);
    expect(codesIn(await say(byMail, 'ticket status'))).toEqual(newestFirst.filter((c) => c !== opened[1]).slice(0, 10));
  });

  it('gives an agent no agent right through a link, and another department\'s ticket stays out of sight', async () => {
    await desk.agent({ platform: 'slack', userId: 'U0AGENTHR1', name: 'Hanna', departments: ['hr'] });
    const hanna: Participant = { platform: 'slack', userId: 'U0AGENTHR1', name: 'Hanna', email: 'hanna@acme.it' };
    const code = codesIn(await say(byMail, 'ticket new --no-faq --dept it la stampante è rotta'))[0]!;
    expect((await say(hanna, `ticket status ${code}`))[0]!.text).toBe(`No ticket ${code} found.`);
    expect((await say(hanna, `ticket claim ${code}`))[0]!.text).toBe('Hanna does not work for it.');
    // Her own e-mail ticket is hers as a requester, and no more.
    const hers = codesIn(await say({ platform: 'email', userId: 'hanna@acme.it', name: 'Hanna' }, 'ticket new --no-faq --dept it il mouse non va'))[0]!;
    expect(codesIn(await say(hanna, 'ticket list'))).toEqual([hers]);
  });

  it('counts a word from another identity on a resolved ticket as the requester\'s: the wait before it closes by itself starts again', async () => {
    const code = codesIn(await say(byMail, 'ticket new --no-faq --dept it lo scanner non scansiona'))[0]!;
    const agent = await desk.agent({ userId: 'ugo', name: 'Ugo' });
    await say(agent, `ticket claim ${code}`);
    await say(agent, `ticket resolve ${code} driver aggiornato`);
    desk.clock.t += 71 * 3600_000;
    await say(onSlack, `ticket reply ${code} lo provo domattina`);
    desk.clock.t += 2 * 3600_000;
    expect((await desk.sweep()).autoClosed).not.toContain(code);
    desk.clock.t += 71 * 3600_000;
    expect((await desk.sweep()).autoClosed).toContain(code);
  });

  it('takes words typed on Slack to the ticket opened by e-mail that waits for the person', async () => {
    const code = codesIn(await say(byMail, 'ticket new --no-faq --dept it il wifi cade di continuo'))[0]!;
    const agent = await desk.agent({ userId: 'ada', name: 'Ada' });
    await say(agent, `ticket reply ${code} Quale piano?`);
    expect((await store.get(code))!.status).toBe('waiting_user');
    await say(onSlack, 'terzo piano, sala riunioni');
    const last = (await store.events(code)).at(-1)!;
    expect(last).toMatchObject({ kind: 'message', text: 'terzo piano, sala riunioni', actor: { platform: 'slack', userId: onSlack.userId } });
  });
});
