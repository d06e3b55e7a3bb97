// What the soak reads from the store itself: which tickets each token opened
// (the arbiter for duplicates and losses), and FerretDB's own command counters
// (serverStatus metrics.commands, since that server process started).
import mongoose from 'mongoose';

const TOKEN = /sk\d{6}q/g;

export async function ticketsByToken(uri: string): Promise<Map<string, string[]>> {
  const conn = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 10_000 }).asPromise();
  try {
    const out = new Map<string, string[]>();
    const docs = await conn.db!.collection('tickets').find({}, { projection: { code: 1, title: 1, description: 1 } }).toArray();
    for (const d of docs) {
      const tokens = new Set(`${d.title ?? ''} ${d.description ?? ''}`.match(TOKEN) ?? []);
      for (const t of tokens) out.set(t, [...(out.get(t) ?? []), String(d.code)]);
    }
    return out;
  } finally {
    await conn.close();
  }
}

/** Commands a client asks of the server to keep its connection, not to read or write data. */
const HOUSEKEEPING = new Set(['hello', 'ismaster', 'isMaster', 'ping', 'buildInfo', 'buildinfo', 'endSessions', 'serverStatus', 'unknown', 'saslStart', 'saslContinue', 'getParameter']);

/**
 * Data commands served, summed across the server's restarts (its counters start
 * again at zero each time): call `sample()` now and then, and right before a stop.
 */
export function createOpsCounter(uri: string) {
  const totals = new Map<string, number>();
  let last = new Map<string, number>();
  let conn: mongoose.Connection | null = null;
  async function read(): Promise<Map<string, number>> {
    conn ??= mongoose.createConnection(uri, { serverSelectionTimeoutMS: 2_000, maxPoolSize: 1 });
    const status = await conn.asPromise().then((c) => c.db!.admin().command({ serverStatus: 1 }));
    const commands = (status.metrics?.commands ?? {}) as Record<string, { total: number }>;
    return new Map(Object.entries(commands).map(([k, v]) => [k, Number(v.total)]));
  }
  return {
    async sample(): Promise<void> {
      let now: Map<string, number>;
      try {
        now = await read();
      } catch {
        return; // Down: the last sample before the stop stands.
      }
      const restarted = [...now].some(([k, v]) => v < (last.get(k) ?? 0));
      for (const [k, v] of now) totals.set(k, (totals.get(k) ?? 0) + v - (restarted ? 0 : (last.get(k) ?? 0)));
      last = now;
    },
    /** Snapshot of the data commands so far, by command, and their sum. */
    snapshot(): { total: number; byCommand: Record<string, number> } {
      const byCommand = Object.fromEntries([...totals].filter(([k, v]) => !HOUSEKEEPING.has(k) && v > 0).sort((a, b) => b[1] - a[1]));
      return { total: Object.values(byCommand).reduce((s, v) => s + v, 0), byCommand };
    },
    close: () => conn?.close(),
  };
}
