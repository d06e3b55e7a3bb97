// `npm run soak -- --instances 2 --minutes 10`: N Sportello instances on one
// private FerretDB, mixed web/Slack/Teams/Discord traffic through the platforms'
// stand-ins at a capped rate, faults on a schedule (store stopped and started,
// an instance killed and restarted, a platform answering 5xx/429), then a
// bounded drain. Prints ONE JSON document on stdout (progress on stderr); exits
// non-zero when any message was doubled or lost. Loopback only.
//   --instances N (2)  --minutes M (10; 0.5 for a quick run)  --rate msg/s in all (5: what two instances and FerretDB carry on a 2-core machine with room to spare)
//   --drain seconds (60)  --no-faults
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMongoStore } from '../adapters/storage/mongo/create-mongo-store.js';
import { createBalancer } from './soak/balancer.js';
import { createCluster, startStore, storeCpu, type Cluster, type Store } from './soak/cluster.js';
import { scheduleFaults } from './soak/faults.js';
import { createHistoryWatch } from './soak/history-watch.js';
import { createLedger, tally } from './soak/ledger.js';
import { parseOptions } from './soak/options.js';
import { buildReport } from './soak/report.js';
import { startStandIns, type StandIns } from './soak/stand-ins.js';
import { createOpsCounter, ticketsByToken } from './soak/store-reads.js';
import { AGENT, createTraffic } from './soak/traffic.js';

const log = (m: string) => process.stderr.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const opts = (() => {
  try {
    return parseOptions(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
})();

const runDir = mkdtempSync(join(tmpdir(), 'sportello-soak-'));
let store: Store | null = null;
let standIns: StandIns | null = null;
let cluster: Cluster | null = null;
let cleaning: Promise<void> | null = null;

/** Every child stopped and the store removed, whatever happened: run once, on success, failure or Ctrl-C. */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    await cluster?.stopAll().catch((err: unknown) => log(`could not stop an instance: ${String(err)}`));
    await standIns?.close().catch(() => undefined);
    await store?.stop().catch((err: unknown) => log(`could not stop FerretDB: ${String(err)}`));
  })();
  return cleaning;
}
process.on('unhandledRejection', (err) => {
  log(`soak failed: ${(err as Error)?.stack ?? String(err)}`);
  void cleanUp().finally(() => process.exit(2));
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping everything`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function main(): Promise<number> {
  log(`${opts.instances} instance(s), ${opts.minutes} min, at most ${opts.rate} msg/s, faults ${opts.faults ? 'on' : 'off'}; logs in ${runDir}`);
  store = await startStore();
  log(`FerretDB on port ${store.port}`);
  // The agent who answers tickets from the web chat, in every department.
  const seed = await createMongoStore({ uri: store.uri });
  await seed.saveAgent({ platform: 'web', userId: AGENT.id, name: AGENT.name, departments: ['it', 'hr', 'finance', 'facilities'], tier: 3, role: 'agent' });
  await seed.close();

  standIns = await startStandIns();
  cluster = await createCluster(opts.instances, { ...standIns.env, MONGODB_URI: store.uri, TICKET_INTAKE: 'direct', FAQ_DRAFTS_MIN_TICKETS: '0' }, runDir, log);
  for (const i of cluster.instances) await cluster.start(i);
  const c = cluster;
  const storeCpuUsed = storeCpu(store);
  const sampler = setInterval(() => {
    c.sample();
    storeCpuUsed.sample();
  }, 2_000);

  const ops = createOpsCounter(store.uri);
  await ops.sample();
  const opsBefore = ops.snapshot();
  const opsSampler = setInterval(() => void ops.sample(), 5_000);

  const ledger = createLedger();
  const lb = createBalancer(cluster.instances);
  const traffic = createTraffic(lb, ledger, standIns, log);
  const webWatch = createHistoryWatch(lb, ledger);
  const webPoller = setInterval(() => void webWatch.poll(), 2_000);
  const seconds = opts.minutes * 60;
  const t0 = Date.now();
  const beforeStoreStops = async () => {
    storeCpuUsed.sample();
    await ops.sample();
  };
  const faults = opts.faults ? scheduleFaults(cluster, store, standIns, beforeStoreStops, log) : null;
  const faulting = faults?.run(t0, seconds);
  c.markBaseline();
  storeCpuUsed.mark();
  await traffic.run(opts.rate, t0 + seconds * 1000);
  const trafficSeconds = (Date.now() - t0) / 1000;
  await faulting;
  // Any instance still down is brought back, so what it spooled or left in its outbox can go out.
  for (const i of cluster.instances) {
    if (!i.up) await cluster.start(i).catch((err: unknown) => log(`could not bring ${i.id} back: ${(err as Error).message}`));
  }

  // The drain: until every accepted message has its answer, or the bound.
  log(`traffic over (${ledger.sent.size} messages); draining for at most ${opts.drainSeconds} s`);
  const drainStart = Date.now();
  const { uri } = store;
  const { arrivals } = standIns;
  const count = async () => {
    await webWatch.poll();
    return tally(ledger, await ticketsByToken(uri), arrivals, webWatch.history());
  };
  let outcomes = await count();
  while (Date.now() - drainStart < opts.drainSeconds * 1000) {
    const missing = outcomes.filter((o) => o.verdict === 'lost').length;
    if (missing === 0) break;
    log(`drain: ${missing} still without their answer`);
    await sleep(5_000);
    outcomes = await count();
  }
  // A few seconds more, so a late second copy shows up as the duplicate it is.
  await sleep(3_000);
  const drainSeconds = (Date.now() - drainStart) / 1000;
  c.sample();
  storeCpuUsed.sample();
  clearInterval(sampler);
  clearInterval(opsSampler);
  await ops.sample();
  const opsAfter = ops.snapshot();
  await ops.close();

  clearInterval(webPoller);
  outcomes = await count();

  const byCommand = Object.fromEntries(Object.entries(opsAfter.byCommand).map(([k, v]) => [k, v - (opsBefore.byCommand[k] ?? 0)]).filter(([, v]) => (v as number) > 0));
  const report = buildReport({
    instances: cluster.instances,
    minutes: opts.minutes,
    rate: opts.rate,
    trafficSeconds,
    drainSeconds,
    outcomes,
    errors: ledger.errors,
    faults: faults?.done ?? null,
    storeCpuMs: storeCpuUsed.ms(),
    storeOps: { total: opsAfter.total - opsBefore.total, byCommand: byCommand as Record<string, number> },
  });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  // Everything counted, for whoever looks into a duplicate or a loss (kept with the logs when the run fails).
  writeFileSync(join(runDir, 'ledger.json'), JSON.stringify({ sent: [...ledger.sent.values()], outcomes, arrivals: standIns.arrivals }, null, 1));
  return report.duplicates > 0 || report.lost > 0 ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  log(`soak failed: ${(err as Error).stack ?? String(err)}`);
  code = 2;
} finally {
  await cleanUp();
  if (code === 0) rmSync(runDir, { recursive: true, force: true });
  else log(`instance logs kept in ${runDir}`);
}
process.exit(code);
