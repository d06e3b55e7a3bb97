// Servers under test, each in its own Node.js process (run with tsx), stopped
// with SIGTERM so they shut down as in production (and write a --cpu-prof file).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { round } from './load.js';

export const root = new URL('..', import.meta.url).pathname;
/** The bot's entry point, relative to the repository root. */
export const BOT_ENTRY = 'app/main.ts';
/**
 * The bench plays a few identities sending hundreds of messages and tickets,
 * which the per-person limits would refuse: it measures the desk's work with
 * them off, and never a refusal.
 */
export const NO_LIMITS = { LIMIT_TICKETS_PER_HOUR: '0', LIMIT_MESSAGES_PER_MINUTE: '0', LIMIT_STREAMS_PER_PERSON: '0', LIMIT_STREAMS_TOTAL: '0' };

/** What the bot logs once it listens: the port is the first group. */
export const BOT_READY = /"address":"http:\/\/127\.0\.0\.1:(\d+)"/;

export function spawnServer(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  nodeArgs: string[] = [],
): Promise<{ child: ChildProcess; port: number; banner: string }> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve({ child, port: Number(m[1]), banner: out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
}

export async function stop(child: ChildProcess) {
  await new Promise<void>((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return round(Number(line.replace(/\D+/g, '')) / 1024, 1);
}

/** CPU time a process has used so far, in ms (user, system), from /proc (clock ticks of 10 ms). */
export function cpuMs(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command name: state is field 3, utime 14 and stime 15 (1-based in proc(5)).
  return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
}
