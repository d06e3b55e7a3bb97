// The Discord adapter with its gateway opened and closed (as the instance that
// holds the lease does): an instance without the gateway still sends, a closed
// gateway takes no more events, an interaction under way when it closes is
// still answered, and it opens again on a fresh session.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../adapters/channels/discord/create-discord-adapter.js';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { DEFAULT_FILE_LIMITS, createFileKeeper, type InboundEvent, type PersonRef, type Store } from '../../src/index.js';
import { APP, startFakeDiscord, type FakeDiscord } from '../support/fake-discord.js';
import { messageCreate, slashCommand, type DiscordPerson } from '../support/discord-events.js';

const MARIO: DiscordPerson = { id: '100000000000000003', name: 'Mario', locale: 'it' };
const MARIO_REF: PersonRef = { platform: 'discord', userId: MARIO.id, name: 'Mario', locale: 'it' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Discord adapter, gateway opened and closed', () => {
  let fake: FakeDiscord;
  let dir: string;
  let store: Store;
  let adapter: ReturnType<typeof createDiscordAdapter>;
  const handed: InboundEvent[] = [];
  let slowly = 0;

  beforeAll(async () => {
    fake = await startFakeDiscord();
    dir = mkdtempSync(join(tmpdir(), 'sportello-discord-gateway-'));
    store = createSqliteStore({ file: join(dir, 'sportello.db') });
    adapter = createDiscordAdapter({
      token: 'fake-bot-token-0123456789',
      applicationId: APP,
      apiUrl: fake.apiUrl,
      agentRoles: [],
      handle: async (event) => {
        handed.push(event);
        if (slowly) await sleep(slowly);
        return [{ text: `heard ${event.id}` }];
      },
      refs: store,
      people: store,
      logger: pino({ level: 'silent' }),
      roleCheckMs: 0,
      files: createFileKeeper(store, DEFAULT_FILE_LIMITS),
    });
  });
  afterAll(async () => {
    await adapter?.stop?.();
    await fake?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends without the gateway: the desk speaks from every instance', async () => {
    expect(adapter.gateway.isOpen()).toBe(false);
    await adapter.sendDirect!(MARIO_REF, { text: 'Il tuo ticket IT-7 è stato preso in carico' });
    const sent = await fake.waitFor((c) => c.method === 'POST' && c.path === `/channels/9${MARIO.id.slice(1)}/messages`, 'the DM');
    expect(sent.body.content).toContain('IT-7');
    expect(sent.auth).toBe('Bot fake-bot-token-0123456789');
    expect(fake.identifies).toBe(0);
  });

  it('answers an interaction under way when the gateway closes, and takes no event after', async () => {
    await adapter.gateway.open();
    expect(fake.sessions()).toBe(1);
    slowly = 400;
    const command = slashCommand(MARIO, 'status', { code: 'IT-7' });
    fake.dispatch('INTERACTION_CREATE', command);
    await fake.waitFor((c) => c.path.startsWith(`/interactions/${command.id}/`), 'the deferral');
    await adapter.gateway.close();
    // Answered through the closing session's REST before it went.
    const answer = fake.calls.find((c) => c.method === 'PATCH' && c.path === `/webhooks/${APP}/${command.token}/messages/@original`);
    expect(answer?.body.content).toBe(`heard ${command.id}`);
    await expect.poll(() => fake.sessions()).toBe(0);
    slowly = 0;
    const dm = messageCreate(MARIO, 'ticket list', 'dm');
    fake.dispatch('MESSAGE_CREATE', dm);
    await sleep(300);
    expect(handed.some((e) => e.id === dm.id)).toBe(false);
  });

  it('opens again on a new session, and hears events again', async () => {
    await adapter.gateway.open();
    expect(fake.identifies).toBe(2);
    const dm = messageCreate(MARIO, 'ticket list', 'dm');
    fake.dispatch('MESSAGE_CREATE', dm);
    await expect.poll(() => handed.some((e) => e.id === dm.id)).toBe(true);
  });
});
