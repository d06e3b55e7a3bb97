// Small talk through the real web chat API: every line of the fixture is sent
// by a fresh person, and only the requests may leave a ticket behind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/i18n.js';
import type { StoreEnv } from '../support/server-stores.js';
import { post, startServer, type RunningServer } from '../support/server.js';
import { SMALL_TALK_LINES } from '../support/small-talk-lines.js';

const NO_TICKETS = { it: 'Non hai ticket.', en: 'You have no tickets.' } as const;
const KEYS = ['smalltalk.thanks', 'smalltalk.greeting', 'smalltalk.bye', 'smalltalk.ack', 'smalltalk.empty', 'help.requester'] as const;
/** What the desk may say to small talk, per language: nothing in the other one. */
const ANSWERS = { it: KEYS.map((k) => t('it', k)), en: KEYS.map((k) => t('en', k)) };

interface WebUser {
  id: string;
  name: string;
  locale?: string;
}

export function runSmallTalkFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`small talk in the web chat, on ${name}`, () => {
    let storage: StoreEnv;
    let dataDir: string;
    let server: RunningServer;
    let n = 0;
    const someone = (locale: 'it' | 'en'): WebUser => ({ id: `talker${++n}`, name: `Talker ${n}`, locale });
    const say = async (user: WebUser, text: string) => {
      const res = await post(server.base, '/web/api/messages', { user, text });
      expect(res.status, text).toBe(200);
      return res.body.replies as { text: string; ticket?: { code: string } }[];
    };

    beforeAll(async () => {
      storage = await storeEnv();
      dataDir = mkdtempSync(join(tmpdir(), 'sportello-smalltalk-'));
      server = await startServer({ DATA_DIR: dataDir, ...storage.env });
    });
    afterAll(async () => {
      await server?.stop();
      await storage?.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('answers each small-talk line in the person\'s language and opens no ticket for any of them', async () => {
      for (const line of SMALL_TALK_LINES.filter((l) => l.expect === 'small-talk')) {
        const user = someone(line.lang);
        const replies = await say(user, line.text);
        expect(replies, line.text).toHaveLength(1);
        expect(replies[0]!.ticket, line.text).toBeUndefined();
        expect(ANSWERS[line.lang], line.text).toContain(replies[0]!.text);
        const [list] = await say(user, 'ticket list');
        expect(list!.text, line.text).toBe(NO_TICKETS[line.lang]);
      }
    });

    it('suggests the command a typo meant, and opens nothing', async () => {
      for (const line of SMALL_TALK_LINES.filter((l) => l.expect.startsWith('did-you-mean:'))) {
        const user = someone(line.lang);
        const [answer] = await say(user, line.text);
        expect(answer!.text, line.text).toMatch(line.lang === 'it' ? /^Intendevi `\/?ticket \S+/ : /^Did you mean `\/?ticket \S+/);
        const [list] = await say(user, 'ticket list');
        expect(list!.text, line.text).toBe(NO_TICKETS[line.lang]);
      }
    });

    it('lets requests wrapped in thanks or greetings go on to the FAQ or a ticket', async () => {
      for (const line of SMALL_TALK_LINES.filter((l) => l.expect === 'request')) {
        const user = someone(line.lang);
        const [answer] = await say(user, line.text);
        // A guided fix starting is the FAQ answering too.
        const offered = /Did this solve it\?|Ha risolto il problema\?|Did you mean one of these\?|Intendevi una di queste\?|one step at a time|un passo alla volta/.test(answer!.text);
        expect(offered || answer!.ticket !== undefined, `${line.text} -> ${answer!.text}`).toBe(true);
      }
    });

    it('speaks the language of the words when the person has not chosen one', async () => {
      const [it] = await say({ id: 'nolocale-it', name: 'Nadia' }, 'grazie mille');
      expect(it!.text).toBe('Prego! Scrivimi qui quando ti serve aiuto.');
      const [en] = await say({ id: 'nolocale-en', name: 'Ned' }, 'thanks!');
      expect(en!.text).toBe("You're welcome! Write here whenever you need help.");
      const [help] = await say({ id: 'nolocale-help', name: 'Nora' }, 'aiutami per favore');
      expect(help!.text).toMatch(/^Posso rispondere alle domande e aprire ticket/);
    });
  });
}
