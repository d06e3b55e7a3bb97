// A stand-in for the Bot Framework connector on 127.0.0.1 (the `serviceUrl` of
// every test activity) that records what botbuilder sends, plus the OpenID
// metadata and JWKS a channel publishes, with tokens signed by the test's key.
import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import { readBody, waitForCall } from './recorded-calls.js';

export interface ConnectorCall {
  method: string;
  /** Decoded conversation id (`a:…` personal, `19:…;messageid=…` a thread). */
  conversationId: string;
  activityId: string | null;
  body: any;
  auth: string | undefined;
  /** The id the fake gave a posted activity. */
  id: string;
  /**
   * REFRESH calls only: whose client asked the bot for their own view of a
   * card (see `clients`), and whether the card had just been posted or edited.
   * `body` is then the card they were answered with, as a message carries it.
   */
  userId?: string;
  of?: 'POST' | 'PUT';
}

export interface FakeConnector {
  serviceUrl: string;
  openIdUrl: string;
  calls: ConnectorCall[];
  /** The next send answers this status once (with Retry-After: 1 for 429). */
  failOnce(status: number): void;
  /** Every new message (POST) answers this status, or has its connection reset, until `mendSends()`; edits (PUT) still work. */
  breakSends(how: number | 'reset'): void;
  mendSends(): void;
  /** Sends refused that way, in order. */
  refused: { conversationId: string; body: any }[];
  /** Conversations the bot asked to open (POST /v3/conversations), as sent. */
  opened: any[];
  /** Opening a one-to-one chat answers 403 until `allowChats()`, as Teams does where the app is not installed for the person. */
  refuseChats(): void;
  allowChats(): void;
  waitFor(pred: (c: ConnectorCall) => boolean, what: string, timeoutMs?: number): Promise<ConnectorCall>;
  /** A channel token as the Bot Framework signs them. */
  token(claims: Record<string, unknown>): string;
  /**
   * Plays the Teams clients of a bot at `base`: whenever a card with
   * `refresh.userIds` is posted or edited in a channel, each listed person's
   * client sends the refresh invoke (Action.Execute, trigger "automatic") and
   * shows what the bot answers; each answer is recorded as a REFRESH call.
   */
  clients(base: string, appId?: string): void;
  /**
   * A pasted image, as Teams keeps it on the Bot Framework service: its
   * contentUrl answers only a request carrying the bot's token (`botToken`).
   */
  pastedImage(bytes: Uint8Array, contentType: string): { contentType: string; contentUrl: string };
  /** A file sent from the compose box, as a file download info attachment: its downloadUrl is pre-signed (no token). */
  sharedFile(bytes: Uint8Array, name: string): { contentType: string; contentUrl: string; name: string; content: Record<string, string> };
  /** Every GET of a file the fake holds: which, with what Authorization, and the status given. */
  downloads: { url: string; auth: string | undefined; status: number }[];
  /**
   * Plays the person's Teams client answering a file consent card the bot
   * posted (`card`, a recorded call): sends the bot the `fileConsent/invoke`
   * with the card's context, and on accept an upload session in the
   * person's OneDrive. Returns the bot's HTTP answer and the session's id.
   */
  answerConsent(base: string, person: { aad: string; name: string; locale: string }, card: ConnectorCall, action: 'accept' | 'decline', opts?: { appId?: string; context?: Record<string, unknown>; name?: string }): Promise<{ status: number; session: string | null }>;
  /**
   * What Teams says of each member when the bot asks (TeamsInfo.getMember), by
   * their Entra object id: their mailbox and sign-in name. Anyone else is a member with neither.
   */
  members: Map<string, { email?: string; userPrincipalName?: string }>;
  /** The members the bot asked about, in order (their ids as the request named them). */
  memberLookups: string[];
  /** The next upload piece is answered with this status (OneDrive full: 507), once. */
  failNextUpload(status: number): void;
  /** What the bot PUT into each upload session, by session id: the bytes once complete. */
  uploads: Map<string, { name: string; pieces: { range: string; length: number }[]; bytes: Uint8Array | null }>;
  close(): Promise<void>;
}

/** The token the test credentials sign the bot's outbound requests with (see teamsCredentials in the tests). */
export const BOT_TOKEN = 'outbound-test-token';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function signJwt(key: KeyObject, kid: string, claims: Record<string, unknown>): string {
  const head = `${b64url({ alg: 'RS256', typ: 'JWT', kid })}.${b64url(claims)}`;
  return `${head}.${createSign('RSA-SHA256').update(head).sign(key).toString('base64url')}`;
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const calls: ConnectorCall[] = [];
  const failures: number[] = [];
  let broken: number | 'reset' | null = null;
  const refused: { conversationId: string; body: any }[] = [];
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'test-key-1';
  const jwk = { ...(publicKey.export({ format: 'jwk' }) as Record<string, string>), kid, use: 'sig', endorsements: ['msteams'] };
  let n = 0;
  const opened: any[] = [];
  let chatsRefused = false;
  const held = new Map<string, { bytes: Uint8Array; type: string; needsToken: boolean }>();
  const downloads: { url: string; auth: string | undefined; status: number }[] = [];
  const memberInfo = new Map<string, { email?: string; userPrincipalName?: string }>();
  const memberLookups: string[] = [];
  const uploads = new Map<string, { name: string; pieces: { range: string; length: number }[]; bytes: Uint8Array | null; buffer: Uint8Array | null }>();
  const server = createServer(async (req, res) => {
    const url = req.url ?? '';
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(value));
    };

    // OneDrive's upload session: pieces with Content-Range, 202 until the last, then the drive item.
    const uploading = /^\/upload\/([^/?]+)/.exec(url);
    if (uploading && req.method === 'PUT') return receivePiece(uploading[1]!, req, res);
    const raw = await readBody(req);
    const file = /^\/(v3\/attachments\/[^/]+\/views\/original|drive\/download\/[^/?]+)/.exec(url);
    if (file && req.method === 'GET') {
      const kept = held.get(file[1]!);
      const signed = new URL(url, 'http://x').searchParams.get('tempauth') === 'signed-by-onedrive';
      const status = !kept ? 404 : kept.needsToken ? (req.headers.authorization === `Bearer ${BOT_TOKEN}` ? 200 : 401) : signed ? 200 : 401;
      downloads.push({ url: `http://127.0.0.1:${port}${url}`, auth: req.headers.authorization, status });
      if (status !== 200) return json(status, { error: { code: status === 401 ? 'Unauthorized' : 'NotFound', message: 'no such file for you' } });
      res.writeHead(200, { 'content-type': kept!.type, 'content-length': String(kept!.bytes.length) });
      return res.end(kept!.bytes);
    }
    if (url === '/openid') return json(200, { issuer: 'https://api.botframework.com', jwks_uri: `http://127.0.0.1:${port}/jwks`, id_token_signing_alg_values_supported: ['RS256'] });
    if (url === '/jwks') return json(200, { keys: [jwk] });
    const members = /^\/v3\/conversations\/([^/]+)\/members\/([^/?]+)/.exec(url);
    if (members && req.method === 'GET') {
      const id = decodeURIComponent(members[2]!);
      memberLookups.push(id);
      const aad = id.replace(/^29:mri-/, '');
      return json(200, { id, name: 'Member', aadObjectId: aad, ...memberInfo.get(aad) });
    }
    if (/^\/v3\/conversations\/?(\?|$)/.test(url) && req.method === 'POST') {
      const params = raw ? JSON.parse(raw) : null;
      opened.push(params);
      if (chatsRefused) return json(403, { error: { code: 'Forbidden', message: 'The bot is not installed for this user.' } });
      // Teams answers with the person's one-to-one chat; here it is the id teams-activities gives it.
      const member = String(params?.members?.[0]?.id ?? '');
      return json(200, { id: `a:personal-${member.replace(/^29:mri-/, '')}` });
    }
    const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(url);
    if (!m) return json(404, { error: { code: 'NotFound', message: url } });
    if (broken !== null && req.method === 'POST') {
      refused.push({ conversationId: decodeURIComponent(m[1]!), body: raw ? JSON.parse(raw) : null });
      if (broken === 'reset') return void req.socket.resetAndDestroy();
      return json(broken, { error: { code: 'ServiceError', message: 'the connector is having a bad moment' } });
    }
    const failure = failures.shift();
    if (failure) return json(failure, { error: { code: 'Throttled', message: 'slow down' } }, failure === 429 ? { 'retry-after': '1' } : {});
    const activityId = m[2] ? decodeURIComponent(m[2]) : null;
    const id = req.method === 'PUT' && activityId ? activityId : `act-${++n}`;
    const conversationId = decodeURIComponent(m[1]!);
    const body = raw ? JSON.parse(raw) : null;
    calls.push({ method: req.method ?? '', conversationId, activityId, body, auth: req.headers.authorization, id });
    json(200, { id });
    const refresh = body?.attachments?.[0]?.content?.refresh;
    if (bot && refresh && !conversationId.startsWith('a:')) void refreshFor(conversationId, id, req.method === 'PUT' ? 'PUT' : 'POST', refresh);
  });

  let bot: { base: string; appId: string | undefined } | null = null;
  /** One client per listed person asks for their view of the card, as Teams clients do on showing it. */
  async function refreshFor(conversationId: string, root: string, of: 'POST' | 'PUT', refresh: { action: unknown; userIds?: string[] }) {
    for (const userId of refresh.userIds ?? []) {
      const aad = userId.replace(/^8:orgid:/, '').replace(/^29:mri-/, '');
      const now = Math.floor(Date.now() / 1000);
      const activity = {
        type: 'invoke', name: 'adaptiveCard/action', channelId: 'msteams', id: `f:${randomUUID()}`, serviceUrl: `http://127.0.0.1:${port}/`,
        from: { id: `29:mri-${aad}`, name: 'Member', aadObjectId: aad }, recipient: { id: `28:${bot!.appId ?? 'bot'}`, name: 'Helpdesk Bot' },
        conversation: { id: `${conversationId};messageid=${root}`, conversationType: 'channel', isGroup: true, tenantId: '00000000-0000-0000-0000-0000000000ff' },
        channelData: { channel: { id: conversationId }, tenant: { id: '00000000-0000-0000-0000-0000000000ff' } },
        value: { action: refresh.action, trigger: 'automatic' },
      };
      const token = signJwt(privateKey, kid, { jti: randomUUID(), iss: 'https://api.botframework.com', aud: bot!.appId ?? '', serviceurl: `http://127.0.0.1:${port}/`, nbf: now - 60, exp: now + 3600 });
      const res = await fetch(`${bot!.base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(activity) }).catch(() => null);
      const answer = res && res.ok ? ((await res.json().catch(() => null)) as { type?: string; value?: unknown } | null) : null;
      const card = answer?.type === 'application/vnd.microsoft.card.adaptive' ? answer.value : null;
      calls.push({ method: 'REFRESH', conversationId, activityId: root, body: card ? { type: 'message', attachments: [{ contentType: answer!.type, content: card }] } : null, auth: undefined, id: root, userId, of });
    }
  }
  let uploadFailure = 0;
  async function receivePiece(session: string, req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const up = uploads.get(session);
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(req.headers['content-range'] ?? ''));
    const reply = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (!up) return reply(404, { error: { code: 'itemNotFound', message: 'no such upload session' } });
    if (uploadFailure) {
      const status = uploadFailure;
      uploadFailure = 0;
      return reply(status, { error: { code: 'insufficientStorage', message: 'the OneDrive is full' } });
    }
    if (!range) return reply(400, { error: { code: 'invalidRequest', message: 'Content-Range is required' } });
    const [from, to, total] = [Number(range[1]), Number(range[2]), Number(range[3])];
    if (to - from + 1 !== body.length || Number(req.headers['content-length']) !== body.length) return reply(400, { error: { code: 'invalidRange', message: 'the range does not match the bytes sent' } });
    up.pieces.push({ range: String(req.headers['content-range']), length: body.length });
    up.buffer ??= new Uint8Array(total);
    up.buffer.set(body, from);
    if (to + 1 < total) return reply(202, { expirationDateTime: new Date(Date.now() + 3600_000).toISOString(), nextExpectedRanges: [`${to + 1}-`] });
    up.bytes = up.buffer;
    return reply(201, { id: `item-${session}`, name: up.name, size: total });
  }

  function answerConsent(base: string, person: { aad: string; name: string; locale: string }, card: ConnectorCall, action: 'accept' | 'decline', opts: { appId?: string; context?: Record<string, unknown>; name?: string } = {}) {
    const offered = (card.body?.attachments ?? []).find((x: any) => x.contentType === 'application/vnd.microsoft.teams.card.file.consent');
    const name = opts.name ?? offered?.name ?? 'file';
    const context = opts.context ?? (action === 'accept' ? offered?.content?.acceptContext : offered?.content?.declineContext) ?? {};
    const session = action === 'accept' ? `s${++n}` : null;
    if (session) uploads.set(session, { name, pieces: [], bytes: null, buffer: null });
    const dot = name.lastIndexOf('.');
    const value = {
      type: 'fileUpload',
      action,
      context,
      ...(session
        ? { uploadInfo: { contentUrl: `http://127.0.0.1:${port}/drive/items/${session}/${encodeURIComponent(name)}`, name, uploadUrl: `http://127.0.0.1:${port}/upload/${session}`, uniqueId: `unique-${session}`, fileType: dot > 0 ? name.slice(dot + 1) : '', etag: '1' } }
        : {}),
    };
    const now = Math.floor(Date.now() / 1000);
    const activity = {
      type: 'invoke', name: 'fileConsent/invoke', channelId: 'msteams', id: `f:${randomUUID()}`, serviceUrl: `http://127.0.0.1:${port}/`,
      from: { id: `29:mri-${person.aad}`, name: person.name, aadObjectId: person.aad }, recipient: { id: `28:${opts.appId ?? 'bot'}`, name: 'Helpdesk Bot' },
      conversation: { id: `a:personal-${person.aad}`, conversationType: 'personal', tenantId: '00000000-0000-0000-0000-0000000000ff' },
      channelData: { tenant: { id: '00000000-0000-0000-0000-0000000000ff' }, source: { name: 'message' } },
      replyToId: card.id, locale: person.locale, value,
    };
    const token = signJwt(privateKey, kid, { jti: randomUUID(), iss: 'https://api.botframework.com', aud: opts.appId ?? '', serviceurl: `http://127.0.0.1:${port}/`, nbf: now - 60, exp: now + 3600 });
    return fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(activity) }).then(async (r) => (await r.body?.cancel(), { status: r.status, session }));
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    openIdUrl: `http://127.0.0.1:${port}/openid`,
    calls,
    failOnce: (status) => void failures.push(status),
    breakSends: (how) => void (broken = how),
    mendSends: () => void (broken = null),
    refused,
    opened,
    refuseChats: () => void (chatsRefused = true),
    allowChats: () => void (chatsRefused = false),
    waitFor: (pred, what, timeoutMs) => waitForCall(calls, pred, what, (c) => [c.method, c.conversationId, c.body?.text ?? c.body?.summary], timeoutMs),
    token: (claims) => signJwt(privateKey, kid, { jti: randomUUID(), ...claims }),
    clients: (base, appId) => void (bot = { base, appId }),
    pastedImage(bytes, contentType) {
      const id = `0-weu-d1-${randomUUID().replace(/-/g, '')}`;
      held.set(`v3/attachments/${id}/views/original`, { bytes, type: contentType, needsToken: true });
      return { contentType, contentUrl: `http://127.0.0.1:${port}/v3/attachments/${id}/views/original` };
    },
    sharedFile(bytes, name) {
      const id = randomUUID();
      held.set(`drive/download/${id}`, { bytes, type: 'application/octet-stream', needsToken: false });
      const dot = name.lastIndexOf('.');
      return {
        contentType: 'application/vnd.microsoft.teams.file.download.info',
        contentUrl: `http://127.0.0.1:${port}/personal/drive/${encodeURIComponent(name)}`,
        name,
        content: { downloadUrl: `http://127.0.0.1:${port}/drive/download/${id}?tempauth=signed-by-onedrive`, uniqueId: id, fileType: dot > 0 ? name.slice(dot + 1) : '', etag: '1' },
      };
    },
    downloads,
    members: memberInfo,
    memberLookups,
    answerConsent,
    failNextUpload: (status) => void (uploadFailure = status),
    uploads,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** What a connector call shows a person: its text, card texts and button ids. */
export function shown(c: ConnectorCall): string {
  return JSON.stringify([c.body?.text ?? '', c.body?.summary ?? '', c.body?.attachments ?? []]);
}
