// The seam to the Bot Framework: the only module that imports botbuilder. The
// rest of the Teams adapter sees plain activity JSON in, and "send / update
// this activity in that conversation" out, which is also all that Microsoft 365
// Agents SDK's CloudAdapter offers: moving means rewriting this file.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, TeamsInfo, type Activity, type ConversationParameters, type ConversationReference, type TurnContext } from 'botbuilder';

type Auth = ConfigurationBotFrameworkAuthentication;
type ClaimsIdentity = Parameters<Auth['createConnectorFactory']>[0];
type ConnectorFactory = ReturnType<Auth['createConnectorFactory']>;
import type { Logger } from '../../../src/index.js';
import type { ConversationRef, OutgoingActivity, TeamsActivity } from './teams-types.js';

export type CredentialsFactory = NonNullable<ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[1]>;

export interface TeamsAuth {
  /** Empty: no JWT validation and no outbound token (local mode, like the Emulator). */
  appId: string;
  password?: string | undefined;
  tenantId?: string | undefined;
  appType?: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI' | undefined;
  /** Where the channel's signing keys are published (Microsoft's by default; a stand-in in tests). */
  openIdMetadataUrl?: string | undefined;
  /** Outbound tokens; default: Azure AD with the app's password or managed identity. */
  credentials?: CredentialsFactory | undefined;
}

/** What a turn answers: an invoke body, or nothing (HTTP 200). */
export type TurnResult = { status: number; body?: unknown } | void;

export class BadActivityError extends Error {
  override name = 'BadActivityError';
}

export interface BotConnection {
  process(body: unknown, headers: Record<string, string | string[] | undefined>, onActivity: (activity: TeamsActivity) => Promise<TurnResult>): Promise<{ status: number; body?: unknown }>;
  /** Posts into a conversation (a thread reply when the reference's conversation id names one). */
  send(ref: ConversationRef, activity: OutgoingActivity): Promise<string | undefined>;
  update(ref: ConversationRef, activityId: string, activity: OutgoingActivity): Promise<void>;
  referenceOf(activity: TeamsActivity): ConversationRef;
  /**
   * The sender's one-to-one chat with the bot, from an activity of theirs in a
   * team: Teams opens it, or answers with the one they already have. Throws
   * when Teams refuses (the app is not installed where the person can get it).
   */
  openChat(activity: TeamsActivity): Promise<ConversationRef>;
  /** The sender as the activity's conversation lists its members (TeamsInfo.getMember): their e-mail and user principal name among the rest. */
  memberOf(activity: TeamsActivity): Promise<{ email?: string; userPrincipalName?: string }>;
  /** The headers that carry the bot's own token to the connector at `ref.serviceUrl` (none in local mode): what a pasted image's contentUrl needs. */
  tokenHeaders(ref: ConversationRef): Promise<Record<string, string>>;
}

const CHANNEL_ISSUER = 'https://api.botframework.com';

function authentication(auth: TeamsAuth): Auth {
  const base = {
    MicrosoftAppId: auth.appId,
    MicrosoftAppPassword: auth.password ?? '',
    MicrosoftAppTenantId: auth.tenantId ?? '',
    MicrosoftAppType: auth.appType ?? 'MultiTenant',
  };
  if (!auth.openIdMetadataUrl) return new ConfigurationBotFrameworkAuthentication(base, auth.credentials);
  // Any endpoint override switches botbuilder to a fully parameterised setup, so all are given.
  return new ConfigurationBotFrameworkAuthentication(
    {
      ...base,
      ToBotFromChannelOpenIdMetadataUrl: auth.openIdMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: auth.openIdMetadataUrl,
      ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
      ToChannelFromBotOAuthScope: CHANNEL_ISSUER,
      ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
      OAuthUrl: 'https://api.botframework.com',
      CallerId: 'urn:botframework:azure',
      ValidateAuthority: 'true',
    },
    auth.credentials,
  );
}

/** One turn as botbuilder runs it (CloudAdapter here; TestAdapter in unit tests). */
export function turnLogic(onActivity: (activity: TeamsActivity) => Promise<TurnResult>) {
  return async (ctx: TurnContext) => {
    const answer = await onActivity(ctx.activity as unknown as TeamsActivity);
    if (answer) await ctx.sendActivity({ type: 'invokeResponse', value: answer });
  };
}

/** A response object CloudAdapter can write to, read back as a value. */
function capture() {
  let status = 200;
  let body: unknown;
  let done!: () => void;
  const ended = new Promise<void>((r) => (done = r));
  const res = {
    socket: null,
    header: () => res,
    status: (code: number) => ((status = code), res),
    send: (b: unknown) => ((body = b), res),
    end: () => done(),
  };
  return { res, result: async () => (await ended, body === undefined ? { status } : { status, body }) };
}

/**
 * CloudAdapter builds a fresh connector and token client (each an HTTP pipeline)
 * for every turn, which is most of a turn's cost; they are stateless apart from
 * credentials that cache their own tokens, so one per caller and serviceUrl serves.
 */
function reuseClients(bfa: Auth): Auth {
  const connectors = new Map<string, ReturnType<ConnectorFactory['create']>>();
  const tokenClients = new Map<string, ReturnType<typeof bfa.createUserTokenClient>>();
  const caller = (identity: ClaimsIdentity) => `${identity.getClaimValue('aud') ?? ''}|${identity.getClaimValue('appid') ?? identity.getClaimValue('azp') ?? ''}`;
  const createConnectorFactory = bfa.createConnectorFactory.bind(bfa);
  const createUserTokenClient = bfa.createUserTokenClient.bind(bfa);
  bfa.createConnectorFactory = (identity) => {
    const factory = createConnectorFactory(identity);
    const who = caller(identity);
    return {
      create(serviceUrl: string, audience?: string) {
        const key = `${who}|${serviceUrl}|${audience ?? ''}`;
        let client = connectors.get(key);
        if (!client) {
          client = factory.create(serviceUrl, audience);
          client.catch(() => connectors.delete(key));
          connectors.set(key, client);
        }
        return client;
      },
    } as ConnectorFactory;
  };
  bfa.createUserTokenClient = (identity) => {
    const key = caller(identity);
    let client = tokenClients.get(key);
    if (!client) {
      client = createUserTokenClient(identity);
      client.catch(() => tokenClients.delete(key));
      tokenClients.set(key, client);
    }
    return client;
  };
  return bfa;
}

export function createBotConnection(auth: TeamsAuth, logger: Logger): BotConnection {
  const adapter = new CloudAdapter(reuseClients(authentication(auth)));
  adapter.onTurnError = async (_ctx, err) => {
    logger.error({ err, component: 'teams' }, 'turn failed');
    throw err;
  };
  const run = (ref: ConversationRef, fn: (ctx: TurnContext) => Promise<void>) =>
    adapter.continueConversationAsync(auth.appId, ref as Partial<ConversationReference>, fn);

  return {
    async process(body, headers, onActivity) {
      const { res, result } = capture();
      let bad: string | null = null;
      const turn = turnLogic(onActivity);
      await adapter.process({ body: body as Record<string, unknown>, headers, method: 'POST' }, res, async (ctx) => {
        try {
          await turn(ctx);
        } catch (err) {
          if (!(err instanceof BadActivityError)) throw err;
          bad = err.message;
        }
      });
      if (bad !== null) return { status: 400, body: { error: bad } };
      const out = await result();
      // botbuilder answers failures with bare text; callers get the same JSON shape as every other error.
      return out.status >= 400 && typeof out.body === 'string' ? { status: out.status, body: { error: out.body } } : out;
    },

    async send(ref, activity) {
      let id: string | undefined;
      await run(ref, async (ctx) => {
        id = (await ctx.sendActivity(activity as Partial<Activity>))?.id;
      });
      return id;
    },

    async update(ref, activityId, activity) {
      await run(ref, async (ctx) => {
        await ctx.updateActivity({ ...(activity as Partial<Activity>), id: activityId, conversation: ctx.activity.conversation });
      });
    },

    async openChat(a) {
      const tenantId = a.conversation.tenantId ?? a.channelData?.tenant?.id;
      const bot = { id: a.recipient.id, name: a.recipient.name ?? '' };
      const params = {
        isGroup: false,
        bot,
        members: [{ id: a.from.id, name: a.from.name ?? '' }],
        ...(tenantId ? { tenantId, channelData: { tenant: { id: tenantId } } } : {}),
      } as ConversationParameters;
      let id: string | undefined;
      const channelId = a.channelId ?? 'msteams';
      // No audience: the connector factory then uses the configured one, as continueConversationAsync does (the type wants a string).
      await adapter.createConversationAsync(auth.appId, channelId, a.serviceUrl, undefined as unknown as string, params, async (ctx) => {
        id = ctx.activity.conversation?.id;
      });
      if (!id) throw new Error('Teams opened a chat without an id');
      return { channelId, serviceUrl: a.serviceUrl, conversation: { id, conversationType: 'personal', ...(tenantId ? { tenantId } : {}) }, bot };
    },

    async memberOf(a) {
      let found: { email?: string; userPrincipalName?: string } = {};
      await run(this.referenceOf(a), async (ctx) => {
        found = await TeamsInfo.getMember(ctx, a.from.id);
      });
      return found;
    },

    async tokenHeaders(ref) {
      const headers: Record<string, string> = {};
      await run(ref, async (ctx) => {
        const client = ctx.turnState.get(ctx.adapter.ConnectorClientKey) as { credentials?: { signRequest(req: unknown): Promise<unknown> } } | undefined;
        // The same credentials that sign the bot's messages; they set only the Authorization header of what they are given.
        const request = { headers: { set: (name: string, value: string) => void (headers[name.toLowerCase()] = value) } };
        await client?.credentials?.signRequest(request);
      });
      return headers;
    },

    referenceOf: (activity) => ({
      channelId: activity.channelId ?? 'msteams',
      serviceUrl: activity.serviceUrl,
      conversation: { ...activity.conversation },
      bot: { id: activity.recipient.id, name: activity.recipient.name ?? '' },
    }),
  };
}
