// The core stays free of platforms, drivers and HTTP; adapters serve the core; only
// app/ (the composition root and CLI) knows them all.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const FORBIDDEN = [/^@slack\//, /^botbuilder/, /^botframework/, /^discord\.js$/, /^@discordjs\//, /^mongoose$/, /^mongodb$/, /^better-sqlite3$/, /^fastify/, /^pino$/, /^prom-client$/, /adapters\//, /^node:(http|https|fs|net|child_process)$/];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function imports(source: string): string[] {
  return [...source.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => (m[1] ?? m[2])!);
}

/** Relative imports in `from` that land inside the top-level folder `into`. */
function importsInto(from: string, into: string): string[] {
  const offenders: string[] = [];
  for (const file of files(join(root, from))) {
    for (const spec of imports(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.') && !relative(join(root, into), resolve(dirname(file), spec)).startsWith('..')) offenders.push(`${relative(root, file)} imports ${spec}`);
    }
  }
  return offenders;
}

describe('architecture boundaries', () => {
  it('keeps SDKs, drivers, HTTP and adapters out of src/', () => {
    const offenders: string[] = [];
    for (const file of files(join(root, 'src'))) {
      const rel = relative(root, file);
      for (const spec of imports(readFileSync(file, 'utf8'))) {
        if (FORBIDDEN.some((re) => re.test(spec))) offenders.push(`${rel} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('keeps the composition root out of src/ and adapters/', () => {
    expect(importsInto('src', 'app')).toEqual([]);
    expect(importsInto('adapters', 'app')).toEqual([]);
  });

  it('finds the imports it checks (the scanner itself works)', () => {
    expect(imports(readFileSync(join(root, 'app/compose.ts'), 'utf8'))).toContain('../adapters/storage/sqlite/create-sqlite-store.js');
    expect(importsInto('app', 'adapters')).toContain('app/compose.ts imports ../adapters/storage/sqlite/create-sqlite-store.js');
  });

  it('keeps adapters talking to the core through src/index.ts only', () => {
    const offenders: string[] = [];
    for (const file of files(join(root, 'adapters'))) {
      for (const spec of imports(readFileSync(file, 'utf8'))) {
        if (/\/src\//.test(spec) && !spec.endsWith('/src/index.js')) offenders.push(`${relative(root, file)} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('keeps each platform SDK inside its adapter (botbuilder inside the one seam file)', () => {
    const homes: [RegExp, string][] = [
      [/^@slack\//, 'adapters/channels/slack/'],
      [/^botbuilder|^botframework/, 'adapters/channels/teams/bot-connection.ts'],
      [/^discord\.js$|^@discordjs\//, 'adapters/channels/discord/'],
    ];
    const offenders: string[] = [];
    for (const file of [...files(join(root, 'adapters')), ...files(join(root, 'src')), ...files(join(root, 'app'))]) {
      const rel = relative(root, file);
      for (const spec of imports(readFileSync(file, 'utf8'))) {
        const home = homes.find(([re]) => re.test(spec))?.[1];
        if (home && !rel.startsWith(home)) offenders.push(`${rel} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
