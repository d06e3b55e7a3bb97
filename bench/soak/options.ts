// The soak's command line: how many instances, for how long, how fast, and whether faults are injected.
export interface SoakOptions {
  instances: number;
  minutes: number;
  /** Messages per second in all, across every channel: a cap, kept modest for a small machine. */
  rate: number;
  faults: boolean;
  /** Seconds after the traffic stops during which late deliveries still count. */
  drainSeconds: number;
}

const USAGE = 'usage: npm run soak -- [--instances N (2)] [--minutes M (10, fractions allowed)] [--rate msg/s (5)] [--drain seconds (60)] [--no-faults]';

export function parseOptions(argv: readonly string[]): SoakOptions {
  const opts: SoakOptions = { instances: 2, minutes: 10, rate: 5, faults: true, drainSeconds: 60 };
  const number = (name: string, raw: string | undefined, min: number, max: number) => {
    const n = Number(raw);
    if (raw === undefined || !Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max}, got ${raw ?? 'nothing'}\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--no-faults') opts.faults = false;
    else if (arg === '--instances') opts.instances = Math.round(number('instances', argv[++i], 1, 8));
    else if (arg === '--minutes') opts.minutes = number('minutes', argv[++i], 0.1, 120);
    else if (arg === '--rate') opts.rate = number('rate', argv[++i], 0.5, 200);
    else if (arg === '--drain') opts.drainSeconds = number('drain', argv[++i], 5, 600);
    else if (arg === '--help' || arg === '-h') throw new Error(USAGE);
    else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  return opts;
}
