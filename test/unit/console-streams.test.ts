// Console streams do not outlive the rights they were opened with.
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createConsoleStreams } from '../../adapters/web-console/console-stream.js';
import type { Agent } from '../../src/index.js';

/** The part of a response a stream writes to, recording what it was sent. */
function response() {
  const frames: string[] = [];
  const res = { destroyed: false, writableEnded: false, write: (f: string) => frames.push(f), end: () => void (res.writableEnded = true) };
  return { res: res as unknown as ServerResponse, frames, ended: () => res.writableEnded };
}

const anna: Agent = { platform: 'slack', userId: 'U1', name: 'Anna', departments: ['it', 'hr'], tier: 1, role: 'agent' };
const tick = () => new Promise((r) => setTimeout(r, 30));

describe('console streams', () => {
  it('closes a stream whose session ended, and tells a moved agent only of their new departments', async () => {
    const streams = createConsoleStreams(10);
    const signedOut = response();
    const moved = response();
    let session: Agent | null = anna;
    streams.open(anna, signedOut.res, async () => session);
    streams.open(anna, moved.res, async () => ({ ...anna, departments: ['it'] }));
    expect(streams.notify({ code: 'HR-1', version: 2 }, 'hr')).toBe(2);
    session = null;
    await tick();
    expect(signedOut.ended()).toBe(true);
    expect(streams.size).toBe(1);
    expect(streams.notify({ code: 'HR-1', version: 3 }, 'hr')).toBe(0);
    expect(streams.notify({ code: 'IT-1', version: 1 }, 'it')).toBe(1);
    expect(moved.frames.some((f) => f.includes('"IT-1"'))).toBe(true);
    streams.closeAll();
  });
});
