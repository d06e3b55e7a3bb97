// Proactive installation through Microsoft Graph: for someone who never opened
// a chat with the bot, the app installs itself in their personal scope (the
// permission TeamsAppInstallation.ReadWriteSelfForUser.All, granted by an
// admin), and the chat Teams then keeps between them and the bot is looked up,
// so the desk can write there. Client-credentials token, cached until shortly
// before it expires; every call has a deadline.

export interface GraphInstallOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The app's id in the organisation's catalogue (not the manifest id). */
  catalogAppId: string;
  /** `https://graph.microsoft.com/v1.0` unless a test says otherwise. */
  graphUrl: string;
  /** `https://login.microsoftonline.com` unless a test says otherwise. */
  loginUrl: string;
  timeoutMs?: number;
}

export interface GraphInstaller {
  /** The id of the personal chat between the bot and this Entra user, installing the app for them first when needed. */
  chatWith(aadObjectId: string): Promise<string>;
}

export class GraphInstallError extends Error {
  override name = 'GraphInstallError';
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A token is renewed this long before Entra says it expires. */
const EARLY_MS = 5 * 60_000;

export function createGraphInstaller(o: GraphInstallOptions): GraphInstaller {
  const timeout = o.timeoutMs ?? 10_000;
  let token: { value: string; until: number } | null = null;

  async function call(url: string, init: RequestInit): Promise<Response> {
    return fetch(url, { ...init, signal: AbortSignal.timeout(timeout) });
  }

  async function accessToken(): Promise<string> {
    if (token && token.until > Date.now()) return token.value;
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: o.clientId, client_secret: o.clientSecret, scope: 'https://graph.microsoft.com/.default' });
    const res = await call(`${o.loginUrl}/${encodeURIComponent(o.tenantId)}/oauth2/v2.0/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    if (!res.ok) throw new GraphInstallError(`Entra refused the Graph token (${res.status})`);
    const got = (await res.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof got.access_token !== 'string') throw new GraphInstallError('Entra answered without an access token');
    const seconds = typeof got.expires_in === 'number' ? got.expires_in : 3600;
    token = { value: got.access_token, until: Date.now() + seconds * 1000 - EARLY_MS };
    return token.value;
  }

  async function graph(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${await accessToken()}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return call(`${o.graphUrl}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  }

  return {
    async chatWith(aadObjectId) {
      // Only an Entra object id goes into a Graph path.
      if (!GUID.test(aadObjectId)) throw new GraphInstallError('not an Entra object id');
      const user = `/users/${aadObjectId}/teamwork/installedApps`;
      const installed = await graph('POST', user, { 'teamsApp@odata.bind': `${o.graphUrl}/appCatalogs/teamsApps/${o.catalogAppId}` });
      // 409: installed already (by them, or by an earlier attempt).
      if (!installed.ok && installed.status !== 409) throw new GraphInstallError(`Graph refused the installation (${installed.status})`);
      const filter = encodeURIComponent(`teamsApp/id eq '${o.catalogAppId}'`);
      const found = await graph('GET', `${user}?$expand=teamsApp&$filter=${filter}`);
      if (!found.ok) throw new GraphInstallError(`Graph did not list the installation (${found.status})`);
      const installation = ((await found.json()) as { value?: { id?: unknown }[] }).value?.[0]?.id;
      if (typeof installation !== 'string') throw new GraphInstallError('the installation is not listed yet');
      const chat = await graph('GET', `${user}/${encodeURIComponent(installation)}/chat`);
      if (!chat.ok) throw new GraphInstallError(`Graph did not give the chat (${chat.status})`);
      const id = ((await chat.json()) as { id?: unknown }).id;
      if (typeof id !== 'string' || !id) throw new GraphInstallError('Graph gave no chat id');
      return id;
    },
  };
}
