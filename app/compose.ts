// The desk wired to its store, FAQ matcher and chat platforms; serve.ts puts it
// behind HTTP. Platform SDKs are loaded only when configured: the default bot
// stays small and starts fast.
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { ChannelAdapter } from '../adapters/channels/channel-adapter.js';
import { createChangeRelay, type ChangeRelay } from '../adapters/channels/change-relay.js';
import { createLiveFeed, type LiveFeed } from '../adapters/channels/live-feed.js';
import type { CredentialsFactory } from '../adapters/channels/teams/bot-connection.js';
import { createWebAdapter } from '../adapters/channels/web/create-web-adapter.js';
import { createOpenAiEmbedder } from '../adapters/embeddings/create-openai-embedder.js';
import { createMetrics, type Metrics } from '../adapters/http/metrics.js';
import { createMongoStore } from '../adapters/storage/mongo/create-mongo-store.js';
import { createSqliteStore } from '../adapters/storage/sqlite/create-sqlite-store.js';
import {
  createArchive, createArchiveFeed, type Archive, type ArchiveFeed,
  createFileKeeper, DEFAULT_ALLOWED_TYPES, MB, type FileKeeper,
  createTfidfMatcher, createFaqTriage, createHelpDesk, createLiveFaqMatcher, createLiveLearntTriage, createSemanticTier, slaSettingsOf,
  type Embedder, type HelpDesk, type HelpDeskDeps, type InboundEvent, type SemanticTier, type Store,
} from '../src/index.js';
import type { Config } from './config.js';
import { seedKnowledgeBase } from './read-knowledge-base.js';
import { deskSettingsFrom } from './desk-settings.js';
import { splitCredentials } from '../adapters/embeddings/url-credentials.js';
import { webAuthFrom, webBrandingFrom } from './web-auth.js';
import type { WebAuth } from '../adapters/channels/web/auth/web-auth.js';
import { consolePage } from '../adapters/web-console/console-shell.js';
import { createConsoleAdapter } from '../adapters/web-console/create-console-adapter.js';
import { registerLeadRoutes } from '../adapters/web-console/leads/register-lead-routes.js';
import { registerArchiveRoutes } from '../adapters/web-console/archive-page.js';
import { createFileLinks, fileLinkSecret, type FileLinks } from '../adapters/http/file-links.js';
import { registerFileRoute } from '../adapters/http/file-route.js';
import type { FastifyInstance } from 'fastify';
import { openLocalSpool } from '../adapters/spool/local-spool.js';
import { createStoreAwayGuard, type StoreAwayGuard } from './keep-while-store-away.js';
import { createStoreHealth, type StoreHealth } from './store-health.js';
import { createLeases } from '../adapters/leases/store-leases.js';
import { createLeaseKeeper, type LeaseHolding, type LeaseState } from '../adapters/leases/lease-keeper.js';
import { createLeaseTurn } from '../adapters/leases/lease-turn.js';
import { instanceIdOf, leaseHolderOf, leaseHolderPrefix } from './instance-id.js';

export async function openStore(config: Config): Promise<Store> {
  if (config.MONGODB_URI) return createMongoStore({ uri: config.MONGODB_URI });
  return createSqliteStore({ file: join(resolve(config.DATA_DIR), 'sportello.db') });
}

/** Longest an instance waits for another's embedding of the knowledge base before embedding it too. */
const EMBEDDING_TURN_MAX_WAIT_MS = 10 * 60_000;

/** The semantic tier, when an embeddings server is configured. */
export function semanticFrom(config: Config, store: Store, logger: Logger, clock: { now(): number }, leaseHolder = leaseHolderOf(instanceIdOf(config))): { tier: SemanticTier; embedder: Embedder } | null {
  if (!config.EMBEDDINGS_URL || !config.EMBEDDINGS_MODEL) return null;
  const embedder = createOpenAiEmbedder({
    url: config.EMBEDDINGS_URL,
    model: config.EMBEDDINGS_MODEL,
    apiKey: config.EMBEDDINGS_API_KEY,
    timeoutMs: config.EMBEDDINGS_TIMEOUT_MS,
    batchSize: config.EMBEDDINGS_BATCH_SIZE,
    queryPrefix: config.EMBEDDINGS_QUERY_PREFIX,
    passagePrefix: config.EMBEDDINGS_PASSAGE_PREFIX,
    sendInputType: config.EMBEDDINGS_INPUT_TYPE,
  });
  // Every instance notices a FAQ change: one at a time embeds what the store lacks, the others then read it.
  const periodMs = config.LEASE_SECONDS * 1000;
  const embeddingTurn = createLeaseTurn({
    leases: createLeases({ slots: store, holder: leaseHolder, periodMs }),
    name: 'faq:embeddings',
    periodMs,
    maxWaitMs: EMBEDDING_TURN_MAX_WAIT_MS,
    logger,
  });
  const tier = createSemanticTier({ embedder, store, logger, clock, budgetMs: config.EMBEDDINGS_BUDGET_MS, batchSize: config.EMBEDDINGS_BATCH_SIZE, embeddingTurn });
  return { tier, embedder };
}

export interface ComposeOptions {
  /** Outbound Teams tokens; default: Azure AD (tests pass a stand-in, being offline). */
  teamsCredentials?: CredentialsFactory;
  /** The desk's clock (tickets, SLA sweeps); default: the system's. Tests move it to a Saturday night. */
  clock?: { now(): number };
}

export interface Composition {
  store: Store;
  desk: HelpDesk;
  deps: HelpDeskDeps;
  channels: ChannelAdapter[];
  metrics: Metrics;
  /** Delivers the outbox to the channels; start it once they are connected. */
  relay: ChangeRelay;
  /** Connects the platforms that keep a connection open (Slack Socket Mode, Discord's gateway); call once HTTP listens. */
  connect(): Promise<void>;
  /** Each connection only one instance holds (`discord:gateway`): held here, or waiting for it; empty when none is configured. */
  leaseState(): Record<string, LeaseState>;
  /** Closes the connections held under a lease and gives the leases back, so another instance takes them at once. */
  disconnect(): Promise<void>;
  clock: { now(): number };
  /** Closed tickets in memory; `archiveFeed.load()` fills it (serve starts it in the background). */
  archive: Archive;
  archiveFeed: ArchiveFeed;
  /** Short-lived links to a ticket's file for one person: for channels that link where they cannot upload. */
  fileLinks: FileLinks;
  /** Routes that belong to no channel (GET /files/:code/:fileId), mounted by serve on the one server. */
  routes: (app: FastifyInstance) => void;
  /** This instance, of several on the store. */
  instanceId: string;
  /** Gives back what an earlier life of this instance held (once listening: a second start on a busy port stops before). */
  takeBackEarlierLeases(): Promise<number>;
  /** Whether the store takes writes; serve starts its checks. */
  health: StoreHealth;
  /** Keeps inbound work while the store is away; serve starts it once the channels can deliver. */
  guard: StoreAwayGuard;
  closeSpool(): void;
  /** What other instances on the store send to web chat and console streams open here; serve starts and stops it. */
  feed: LiveFeed;
}

type Handle = (event: InboundEvent) => ReturnType<HelpDesk['handle']>;
type Overview = HelpDesk['overview'];
type SuggestCodes = HelpDesk['suggestCodes'];
type SearchTickets = HelpDesk['searchTickets'];
type OpenFile = HelpDesk['openFile'];
type Connectable = ChannelAdapter & { start(): Promise<void> };
/** A connection only one instance of several may hold, under the lease of that name. */
type Leased = { lease: string; holding: LeaseHolding };

/** Every chat platform the configuration names, the web chat always first. */
async function openChannels(config: Config, store: Store, handle: Handle, overview: Overview, logger: Logger, options: ComposeOptions, suggestCodes: SuggestCodes, searchTickets: SearchTickets, webAuth: WebAuth, files: FileKeeper, fileLinks: FileLinks, openFile: OpenFile, feed: LiveFeed) {
  const channels: ChannelAdapter[] = [
    createWebAdapter({
      handle,
      logger,
      auth: webAuth,
      inbox: store,
      frameAncestors: config.WEB_FRAME_ANCESTORS,
      departments: config.DEPARTMENTS.map((d) => d.id),
      defaultLocale: config.DEFAULT_LOCALE,
      streamLimits: { perPerson: config.LIMIT_STREAMS_PER_PERSON, total: config.LIMIT_STREAMS_TOTAL },
      branding: webBrandingFrom(config),
      records: store,
      files,
      fileLinks,
      feed,
    }),
  ];
  const connectable: Connectable[] = [];
  const leased: Leased[] = [];
  if (config.SLACK_BOT_TOKEN) {
    const { createSlackAdapter } = await import('../adapters/channels/slack/create-slack-adapter.js');
    const slack = createSlackAdapter({
      botToken: config.SLACK_BOT_TOKEN,
      signingSecret: config.SLACK_SIGNING_SECRET ?? '',
      appToken: config.SLACK_APP_TOKEN,
      apiUrl: config.SLACK_API_URL,
      triageChannel: config.SLACK_TRIAGE_CHANNEL,
      threadDefault: config.THREAD_DEFAULT,
      departments: config.DEPARTMENTS.map((d) => d.id),
      defaultLocale: config.DEFAULT_LOCALE,
      botId: config.SLACK_BOT_ID,
      botUserId: config.SLACK_BOT_USER_ID,
      handle,
      overview,
      refs: store,
      logger,
      files,
    });
    channels.push(slack);
    connectable.push(slack);
  }
  if (config.MICROSOFT_APP_ID || config.TEAMS_LOCAL) {
    if (config.TEAMS_LOCAL) logger.warn('TEAMS_LOCAL=1: Teams activities are accepted without a token (for the Bot Framework Emulator and local tests only)');
    const { createTeamsAdapter } = await import('../adapters/channels/teams/create-teams-adapter.js');
    const { createGraphInstaller } = await import('../adapters/channels/teams/graph-install.js');
    channels.push(
      createTeamsAdapter({
        auth: {
          appId: config.MICROSOFT_APP_ID ?? '',
          password: config.MICROSOFT_APP_PASSWORD,
          tenantId: config.MICROSOFT_APP_TENANT_ID,
          appType: config.MICROSOFT_APP_TYPE,
          openIdMetadataUrl: config.TEAMS_OPENID_METADATA_URL,
          credentials: options.teamsCredentials,
        },
        triageConversationId: config.TEAMS_TRIAGE_CONVERSATION_ID,
        threadDefault: config.THREAD_DEFAULT,
        serviceUrl: config.TEAMS_SERVICE_URL,
        departments: config.DEPARTMENTS.map((d) => d.id),
        defaultLocale: config.DEFAULT_LOCALE,
        handle,
        searchTickets,
        graphInstall: config.TEAMS_GRAPH_INSTALL_APP_ID
          ? createGraphInstaller({
              tenantId: config.MICROSOFT_APP_TENANT_ID ?? '',
              clientId: config.MICROSOFT_APP_ID ?? '',
              clientSecret: config.MICROSOFT_APP_PASSWORD ?? '',
              catalogAppId: config.TEAMS_GRAPH_INSTALL_APP_ID,
              graphUrl: config.TEAMS_GRAPH_URL,
              loginUrl: config.TEAMS_LOGIN_URL,
            })
          : undefined,
        refs: store,
        people: store,
        logger,
        files,
        openFile,
      }),
    );
  }
  if (config.DISCORD_TOKEN && config.DISCORD_APPLICATION_ID) {
    const { createDiscordAdapter } = await import('../adapters/channels/discord/create-discord-adapter.js');
    const discord = createDiscordAdapter({
      token: config.DISCORD_TOKEN,
      applicationId: config.DISCORD_APPLICATION_ID,
      apiUrl: config.DISCORD_API_URL,
      supportChannelId: config.DISCORD_SUPPORT_CHANNEL_ID,
      triageChannelId: config.DISCORD_TRIAGE_CHANNEL_ID,
      agentRoles: config.DISCORD_AGENT_ROLES,
      departments: config.DEPARTMENTS.map((d) => d.id),
      defaultLocale: config.DEFAULT_LOCALE,
      handle,
      suggestCodes,
      refs: store,
      people: store,
      logger,
      files,
      maxUploadBytes: Math.round(config.DISCORD_MAX_UPLOAD_MB * MB),
    });
    channels.push(discord);
    // Every instance sends; one holds the gateway, or each event would reach (and be answered by) them all.
    leased.push({ lease: 'discord:gateway', holding: { onAcquired: discord.gateway.open, onLost: discord.gateway.close } });
  }
  return { channels, connectable, leased };
}

/** The support mailboxes, read into the desk; answers by SMTP. */
async function emailChannel(config: Config, d: { handle: Handle; store: Store; files: FileKeeper; logger: Logger; clock: { now(): number } }) {
  const { createEmailAdapter } = await import('../adapters/channels/email/create-email-adapter.js');
  const email = createEmailAdapter({
    imapUrls: config.EMAIL_IMAP_URL ?? [],
    smtpUrl: config.EMAIL_SMTP_URL!,
    from: config.EMAIL_FROM!,
    addresses: config.EMAIL_ADDRESSES,
    allowedDomains: config.EMAIL_ALLOWED_DOMAINS,
    requireAuth: config.EMAIL_REQUIRE_AUTH ?? config.EMAIL_ALLOWED_DOMAINS.length > 0,
    ...(config.EMAIL_AUTHSERV_ID ? { authServId: config.EMAIL_AUTHSERV_ID } : {}),
    autoRepliesPerHour: config.EMAIL_AUTO_REPLIES_PER_HOUR,
    pollMs: config.EMAIL_POLL_SECONDS * 1000,
    firstReadMs: config.EMAIL_FIRST_READ_HOURS * 3600_000,
    maxBytes: Math.round(config.EMAIL_MAX_MB * MB),
    defaultLocale: config.DEFAULT_LOCALE,
    handle: d.handle,
    store: d.store,
    files: d.files,
    logger: d.logger,
    clock: d.clock,
  });
  d.logger.info({ mailboxes: (config.EMAIL_IMAP_URL ?? []).length }, 'e-mail channel on: support mailboxes are read once the desk is up');
  return email;
}

/** Checks and keeps the files people send, by the limits the configuration sets. */
export function fileKeeperFrom(config: Config, store: Store): FileKeeper {
  return createFileKeeper(store, {
    maxFileBytes: Math.round(config.FILES_MAX_MB * MB),
    maxTicketBytes: Math.round(config.FILES_TICKET_MAX_MB * MB),
    allowed: config.FILES_ALLOWED ?? DEFAULT_ALLOWED_TYPES,
  });
}

export async function compose(config: Config, logger: Logger, options: ComposeOptions = {}): Promise<Composition> {
  // A mistake in SPORTELLO_CONFIG stops the start before anything is opened.
  const settings = deskSettingsFrom(config);
  const store = await openStore(config);
  await seedKnowledgeBase(store, config, logger);
  const clock = options.clock ?? { now: () => Date.now() };
  const instanceId = instanceIdOf(config);
  const leaseHolder = leaseHolderOf(instanceId);
  const semantic = semanticFrom(config, store, logger, clock, leaseHolder);
  if (semantic) logger.info({ url: splitCredentials(config.EMBEDDINGS_URL!).url, model: config.EMBEDDINGS_MODEL }, 'FAQ semantic tier on: questions are sent to the embeddings server');
  const faq = createLiveFaqMatcher(store, semantic ? semantic.tier.build : createTfidfMatcher, clock, logger);
  await faq.refresh();
  const metrics = createMetrics(store);
  // Filled in the background by serve (archiveFeed.load); searches meanwhile see what is loaded so far.
  const archive = createArchive({ logger, semantic: semantic?.tier, semanticBudgetMs: config.EMBEDDINGS_BUDGET_MS });
  const archiveFeed = createArchiveFeed({ store, archive, clock, logger });
  const files = fileKeeperFrom(config, store);
  // Known once the server listens; links point at PUBLIC_URL when it is set.
  let ownAddress = '';
  const fileLinks = createFileLinks({
    secret: await fileLinkSecret(config.FILE_LINK_SECRET, store),
    ttlMs: config.FILE_LINK_MINUTES * 60_000,
    base: () => config.PUBLIC_URL ?? ownAddress,
  });
  // Adapters need the desk and the desk needs the adapters' relay: the adapters' entry points close over it.
  let desk: HelpDesk | undefined;
  // Every inbound event passes the guard: kept in this instance's spool while the store is away.
  const leasePeriodMs = config.LEASE_SECONDS * 1000;
  // On a port the system picks, "host:0" names every such instance alike: nothing to tell an earlier life by.
  const takeBackEarlierLeases = async () => (config.INSTANCE_ID || config.PORT !== 0 ? store.releaseSlotsHeldBy(leaseHolderPrefix(instanceId), leaseHolder) : 0);
  const health = createStoreHealth({ ping: (ms) => store.ping(ms), logger });
  const spool = openLocalSpool(join(resolve(config.DATA_DIR), 'spool', `${instanceId.replace(/[^A-Za-z0-9._-]/g, '_')}.db`));
  const guard = createStoreAwayGuard({
    handle: (event) => desk!.handle(event),
    spool,
    health,
    deliver: async (to, replies) => {
      const channel = channels.find((c) => c.name === to.platform);
      if (!channel) throw new Error(`no channel for ${to.platform} to answer a kept message on`);
      for (const reply of replies) await channel.sendDirect(to, reply);
    },
    instanceId,
    defaultLocale: config.DEFAULT_LOCALE,
    logger,
  });
  const handle: Handle = (event) => guard.handle(event);
  const overview: Overview = (person, department) => desk!.overview(person, department);
  const suggestCodes: SuggestCodes = (person, typed, first) => desk!.suggestCodes(person, typed, first);
  const searchTickets: SearchTickets = (person, which, typed) => desk!.searchTickets(person, which, typed);
  const webAuth = webAuthFrom(config, store, logger);
  const openFile: OpenFile = (person, code, fileId) => desk!.openFile(person, code, fileId);
  // Several instances on one store: web chat and console streams hear what the others send.
  const feed = createLiveFeed({ store, logger, pollMs: config.LIVE_FEED_POLL_MS });
  const { channels, connectable, leased } = await openChannels(config, store, handle, overview, logger, options, suggestCodes, searchTickets, webAuth, files, fileLinks, openFile, feed);
  if (config.EMAIL_IMAP_URL?.length) {
    const email = await emailChannel(config, { handle, store, files, logger, clock });
    channels.push(email);
    connectable.push(email);
  }
  // The agent console signs in with the web chat's session (OIDC) or a link sent on the agent's platform.
  channels.push(
    createConsoleAdapter({
      handle,
      store,
      sla: slaSettingsOf(settings),
      webAuth,
      channels: () => channels,
      departments: config.DEPARTMENTS.map((d) => d.id),
      publicUrl: config.PUBLIC_URL,
      sessionHours: config.SESSION_HOURS,
      linksPerAddress: config.LIMIT_CONSOLE_LINKS_PER_ADDRESS,
      defaultLocale: config.DEFAULT_LOCALE,
      logger,
      // Leads manage agents and the FAQ there; the desk answers from an edited entry at the next message.
      extraRoutes: (scope, d) => {
        registerLeadRoutes(scope, { gate: d.gate, page: consolePage, store, departments: config.DEPARTMENTS, sla: slaSettingsOf(settings), onFaqChanged: () => faq.refresh({ force: true }), logger });
        // Every agent searches the closed tickets of their departments there.
        registerArchiveRoutes(scope, { gate: d.gate, archive, departments: d.departments });
      },
      files,
      feed,
    }),
  );
  const consoleAccess = (channels.at(-1) as ReturnType<typeof createConsoleAdapter>).access;
  // A file is served to whoever a link was made for, or to the web chat's or the console's signed-in person.
  const routes = (app: FastifyInstance) => {
    app.addHook('onListen', async () => {
      const address = app.server.address();
      if (!address || typeof address !== 'object') return;
      const any = ['0.0.0.0', '::'].includes(address.address);
      const host = address.family === 'IPv6' ? `[${any ? '::1' : address.address}]` : any ? '127.0.0.1' : address.address;
      ownAddress = `http://${host}:${address.port}`;
    });
    registerFileRoute(app, {
      openFile: (person, code, fileId) => desk!.openFile(person, code, fileId),
      links: fileLinks,
      check: (req) => webAuth.check(req),
      sessions: [
        async (req) => {
          if (!webAuth.identify) return null;
          const v = await webAuth.identify({ method: 'GET', headers: req.headers, query: {} }, 'api');
          return v.ok ? { platform: v.person.platform, userId: v.person.userId } : null;
        },
        async (req) => {
          const v = await consoleAccess.visitor(req);
          return v.kind === 'agent' ? { platform: v.agent.platform, userId: v.agent.userId } : null;
        },
      ],
    });
  };
  const relay = createChangeRelay({
    store,
    channels,
    logger,
    retry: { attempts: config.DELIVERY_ATTEMPTS, baseDelayMs: config.DELIVERY_RETRY_MS, maxDelayMs: 30_000, retryForMs: config.DELIVERY_RETRY_FOR_SECONDS * 1000 },
    // Several instances on one store: a ticket's records are delivered by the one holding its lease.
    leases: createLeases({ slots: store, holder: leaseHolder, periodMs: leasePeriodMs }),
    contendedPollMs: config.OUTBOX_CONTENDED_POLL_MS,
    renewMs: Math.min(1000, leasePeriodMs / 4),
    onOutcome: metrics.deliveryOutcome,
  });
  metrics.watchOutbox(relay.queued);
  metrics.watchStore(guard.kept, health.up);
  const departments = config.DEPARTMENTS.map((d) => d.id);
  // Agents' moves and priority changes, kept in the store's event log, correct the first guess.
  const triage = createLiveLearntTriage({ base: createFaqTriage(faq, departments), store, departments, clock, logger });
  await triage.refresh({ force: true });
  const deps: HelpDeskDeps = {
    store,
    changes: relay,
    clock,
    logger,
    faq,
    triage,
    settings,
    newId: randomUUID,
    observer: metrics.observer,
    archive,
    files,
  };
  desk = createHelpDesk(deps);
  const keeper = createLeaseKeeper({ leases: createLeases({ slots: store, holder: leaseHolder, periodMs: leasePeriodMs }), periodMs: leasePeriodMs, logger });
  const connect = async () => {
    for (const c of connectable) await c.start();
    for (const l of leased) await keeper.keep(l.lease, l.holding);
  };
  return { store, desk, deps, channels, metrics, relay, connect, leaseState: keeper.state, disconnect: keeper.stop, clock, archive, archiveFeed, fileLinks, routes, instanceId, takeBackEarlierLeases, health, guard, closeSpool: () => spool.close(), feed };
}
