// The bot as its own process (`node --import tsx app/main.ts`), for tests that
// kill it: a free port, start-up awaited on its "ready" log line, and both a
// gentle stop and a crash.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

const root = new URL('../..', import.meta.url).pathname;
/** The test runner's own settings must not leak into the bot's configuration. */
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(PORT|HOST|DATA_DIR|MONGODB_URI|WEB_CHAT_TOKEN|WEB_AUTH|WEB_IDENTITY_.*|PUBLIC_URL|OIDC_.*|SESSION_.*|DEFAULT_LOCALE|LOG_LEVEL|LOG_FORMAT|EMBEDDINGS_.*|SLACK_.*|TEAMS_.*|MICROSOFT_.*|DISCORD_.*)$/.test(k)),
);

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface BotProcess {
  child: ChildProcess;
  /** Everything it printed so far (pino JSON lines, one per line). */
  output(): string;
}

export function startBot(env: Record<string, string>): Promise<BotProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/main.ts'], { cwd: root, env: { ...cleanEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Sportello is ready')) resolve({ child, output: () => out });
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code, signal) => reject(new Error(`bot exited with ${code ?? signal}: ${out}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
  });
}

/** SIGTERM: the orderly stop. */
export async function stopBot(bot: BotProcess): Promise<void> {
  const done = exited(bot.child);
  bot.child.kill('SIGTERM');
  await done;
}

/** SIGKILL: the process dies where it stands, as in a crash or an OOM kill. */
export async function killBot(bot: BotProcess): Promise<void> {
  const done = exited(bot.child);
  bot.child.kill('SIGKILL');
  await done;
}
