// Summarises a V8 .cpuprofile (node --cpu-prof): self and total time per
// function and per file/package, plus the share under chosen frames.
//   node bench/cpuprofile-summary.mjs FILE [--top N] [--under NAME[,NAME…]] [--last SECONDS]
// --under NAME[@FILE-PART]: time spent with that function on the stack.
// --last keeps the profile's last seconds only (bench/web-mix.ts measures the bot last),
// leaving out start-up and warm-up.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) throw new Error('usage: node bench/cpuprofile-summary.mjs FILE.cpuprofile [--top N] [--under a,b]');
const arg = (name) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : undefined);
const top = Number(arg('top') ?? 30);
const under = (arg('under') ?? '').split(',').filter(Boolean);
const lastUs = arg('last') ? Number(arg('last')) * 1e6 : Infinity;

const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Self time per node from the sample deltas.
const self = new Map();
const endUs = profile.timeDeltas.reduce((a, b) => a + b, 0);
let atUs = 0;
for (let i = 0; i < profile.samples.length; i++) {
  atUs += profile.timeDeltas[i] ?? 0;
  if (endUs - atUs > lastUs) continue;
  const id = profile.samples[i];
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
// Percentages are of busy time: samples where the thread was idle are left out.
for (const [id] of self) if (nodes.get(id).callFrame.functionName === '(idle)') self.delete(id);
const totalUs = [...self.values()].reduce((a, b) => a + b, 0);

const where = (cf) => {
  const url = cf.url || '';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return `npm:${m[1]}`;
  if (url.startsWith('node:')) return url;
  const local = /\/(src|adapters|bench|app)\/(.*)$/.exec(url);
  if (local) return `${local[1]}/${local[2]}`;
  return url || `(${cf.functionName || 'native'})`;
};
/** `name` matches a function by name; `name@part` also needs `part` in its file. */
const matches = (u, cf) => {
  const [name, part] = u.split('@');
  return cf.functionName === name && (!part || where(cf).includes(part));
};
const fnKey = (cf) => `${cf.functionName || '(anonymous)'} ${where(cf)}:${cf.lineNumber + 1}`;

const selfByFn = new Map();
const selfByFile = new Map();
const totalByFn = new Map();
const totalByFile = new Map();
const totalUnder = new Map(under.map((u) => [u, 0]));

for (const [id, us] of self) {
  const n = nodes.get(id);
  selfByFn.set(fnKey(n.callFrame), (selfByFn.get(fnKey(n.callFrame)) ?? 0) + us);
  selfByFile.set(where(n.callFrame), (selfByFile.get(where(n.callFrame)) ?? 0) + us);
  // Walk to the root: each function/file on the stack counts once for "total".
  const seenFn = new Set();
  const seenFile = new Set();
  const seenUnder = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const cf = nodes.get(cur).callFrame;
    const k = fnKey(cf);
    const f = where(cf);
    if (!seenFn.has(k)) (seenFn.add(k), totalByFn.set(k, (totalByFn.get(k) ?? 0) + us));
    if (!seenFile.has(f)) (seenFile.add(f), totalByFile.set(f, (totalByFile.get(f) ?? 0) + us));
    for (const u of under) if (!seenUnder.has(u) && matches(u, cf)) (seenUnder.add(u), totalUnder.set(u, totalUnder.get(u) + us));
  }
}

const pct = (us) => `${((100 * us) / totalUs).toFixed(1).padStart(5)}%`;
const ms = (us) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
const show = (title, map) => {
  console.log(`\n== ${title}`);
  for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)} ${ms(us)}  ${k}`);
};
console.log(`${file}: ${(totalUs / 1e6).toFixed(2)} s busy (idle left out), ${profile.samples.length} samples`);
show('self time by file/package', selfByFile);
show('total time by file/package', totalByFile);
show('self time by function', selfByFn);
show('total time by function', totalByFn);
if (under.length > 0) show('total time under', totalUnder);
