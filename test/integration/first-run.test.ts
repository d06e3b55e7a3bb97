// `npm start` as a person meets it: at a terminal a banner and readable logs,
// in a pipe one JSON object per line.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readyBanner } from '../../app/ready-banner.js';
import { freePort, startBot, stopBot } from '../support/bot-process.js';

const root = new URL('../..', import.meta.url).pathname;
const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-first-run-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The bot under a pseudo-terminal (util-linux `script`), as `npm start` in a shell runs it; resolves with what it printed once it is ready. */
function startOnTerminal(env: Record<string, string>): Promise<{ output: string; stop(): void }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(PORT|HOST|DATA_DIR|MONGODB_URI|WEB_AUTH|LOG_LEVEL|LOG_FORMAT|PUBLIC_URL|SLACK_.*|TEAMS_.*|MICROSOFT_.*|DISCORD_.*|EMBEDDINGS_.*)$/.test(k)));
  const child = spawn('script', ['-qfec', `${process.execPath} --import tsx app/main.ts`, '/dev/null'], { cwd: root, env: { ...clean, ...env, TERM: 'xterm' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 60 s:\n${out}`)), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Stop with Ctrl+C')) {
        clearTimeout(timer);
        // Pretty log lines arrive through a worker: give the ready line a moment to follow the banner.
        setTimeout(() => resolve({ output: out, stop: () => child.kill('SIGTERM') }), 500);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${out}`)));
  });
}

describe('first run', () => {
  it('prints a banner with the address, the store, the knowledge base and how to add the first agent, and readable logs, at a terminal', { timeout: 90_000 }, async () => {
    const port = await freePort();
    const dir = dataDir();
    const run = await startOnTerminal({ PORT: String(port), DATA_DIR: dir, LOG_LEVEL: 'info' });
    run.stop();
    const plain = run.output.replace(/\u001b\[[0-9;]*m/g, '');
    expect(plain).toContain(`Web chat        http://127.0.0.1:${port}/`);
    expect(plain).toContain(`SQLite, ${join(dir, 'sportello.db')}`);
    expect(plain).toMatch(/Knowledge base {2}\d+ FAQ entries/);
    expect(plain).toContain('npx sportello agents add --platform web');
    expect(plain).toContain(`Agent console   http://127.0.0.1:${port}/console`);
    expect(plain).toContain('npx sportello console link --platform web --user <your-id>');
    // Logs as sentences with a time and a level, not JSON objects.
    expect(plain).toMatch(/\[\d\d:\d\d:\d\d\] INFO.*knowledge base loaded/);
    expect(plain.split(/\r?\n/).some((l) => l.trimStart().startsWith('{"level"'))).toBe(false);
  });

  it('logs one JSON object per line when its output is not a terminal, and prints no banner', { timeout: 90_000 }, async () => {
    const port = await freePort();
    const bot = await startBot({ PORT: String(port), DATA_DIR: dataDir(), LOG_LEVEL: 'info' });
    await stopBot(bot);
    const lines = bot.output().split('\n').filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(bot.output()).not.toContain('Stop with Ctrl+C');
  });

  it('says the next step when nobody can work tickets yet, and hides a MongoDB password', () => {
    const facts = { url: 'http://127.0.0.1:3000', faqEntries: 0, channels: ['web', 'slack'], webAuth: 'none' };
    const empty = readyBanner({ ...facts, store: { kind: 'mongo', where: 'mongodb://desk:s3cret@db.example:27017/sportello' }, agents: 0 });
    expect(empty).toContain('mongodb://db.example:27017/sportello');
    expect(empty).not.toContain('s3cret');
    expect(empty).toContain('npx sportello faq import');
    expect(empty).toContain('web chat, Slack');
    const staffed = readyBanner({ ...facts, store: { kind: 'sqlite', where: '/srv/data/sportello.db' }, agents: 3 });
    expect(staffed).toContain('3 registered');
    expect(staffed).not.toContain('agents add');
    expect(staffed).toContain('npx sportello console link');
  });
});
