// The SLA configuration file named by SPORTELLO_CONFIG: YAML or JSON by its extension,
// validated by the core's schema; any problem stops start-up with one message naming the
// file and where in it.
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { SlaConfigError, parseSlaConfig, type SlaSettings } from '../src/index.js';

export class SlaConfigFileError extends Error {
  override name = 'SlaConfigFileError';
}

/** Settings from SPORTELLO_CONFIG, or the defaults when it is unset. */
export function slaSettingsFrom(env: Record<string, string | undefined>, departments: readonly string[]): SlaSettings {
  const path = env.SPORTELLO_CONFIG?.trim();
  return path ? readSlaConfig(path, departments) : parseSlaConfig({}, departments);
}

export function readSlaConfig(path: string, departments?: readonly string[]): SlaSettings {
  const file = resolve(path);
  const where = `SPORTELLO_CONFIG ${file}`;
  const kind = extname(file).toLowerCase();
  if (!['.yaml', '.yml', '.json'].includes(kind)) throw new SlaConfigFileError(`${where}: must end in .yaml, .yml or .json (the extension says how to read it)`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new SlaConfigFileError(`${where} cannot be read: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = kind === '.json' ? JSON.parse(text) : parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (err) {
    throw new SlaConfigFileError(`${where} is not valid ${kind === '.json' ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}`);
  }
  try {
    return parseSlaConfig(raw, departments);
  } catch (err) {
    if (!(err instanceof SlaConfigError)) throw err;
    throw new SlaConfigFileError(`${where}: ${err.problems.join('; ')}`);
  }
}
