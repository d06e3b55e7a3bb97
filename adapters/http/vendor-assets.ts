// The browser's libraries (preact, its hooks, htm), served from node_modules as
// they were installed: no build step, nothing fetched at run time. A bare
// `import "preact"` inside them is pointed at our own copy, since a browser has
// no package resolution and the pages' CSP allows no import map.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

export const VENDOR_PATHS = {
  preact: '/assets/vendor/preact.mjs',
  hooks: '/assets/vendor/preact-hooks.mjs',
  htm: '/assets/vendor/htm.mjs',
  /** Chart.js's UMD build: loaded as a module it sets `globalThis.Chart` (the console's report charts). */
  chart: '/assets/vendor/chart.umd.js',
} as const;

const require = createRequire(import.meta.url);

function read(file: string): string {
  return readFileSync(file, 'utf8')
    .replace(/(from\s*|import\s*)(["'])preact\2/g, `$1$2${VENDOR_PATHS.preact}$2`)
    .replace(/\/\/# sourceMappingURL=\S+/g, '');
}

function load(): Record<string, string> {
  // htm's `require` entry is CommonJS; its ES module sits beside it.
  const htmDist = dirname(require.resolve('htm'));
  return {
    [VENDOR_PATHS.preact]: read(require.resolve('preact')),
    [VENDOR_PATHS.hooks]: read(require.resolve('preact/hooks')),
    [VENDOR_PATHS.htm]: read(join(htmDist, 'htm.mjs')),
    // Its package exports no path to the UMD file, so it is found beside the main entry.
    [VENDOR_PATHS.chart]: read(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js')),
  };
}

let files: Record<string, string> | undefined;

/** Registers the vendor routes once per server (a second call is a no-op). */
export function registerVendorAssets(app: FastifyInstance): void {
  if (app.hasRoute({ method: 'GET', url: VENDOR_PATHS.preact })) return;
  files ??= load();
  for (const [path, body] of Object.entries(files)) {
    app.get(path, (_req, res) =>
      res.header('cache-control', 'public, max-age=3600').type('text/javascript; charset=utf-8').send(body),
    );
  }
}
