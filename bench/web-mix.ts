// `npm run bench:web` (or `npm run bench -- --only web`): the web chat API under
// a people-like mix, beside a bare Node.js echo server measured the same way in
// the same run. Each closed-loop user plays one person at a time who sends 40
// messages: 1 in 4 opens a ticket (`ticket new …`, FAQ matching on), the others
// ask `ticket list`. Two modes:
//  - fresh:  after its 40 messages a person leaves and a new identity takes over;
//  - sticky: each user keeps one identity for the whole run (it collects hundreds
//            of tickets, so `ticket list` reads from a long history).
// Bot and echo each run in their own process; the client runs here.
// Prints one JSON object on stdout; progress goes to stderr.
//
//   --mode fresh|sticky|both   (both)      --seconds N  (8)     --users N  (50)
//   --slices N  (4; echo and bot take turns N times, seconds/N each, so background load hits both alike)
//   --repeat N  (1; each repeat starts new processes and a new database; medians reported)
//   --profile DIR   run the bot with --cpu-prof, writing .cpuprofile files into DIR
//                   (summarise them with `node bench/cpuprofile-summary.mjs FILE --last 8`)
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { closedLoopFor, round, summarise, type LoadResult } from './load.js';
import { BOT_ENTRY, BOT_READY, NO_LIMITS, cpuMs, rssMb, spawnServer, stop } from './processes.js';

type Round = Awaited<ReturnType<typeof closedLoopFor>>;

export type Mode = 'fresh' | 'sticky';

export interface WebMixOptions {
  users?: number;
  seconds?: number;
  /** Echo and bot take turns this many times (1: echo for the whole time, then the bot). */
  slices?: number;
  /** Where the bot writes its CPU profile (--cpu-prof); none when unset. */
  profileDir?: string;
  log?: (msg: string) => void;
}

export interface WebMixResult {
  mode: Mode;
  users: number;
  seconds: number;
  echo: LoadResult;
  web: LoadResult;
  p99Ratio: number;
  p50Ratio: number;
  rpsRatio: number;
  ticketsOpened: number;
  ticketsPerIdentityAtEnd: number;
  /** Server CPU per request (µs) while measured: user and system (the kernel's share of sending and receiving). */
  cpuPerRequestUs: { web: { user: number; system: number }; echo: { user: number; system: number } };
  botRssMb: number;
  /** The machine's 1-minute load average before the run: other work on a small box skews both numbers. */
  loadAverage: number;
}

const MESSAGES_PER_PERSON = 40;
const NEW_EVERY = 4;
const WARM_UP_SECONDS = 2;

/** What people write when they open a ticket: Italian and English, some the FAQ knows. */
const PROBLEMS = [
  'la stampante del secondo piano non stampa più, esce solo carta bianca',
  'VPN down for everyone in the Milan office, urgent',
  'non riesco ad accedere alla posta dal cellulare da stamattina',
  'my laptop is extremely slow since the last update, it takes 10 minutes to boot',
  'richiesta ferie bloccata nel portale, non vedo il pulsante invia',
  'la nota spese di marzo è stata rifiutata ma non capisco il motivo',
  'I lost my badge somewhere in the parking lot',
  'in sala riunioni Verdi il proiettore non si accende',
  'Teams keeps crashing when I share my screen during calls',
  'il condizionatore in ufficio 3B fa un rumore fortissimo',
  'need access to the shared finance mailbox for the quarter close',
  'ho cancellato per errore una cartella sul disco di rete, si può recuperare?',
  'quando arrivano i buoni pasto di questo mese?',
  'my payslip for last month is missing from the portal',
  'il monitor esterno non viene rilevato dalla docking station',
  'the wifi in the east wing drops every few minutes',
];

/** …and where: every ticket's text differs, as people's do (the FAQ matcher's memo does not hide its cost). */
const WHERE = ['(postazione ', '(desk ', '(stanza ', '(room ', '(asset PC-', '(ufficio '];

/**
 * Each user's script: its n-th message (counted across calls, so a run may be
 * measured in slices) is `ticket new …` when n % 4 is 0, `ticket list` otherwise;
 * a person's first message opens a ticket, so `list` has something to show.
 */
export function mixScript(mode: Mode, prefix = '') {
  const sent: number[] = [];
  const body = (user: number): string => {
    const n = (sent[user] = (sent[user] ?? -1) + 1);
    const id = mode === 'sticky' ? `${prefix}u${user}` : `${prefix}u${user}-p${Math.floor(n / MESSAGES_PER_PERSON)}`;
    const k = n / NEW_EVERY;
    const text = n % NEW_EVERY === 0 ? `ticket new ${PROBLEMS[(user * 7 + k) % PROBLEMS.length]} ${WHERE[(user + k) % WHERE.length]}${100 + ((user * 37 + k * 11) % 900)})` : 'ticket list';
    return JSON.stringify({ user: { id, name: `User ${user}` }, text });
  };
  return { body, mostSent: () => Math.max(0, ...sent.map((n) => n + 1)) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export async function webMix(mode: Mode, opts: WebMixOptions = {}): Promise<WebMixResult> {
  const users = opts.users ?? 50;
  const seconds = opts.seconds ?? 8;
  const slices = opts.slices ?? 4;
  const log = opts.log ?? (() => undefined);
  const loadAverage = round(loadavg()[0]!);
  const dir = mkdtempSync(join(tmpdir(), 'sportello-bench-web-'));
  // One file per thread (tsx's loader runs in a worker): the main thread's is the biggest.
  const nodeArgs = opts.profileDir ? ['--cpu-prof', '--cpu-prof-interval=250', `--cpu-prof-dir=${resolve(opts.profileDir, `bot-${mode}-${Date.now()}`)}`] : [];
  const echo = await spawnServer(['bench/echo-server.ts'], { PORT: '0' }, /listening (\d+)/);
  const bot = await spawnServer([BOT_ENTRY], { PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'info', MONGODB_URI: '', ...NO_LIMITS }, BOT_READY, nodeArgs);
  const agents: Agent[] = [];
  try {
    const echoUrl = `http://127.0.0.1:${echo.port}/`;
    const botUrl = `http://127.0.0.1:${bot.port}/web/api/messages`;
    // Warm both servers' JIT (and the client's) with identities the measured run never uses.
    await closedLoopFor(echoUrl, { users, seconds: WARM_UP_SECONDS / 2, body: mixScript(mode, 'warm-').body });
    await closedLoopFor(botUrl, { users, seconds: WARM_UP_SECONDS, body: mixScript(mode, 'warm-').body });
    // Echo and bot take turns in slices, so both see the same background load on a shared machine.
    const side = (pid: number, url: string) => {
      const agent = new Agent({ keepAlive: true, maxSockets: users });
      agents.push(agent);
      return { pid, url, agent, script: mixScript(mode), rounds: [] as Round[], cpu: { user: 0, system: 0 } };
    };
    const echoSide = side(echo.child.pid!, echoUrl);
    const botSide = side(bot.child.pid!, botUrl);
    log(`${mode}: echo and web, ${seconds} s each in ${slices} turns…`);
    for (let i = 0; i < slices; i++) {
      for (const s of [echoSide, botSide]) {
        const before = cpuMs(s.pid);
        s.rounds.push(await closedLoopFor(s.url, { users, seconds: seconds / slices, body: s.script.body, agent: s.agent }));
        const after = cpuMs(s.pid);
        s.cpu.user += after.user - before.user;
        s.cpu.system += after.system - before.system;
      }
    }
    const perRequest = (side: typeof botSide) => {
      const n = Math.max(1, side.rounds.reduce((sum, r) => sum + r.latencies.length, 0));
      return { user: Math.round((side.cpu.user * 1000) / n), system: Math.round((side.cpu.system * 1000) / n) };
    };
    const rss = rssMb(bot.child.pid!);
    const echoResult = summarise(echoSide.rounds);
    const web = summarise(botSide.rounds);
    const ticketsOpened = Math.round(web.requests / NEW_EVERY);
    return {
      mode,
      users,
      seconds,
      echo: echoResult,
      web,
      p99Ratio: round(web.p99Ms / echoResult.p99Ms),
      p50Ratio: round(web.p50Ms / echoResult.p50Ms),
      rpsRatio: round(echoResult.rps / web.rps),
      ticketsOpened,
      ticketsPerIdentityAtEnd: mode === 'sticky' ? Math.ceil(botSide.script.mostSent() / NEW_EVERY) : Math.ceil(MESSAGES_PER_PERSON / NEW_EVERY),
      cpuPerRequestUs: { web: perRequest(botSide), echo: perRequest(echoSide) },
      botRssMb: rss,
      loadAverage,
    };
  } finally {
    for (const a of agents) a.destroy();
    await stop(bot.child);
    await stop(echo.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs each mode `repeat` times; with more than one run, the medians are reported beside the runs. */
export async function webMixRuns(modes: readonly Mode[], repeat: number, opts: WebMixOptions = {}) {
  const out: Record<string, unknown> = {};
  for (const mode of modes) {
    const runs: WebMixResult[] = [];
    for (let r = 0; r < repeat; r++) {
      const run = await webMix(mode, opts);
      const cpu = (c: { user: number; system: number }) => `${c.user}+${c.system} µs cpu/req`;
      opts.log?.(
        `${mode} #${r + 1}: web p99 ${run.web.p99Ms} ms (${run.web.rps}/s, ${cpu(run.cpuPerRequestUs.web)}), echo p99 ${run.echo.p99Ms} ms (${run.echo.rps}/s, ${cpu(run.cpuPerRequestUs.echo)}): ${run.p99Ratio}×`,
      );
      runs.push(run);
    }
    out[mode] =
      repeat === 1
        ? runs[0]
        : {
            median: {
              webP50Ms: round(median(runs.map((r) => r.web.p50Ms))),
              webP99Ms: round(median(runs.map((r) => r.web.p99Ms))),
              echoP50Ms: round(median(runs.map((r) => r.echo.p50Ms))),
              echoP99Ms: round(median(runs.map((r) => r.echo.p99Ms))),
              p99Ratio: round(median(runs.map((r) => r.p99Ratio))),
              webRps: round(median(runs.map((r) => r.web.rps)), 0),
              echoRps: round(median(runs.map((r) => r.echo.rps)), 0),
              webCpuUsPerRequest: round(median(runs.map((r) => r.cpuPerRequestUs.web.user + r.cpuPerRequestUs.web.system)), 0),
              echoCpuUsPerRequest: round(median(runs.map((r) => r.cpuPerRequestUs.echo.user + r.cpuPerRequestUs.echo.system)), 0),
            },
            runs: runs.map((r) => ({ web: r.web, echo: r.echo, p99Ratio: r.p99Ratio, cpuPerRequestUs: r.cpuPerRequestUs, ticketsPerIdentityAtEnd: r.ticketsPerIdentityAtEnd, loadAverage: r.loadAverage })),
          };
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/bench/web-mix.ts')) {
  const arg = (name: string) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : undefined);
  const modeArg = arg('mode') ?? 'both';
  const modes: Mode[] = modeArg === 'both' ? ['fresh', 'sticky'] : [modeArg as Mode];
  if (!modes.every((m) => m === 'fresh' || m === 'sticky')) throw new Error(`--mode must be fresh, sticky or both, got ${modeArg}`);
  const result = await webMixRuns(modes, Number(arg('repeat') ?? 1), {
    users: Number(arg('users') ?? 50),
    seconds: Number(arg('seconds') ?? 8),
    slices: Number(arg('slices') ?? 4),
    profileDir: arg('profile'),
    log: (msg) => process.stderr.write(`[bench:web] ${msg}\n`),
  });
  process.stdout.write(`${JSON.stringify({ node: process.version, cpus: (await import('node:os')).cpus().length, webMix: result }, null, 2)}\n`);
  process.exit(0);
}
