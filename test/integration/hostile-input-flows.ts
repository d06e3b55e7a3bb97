// Issue 12's hostile input, as the security review sent it: the exact requests,
// over real HTTP on 127.0.0.1, on one store. Words that are Object's own
// ("constructor", "__proto__"), knowledge bases that would break the matcher,
// and control or bidi characters in names and text.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/index.js';
import { openStream, post, startServer, type RunningServer } from '../support/server.js';
import type { StoreEnv } from '../support/server-stores.js';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(PORT|HOST|DATA_DIR|MONGODB_URI|WEB_CHAT_TOKEN|DEFAULT_LOCALE|LOG_LEVEL|FAQ_FILE|EMBEDDINGS_.*)$/.test(k)));

/** `npx sportello …` as an operator runs it, against the server's store. */
function cli(args: string[], env: Record<string, string>) {
  return run(process.execPath, [join(root, 'bin/sportello.js'), ...args], { cwd: root, env: { ...cleanEnv, ...env } });
}

/** The desk's reply to anything it did not expect, in either language. */
const UNEXPECTED = /Something went wrong|Qualcosa è andato storto/;

const mario = { id: 'mario', name: 'Mario', locale: 'en' };
const anna = { id: 'anna', name: 'Anna', locale: 'en' };

async function say(s: RunningServer, user: object, text: string) {
  const res = await post(s.base, '/web/api/messages', { user, text });
  expect(res.status, `"${text}" answered ${res.status}`).toBe(200);
  for (const r of res.body.replies) expect(r.text).not.toMatch(UNEXPECTED);
  return res.body.replies as { text: string; ticket?: { code: string; priority: string; status: string }; actions?: { id: string }[] }[];
}

async function press(s: RunningServer, user: object, actionId: string) {
  const res = await post(s.base, '/web/api/actions', { user, actionId });
  expect(res.status, `"${actionId}" answered ${res.status}`).toBe(200);
  for (const r of res.body.replies) expect(r.text).not.toMatch(UNEXPECTED);
  return res.body.replies as { text: string }[];
}

export function runHostileInputFlows(storeName: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`hostile input over HTTP (${storeName})`, () => {
    let stores: StoreEnv;
    let s: RunningServer;
    let env: Record<string, string>;
    /** What the server logged at warn and above: nothing at error level may come of any of this. */
    const logs: Record<string, any>[] = [];
    const errorsLogged = () => logs.filter((l) => l.level >= 50);
    const dataDir = mkdtempSync(join(tmpdir(), 'sportello-hostile-'));

    beforeAll(async () => {
      stores = await storeEnv();
      env = { ...stores.env, DATA_DIR: dataDir };
      s = await startServer(env, {}, logs);
      const store = await stores.open(dataDir);
      await store.saveAgent({ platform: 'web', userId: 'anna', name: 'Anna', departments: ['it'], tier: 1, role: 'agent' });
      await store.close();
    });
    afterAll(async () => {
      await s?.stop();
      await stores?.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('takes "constructor" in a message as a word: an answer or a ticket, never an error', async () => {
      const asked = await say(s, mario, 'my constructor is broken');
      expect(asked[0]!.actions?.length ?? asked[0]!.ticket).toBeTruthy();
      const [opened] = await say(s, mario, 'ticket new --no-faq my constructor is broken');
      expect(opened!.ticket).toMatchObject({ status: 'open' });
      for (const word of ['__proto__', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf']) await say(s, mario, `${word} ${word}`);
      // Not even the FAQ's safety net (a failing question answered as if nothing matched) was needed.
      expect(errorsLogged()).toEqual([]);
    });

    it('answers `ticket constructor` and `ticket __proto__` as unknown commands', async () => {
      for (const word of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
        const [r] = await say(s, mario, `ticket ${word}`);
        expect(r!.text).toContain(`I don't know "${word.toLowerCase()}"`);
      }
    });

    it('answers the action `constructor:IT-1` as unknown, not with HTTP 500', async () => {
      const [opened] = await say(s, mario, 'ticket new --no-faq the dock does not charge');
      const code = opened!.ticket!.code;
      for (const verb of ['constructor', '__proto__', 'toString', 'valueOf']) {
        const [r] = await press(s, anna, `${verb}:${code}`);
        expect(r!.text).toContain(`I don't know "${verb}:${code}"`);
      }
      expect(errorsLogged()).toEqual([]);
    });

    it('refuses `ticket priority IT-1 constructor` with its usage; the ticket and the store carry on', async () => {
      const [opened] = await say(s, mario, 'ticket new --no-faq --dept it the scanner jams');
      const code = opened!.ticket!.code;
      for (const word of ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty']) {
        const [r] = await say(s, anna, `ticket priority ${code} ${word}`);
        expect(r!.text).toBe('Usage: ticket priority CODE P1|P2|P3|P4');
      }
      const [status] = await say(s, anna, `ticket status ${code}`);
      expect(status!.ticket).toMatchObject({ code, priority: opened!.ticket!.priority });
      const [changed] = await say(s, anna, `ticket priority ${code} P1`);
      expect(changed!.ticket).toMatchObject({ code, priority: 'P1' });
      expect(errorsLogged()).toEqual([]);
    });

    it('imports a knowledge base entry about "constructor" and answers it, and everything else still answers', async () => {
      const file = join(dataDir, 'constructor-kb.json');
      writeFileSync(file, JSON.stringify({ faqs: [{ id: 'it-constructor', department: 'it', questions: ['What does the constructor wizard do?', 'constructor wizard prototype'], answer: { en: 'It sets up a new laptop.' }, tags: ['constructor', '__proto__'] }] }));
      const imported = await cli(['faq', 'import', file], env);
      expect(imported.stdout.trim()).toBe('Imported 1 entries (1 new, 0 replaced).');
      // Asked by someone with no ticket under way: Mario's free text would first be asked which ticket it follows.
      const asker = { id: 'ctor-asker', name: 'Cora', locale: 'en' };
      const [answer] = await say(s, asker, 'what does the constructor wizard do?');
      expect(answer!.text).toContain('It sets up a new laptop.');
      await say(s, mario, 'ticket list');
      await say(s, { id: 'paolo', name: 'Paolo' }, 'I forgot my password');
      // The review's server did not come back after a restart with that knowledge base stored; this one does.
      await s.stop();
      s = await startServer(env, {}, logs);
      const [again] = await say(s, asker, 'what does the constructor wizard do?');
      expect(again!.text).toContain('It sets up a new laptop.');
      expect(errorsLogged()).toEqual([]);
    });

    it('refuses at import a knowledge base the matcher could never answer from, and imports nothing', async () => {
      const file = join(dataDir, 'wordless-kb.json');
      writeFileSync(file, JSON.stringify({ faqs: [{ id: 'fine', department: 'it', questions: ['printer offline'], answer: { en: 'Restart it.' } }, { id: 'wordless', department: 'it', questions: ['?!', '…'], answer: { en: 'x' } }] }));
      const refused = await cli(['faq', 'import', file], env).catch((e) => e);
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim()).toBe('sportello: entry 1 (id "wordless"): questions.0 has no word to match on (letters or digits)');
      expect((await cli(['faq', 'list'], env)).stdout).not.toMatch(/^fine\t/m);
    });

    it('strips control and bidi characters from names and shows them as markers in text, on what agents receive', async () => {
      const stream = await openStream(s.base, 'anna');
      try {
        const mallory = { id: 'mallory', name: 'Anna\u202E (IT lead)\u0007\u2066', locale: 'en' };
        const [opened] = await say(s, mallory, 'ticket new --no-faq --dept it pay invoice to IBAN IT60\u202Egnp.exe\u202C now\u0000');
        const code = opened!.ticket!.code;
        // Cards of the earlier tickets, held while Anna was away, come first.
        let card = await stream.next();
        while (card.ticket?.code !== code) card = await stream.next();
        expect(card.text).toContain('from Anna (IT lead): pay invoice to IBAN IT60⟦U+202E⟧gnp.exe⟦U+202C⟧ now⟦U+0000⟧');
        expect(card.text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
        const [status] = await say(s, anna, `ticket status ${code}`);
        expect(status!.text).toContain('• Anna (IT lead): pay invoice to IBAN IT60⟦U+202E⟧gnp.exe⟦U+202C⟧ now⟦U+0000⟧');
      } finally {
        stream.close();
      }
    });
  });

  describe(`a knowledge base that cannot be used at start-up (${storeName})`, () => {
    // Each test starts from an empty store of its own.
    const opened: { stores: StoreEnv; dataDir: string }[] = [];
    const fresh = async () => {
      const place = { stores: await storeEnv(), dataDir: mkdtempSync(join(tmpdir(), 'sportello-kb-start-')) };
      opened.push(place);
      return place;
    };
    afterAll(async () => {
      for (const { stores, dataDir } of opened) {
        await stores.cleanup();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });

    it('logs a bad FAQ_FILE and serves: questions become tickets', async () => {
      const { stores, dataDir } = await fresh();
      const file = join(dataDir, 'broken.json');
      writeFileSync(file, '{"faqs": [{"id": "half"');
      const logs: Record<string, any>[] = [];
      const s = await startServer({ ...stores.env, DATA_DIR: dataDir, FAQ_FILE: file }, {}, logs);
      try {
        expect(logs).toContainEqual(expect.objectContaining({ level: 50, file, msg: expect.stringContaining('knowledge base not loaded') }));
        expect(logs.find((l) => l.file === file)!.reason).toContain('cannot be read as JSON');
        const [r] = await say(s, { id: 'early', name: 'Early' }, 'the VPN does not connect');
        expect(r!.ticket).toMatchObject({ status: 'open' });
      } finally {
        await s.stop();
      }
    });

    it('leaves out stored entries that are not valid, logs them, and answers from the rest', async () => {
      const { stores, dataDir } = await fresh();
      const s1 = await startServer({ ...stores.env, DATA_DIR: dataDir });
      await s1.stop();
      const store: Store = await stores.open(dataDir);
      // Written by hand or by an older version: no questions at all, and a question that is a number.
      await store.upsertFaqs([
        { id: 'broken-a', department: 'it', questions: null, answer: { en: 'x' } } as never,
        { id: 'broken-b', department: 'it', questions: [42], answer: { en: 'x' } } as never,
      ]);
      await store.close();
      const logs: Record<string, any>[] = [];
      const s2 = await startServer({ ...stores.env, DATA_DIR: dataDir }, {}, logs);
      try {
        const left = logs.find((l) => l.msg?.includes('stored entries that are not valid'));
        expect(left).toMatchObject({ level: 50, skipped: 2 });
        expect(left!.problems.join('\n')).toContain('(id "broken-a"): questions');
        const [r] = await say(s2, { id: 'later', name: 'Later', locale: 'en' }, 'I forgot my password');
        expect(r!.text.toLowerCase()).toContain('password');
        expect(r!.ticket).toBeUndefined();
        // An import is judged with the stored entries the bot uses, so the broken ones do not block the repair.
        const file = join(dataDir, 'repair.json');
        writeFileSync(file, JSON.stringify({ faqs: [{ id: 'broken-a', department: 'it', questions: ['the plotter prints stripes'], answer: { en: 'Clean the plotter heads.' } }] }));
        expect((await cli(['faq', 'import', file], { ...stores.env, DATA_DIR: dataDir })).stdout.trim()).toBe('Imported 1 entries (0 new, 1 replaced).');
        const [repaired] = await say(s2, { id: 'later', name: 'Later', locale: 'en' }, 'the plotter prints stripes');
        expect(repaired!.text).toContain('Clean the plotter heads.');
      } finally {
        await s2.stop();
      }
    });
  });
}
