// The one JSON document the soak prints: throughput, p99 per channel, errors,
// duplicates, lost, RSS growth per instance, and the capacity model's inputs.
import { percentile, round } from '../load.js';
import type { Instance } from './cluster.js';
import type { FaultRecord } from './faults.js';
import type { Channel, Errors, Outcome } from './ledger.js';

export interface ReportInput {
  instances: Instance[];
  minutes: number;
  rate: number;
  trafficSeconds: number;
  drainSeconds: number;
  outcomes: Outcome[];
  errors: Errors;
  faults: FaultRecord[] | null;
  storeOps: { total: number; byCommand: Record<string, number> };
  /** CPU the store's server (FerretDB) used while measured. */
  storeCpuMs: number;
}

export function buildReport(r: ReportInput) {
  const delivered = r.outcomes.filter((o) => o.verdict === 'delivered');
  const channels = [...new Set(r.outcomes.map((o) => o.channel))].sort() as Channel[];
  const perChannel = Object.fromEntries(
    channels.map((c) => {
      const mine = r.outcomes.filter((o) => o.channel === c);
      const lat = mine.filter((o) => o.verdict === 'delivered' && o.latencyMs !== null).map((o) => o.latencyMs!).sort((a, b) => a - b);
      const count = (v: Outcome['verdict']) => mine.filter((o) => o.verdict === v).length;
      return [c, { sent: mine.length, delivered: count('delivered'), duplicates: count('duplicate'), lost: count('lost'), refused: count('refused'), p50Ms: round(percentile(lat, 50), 0), p99Ms: round(percentile(lat, 99), 0) }];
    }),
  );
  const duplicates = r.outcomes.filter((o) => o.verdict === 'duplicate');
  const lost = r.outcomes.filter((o) => o.verdict === 'lost');
  const used = (l: Instance['lives'][number]) => l.cpu.user + l.cpu.system - l.cpuBase.user - l.cpuBase.system;
  const cpuMs = r.instances.reduce((sum, i) => sum + i.lives.reduce((s, l) => s + used(l), 0), 0);
  const perInstance = r.instances.map((i) => {
    const life = i.lives.at(-1);
    const first = life?.rss[0];
    const last = life?.rss.at(-1);
    return {
      id: i.id,
      restarts: i.lives.length - 1,
      rssFirstMb: first?.mb ?? null,
      rssLastMb: last?.mb ?? null,
      rssGrowthMb: first && last ? round(last.mb - first.mb, 1) : null,
      rssSampledOverS: first && last ? round((last.at - first.at) / 1000, 0) : null,
      /** CPU while measured (start-ups left out), all lives. */
      cpuMs: i.lives.reduce((s, l) => s + used(l), 0),
    };
  });
  const msgPerS = delivered.length / r.trafficSeconds;
  return {
    node: process.version,
    instances: r.instances.length,
    minutes: r.minutes,
    rateCap: r.rate,
    trafficSeconds: round(r.trafficSeconds, 1),
    drainSeconds: round(r.drainSeconds, 1),
    sent: r.outcomes.length,
    delivered: delivered.length,
    duplicates: duplicates.length,
    lost: lost.length,
    throughputPerS: round(msgPerS, 2),
    channels: perChannel,
    errors: r.errors,
    faults: r.faults ?? 'off',
    rss: perInstance,
    capacity: {
      messagesPerSecondPerInstance: round(msgPerS / r.instances.length, 2),
      /** Instances' CPU time (all lives) per delivered message: what bounds one instance, not the capped load. */
      cpuMsPerMessage: delivered.length > 0 ? round(cpuMs / delivered.length, 1) : null,
      /** 1000 ms of one core divided by the CPU a message costs: the most one fully busy core could carry. */
      messagesPerCoreSecondEstimate: delivered.length > 0 && cpuMs > 0 ? round((1000 * delivered.length) / cpuMs, 1) : null,
      storeOperationsPerMessage: delivered.length > 0 ? round(r.storeOps.total / delivered.length, 1) : null,
      storeOperations: r.storeOps,
      /** FerretDB's CPU per message (a stand-in for MongoDB: its cost differs, the order of magnitude is a start). */
      storeCpuMsPerMessage: delivered.length > 0 ? round(r.storeCpuMs / delivered.length, 1) : null,
    },
    // The first few of each, for whoever looks into them.
    duplicateSamples: duplicates.slice(0, 10),
    lostSamples: lost.slice(0, 10),
  };
}
