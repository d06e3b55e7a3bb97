// With an app id, every activity must carry a channel token: checked by the real
// botbuilder JWT validation against OpenID metadata and keys the test serves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeConnector, shown, type FakeConnector } from '../support/fake-teams.js';
import { startServer, type RunningServer } from '../support/server.js';
import { personalConversation, personalMessage, postActivity } from '../support/teams-activities.js';

const APP_ID = '00000000-0000-0000-0000-0000000000b0';
const MARIO = { aad: '00000000-0000-0000-0000-0000000000a1', name: 'Mario', locale: 'en-US' };

describe('Teams with authentication on', () => {
  let fake: FakeConnector;
  let server: RunningServer;
  beforeAll(async () => {
    fake = await startFakeConnector();
    // Offline, Azure AD cannot issue the bot's outbound token: a stand-in signs the requests.
    const teamsCredentials = {
      isValidAppId: async (id: string) => id === APP_ID,
      isAuthenticationDisabled: async () => false,
      createCredentials: async () => ({
        signRequest: async (req: { headers: { set(k: string, v: string): void } }) => (req.headers.set('authorization', 'Bearer outbound-test-token'), req),
      }),
    };
    server = await startServer(
      { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'not-used-offline', TEAMS_OPENID_METADATA_URL: fake.openIdUrl },
      { teamsCredentials: teamsCredentials as never },
    );
  });
  afterAll(async () => {
    await server?.stop();
    await fake?.close();
  });

  const now = () => Math.floor(Date.now() / 1000);
  const claims = (overrides: Record<string, unknown> = {}) => ({
    iss: 'https://api.botframework.com',
    aud: APP_ID,
    serviceurl: fake.serviceUrl,
    nbf: now() - 60,
    exp: now() + 3600,
    ...overrides,
  });
  const send = (text: string, token?: string) =>
    postActivity(server.base, personalMessage(fake.serviceUrl, MARIO, text), token ? { authorization: `Bearer ${token}` } : {});

  it('refuses a missing, wrong-audience, wrong-serviceUrl or expired token with 401, and stores nothing', async () => {
    expect((await send('ticket new --no-faq no token at all')).status).toBe(401);
    expect((await send('ticket new --no-faq for another bot', fake.token(claims({ aud: 'someone-else' })))).status).toBe(401);
    expect((await send('ticket new --no-faq elsewhere', fake.token(claims({ serviceurl: 'https://elsewhere.example/' })))).status).toBe(401);
    expect((await send('ticket new --no-faq too late', fake.token(claims({ nbf: now() - 7200, exp: now() - 3600 })))).status).toBe(401);
    expect(fake.calls).toEqual([]);

    // A good token gets through, and Mario has no tickets: none of the above was stored.
    expect((await send('ticket list', fake.token(claims()))).status).toBe(200);
    const answer = await fake.waitFor((c) => c.conversationId === personalConversation(MARIO), 'the answer');
    expect(shown(answer)).toContain('You have no tickets.');
    expect(answer.auth).toBe('Bearer outbound-test-token');
  });
});
