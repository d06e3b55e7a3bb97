// Headless Chromium from the machine's packages (.ci/run installs it). Without it
// the browser suite is skipped with a reason, except under CI=true, where it fails.
import { existsSync } from 'node:fs';
import { requireInCi } from './require-in-ci.js';

export const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p)) ?? null;

export function requireChromiumInCi(): void {
  requireInCi(chromiumPath !== null, 'Chromium', 'apt-get install chromium (or set CHROMIUM_PATH)');
}

/** Flags that keep Chromium from reaching for the network it does not have here. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
