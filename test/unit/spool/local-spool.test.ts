// The local spool keeps inbound work on this machine while the store is away: in
// the order it came, once per platform delivery, and across a reopen (a restart).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLocalSpool } from '../../../adapters/spool/local-spool.js';
import type { InboundEvent } from '../../../src/index.js';

const dirs: string[] = [];
function file() {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-spool-'));
  dirs.push(dir);
  return join(dir, 'spool', 'desk-a.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const message = (text: string, id?: string): InboundEvent => ({ kind: 'message', channel: 'slack', from: { platform: 'slack', userId: 'U1', name: 'Mario', locale: 'it' }, text, ...(id ? { id } : {}) });

describe('the local spool', () => {
  it('gives events back oldest first, as they were, and keeps them across a reopen until removed', () => {
    const path = file();
    const spool = openLocalSpool(path);
    spool.add(message('la stampante non va', 'Ev1'), false, 1);
    spool.add(message('anche lo scanner'), true, 2);
    spool.close();
    const again = openLocalSpool(path);
    expect(again.count()).toBe(2);
    const [first, second] = again.first(10);
    expect(first).toMatchObject({ event: message('la stampante non va', 'Ev1'), attempted: false, tries: 0, at: 1 });
    expect(second).toMatchObject({ event: message('anche lo scanner'), attempted: true });
    again.remove(first!.id);
    again.remove(first!.id);
    expect(again.count()).toBe(1);
    expect(again.first(10).map((e) => e.id)).toEqual([second!.id]);
    again.close();
  });

  it('keeps a platform\'s retry of the same delivery once, and counts failed tries', () => {
    const spool = openLocalSpool(file());
    const id = spool.add(message('ciao', 'Ev9'), false, 1);
    expect(spool.add(message('ciao', 'Ev9'), false, 2)).toBeNull();
    expect(spool.add({ ...message('ciao', 'Ev9'), from: { platform: 'teams', userId: 'x', name: 'X' } }, false, 3)).not.toBeNull();
    expect(spool.count()).toBe(2);
    expect(spool.failedOnce(id!)).toBe(1);
    expect(spool.failedOnce(id!)).toBe(2);
    spool.close();
  });
});
