// Discord and who may do what: agent rights by role go when the role goes
// (agents added by hand stay), a requester's pings and masked links reach agents
// as plain words, and what the desk answers an agent is theirs alone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/index.js';
import { AGENT_ROLE, APP, HR_ROLE, SUPPORT, TRIAGE, discordServerEnv, startFakeDiscord, type DiscordCall, type FakeDiscord } from '../support/fake-discord.js';
import { buttonPress, slashCommand, type DiscordPerson } from '../support/discord-events.js';
import { post, startServer, type RunningServer } from '../support/server.js';
import type { StoreEnv } from '../support/server-stores.js';

const OTTO: DiscordPerson = { id: '100000000000000027', name: 'Otto', locale: 'en-US' };
const MARIO: DiscordPerson = { id: '100000000000000023', name: 'Mario', locale: 'en-US' };
const ANNA: DiscordPerson = { id: '100000000000000026', name: 'Anna', locale: 'en-US', roles: [AGENT_ROLE] };

/** What the security review sent as a requester (on the web chat, where nothing strips it). */
const PINGS = '@everyone @here <@100000000000000026>';
const PAYLOAD = `${PINGS} <@&${AGENT_ROLE}> <#${SUPPORT}> [https://sso.company.com](https://evil.example/sso)`;
/** The same, as Discord must get it: zero-width spaces keep the mentions unread, a space breaks the masked link. */
const PINGS_SENT = '@\u200beveryone @\u200bhere <\u200b@100000000000000026>';
const PAYLOAD_SENT = `${PINGS_SENT} <\u200b@&${AGENT_ROLE}> <\u200b#${SUPPORT}> [https://sso.company.com] (https://evil.example/sso)`;

const NOTE = 'Password temporanea del requester: Estate2024!';

export function runDiscordTrustFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`Discord keeps roles, requesters' markup and agents' answers in their place, on ${name}`, () => {
    let fake: FakeDiscord;
    let server: RunningServer;
    let storage: StoreEnv;
    let store: Store;
    let env: Record<string, string>;
    const dataDir = mkdtempSync(join(tmpdir(), 'sportello-discord-trust-'));

    beforeAll(async () => {
      fake = await startFakeDiscord();
      storage = await storeEnv();
      // IT agents at L1 by one role, HR at L2 by another.
      env = { ...storage.env, ...discordServerEnv(fake), DISCORD_AGENT_ROLES: `${AGENT_ROLE}:it:1,${HR_ROLE}:hr:2`, DATA_DIR: dataDir };
      server = await startServer(env);
      store = await storage.open(dataDir);
    });
    afterAll(async () => {
      await store?.close();
      await server?.stop();
      await fake?.close();
      await storage?.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    });

    const text = (c: DiscordCall) => JSON.stringify(c.body ?? '');
    const after = (n: number) => (pred: (c: DiscordCall) => boolean) => (c: DiscordCall) => fake.calls.indexOf(c) >= n && pred(c);
    const editOf = (d: { token: string }) => (c: DiscordCall) => c.method === 'PATCH' && c.path === `/webhooks/${APP}/${d.token}/messages/@original`;
    async function command(p: DiscordPerson, sub: string, options: Record<string, string> = {}) {
      const d = slashCommand(p, sub, options);
      fake.dispatch('INTERACTION_CREATE', d);
      return (await fake.waitFor(editOf(d), `the answer to /ticket ${sub}`)).body.content as string;
    }
    async function press(p: DiscordPerson, customId: string, messageId: string) {
      const d = buttonPress(p, customId, messageId, TRIAGE);
      fake.dispatch('INTERACTION_CREATE', d);
      return (await fake.waitFor(editOf(d), `the answer to ${customId}`)).body.content as string;
    }
    async function webTicket(title: string) {
      const n = fake.calls.length;
      const { code, priority } = (await post(server.base, '/web/api/messages', { user: { id: 'giulia', name: 'Giulia', locale: 'en' }, text: `ticket new --no-faq --dept it ${title}` })).body.replies[0].ticket;
      const card = await fake.waitFor(after(n)((c) => c.method === 'POST' && c.path === `/channels/${TRIAGE}/messages` && c.body.embeds?.[0]?.title === code), 'the embed');
      return { code: code as string, priority: priority as string, card };
    }

    it('takes agent rights away with the role: the next /ticket queue and Claim are refused as a requester\'s are', async () => {
      const bruno: DiscordPerson = { id: '100000000000000021', name: 'Bruno', locale: 'en-US', roles: [AGENT_ROLE] };
      expect(await command(bruno, 'queue')).toMatch(/^(Queue IT L1: \d+ waiting|The queue is empty)/);
      await expect.poll(() => store.getAgent('discord', bruno.id)).toMatchObject({ departments: ['it'], tier: 1, role: 'agent', grantedBy: 'discord-roles' });

      // Another role, other rights.
      expect(await command({ ...bruno, roles: [HR_ROLE] }, 'queue')).toMatch(/^(Queue Human resources L2|The queue is empty)/);
      await expect.poll(() => store.getAgent('discord', bruno.id)).toMatchObject({ departments: ['hr'], tier: 2, grantedBy: 'discord-roles' });

      const { code, card } = await webTicket('the printer on the second floor jams');
      const former = { ...bruno, roles: [] };
      expect(await command(former, 'queue')).toBe(await command(OTTO, 'queue'));
      expect(await command(former, 'queue')).toBe('Only help desk agents can use "queue".');
      await expect.poll(() => store.getAgent('discord', bruno.id)).toBeNull();
      expect(await press(former, `sportello:claim:${code}`, card.result.id)).toBe('Only help desk agents can use "claim".');
      expect(await command(former, 'claim', { code })).toBe(await command(OTTO, 'claim', { code }));

      // The role given back: an agent again.
      expect(await command(bruno, 'claim', { code })).toBe(`You claimed ${code}.`);
    });

    it('leaves an agent added by hand as they are, whatever their roles say', async () => {
      const carla: DiscordPerson = { id: '100000000000000022', name: 'Carla', locale: 'it' };
      const byHand = { platform: 'discord', userId: carla.id, name: 'Carla', departments: ['hr'], tier: 2 as const, role: 'lead' as const };
      await store.saveAgent(byHand);
      // Written by another handle, as the CLI does: the server notices within a quarter of a second.
      await new Promise((r) => setTimeout(r, 300));
      expect(await command(carla, 'queue')).not.toContain('operatori');
      expect(await command({ ...carla, roles: [AGENT_ROLE] }, 'queue')).not.toContain('operatori');
      expect(await command(carla, 'queue')).not.toContain('operatori');
      await expect.poll(() => store.getAgent('discord', carla.id)).toEqual(byHand);

      // Removed with the CLI, the roles decide from the next request on (and may take back what they gave).
      await store.removeAgent('discord', carla.id);
      await new Promise((r) => setTimeout(r, 300));
      expect(await command({ ...carla, roles: [AGENT_ROLE] }, 'queue')).not.toContain('operatori');
      await expect.poll(() => store.getAgent('discord', carla.id)).toMatchObject({ departments: ['it'], tier: 1, role: 'agent', grantedBy: 'discord-roles' });
    });

    it('takes the rights of someone whose role went while the bot was away, at the next start', async () => {
      const dora: DiscordPerson = { id: '100000000000000024', name: 'Dora', locale: 'en-US', roles: [AGENT_ROLE] };
      const ezio: DiscordPerson = { id: '100000000000000025', name: 'Ezio', locale: 'en-US', roles: [HR_ROLE] };
      await command(dora, 'queue');
      await command(ezio, 'queue');
      await expect.poll(() => store.getAgent('discord', dora.id)).toMatchObject({ grantedBy: 'discord-roles' });
      await server.stop();
      // Meanwhile Dora left the server; Ezio kept his role.
      fake.members.set(ezio.id, [HR_ROLE]);
      const n = fake.calls.length;
      server = await startServer(env);
      const asked = (who: DiscordPerson) => fake.waitFor(after(n)((c) => c.method === 'GET' && c.path.endsWith(`/members/${who.id}`)), `the roles of ${who.name}`);
      await asked(dora);
      await asked(ezio);
      await expect.poll(() => store.getAgent('discord', dora.id)).toBeNull();
      expect(await store.getAgent('discord', ezio.id)).toMatchObject({ departments: ['hr'], tier: 2, grantedBy: 'discord-roles' });
    });

    it('shows a requester\'s @everyone, <@id> and [masked](links) to agents as text, and pings nobody', async () => {
      const n = fake.calls.length;
      const { code, priority, card } = await webTicket(PINGS);
      expect(card.body.content).toBe(`New ticket ${code} [${priority}] IT L1 from Giulia: ${PINGS_SENT}`);
      expect(card.body.allowed_mentions).toEqual({ parse: [] });

      await post(server.base, '/web/api/messages', { user: { id: 'giulia', name: 'Giulia', locale: 'en' }, text: `ticket reply ${code} ${PAYLOAD}` });
      const under = await fake.waitFor(after(n)((c) => c.method === 'POST' && c.body?.message_reference?.message_id === card.result.id), 'the message under the embed');
      expect(under.body).toMatchObject({ content: `Giulia on ${code}: ${PAYLOAD_SENT}`, allowed_mentions: { parse: [] } });

      // An agent's own answer carries the same, through discord.js's interaction webhook.
      const status = await command(ANNA, 'status', { code });
      expect(status).toContain(`• Giulia: ${PAYLOAD_SENT}`);
      const sent = fake.calls.slice(n).filter((c) => (c.method === 'POST' || c.method === 'PATCH') && typeof c.body?.content === 'string');
      expect(sent.length).toBeGreaterThanOrEqual(4);
      for (const c of sent) expect(c.body.allowed_mentions, `${c.method} ${c.path}`).toEqual({ parse: [] });
      expect(JSON.stringify(sent.map((c) => c.body))).not.toMatch(/@everyone|@here|<@\d|<#\d|\]\(https/);
    });

    it('answers an agent\'s /ticket status to them alone: internal notes reach no channel but the agents\' own', async () => {
      const opened = slashCommand(MARIO, 'new', { text: 'the VPN asks for a password I do not have' });
      fake.dispatch('INTERACTION_CREATE', opened);
      const code = /IT-\d+/.exec((await fake.waitFor(editOf(opened), 'the new ticket')).body.content)![0];
      await fake.waitFor((c) => c.method === 'POST' && c.path === `/channels/${SUPPORT}/threads` && String(c.body.name).startsWith(`${code} `), 'the thread');
      expect(await command(ANNA, 'note', { code, text: NOTE })).toBe(`Internal note added to ${code}.`);
      const d = slashCommand(ANNA, 'status', { code });
      fake.dispatch('INTERACTION_CREATE', d);
      expect((await fake.waitFor((c) => c.path.startsWith(`/interactions/${d.id}/`), 'the deferral')).body).toEqual({ type: 5, data: { flags: 64 } });
      expect((await fake.waitFor(editOf(d), 'the status')).body.content).toContain(`• Anna (internal): ${NOTE}`);
      await new Promise((r) => setTimeout(r, 200));
      // The note itself is mirrored once, under the ticket's embed in the agents' triage channel; nowhere else.
      const posted = fake.calls.filter((c) => c.path.startsWith('/channels/') && text(c).includes(NOTE));
      expect(posted.map((c) => c.path)).toEqual([`/channels/${TRIAGE}/messages`]);
    });
  });
}
