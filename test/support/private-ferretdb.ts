// A FerretDB of a test's own (the binary scripts/ferretdb.sh built), for tests that
// stop the database under a running desk: the suite's shared server must stay up for
// the files running beside them. Stopped and started again on the same port and data.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './bot-process.js';

const root = new URL('../..', import.meta.url).pathname;

/** Where scripts/ferretdb.sh keeps the binary it built. */
function ferretdbBinary(): string | null {
  const version = /^version=(\S+)/m.exec(readFileSync(join(root, 'scripts/ferretdb.sh'), 'utf8'))?.[1];
  const cache = process.env.SPORTELLO_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'sportello');
  const bin = version ? join(cache, `ferretdb-${version}`) : '';
  return bin && existsSync(bin) ? bin : null;
}

export const privateFerretdbAvailable = ferretdbBinary() !== null;

export interface PrivateFerretdb {
  uri: string;
  /** Stops the server (SIGKILL: as a crash or a pulled cable looks to its clients); the data stays. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  remove(): Promise<void>;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export async function startPrivateFerretdb(): Promise<PrivateFerretdb> {
  const bin = ferretdbBinary();
  if (!bin) throw new Error('FerretDB is not built: run scripts/ferretdb.sh start once');
  const dir = mkdtempSync(join(tmpdir(), 'sportello-private-ferretdb-'));
  const port = await freePort();
  let child: ChildProcess | null = null;

  async function start() {
    child = spawn(bin!, ['-listen', `127.0.0.1:${port}`, '-dir', dir], { stdio: 'ignore' });
    for (let i = 0; i < 200; i++) {
      if (await listening(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`the private FerretDB did not listen on ${port} within 10 s`);
  }

  async function stop() {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  }

  await start();
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    start,
    stop,
    async remove() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
