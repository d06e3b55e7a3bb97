// Two Sportello processes on one store and one Discord (the stand-in): exactly
// one holds the gateway, so each DM and slash command is answered once; killed
// with SIGKILL, its lease runs out and the other connects within two periods
// and answers the next message; stopped cleanly, it hands over at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, killBot, startBot, stopBot, type BotProcess } from '../support/bot-process.js';
import { discordServerEnv, startFakeDiscord, type DiscordCall, type FakeDiscord } from '../support/fake-discord.js';
import { messageCreate, slashCommand, type DiscordPerson } from '../support/discord-events.js';
import type { StoreEnv } from '../support/server-stores.js';

const LEASE_SECONDS = 2;
const PERIOD_MS = LEASE_SECONDS * 1000;
const MARIO: DiscordPerson = { id: '100000000000000003', name: 'Mario', locale: 'it' };
const HELD = 'lease discord:gateway held by this instance';

const dmPath = (p: DiscordPerson) => `/channels/8${p.id.slice(1)}/messages`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `sharedDataDir`: the instances share their data directory (SQLite's file) instead of each having its own. */
export function runDiscordGatewayFlows(name: string, storeEnv: () => Promise<StoreEnv>, sharedDataDir: boolean): void {
  describe(`Discord's gateway held by one of two instances on ${name}`, () => {
    let fake: FakeDiscord;
    let storage: StoreEnv;
    const dirs: string[] = [];
    const bots: BotProcess[] = [];
    const figures: Record<string, number> = {};

    async function instance(): Promise<BotProcess> {
      const dir = sharedDataDir && dirs[0] ? dirs[0] : mkdtempSync(join(tmpdir(), 'sportello-gateway-'));
      if (!dirs.includes(dir)) dirs.push(dir);
      const env = { ...storage.env, ...discordServerEnv(fake), PORT: String(await freePort()), DATA_DIR: dir, LOG_LEVEL: 'info', TICKET_INTAKE: 'direct', LEASE_SECONDS: String(LEASE_SECONDS) };
      const bot = await startBot(env);
      bots.push(bot);
      return bot;
    }
    const holds = (bot: BotProcess) => bot.output().split(HELD).length - 1;

    beforeAll(async () => {
      fake = await startFakeDiscord();
      storage = await storeEnv();
    });
    afterAll(async () => {
      for (const bot of bots) await killBot(bot);
      await fake?.close();
      await storage?.cleanup();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
      console.log(`gateway failover on ${name}: ${JSON.stringify(figures)}`);
    });

    /** "ticket list" by DM, answered by whoever holds the gateway: the messages of the answer, a moment after the first came. */
    async function ticketList(): Promise<string[]> {
      const n = fake.calls.length;
      const isAnswer = (c: DiscordCall) => fake.calls.indexOf(c) >= n && c.method === 'POST' && c.path === dmPath(MARIO);
      fake.dispatch('MESSAGE_CREATE', messageCreate(MARIO, 'ticket list', 'dm'));
      await fake.waitFor(isAnswer, 'the answer to "ticket list"', 10_000);
      await sleep(PERIOD_MS);
      return fake.calls.filter(isAnswer).map((c) => String(c.body.content));
    }
    /** Answered once: no message of the answer came twice (two instances answering would send each twice). */
    const once = (answer: string[]) => {
      expect(answer.length).toBeGreaterThan(0);
      expect(new Set(answer).size).toBe(answer.length);
    };

    let first: BotProcess;
    let second: BotProcess;

    it('connects exactly one instance to the gateway, and answers each DM and slash command once', { timeout: 90_000 }, async () => {
      first = await instance();
      second = await instance();
      expect(fake.identifies).toBe(1);
      // Two periods and more: the holder renews, the other only stands by.
      await sleep(2.5 * PERIOD_MS);
      expect(fake.identifies).toBe(1);
      expect(fake.sessions()).toBe(1);
      expect([holds(first), holds(second)]).toEqual([1, 0]);

      once(await ticketList());
      const command = slashCommand(MARIO, 'new', { text: 'la stampante del secondo piano non stampa' });
      fake.dispatch('INTERACTION_CREATE', command);
      await fake.waitFor((c) => c.method === 'PATCH' && c.path.endsWith(`/${command.token}/messages/@original`), 'the answer to /ticket new', 10_000);
      await sleep(PERIOD_MS);
      expect(fake.calls.filter((c) => c.path.startsWith(`/interactions/${command.id}/`))).toHaveLength(1);
      expect(fake.calls.filter((c) => c.method === 'PATCH' && c.path.endsWith(`/${command.token}/messages/@original`))).toHaveLength(1);
    });

    it('hands the gateway to the other instance within two periods of the holder being killed, and answers the next DM', { timeout: 60_000 }, async () => {
      const killedAt = performance.now();
      await killBot(first);
      await expect.poll(() => fake.identifies, { timeout: 4 * PERIOD_MS, interval: 20 }).toBe(2);
      figures.failoverAfterKillMs = Math.round(performance.now() - killedAt);
      expect(figures.failoverAfterKillMs).toBeLessThanOrEqual(2 * PERIOD_MS + 1000);
      await expect.poll(() => holds(second)).toBe(1);
      expect(fake.sessions()).toBe(1);
      const answer = await ticketList();
      once(answer);
      // The ticket filed through the first holder, listed by the second.
      expect(answer.join('\n')).toContain('IT-1');
      expect(fake.mostSessions).toBe(1);
    });

    it('hands the gateway over at once when its holder stops cleanly', { timeout: 90_000 }, async () => {
      const third = await instance();
      expect(holds(third)).toBe(0);
      const stoppedAt = performance.now();
      await stopBot(second);
      await expect.poll(() => fake.identifies, { timeout: 4 * PERIOD_MS, interval: 20 }).toBe(3);
      figures.handoverAfterCleanStopMs = Math.round(performance.now() - stoppedAt);
      // The stopped holder gave its lease back: the other took it at its next look (a quarter period), not when it ran out.
      expect(figures.handoverAfterCleanStopMs).toBeLessThan(PERIOD_MS);
      await expect.poll(() => holds(third)).toBe(1);
      expect(second.output()).toContain('Discord gateway closed');
      once(await ticketList());
      expect(fake.mostSessions).toBe(1);
    });
  });
}
