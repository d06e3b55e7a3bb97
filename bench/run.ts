// `npm run bench`: prints one JSON object on stdout; progress goes to stderr.
//  - tickets created per second through HelpDesk, on SQLite and on Mongo (FerretDB)
//  - p50/p99 of POST /web/api/messages at 50 closed-loop users, beside a bare
//    Node.js JSON echo server measured the same way in the same run
//  - the bot's RSS idle and under that load
//  - the web API under a ticket new/list mix, fresh and sticky identities (bench/web-mix.ts)
//  - the web API with WEB_AUTH=jwt beside none, and the token check alone (bench/web-auth.ts)
//  - the agent console's queue page with 10,000 open tickets, SQLite and Mongo (bench/console-queue.ts)
//  - one SLA sweep over 100,000 open tickets, nothing due and 100 due, SQLite and Mongo (bench/sla-sweep.ts)
//  - the similar-ticket lookup over 100,000 archived tickets in memory (bench/archive-similar.ts)
//  - the report over 100,000 tickets, SQLite and Mongo (bench/report.ts)
//  - how the FAQ-draft job groups fortnights of public intent-set tickets (bench/faq-drafts-clusters.ts)
//  - privacy: export and erase one person, and a first retention run, among closed tickets (bench/privacy.ts)
//  - 1,000 mails through a Dovecot mailbox: IMAP arrival to the acknowledgement mail, steady and backlog (bench/email-intake.ts)
import { execFileSync } from 'node:child_process';
import { Agent } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { createMongoStore } from '../adapters/storage/mongo/create-mongo-store.js';
import { createSqliteStore } from '../adapters/storage/sqlite/create-sqlite-store.js';
import type { Store } from '../src/index.js';
import { createTestDesk, person } from '../test/support/desk.js';
import { SIGNING_SECRET, messageEvent, sign } from '../test/support/slack-requests.js';
import { TRIAGE, cardAction, personalConversation, personalMessage } from '../test/support/teams-activities.js';
import { closedLoopRound, percentile, round, summarise } from './load.js';
import { BOT_ENTRY, BOT_READY, NO_LIMITS, root, rssMb, spawnServer, stop } from './processes.js';
import { consoleQueueBench } from './console-queue.js';
import { reportBench } from './report.js';
import { faqDraftClustersBench } from './faq-drafts-clusters.js';
import { privacyBench } from './privacy.js';
import { slaSweepBench } from './sla-sweep.js';
import { archiveSimilarBench } from './archive-similar.js';
import { webAuthLatency } from './web-auth.js';
import { webMixRuns } from './web-mix.js';
import { filesRelayBench } from './files-relay.js';
import { outboxRelayBench } from './outbox-relay.js';
import { emailIntakeBench } from './email-intake.js';

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

async function createsPerSecond(store: Store, count: number, concurrency: number) {
  const d = await createTestDesk(store);
  for (const userId of ['a1', 'a2', 'a3']) await d.agent({ userId, name: userId, departments: ['it', 'hr', 'finance', 'facilities'] });
  const texts = ['la stampante non stampa', 'VPN down for everyone, urgent', 'richiesta ferie bloccata', 'nota spese rifiutata'];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      const who = person(`bench-${w}`, `Bench ${w}`, 'en');
      while (next < count) {
        const i = next++;
        const [r] = await d.say(who, `ticket new --no-faq ${texts[i % texts.length]} #${i}`);
        if (!r?.ticket) throw new Error(`no ticket created: ${r?.text}`);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { tickets: count, concurrency, seconds: round(seconds), perSecond: round(count / seconds, 0) };
}

async function sqliteCreates() {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-bench-'));
  const store = createSqliteStore({ file: join(dir, 'sportello.db') });
  try {
    await createsPerSecond(store, 300, 10); // warm-up
    return await createsPerSecond(store, 5000, 20);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function mongoUri(): string | null {
  if (process.env.MONGODB_URI) return process.env.MONGODB_URI;
  try {
    const out = execFileSync('bash', [join(root, 'scripts/ferretdb.sh'), 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    return out.trim().split('\n').at(-1)!.replace(/^MONGODB_URI=/, '');
  } catch {
    return null;
  }
}

async function mongoCreates() {
  const uri = mongoUri();
  if (!uri) return { skipped: 'no MONGODB_URI and FerretDB could not be started' };
  const dbName = `sportello_bench_${Date.now()}`;
  const store = await createMongoStore({ uri, dbName });
  try {
    await createsPerSecond(store, 50, 5);
    return { server: process.env.MONGODB_URI ? 'MONGODB_URI' : 'FerretDB (SQLite backend)', ...(await createsPerSecond(store, 1000, 20)) };
  } finally {
    await store.close();
    const conn = await mongoose.createConnection(uri, { dbName }).asPromise();
    await conn.dropDatabase();
    await conn.close();
  }
}

/** The p99 bucket of the bot's own latency histogram: from request in to response out. */
async function serverSideP99(port: number, route: string): Promise<{ requests: number; p99AtMostMs: number | null }> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const buckets = text
    .split('\n')
    .filter((l) => l.startsWith('sportello_http_request_duration_seconds_bucket') && l.includes(`route="${route}"`))
    .map((l) => ({ le: l.match(/le="([^"]+)"/)![1]!, count: Number(l.split(' ').at(-1)) }));
  const total = buckets.find((b) => b.le === '+Inf')?.count ?? 0;
  const p99 = buckets.find((b) => b.le !== '+Inf' && b.count >= 0.99 * total);
  return { requests: total, p99AtMostMs: p99 ? Number(p99.le) * 1000 : null };
}

async function httpLatency() {
  const users = 50;
  const perUser = 60;
  const rounds = 5;
  const dir = mkdtempSync(join(tmpdir(), 'sportello-bench-http-'));
  const echo = await spawnServer(['bench/echo-server.ts'], { PORT: '0' }, /listening (\d+)/);
  const bot = await spawnServer([BOT_ENTRY], { PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'info', MONGODB_URI: '', ...NO_LIMITS }, BOT_READY);
  try {
    const body = (u: number, i: number) =>
      JSON.stringify({ user: { id: `user${u}`, name: `User ${u}`, locale: u % 2 ? 'it' : 'en' }, text: `ticket new --no-faq il pc numero ${i} non si accende` });
    const echoUrl = `http://127.0.0.1:${echo.port}/`;
    const botUrl = `http://127.0.0.1:${bot.port}/web/api/messages`;
    const load = { users, perUser, body };
    const idleRss = rssMb(bot.child.pid!);
    // Warm up the JIT of the client and of both servers before anything counts.
    for (let i = 0; i < 3; i++) {
      await closedLoopRound(echoUrl, load);
      await closedLoopRound(botUrl, load);
    }
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(bot.child.pid!))), 50);
    const echoRounds = [];
    const botRounds = [];
    for (let i = 0; i < rounds; i++) {
      echoRounds.push(await closedLoopRound(echoUrl, load));
      botRounds.push(await closedLoopRound(botUrl, load));
    }
    clearInterval(sampler);
    const echoResult = summarise(echoRounds);
    const botResult = summarise(botRounds);
    log(`echo p99 ${echoResult.p99Ms} ms, web api p99 ${botResult.p99Ms} ms`);
    return {
      http: {
        users,
        requestsPerUser: perUser,
        rounds,
        echo: echoResult,
        webApiMessages: botResult,
        p99RatioToEcho: round(botResult.p99Ms / echoResult.p99Ms),
      },
      rssMb: { idle: idleRss, loaded: round(Math.max(peak, rssMb(bot.child.pid!)), 1) },
    };
  } finally {
    await stop(bot.child);
    await stop(echo.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A fake platform in its own process (it prints "listening <port> <side door>")
 * and the bot pointed at it, both stopped afterwards whatever happens.
 */
async function withFakePlatform<T>(
  script: string,
  botEnv: (fakePort: number, dataDir: string) => Record<string, string>,
  run: (ctx: { fakePort: number; door: string; botPort: number; env: Record<string, string> }) => Promise<T>,
  beforeStart?: (env: Record<string, string>) => void,
): Promise<T> {
  const fake = await spawnServer([script], {}, /listening (\d+)/);
  const door = /listening \d+ (\S+)/.exec(fake.banner)![1]!;
  const dir = mkdtempSync(join(tmpdir(), 'sportello-bench-'));
  const env = { PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'info', MONGODB_URI: '', ...NO_LIMITS, ...botEnv(fake.port, dir) };
  try {
    beforeStart?.(env);
    const bot = await spawnServer([BOT_ENTRY], env, BOT_READY);
    try {
      return await run({ fakePort: fake.port, door, botPort: bot.port, env });
    } finally {
      await stop(bot.child);
    }
  } finally {
    await stop(fake.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Signed Events API requests into Bolt's receiver: the time until Slack would see
 * the ack, for bursts of 50 events at once. Each burst's work (tickets, cards,
 * DMs) is let finish before the next, as Slack's own traffic would.
 */
async function slackAck() {
  const burst = 50;
  const bursts = 20;
  const env = (port: number) => ({
    SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `http://127.0.0.1:${port}/api/`,
    SLACK_TRIAGE_CHANNEL: 'C0BENCH01', SLACK_BOT_ID: 'B0BENCH', SLACK_BOT_USER_ID: 'U0BENCHBOT',
  });
  return withFakePlatform('bench/fake-slack-server.ts', env, async ({ door, botPort }) => {
    const url = `http://127.0.0.1:${botPort}/slack/events`;
    const load = {
      users: burst,
      perUser: 1,
      body: (u: number) => messageEvent({ user: 'U0BENCH', text: `ticket new --no-faq docking ${u} non carica`, channel: 'D0BENCH', channelType: 'im' }),
      headers: (raw: string) => sign(SIGNING_SECRET, raw),
    };
    // Replies, cards and home tabs: the burst's work is all done (cards and homes leave after the replies).
    const replies = async () => Number(await (await fetch(door)).text());
    const rounds = [];
    for (let i = 0; i < bursts + 3; i++) {
      const round = await closedLoopRound(url, load);
      if (i >= 3) rounds.push(round);
      const until = Date.now() + 30_000;
      while ((await replies()) < (i + 1) * burst) {
        if (Date.now() > until) throw new Error('the bot did not finish every event of the burst within 30 s');
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    return { burst, bursts, ackSeenByClient: summarise(rounds), ackInServer: await serverSideP99(botPort, '/slack/events') };
  });
}

/**
 * Bot Framework activities into CloudAdapter: the time until the connector
 * would see the HTTP response, for bursts of 50 at once. Messages answer at
 * once and work after; card presses (invokes) do their work inside the
 * response, so they are measured apart. Every burst's replies land before the next.
 */
async function teamsTurns() {
  const burst = 50;
  const bursts = 20;
  const agent = { aad: 'bench-agent', name: 'Agent', locale: 'en-US' };
  const requester = { aad: 'bench-user', name: 'User', locale: 'en-US' };
  const env = (port: number) => ({ TEAMS_LOCAL: '1', TEAMS_TRIAGE_CONVERSATION_ID: TRIAGE, TEAMS_SERVICE_URL: `http://127.0.0.1:${port}/` });
  const addAgent = (botEnv: Record<string, string>) =>
    execFileSync(process.execPath, ['--import', 'tsx', BOT_ENTRY, 'agents', 'add', '--platform', 'teams', '--user', agent.aad, '--name', 'Agent', '--departments', 'it'], {
      cwd: root, env: { ...process.env, ...botEnv }, stdio: 'ignore',
    });
  return withFakePlatform('bench/fake-teams-server.ts', env, async ({ fakePort, door, botPort }) => {
    const serviceUrl = `http://127.0.0.1:${fakePort}/`;
    const url = `http://127.0.0.1:${botPort}/api/messages`;
    const sent = async (conversation: string) => Number(await (await fetch(`${door}?conversation=${encodeURIComponent(conversation)}`)).text());
    const settle = async (conversation: string, expected: number) => {
      const until = Date.now() + 30_000;
      while ((await sent(conversation)) < expected) {
        if (Date.now() > until) throw new Error(`the bot did not finish the burst's sends to ${conversation} within 30 s`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const messages = [];
    const invokes = [];
    let opened = 0;
    const connections = new Agent({ keepAlive: true, maxSockets: burst });
    for (let i = 0; i < bursts + 3; i++) {
      const first = opened;
      const m = await closedLoopRound(url, { users: burst, perUser: 1, agent: connections, body: (u) => JSON.stringify(personalMessage(serviceUrl, requester, `ticket new --no-faq --dept it docking ${u} non carica`)) });
      opened += burst;
      // The requester hears of each ticket opened, then of each claim.
      await settle(personalConversation(requester), opened + first);
      await settle(TRIAGE, opened);
      const inv = await closedLoopRound(url, { users: burst, perUser: 1, agent: connections, body: (u) => JSON.stringify(cardAction(serviceUrl, agent, `claim:IT-${first + u + 1}`, { root: 'bench' })) });
      await settle(personalConversation(requester), 2 * opened);
      if (i >= 3) {
        messages.push(m);
        invokes.push(inv);
      }
    }
    connections.destroy();
    return { burst, bursts, messageResponse: summarise(messages), invokeResponse: summarise(invokes), inServer: await serverSideP99(botPort, '/api/messages') };
  }, addAgent);
}

/**
 * discord.js on the gateway: bursts of 50 INTERACTION_CREATE (/ticket new) at
 * once; the fake Discord times each from dispatch sent to initial callback
 * received (Discord's 3 s rule). Each burst's answers land before the next.
 */
async function discordCallbacks() {
  const burst = 50;
  const bursts = 20;
  const env = (port: number) => ({
    DISCORD_TOKEN: 'fake-bot-token-0123456789', DISCORD_APPLICATION_ID: '100000000000000004', DISCORD_API_URL: `http://127.0.0.1:${port}/api`,
    DISCORD_SUPPORT_CHANNEL_ID: '100000000000000002', DISCORD_TRIAGE_CHANNEL_ID: '100000000000000005',
  });
  return withFakePlatform('bench/fake-discord-server.ts', env, async ({ door }) => {
    const latencies: number[] = [];
    for (let i = 0; i < bursts + 3; i++) {
      const round = (await (await fetch(`${door}?n=${burst}`, { method: 'POST' })).json()) as number[];
      if (i >= 3) latencies.push(...round);
    }
    latencies.sort((a, b) => a - b);
    return { burst, bursts, interactions: latencies.length, dispatchToCallback: { p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)), maxMs: round(latencies.at(-1)!) } };
  });
}

// `npm run bench -- --only http` (or outbox, sqlite, mongo, web, auth, slack, teams, discord, console, sla, archive, report, privacy, drafts, files, email) runs one part.
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
const wanted = (part: string) => only === null || only === part;
const result: Record<string, unknown> = { node: process.version, cpus: (await import('node:os')).cpus().length };
if (wanted('outbox')) {
  log('Change relay alone, one instance, SQLite…');
  result.outboxRelay = await outboxRelayBench(log);
}
if (wanted('sqlite')) {
  log('HelpDesk creations on SQLite…');
  result.helpDeskCreatesSqlite = await sqliteCreates();
}
if (wanted('mongo')) {
  log('HelpDesk creations on Mongo…');
  result.helpDeskCreatesMongo = await mongoCreates();
}
if (wanted('http')) {
  log('HTTP latency at 50 users…');
  Object.assign(result, await httpLatency());
}
if (wanted('web')) {
  log('Web API, ticket new/list mix at 50 users, fresh and sticky identities…');
  result.webMix = await webMixRuns(['fresh', 'sticky'], 1, { log });
}
if (wanted('auth')) {
  log('Web API with WEB_AUTH=jwt beside none at 50 users, and the token check alone…');
  result.webAuth = await webAuthLatency(log);
}
if (wanted('slack')) {
  log('Slack: signed request in to ack out, 50 concurrent events…');
  result.slack = await slackAck();
}
if (wanted('teams')) {
  log('Teams: activity in to HTTP response out, 50 concurrent activities…');
  result.teams = await teamsTurns();
}
if (wanted('discord')) {
  log('Discord: INTERACTION_CREATE to initial callback, 50 concurrent interactions…');
  result.discord = await discordCallbacks();
}
if (wanted('console')) {
  log('Agent console: the queue page with 10,000 open tickets, on SQLite and on Mongo…');
  result.consoleQueue = await consoleQueueBench(mongoUri(), log);
}
if (wanted('sla')) {
  log('SLA: one sweep over 100,000 open tickets, nothing due and 100 due, on SQLite and on Mongo…');
  result.slaSweep = await slaSweepBench(mongoUri(), log);
}
if (wanted('archive')) {
  log('Archive: similar-ticket lookup over 100,000 archived tickets in memory…');
  result.archiveSimilar = await archiveSimilarBench(log);
}
if (wanted('report')) {
  log('report over 100,000 tickets, SQLite and Mongo…');
  result.report = await reportBench(mongoUri(), log);
}
if (wanted('drafts')) {
  log('FAQ drafts: grouping fortnights of public intent-set tickets…');
  result.faqDraftClusters = await faqDraftClustersBench(log);
}
if (wanted('privacy')) {
  log('Privacy: export and erase one person, and a first retention run, on SQLite and on Mongo…');
  result.privacy = await privacyBench(mongoUri(), log);
}
if (wanted('files')) {
  log('Files: a 5 MB screenshot from the web chat to the Slack triage card, upload to Slack\'s upload complete…');
  result.filesRelay = await filesRelayBench(log);
}
if (wanted('email')) {
  log('email intake');
  result.emailIntake = await emailIntakeBench(log);
}
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
process.exit(0);
