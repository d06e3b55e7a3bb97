import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSlaConfig, slaSettingsFrom } from '../../app/sla-config.js';
import { DEFAULT_POLICIES, isOpen, onDuty, policyFor, targetDue } from '../../src/index.js';

const DEPARTMENTS = ['it', 'hr', 'finance', 'facilities'];
const EXAMPLE = resolve(new URL('../../config/sportello.example.yaml', import.meta.url).pathname);
const dir = mkdtempSync(join(tmpdir(), 'sportello-sla-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('SPORTELLO_CONFIG', () => {
  it('reads the example file shipped in config/, which writes out the defaults', () => {
    const settings = readSlaConfig(EXAMPLE, DEPARTMENTS);
    expect(settings.policies.defaults).toEqual(DEFAULT_POLICIES);
    expect(settings.calendarFor('facilities').zone).toBe('America/New_York');
    expect(policyFor(settings.policies, 'facilities', 'P3').resolution.after).toEqual({ kind: 'businessDays', days: 2 });
    expect(isOpen(settings.calendarFor('it'), Date.parse('2026-12-24T10:00:00+01:00'))).toBe(false);
    expect(onDuty(settings.onCall, 'it', 1, Date.parse('2026-12-05T22:00:00+01:00'))).toEqual(['discord:112233445566778899']);
    expect(onDuty(settings.onCall, 'it', 1, Date.parse('2026-12-25T22:00:00+01:00'))).toEqual(['web:giulia.bianchi@example.com', 'web:marco.rossi@example.com']);
  });

  it('gives the defaults when unset', () => {
    const settings = slaSettingsFrom({}, DEPARTMENTS);
    expect(settings.policies.defaults).toEqual(DEFAULT_POLICIES);
    expect(settings.calendarFor('it').zone).toBe('Europe/Rome');
  });

  it('reads YAML or JSON by the extension, and an empty YAML file as the defaults', () => {
    const yaml = file('desk.yml', 'policies:\n  P2: { resolution: 6h }\n');
    const json = file('desk.json', JSON.stringify({ policies: { P2: { resolution: '6h' } } }));
    const saturday = Date.parse('2026-11-14T10:00:00+01:00');
    for (const path of [yaml, json]) {
      const settings = slaSettingsFrom({ SPORTELLO_CONFIG: path }, DEPARTMENTS);
      expect(new Date(targetDue(settings.calendarFor('it'), saturday, policyFor(settings.policies, 'it', 'P2').resolution)).toISOString()).toBe('2026-11-16T15:00:00.000Z');
    }
    expect(readSlaConfig(file('empty.yaml', '# nothing yet\n'), DEPARTMENTS).policies.defaults).toEqual(DEFAULT_POLICIES);
  });

  it('names the file and the place of a mistake in one message', () => {
    const path = file('bad.yaml', 'policies:\n  P2:\n    resolution: 8x\n');
    expect(() => readSlaConfig(path, DEPARTMENTS)).toThrow(`SPORTELLO_CONFIG ${path}: policies.P2.resolution: "8x" is not a duration like 15m, 4h or 3bd`);
  });

  it('lists every mistake, not just the first', () => {
    const path = file('two.yaml', 'policies:\n  P2: { resolution: 8x }\n  P3: { firstResponse: soon }\n');
    expect(() => readSlaConfig(path, DEPARTMENTS)).toThrow(
      `SPORTELLO_CONFIG ${path}: policies.P2.resolution: "8x" is not a duration like 15m, 4h or 3bd; policies.P3.firstResponse: "soon" is not a duration like 15m, 4h or 3bd`,
    );
  });

  it('refuses a department the desk does not have', () => {
    const path = file('legal.yaml', 'departments:\n  legal: { calendar: default }\n');
    expect(() => readSlaConfig(path, DEPARTMENTS)).toThrow(`SPORTELLO_CONFIG ${path}: departments.legal: is not one of the desk's departments (it, hr, finance, facilities; see DEPARTMENTS)`);
  });

  it('says when the file is missing, has another extension, is not YAML or JSON, or repeats a key', () => {
    const missing = join(dir, 'nope.yaml');
    expect(() => readSlaConfig(missing)).toThrow(`SPORTELLO_CONFIG ${missing} cannot be read: no such file`);
    const toml = file('desk.toml', 'x = 1');
    expect(() => readSlaConfig(toml)).toThrow(`SPORTELLO_CONFIG ${toml}: must end in .yaml, .yml or .json (the extension says how to read it)`);
    const broken = file('broken.yaml', 'policies: [unclosed\n');
    expect(() => readSlaConfig(broken)).toThrow(new RegExp(`^SPORTELLO_CONFIG ${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid YAML: `));
    const brokenJson = file('broken.json', '{ "policies": ');
    expect(() => readSlaConfig(brokenJson)).toThrow(`SPORTELLO_CONFIG ${brokenJson} is not valid JSON`);
    const twice = file('twice.yaml', 'policies:\n  P2: { resolution: 6h }\n  P2: { resolution: 8h }\n');
    expect(() => readSlaConfig(twice)).toThrow(/is not valid YAML: .*[Mm]ap keys must be unique/);
  });
});
