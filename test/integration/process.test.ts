// The bot and the CLI as people run them: separate processes, real ports, a
// restart in the middle, and configuration errors at start-up.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { post } from '../support/server.js';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(PORT|HOST|DATA_DIR|MONGODB_URI|WEB_CHAT_TOKEN|WEB_AUTH|WEB_IDENTITY_.*|PUBLIC_URL|OIDC_.*|SESSION_.*|DEFAULT_LOCALE|LOG_LEVEL|LOG_FORMAT|EMBEDDINGS_.*)$/.test(k)));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** A free port and the environment for a bot on it over `dataDir`. */
async function botPlace(dataDir: string) {
  const port = await freePort();
  return { env: { PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info' }, base: `http://127.0.0.1:${port}` };
}

function startBot(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/main.ts'], { cwd: root, env: { ...cleanEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Sportello is ready')) resolve(child);
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`bot exited with ${code}: ${out}`)));
  });
}

function stopBot(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function cli(args: string[], env: Record<string, string>) {
  return run(process.execPath, [join(root, 'bin/sportello.js'), ...args], { cwd: root, env: { ...cleanEnv, ...env } });
}

describe('start-up configuration errors', () => {
  it.each([
    [{ PORT: 'abc' }, 'Invalid configuration: PORT must be a whole number between 0 and 65535 (got "abc")'],
    [{ MONGODB_URI: 'notaurl' }, 'Invalid configuration: MONGODB_URI must be a mongodb:// or mongodb+srv:// URL'],
    [{ HOST: '0.0.0.0' }, 'Invalid configuration: WEB_AUTH is none, which believes whatever name the caller sends, so it is only allowed when HOST is a loopback address (HOST=0.0.0.0)'],
    [{ WEB_CHAT_TOKEN: 'a-long-enough-secret' }, 'Invalid configuration: WEB_CHAT_TOKEN is no longer supported: a shared token cannot say who is speaking'],
    [{ WEB_AUTH: 'oidc', PUBLIC_URL: 'https://help.example.com' }, 'Invalid configuration: OIDC_ISSUER is required with WEB_AUTH=oidc'],
  ])('%j stops with exit code 1 and one line naming the variable', async (env, message) => {
    const err = await run(process.execPath, ['--import', 'tsx', 'app/main.ts'], { cwd: root, env: { ...cleanEnv, ...env } }).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr.trim().split('\n')).toHaveLength(1);
    expect(err.stderr).toContain(message);
  });
});

describe('a day at the desk, with a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sportello-proc-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps tickets, agents and transcripts across a restart; the CLI works while the bot runs', async () => {
    const { env, base } = await botPlace(dataDir);
    const employee = { id: 'giulia', name: 'Giulia', locale: 'it' };
    const agent = { id: 'anna', name: 'Anna' };

    let bot = await startBot(env);
    const early = await post(base, '/web/api/messages', { user: agent, text: 'ticket queue' });
    expect(early.body.replies[0].text).toBe('Only help desk agents can use "queue".');
    const added = await cli(['agents', 'add', '--platform', 'web', '--user', 'anna', '--name', 'Anna', '--departments', 'it,hr', '--tier', '1'], env);
    expect(added.stdout).toContain('Saved agent web:anna');
    const bad = await cli(['agents', 'add', '--platform', 'fax', '--user', 'x', '--name', 'X', '--departments', 'it'], env).catch((e) => e);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--platform must be one of web, slack, teams, discord');

    const opened = await post(base, '/web/api/messages', { user: employee, text: 'ticket new la stampante del 2° piano non stampa' });
    const code = opened.body.replies[0].ticket.code;
    const queue = await post(base, '/web/api/messages', { user: agent, text: 'ticket queue' });
    expect(queue.body.replies[1].actions).toEqual([{ id: `claim:${code}`, label: expect.any(String) }]);
    await post(base, '/web/api/actions', { user: agent, actionId: `claim:${code}` });
    await post(base, '/web/api/messages', { user: agent, text: `ticket reply ${code} Riavviata la coda di stampa` });
    await post(base, '/web/api/messages', { user: agent, text: `ticket resolve ${code} Coda di stampa sbloccata` });
    const closed = await post(base, '/web/api/actions', { user: employee, actionId: `confirm:${code}` });
    expect(closed.body.replies[0].ticket.status).toBe('closed');
    await stopBot(bot);

    bot = await startBot(env);
    try {
      const status = await post(base, '/web/api/messages', { user: employee, text: `ticket status ${code}` });
      const reply = status.body.replies[0];
      expect(reply.ticket).toMatchObject({ code, status: 'closed' });
      expect(reply.text).toContain('chiuso');
      expect(reply.text).toContain('la stampante del 2° piano non stampa');
      expect(reply.text).toContain('Anna: Riavviata la coda di stampa');
      expect(reply.text).toContain('Anna: Coda di stampa sbloccata');
      const listed = await cli(['agents', 'list', '--json'], env);
      expect(JSON.parse(listed.stdout)).toEqual([{ platform: 'web', userId: 'anna', name: 'Anna', departments: ['it', 'hr'], tier: 1, role: 'agent' }]);
    } finally {
      await stopBot(bot);
    }
  });
});

describe('the knowledge base from the CLI', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sportello-kb-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('imports while the bot runs, which answers from the next message; a bad file imports nothing', async () => {
    const { env, base } = await botPlace(dataDir);
    const user = { id: 'paolo', name: 'Paolo', locale: 'it' };
    const bot = await startBot(env);
    try {
      const sample = await cli(['faq', 'list'], env);
      expect(sample.stdout).toContain('it-vpn-connect\tit\t6 phrasings');

      const good = join(dataDir, 'kb.json');
      writeFileSync(good, JSON.stringify({ faqs: [{ id: 'fac-parking', department: 'facilities', questions: ['Dove parcheggio la bici?', 'rastrelliera per biciclette'], answer: { it: 'Nel cortile interno, accesso dal cancello B.' } }] }));
      const bad = join(dataDir, 'bad.json');
      writeFileSync(bad, JSON.stringify({ faqs: [{ id: 'ok-one', department: 'it', questions: ['q'], answer: { it: 'a' } }, { id: 'broken', department: 'it', questions: [], answer: { it: 'a' } }] }));

      const refused = await cli(['faq', 'import', bad], env).catch((e) => e);
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim()).toBe('sportello: entry 1 (id "broken"): questions needs at least one question');
      expect((await cli(['faq', 'list'], env)).stdout).not.toContain('ok-one');

      const imported = await cli(['faq', 'import', good], env);
      expect(imported.stdout.trim()).toBe('Imported 1 entries (1 new, 0 replaced).');
      const answer = await post(base, '/web/api/messages', { user, text: 'dove parcheggio la bici?' });
      expect(answer.body.replies[0].text).toContain('Nel cortile interno');

      const exported = JSON.parse((await cli(['faq', 'export'], env)).stdout);
      expect(exported.faqs.map((e: { id: string }) => e.id)).toContain('fac-parking');
    } finally {
      await stopBot(bot);
    }
  });

  it('prints exactly one JSON object for `faq eval --json`', async () => {
    const kb = join(dataDir, 'eval-kb.json');
    const queries = join(dataDir, 'queries.jsonl');
    writeFileSync(kb, readFileSync(join(root, 'kb/sample-kb.json')));
    writeFileSync(queries, ['{"text":"ho dimenticato la password","expected":"it-password-reset","department":"it"}', '{"text":"what is the meaning of life","label":"oos"}', '{"text":"how do I book a meeting room","expected":["facilities-meeting-room"],"priority":"low"}'].join('\n'));
    const out = await cli(['faq', 'eval', '--kb', kb, '--queries', queries, '--json'], {});
    const report = JSON.parse(out.stdout);
    expect(report).toMatchObject({ queries: 3, inScope: 2, outOfScope: 1, top1Accuracy: 1, top3Accuracy: 1, threshold: 0.5 });
    for (const key of ['inScopeAccuracy', 'oosRecall', 'oosPrecision', 'H', 'wrongAnswerRate', 'latencyMs', 'buildMs', 'byLang', 'departmentAccuracy', 'priorityAccuracy']) {
      expect(report).toHaveProperty(key);
    }
    const bad = await cli(['faq', 'eval', '--kb', kb, '--queries', kb], {}).catch((e) => e);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('not valid JSON');
  });

  it('prints exactly one JSON object for `faq eval --fewshot --json`, the same figures for the same seeds', async () => {
    const train = join(dataDir, 'fewshot-train.jsonl');
    const test = join(dataDir, 'fewshot-test.jsonl');
    const line = (text: string, label: string) => JSON.stringify({ text, label });
    const topics = { printer: 'la stampante', wifi: 'il wifi', password: 'la password', vpn: 'la vpn' };
    writeFileSync(train, Object.entries(topics).flatMap(([label, what]) => ['non funziona', 'è rotta', 'come sistemo', 'problema con', 'aiuto con', 'non va', 'errore su', 'bloccato da'].map((v) => line(`${v} ${what}`, label))).join('\n'));
    writeFileSync(test, [line('la stampante non stampa', 'printer'), line('il wifi non si collega', 'wifi'), line('ho perso la password', 'password'), line('la vpn cade', 'vpn'), line('che tempo fa domani', 'oos')].join('\n'));
    const args = ['faq', 'eval', '--fewshot', '--train', train, '--queries', test, '--k', '3', '--seeds', '7,8', '--hold-out', '0.25', '--lang', 'it', '--json'];
    const first = JSON.parse((await cli(args, {})).stdout);
    expect(first).toMatchObject({ way: 'lexical', k: 3, seeds: [7, 8], entries: 3, queries: 5, answerThreshold: 0.5, suggestThreshold: 0.25 });
    for (const key of ['inScopeAccuracy', 'wrongAnswerRate', 'oosRecall', 'top1Accuracy', 'top3Accuracy', 'oneClickResolution', 'p99Ms']) {
      expect(first[key]).toMatchObject({ mean: expect.any(Number), sd: expect.any(Number), min: expect.any(Number), max: expect.any(Number) });
    }
    for (const seed of first.perSeed) expect(seed).toMatchObject({ entries: 3, phrasings: 9, heldOut: [expect.any(String)] });
    const second = JSON.parse((await cli(args, {})).stdout);
    expect(second.perSeed.map((s: { heldOut: string[]; inScopeAccuracy: number }) => [s.heldOut, s.inScopeAccuracy])).toEqual(first.perSeed.map((s: { heldOut: string[]; inScopeAccuracy: number }) => [s.heldOut, s.inScopeAccuracy]));
    const wrong = await cli(['faq', 'eval', '--fewshot', '--kb', train, '--queries', test], {}).catch((e) => e);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('--fewshot samples its KBs from --train');
  });
});
