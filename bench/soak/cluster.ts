// What the soak runs: a private FerretDB (scripts/ferretdb.sh on a port of its
// own) and N Sportello instances, each its own process with a fixed PORT,
// INSTANCE_ID and data dir, so a restart after `kill -9` is the same instance.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../test/support/bot-process.js';
import { BOT_ENTRY, NO_LIMITS, cpuMs, root, rssMb } from '../processes.js';

const run = promisify(execFile);

/** The soak's own settings must not leak from the shell into the instances' configuration. */
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(PORT|HOST|DATA_DIR|MONGODB_URI|INSTANCE_ID|WEB_.*|PUBLIC_URL|OIDC_.*|SESSION_.*|LOG_.*|SLACK_.*|TEAMS_.*|MICROSOFT_.*|DISCORD_.*|EMAIL_.*|IMAP_.*|SMTP_.*)$/.test(k)),
) as Record<string, string>;

export interface Store {
  port: number;
  uri: string;
  /** The server's process id now (null while it is stopped), from the script's run dir. */
  pid(): number | null;
  stop(): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
}

async function ferretdb(port: number, command: string): Promise<string> {
  const { stdout } = await run('bash', [join(root, 'scripts/ferretdb.sh'), command], { cwd: root, env: { ...process.env, FERRETDB_PORT: String(port) } });
  return stdout;
}

export async function startStore(): Promise<Store> {
  const port = await freePort();
  await ferretdb(port, 'start');
  return {
    port,
    uri: `mongodb://127.0.0.1:${port}/sportello_soak`,
    pid() {
      try {
        const pid = Number(readFileSync(join(process.env.TMPDIR ?? '/tmp', `sportello-ferretdb-${port}`, 'pid'), 'utf8').trim());
        return existsSync(`/proc/${pid}`) ? pid : null;
      } catch {
        return null;
      }
    },
    stop: () => ferretdb(port, 'stop').then(() => undefined),
    pause: () => ferretdb(port, 'pause').then(() => undefined),
    resume: () => ferretdb(port, 'resume').then(() => undefined),
  };
}

export interface Life {
  pid: number;
  startedAt: number;
  rss: { at: number; mb: number }[];
  cpu: { user: number; system: number };
  /** CPU used before the measured window (start-up, or everything before the traffic began): not a message's cost. */
  cpuBase: { user: number; system: number };
}

export interface Instance {
  id: string;
  port: number;
  base: string;
  up: boolean;
  lives: Life[];
  kills: number;
  child: ChildProcess | null;
}

export interface Cluster {
  instances: Instance[];
  start(i: Instance): Promise<void>;
  /** SIGKILL: the process dies where it stands. */
  kill(i: Instance): Promise<void>;
  sample(): void;
  /** From now on: CPU used so far by the running instances is left out of the per-message cost. */
  markBaseline(): void;
  stopAll(): Promise<void>;
}

const READY = 'Sportello is ready';
const START_TIMEOUT_MS = 120_000;

export async function createCluster(n: number, env: Record<string, string>, runDir: string, log: (m: string) => void): Promise<Cluster> {
  const instances: Instance[] = [];
  for (let k = 0; k < n; k++) {
    const port = await freePort();
    instances.push({ id: `soak-${k + 1}`, port, base: `http://127.0.0.1:${port}`, up: false, lives: [], kills: 0, child: null });
  }

  function start(i: Instance): Promise<void> {
    const dataDir = join(runDir, i.id);
    mkdirSync(dataDir, { recursive: true });
    const out = createWriteStream(join(runDir, `${i.id}.log`), { flags: 'a' });
    const child = spawn(process.execPath, ['--import', 'tsx', BOT_ENTRY, 'serve'], {
      cwd: root,
      env: { ...cleanEnv, ...NO_LIMITS, LOG_FORMAT: 'json', LOG_LEVEL: 'info', ...env, PORT: String(i.port), INSTANCE_ID: i.id, DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    i.child = child;
    child.stdout!.pipe(out);
    child.stderr!.pipe(out);
    return new Promise((resolve, reject) => {
      let seen = '';
      // A start that hangs is killed, so no instance outlives the soak.
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${i.id} did not get ready in ${START_TIMEOUT_MS / 1000} s; see ${join(runDir, `${i.id}.log`)}`));
      }, START_TIMEOUT_MS);
      const onData = (d: Buffer) => {
        seen = (seen + d.toString()).slice(-4096);
        if (!seen.includes(READY)) return;
        child.stdout!.off('data', onData);
        clearTimeout(timer);
        i.up = true;
        const atReady = cpuMs(child.pid!);
        i.lives.push({ pid: child.pid!, startedAt: Date.now(), rss: [], cpu: atReady, cpuBase: atReady });
        log(`${i.id} ready on ${i.base} (pid ${child.pid})`);
        resolve();
      };
      child.stdout!.on('data', onData);
      child.once('exit', (code, signal) => {
        i.up = false;
        clearTimeout(timer);
        reject(new Error(`${i.id} exited (${code ?? signal}) before it was ready; see ${join(runDir, `${i.id}.log`)}`));
      });
    });
  }

  const exited = (child: ChildProcess) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.removeAllListeners('exit');
      child.once('exit', () => resolve());
    });

  function sampleOne(i: Instance) {
    const life = i.lives.at(-1);
    if (!i.up || !life) return;
    try {
      life.rss.push({ at: Date.now(), mb: rssMb(life.pid) });
      life.cpu = cpuMs(life.pid);
    } catch {
      // Gone between the check and the read: its last sample stands.
    }
  }

  return {
    instances,
    start,
    async kill(i) {
      if (!i.child) return;
      sampleOne(i);
      const done = exited(i.child);
      i.child.kill('SIGKILL');
      await done;
      i.up = false;
      i.kills++;
    },
    sample: () => instances.forEach(sampleOne),
    markBaseline() {
      for (const i of instances) {
        const life = i.lives.at(-1);
        if (!i.up || !life) continue;
        sampleOne(i);
        life.cpuBase = life.cpu;
      }
    },
    async stopAll() {
      await Promise.all(
        instances.map(async (i) => {
          if (!i.child || i.child.exitCode !== null || i.child.signalCode !== null) return;
          sampleOne(i);
          const done = exited(i.child);
          i.child.kill('SIGTERM');
          const late = setTimeout(() => i.child?.kill('SIGKILL'), 10_000);
          await done;
          clearTimeout(late);
          i.up = false;
        }),
      );
    },
  };
}

/** CPU the store's server used since `mark()`, summed over its restarts (each a new process). */
export function storeCpu(store: Store) {
  const used = new Map<number, { base: number; last: number }>();
  const read = (pid: number) => {
    const c = cpuMs(pid);
    return c.user + c.system;
  };
  const sample = () => {
    const pid = store.pid();
    if (pid === null) return;
    try {
      const now = read(pid);
      const seen = used.get(pid);
      if (seen) seen.last = now;
      else used.set(pid, { base: 0, last: now });
    } catch {
      // Gone meanwhile: its last sample stands.
    }
  };
  return {
    sample,
    mark() {
      sample();
      for (const u of used.values()) u.base = u.last;
    },
    ms: () => [...used.values()].reduce((s, u) => s + u.last - u.base, 0),
  };
}
