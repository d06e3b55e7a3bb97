// Teams with TEAMS_GRAPH_INSTALL_APP_ID: someone who never opened a chat with the
// bot is reached anyway. The bot installs itself for them through (a stand-in of)
// Microsoft Graph with its own credentials, finds the chat Teams keeps with them,
// and writes there through the real botbuilder connector client; where Graph
// refuses, the agent is told, as without it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_TOKEN, startFakeGraph, type FakeGraph } from '../support/fake-graph.js';
import { startFakeConnector, shown, type FakeConnector } from '../support/fake-teams.js';
import { openStream, post, startServer, type RunningServer } from '../support/server.js';
import type { StoreEnv } from '../support/server-stores.js';
import { channelMention, postActivity, type TeamsPerson } from '../support/teams-activities.js';

const APP_ID = '00000000-0000-0000-0000-0000000000b0';
const CATALOG_ID = '11111111-2222-3333-4444-555555555555';
const TENANT = '99999999-0000-0000-0000-000000000001';
const OTTO: TeamsPerson = { aad: '00000000-0000-0000-0000-0000000000a3', name: 'Otto', locale: 'en-GB' };
const BRUNO: TeamsPerson = { aad: '00000000-0000-0000-0000-0000000000a4', name: 'Bruno', locale: 'it-IT' };
const GENERAL = '19:general@thread.tacv2';
const WENDY = { id: 'wendy', name: 'Wendy', locale: 'en' };

export function runTeamsGraphInstallFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`Teams reaching people through a Graph installation, on ${name}`, () => {
    let fake: FakeConnector;
    let graph: FakeGraph;
    let server: RunningServer;
    let storage: StoreEnv;

    beforeAll(async () => {
      fake = await startFakeConnector();
      graph = await startFakeGraph(CATALOG_ID);
      storage = await storeEnv();
      // Offline, Azure AD cannot issue the bot's outbound token: a stand-in signs the connector requests.
      const teamsCredentials = {
        isValidAppId: async (id: string) => id === APP_ID,
        isAuthenticationDisabled: async () => false,
        createCredentials: async () => ({ signRequest: async (req: { headers: { set(k: string, v: string): void } }) => (req.headers.set('authorization', 'Bearer outbound-test-token'), req) }),
      };
      server = await startServer(
        {
          ...storage.env,
          MICROSOFT_APP_ID: APP_ID,
          MICROSOFT_APP_PASSWORD: 'bot-secret',
          MICROSOFT_APP_TYPE: 'SingleTenant',
          MICROSOFT_APP_TENANT_ID: TENANT,
          TEAMS_OPENID_METADATA_URL: fake.openIdUrl,
          TEAMS_GRAPH_INSTALL_APP_ID: CATALOG_ID,
          TEAMS_GRAPH_URL: graph.graphUrl,
          TEAMS_LOGIN_URL: graph.loginUrl,
        },
        { teamsCredentials: teamsCredentials as never },
      );
      const store = await storage.open(server.dataDir);
      await store.saveAgent({ platform: 'web', userId: WENDY.id, name: WENDY.name, departments: ['it'], tier: 1, role: 'agent' });
      await store.close();
      fake.refuseChats();
    });
    afterAll(async () => {
      await server?.stop();
      await fake?.close();
      await graph?.close();
      await storage?.cleanup();
    });

    const now = () => Math.floor(Date.now() / 1000);
    const token = () => fake.token({ iss: 'https://api.botframework.com', aud: APP_ID, serviceurl: fake.serviceUrl, nbf: now() - 60, exp: now() + 3600 });
    /** A ticket filed by an @mention in a channel, where Teams will not open a personal chat: its code. */
    async function fileInChannel(p: TeamsPerson, what: string): Promise<string> {
      const n = fake.calls.length;
      const res = await postActivity(server.base, channelMention(fake.serviceUrl, p, `ticket new --no-faq --dept it ${what}`, null, GENERAL), { authorization: `Bearer ${token()}` });
      expect(res.status).toBe(200);
      const filed = await fake.waitFor((c) => fake.calls.indexOf(c) >= n && c.conversationId === GENERAL, 'the answer in the channel');
      return /IT-\d+/.exec(shown(filed))![0]!;
    }
    const wendy = (text: string) => post(server.base, '/web/api/messages', { user: WENDY, text });

    it('installs the app for the requester, writes in the chat Teams keeps with them, and asks Graph only once', async () => {
      const code = await fileInChannel(OTTO, 'the badge reader at the back door is dead');
      await wendy(`ticket claim ${code}`);
      const chat = graph.chatOf(OTTO.aad);
      const told = await fake.waitFor((c) => c.method === 'POST' && c.conversationId === chat && shown(c).includes(`Wendy is working on your ticket ${code}`), 'the news in the installed chat');
      expect(told.auth).toBe('Bearer outbound-test-token');
      const calls = graph.calls.map((c) => `${c.method} ${c.path}`);
      expect(calls).toEqual([
        `POST /login/${TENANT}/oauth2/v2.0/token`,
        `POST /graph/users/${OTTO.aad}/teamwork/installedApps`,
        `GET /graph/users/${OTTO.aad}/teamwork/installedApps?$expand=teamsApp&$filter=teamsApp/id eq '${CATALOG_ID}'`,
        `GET /graph/users/${OTTO.aad}/teamwork/installedApps/inst-${OTTO.aad}/chat`,
      ]);
      expect(graph.calls.slice(1).every((c) => c.auth === `Bearer ${GRAPH_TOKEN}`)).toBe(true);
      expect(JSON.parse(graph.calls[1]!.body)).toEqual({ 'teamsApp@odata.bind': `${graph.graphUrl}/appCatalogs/teamsApps/${CATALOG_ID}` });

      // The chat is kept: the next message goes straight there.
      const asked = graph.calls.length;
      await wendy(`ticket reply ${code} Which door exactly?`);
      await fake.waitFor((c) => c.method === 'POST' && c.conversationId === chat && shown(c).includes('Which door exactly?'), 'the reply in the same chat');
      expect(graph.calls.length).toBe(asked);
    });

    it('tells the agent, as without Graph, when the installation is refused', async () => {
      graph.refuse(BRUNO.aad);
      const code = await fileInChannel(BRUNO, 'il lettore di badge del retro non funziona');
      const stream = await openStream(server.base, WENDY.id);
      try {
        await post(server.base, '/web/api/actions', { user: WENDY, actionId: `claim:${code}` });
        let notice = await stream.next();
        while (!String(notice.text).startsWith('Bruno')) notice = await stream.next();
        expect(notice.text).toBe('Bruno could not be told on teams: they have never opened a chat with the bot there. Please reach them another way.');
      } finally {
        stream.close();
      }
    });
  });
}
