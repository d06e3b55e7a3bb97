// The knowledge loop as people live it, through the web chat on a real server,
// once per store: people's "did you mean" picks and "Yes, solved" teach the FAQ
// a wording; "No" after "No" flags an entry to its department's leads; agents
// turn resolved tickets into pending phrasings and decide them from the CLI,
// which runs as its own process against the same data.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FaqEntry, Store } from '../../src/index.js';
import type { StoreEnv } from '../support/server-stores.js';
import { collectStream, post, startServer, type RunningServer } from '../support/server.js';
import { until } from '../support/until.js';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(PORT|HOST|DATA_DIR|MONGODB_URI|WEB_AUTH|DEFAULT_LOCALE|LOG_LEVEL|EMBEDDINGS_.*|FAQ_.*)$/.test(k)));
const SAMPLE: FaqEntry[] = JSON.parse(readFileSync(join(root, 'kb/sample-kb.json'), 'utf8')).faqs;
const answerOf = (id: string) => SAMPLE.find((e) => e.id === id)!.answer.it!;

const person = (id: string) => ({ id, name: id[0]!.toUpperCase() + id.slice(1), locale: 'it' });


export function runLearningFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`the bot learns from its conversations, on ${name}`, () => {
    let storage: StoreEnv;
    let dataDir: string;
    let server: RunningServer;
    let store: Store;
    const say = async (who: string, text: string) => (await post(server.base, '/web/api/messages', { user: person(who), text })).body.replies[0];
    const press = async (who: string, actionId: string) => (await post(server.base, '/web/api/actions', { user: person(who), actionId })).body.replies[0];
    const cli = (args: string[]) => run(process.execPath, [join(root, 'bin/sportello.js'), ...args], { cwd: root, env: { ...cleanEnv, DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...storage.env } });
    const action = (reply: any, prefix: string, label?: string) => reply.actions.find((a: any) => a.id.startsWith(prefix) && (!label || a.label === label)).id as string;
    const isAnswer = (reply: any, id: string) => reply.text.startsWith(answerOf(id)) && reply.actions?.[0]?.id.startsWith('faq-yes:');
    /** The entry answers: its one-block answer, or the first step of its guide (the sample KB guides some entries). */
    const reaches = (reply: any, id: string) => {
      const firstStep = SAMPLE.find((e) => e.id === id)!.steps?.[0]?.text.it;
      return isAnswer(reply, id) || (firstStep !== undefined && reply.text.includes(firstStep));
    };

    beforeEach(async () => {
      storage = await storeEnv();
      dataDir = mkdtempSync(join(tmpdir(), 'sportello-learn-'));
      server = await startServer({ DATA_DIR: dataDir, ...storage.env });
      store = await storage.open(dataDir);
    });
    afterEach(async () => {
      await server?.stop();
      await store?.close();
      await storage.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('two people confirm the same wording, and a third person asking it that way gets the answer at once', async () => {
      const wording = 'problema con la password del wifi';
      const title = 'Qual è la password del wifi ospiti?';
      // Today the FAQ only guesses.
      const giulia = await say('giulia', wording);
      expect(giulia.text).toBe('Intendevi una di queste?');
      const giuliaAnswer = await press('giulia', action(giulia, 'faq-pick:', title));
      expect(isAnswer(giuliaAnswer, 'it-wifi-guest')).toBe(true);
      // One person is not enough, whatever they press.
      await press('giulia', action(giuliaAnswer, 'faq-yes:'));
      expect((await say('marco', wording)).text).toBe('Intendevi una di queste?');

      // A second person, writing it with other capitals and punctuation: the same wording.
      const paolo = await say('paolo', 'Problema con la password del WIFI!!');
      const paoloAnswer = await press('paolo', action(paolo, 'faq-pick:', title));
      expect((await press('paolo', action(paoloAnswer, 'faq-yes:'))).text).toBe('Ottimo, felice di esserti stato utile!');

      const sara = await say('sara', 'problema con la password del wifi?');
      expect(isAnswer(sara, 'it-wifi-guest')).toBe(true);
      // It is one of the entry's phrasings now: the export shows it; nothing waits for a decision.
      const exported: { faqs: FaqEntry[] } = JSON.parse((await cli(['faq', 'export'])).stdout);
      expect(exported.faqs.find((e) => e.id === 'it-wifi-guest')!.questions).toContain(wording);
      expect(JSON.parse((await cli(['faq', 'learned', '--json'])).stdout)).toEqual([]);
    });

    it("an answer that keeps getting \"No\" is flagged to the department's leads, once, each in their language", async () => {
      await store.saveAgent({ platform: 'web', userId: 'lucia', name: 'Lucia', departments: ['it'], tier: 2, role: 'lead', locale: 'it' });
      await store.saveAgent({ platform: 'web', userId: 'tom', name: 'Tom', departments: ['it'], tier: 2, role: 'lead', locale: 'en' });
      await store.saveAgent({ platform: 'web', userId: 'rita', name: 'Rita', departments: ['hr'], tier: 2, role: 'lead', locale: 'it' });
      const lucia = await collectStream(server.base, 'lucia');
      const tom = await collectStream(server.base, 'tom');
      const rita = await collectStream(server.base, 'rita');
      try {
        // Each in their own words: a refused wording would not be answered again (see below).
        const refuse = async (who: string, wording: string) => {
          const answer = await say(who, wording);
          expect(isAnswer(answer, 'it-account-locked')).toBe(true);
          expect((await press(who, action(answer, 'faq-no:'))).ticket.code).toMatch(/^IT-\d+$/);
        };
        // One "Yes" among them: three "No" still outnumber it.
        await refuse('anna', 'account ko');
        const yes = await say('bruno', "l'account non va");
        await press('bruno', action(yes, 'faq-yes:'));
        await refuse('carla', 'account non funziona');
        expect(lucia.items).toEqual([]);
        await refuse('dario', 'account giù');
        const flagged = await until('the flag pushed to Lucia', async () => lucia.items.find((m) => m.text.includes('it-account-locked')));
        expect(flagged.text).toContain('La voce FAQ "it-account-locked" (IT) riceve troppi "No": 3 delle sue ultime 4 risposte non hanno aiutato');
        expect(flagged.text).toContain('"account giù"');
        const inEnglish = await until('the flag pushed to Tom', async () => tom.items.find((m) => m.text.includes('it-account-locked')));
        expect(inEnglish.text).toContain('The FAQ entry "it-account-locked" (IT) keeps getting "No": 3 of its last 4 answers did not help');

        // Another "No" flags nothing again.
        await refuse('elena', "non riesco a sbloccare l'account");
        await new Promise((r) => setTimeout(r, 300));
        expect(lucia.items.filter((m) => m.text.includes('it-account-locked'))).toHaveLength(1);
        expect(tom.items.filter((m) => m.text.includes('it-account-locked'))).toHaveLength(1);
        // The lead of another department hears nothing of it.
        expect(rita.items).toEqual([]);
      } finally {
        lucia.close();
        tom.close();
        rita.close();
      }
    });

    it('a wording that got "No" is offered to the next person among choices, not answered, until two people confirm it', async () => {
      const answer = await say('anna', 'account ko');
      expect(isAnswer(answer, 'it-account-locked')).toBe(true);
      await press('anna', action(answer, 'faq-no:'));

      // The same words from someone else: the entry is still there, first, but as a choice.
      const bruno = await say('bruno', 'ACCOUNT ko!');
      expect(bruno.text).toBe('Intendevi una di queste?');
      const locked = SAMPLE.find((e) => e.id === 'it-account-locked')!.questions[0]!;
      expect(bruno.actions[0].label).toBe(locked);
      // Other words for the same problem are answered as before.
      expect(isAnswer(await say('bruno', "l'account non va"), 'it-account-locked')).toBe(true);
      const exported = async () => (JSON.parse((await cli(['faq', 'export'])).stdout) as { faqs: FaqEntry[] }).faqs.find((e) => e.id === 'it-account-locked')!;
      expect((await exported()).refused).toEqual(['account ko']);

      // Two people pick it and say it helped: the wording is the entry's again, and answers.
      for (const who of ['bruno', 'carla']) {
        const choices = await say(who, 'account ko');
        expect(choices.text).toBe('Intendevi una di queste?');
        await press(who, action(await press(who, action(choices, 'faq-pick:', locked)), 'faq-yes:'));
      }
      expect(isAnswer(await say('dario', 'account ko'), 'it-account-locked')).toBe(true);
      const entry = await exported();
      expect(entry.questions).toContain('account ko');
      expect(entry.refused).toBeUndefined();
    });

    it('an agent resolves a ticket with the FAQ entry that answers it; the wording waits, and the CLI approves or rejects it', async () => {
      await store.saveAgent({ platform: 'web', userId: 'anna', name: 'Anna', departments: ['it'], tier: 1, role: 'agent', locale: 'it' });
      await store.saveAgent({ platform: 'web', userId: 'hugo', name: 'Hugo', departments: ['hr'], tier: 1, role: 'agent', locale: 'it' });
      const mobile = await say('giulia', 'outlook sul cellulare');
      const team = await say('paolo', 'mi serve la mail del team');
      const mobileCode = mobile.ticket.code as string;
      const teamCode = team.ticket.code as string;

      expect((await say('anna', `ticket resolve ${mobileCode} --faq nessuna-voce`)).text).toBe('Non esiste una voce FAQ "nessuna-voce".');
      expect((await say('hugo', `ticket resolve ${mobileCode} --faq it-email-mobile`)).text).toContain('Hugo');
      const resolved = await say('anna', `ticket resolve ${mobileCode} --faq it-email-mobile`);
      expect(resolved.ticket).toMatchObject({ code: mobileCode, status: 'resolved' });
      const replies = (await post(server.base, '/web/api/messages', { user: person('anna'), text: `ticket resolve ${teamCode} --faq it-shared-mailbox Ti ho dato l'accesso alla casella condivisa` })).body.replies;
      expect(replies.at(-1).text).toBe(`La domanda di ${teamCode} è ora una formulazione in attesa della voce FAQ "it-shared-mailbox": decidila con \`npx sportello faq learned\`.`);

      // Pending: listed, not yet a phrasing.
      const pending = JSON.parse((await cli(['faq', 'learned', '--json'])).stdout);
      expect(pending.map((w: any) => [w.entryId, w.text, w.people, w.sources, w.status])).toEqual([
        ['it-email-mobile', 'outlook sul cellulare', 0, ['ticket'], 'pending'],
        ['it-shared-mailbox', 'mi serve la mail del team', 0, ['ticket'], 'pending'],
      ]);
      const table = (await cli(['faq', 'learned'])).stdout;
      expect(table).toContain(`${pending[0].id}\tit-email-mobile\t0\tticket\toutlook sul cellulare`);
      expect(reaches(await say('sara', 'outlook sul cellulare'), 'it-email-mobile')).toBe(false);
      expect(JSON.parse((await cli(['faq', 'export'])).stdout).faqs.find((e: FaqEntry) => e.id === 'it-email-mobile').questions).not.toContain('outlook sul cellulare');

      expect((await cli(['faq', 'learned', '--approve', pending[0].id])).stdout).toContain(`${pending[0].id}\tapproved\tit-email-mobile`);
      expect((await cli(['faq', 'learned', '--reject', pending[1].id])).stdout).toContain(`${pending[1].id}\trejected\tit-shared-mailbox`);
      const again = await cli(['faq', 'learned', '--approve', pending[1].id]).catch((e) => e);
      expect(again.code).toBe(1);
      expect(again.stderr.trim()).toBe(`sportello: the phrasing ${pending[1].id} was already rejected (by cli)`);
      const unknown = await cli(['faq', 'learned', '--reject', 'nope']).catch((e) => e);
      expect(unknown.stderr.trim()).toBe('sportello: no learnt phrasing "nope" (see `sportello faq learned`)');
      expect((await cli(['faq', 'learned'])).stdout.trim()).toBe('No learnt phrasing waits for a decision.');

      // Approved: live in the running bot, without a restart; rejected: never a phrasing.
      // Each try by someone new: an unanswered question opens a ticket, and the next message would follow it up.
      let asker = 0;
      await until('the approved phrasing answering', async () => reaches(await say(`tina${asker++}`, 'Outlook sul cellulare'), 'it-email-mobile'));
      const exported: FaqEntry[] = JSON.parse((await cli(['faq', 'export'])).stdout).faqs;
      expect(exported.find((e) => e.id === 'it-email-mobile')!.questions.at(-1)).toBe('outlook sul cellulare');
      expect(exported.find((e) => e.id === 'it-shared-mailbox')!.questions).not.toContain('mi serve la mail del team');
    }, 90_000); // four CLI processes, each starting tsx: slow on a busy 2-core machine
  });
}
