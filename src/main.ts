// Composition root and CLI: the only module in src/ that knows the adapters.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import dotenv from 'dotenv';
import { pino, type Logger } from 'pino';
import type { ChannelAdapter } from '../adapters/channels/channel-adapter.js';
import { createOpenAiEmbedder } from '../adapters/embeddings/create-openai-embedder.js';
import type { CredentialsFactory } from '../adapters/channels/teams/bot-connection.js';
import { createWebAdapter } from '../adapters/channels/web/create-web-adapter.js';
import { createOutboundRouter } from '../adapters/channels/route-outbound.js';
import { createHttpServer } from '../adapters/http/create-http-server.js';
import { createMetrics } from '../adapters/http/metrics.js';
import { createMongoStore } from '../adapters/storage/mongo/create-mongo-store.js';
import { createSqliteStore } from '../adapters/storage/sqlite/create-sqlite-store.js';
import { agentRows, parseAgentInput } from './cli/agent-input.js';
import { formatReport, runFaqEval } from './cli/faq-eval.js';
import { createFaqMatcher } from './faq/create-faq-matcher.js';
import { createFaqTriage } from './faq/faq-triage.js';
import { ConfigError, closeSilentTickets, createHelpDesk, createLiveFaqMatcher, createSemanticTier, loadConfig, parseKnowledgeBase, type Config, type Embedder, type SemanticTier, type FaqEntry, type HelpDesk, type HelpDeskDeps, type InboundEvent, type Store } from './index.js';

function readConfig(): Config {
  dotenv.config({ quiet: true });
  return loadConfig(process.env);
}

export async function openStore(config: Config): Promise<Store> {
  if (config.MONGODB_URI) return createMongoStore({ uri: config.MONGODB_URI });
  return createSqliteStore({ file: join(resolve(config.DATA_DIR), 'sportello.db') });
}

/** A knowledge base file, validated whole against the configured departments. */
function readKnowledgeBase(path: string, config: Config): FaqEntry[] {
  const file = resolve(path);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file} cannot be read as JSON: ${(err as Error).message}`);
  }
  return parseKnowledgeBase(raw, config.DEPARTMENTS.map((d) => d.id));
}

/** The first run loads FAQ_FILE (the shipped sample by default); later runs use the store's KB. */
async function seedKnowledgeBase(store: Store, config: Config, logger: Logger): Promise<void> {
  if ((await store.faqRevision()) !== null) return;
  let entries: FaqEntry[];
  try {
    entries = readKnowledgeBase(config.FAQ_FILE, config);
  } catch (err) {
    throw new ConfigError(`Invalid configuration: FAQ_FILE ${(err as Error).message}`);
  }
  await store.upsertFaqs(entries);
  logger.info({ file: config.FAQ_FILE, entries: entries.length }, 'knowledge base loaded');
}

/** The semantic tier, when an embeddings server is configured. */
export function semanticFrom(config: Config, store: Store, logger: Logger, clock: { now(): number }): { tier: SemanticTier; embedder: Embedder } | null {
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
  const tier = createSemanticTier({ embedder, store, logger, clock, budgetMs: config.EMBEDDINGS_BUDGET_MS, batchSize: config.EMBEDDINGS_BATCH_SIZE });
  return { tier, embedder };
}

const HOUR_MS = 60 * 60 * 1000;
const DELIVERY_MEMORY_MS = 48 * HOUR_MS;
const SWEEP_EVERY_MS = 10 * 60 * 1000;

export interface ServeOptions {
  /** Outbound Teams tokens; default: Azure AD (tests pass a stand-in, being offline). */
  teamsCredentials?: CredentialsFactory;
}

export async function serve(config: Config, logger: Logger, options: ServeOptions = {}) {
  const store = await openStore(config);
  await seedKnowledgeBase(store, config, logger);
  const clock = { now: () => Date.now() };
  const semantic = semanticFrom(config, store, logger, clock);
  if (semantic) logger.info({ url: config.EMBEDDINGS_URL, model: config.EMBEDDINGS_MODEL }, 'FAQ semantic tier on: questions are sent to the embeddings server');
  const faq = createLiveFaqMatcher(store, semantic ? semantic.tier.build : createFaqMatcher, clock);
  await faq.refresh();
  const metrics = createMetrics(store);
  let desk: HelpDesk | undefined;
  const handle = (event: InboundEvent) => desk!.handle(event);
  const channels: ChannelAdapter[] = [createWebAdapter({ handle, logger, token: config.WEB_CHAT_TOKEN })];
  // Platform SDKs are loaded only when configured: the default bot stays small and starts fast.
  const slack = config.SLACK_BOT_TOKEN
    ? (await import('../adapters/channels/slack/create-slack-adapter.js')).createSlackAdapter({
        botToken: config.SLACK_BOT_TOKEN,
        signingSecret: config.SLACK_SIGNING_SECRET ?? '',
        appToken: config.SLACK_APP_TOKEN,
        apiUrl: config.SLACK_API_URL,
        triageChannel: config.SLACK_TRIAGE_CHANNEL,
        departments: config.DEPARTMENTS.map((d) => d.id),
        botId: config.SLACK_BOT_ID,
        botUserId: config.SLACK_BOT_USER_ID,
        handle,
        refs: store,
        logger,
      })
    : null;
  if (slack) channels.push(slack);
  if (config.MICROSOFT_APP_ID || config.TEAMS_LOCAL) {
    if (config.TEAMS_LOCAL) logger.warn('TEAMS_LOCAL=1: Teams activities are accepted without a token (for the Bot Framework Emulator and local tests only)');
    channels.push(
      (await import('../adapters/channels/teams/create-teams-adapter.js')).createTeamsAdapter({
        auth: {
          appId: config.MICROSOFT_APP_ID ?? '',
          password: config.MICROSOFT_APP_PASSWORD,
          tenantId: config.MICROSOFT_APP_TENANT_ID,
          appType: config.MICROSOFT_APP_TYPE,
          openIdMetadataUrl: config.TEAMS_OPENID_METADATA_URL,
          credentials: options.teamsCredentials,
        },
        triageConversationId: config.TEAMS_TRIAGE_CONVERSATION_ID,
        serviceUrl: config.TEAMS_SERVICE_URL,
        handle,
        refs: store,
        logger,
      }),
    );
  }
  const discord = config.DISCORD_TOKEN && config.DISCORD_APPLICATION_ID
    ? (await import('../adapters/channels/discord/create-discord-adapter.js')).createDiscordAdapter({
        token: config.DISCORD_TOKEN,
        applicationId: config.DISCORD_APPLICATION_ID,
        apiUrl: config.DISCORD_API_URL,
        supportChannelId: config.DISCORD_SUPPORT_CHANNEL_ID,
        triageChannelId: config.DISCORD_TRIAGE_CHANNEL_ID,
        agentRoles: config.DISCORD_AGENT_ROLES,
        handle,
        refs: store,
        people: store,
        logger,
      })
    : null;
  if (discord) channels.push(discord);
  const deps: HelpDeskDeps = {
    store,
    notifier: createOutboundRouter(channels, logger),
    clock,
    logger,
    faq,
    triage: createFaqTriage(faq, config.DEPARTMENTS.map((d) => d.id)),
    settings: {
      departments: config.DEPARTMENTS,
      defaultLocale: config.DEFAULT_LOCALE,
      faqAnswerThreshold: config.FAQ_ANSWER_THRESHOLD,
      faqSuggestThreshold: config.FAQ_SUGGEST_THRESHOLD,
    },
    newId: randomUUID,
    observer: metrics.observer,
  };
  desk = createHelpDesk(deps);
  const app = await createHttpServer({ logger, storeKind: store.kind, metrics, channels });
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  await slack?.start();
  await discord?.start();
  logger.info({ address, store: store.kind, channels: channels.map((c) => c.name) }, 'Sportello is ready');

  // Delivery ids only guard against platform retries, which stop within minutes.
  const housekeeping = setInterval(() => {
    store.forgetBefore(Date.now() - DELIVERY_MEMORY_MS).catch((err: unknown) => logger.warn({ err }, 'could not prune delivery ids'));
  }, HOUR_MS);
  housekeeping.unref();
  const sweeper = setInterval(() => {
    if (config.AUTO_CLOSE_HOURS === 0) return;
    closeSilentTickets(deps, config.AUTO_CLOSE_HOURS * HOUR_MS)
      .then((closed) => closed.length > 0 && logger.info({ closed }, 'closed resolved tickets nobody answered'))
      .catch((err: unknown) => logger.warn({ err }, 'auto-close sweep failed'));
  }, SWEEP_EVERY_MS);
  sweeper.unref();

  let stopping = false;
  async function stop() {
    if (stopping) return;
    stopping = true;
    clearInterval(housekeeping);
    clearInterval(sweeper);
    for (const c of channels) await c.stop?.();
    await app.close();
    await store.close();
  }
  return { app, store, address, stop };
}

async function withStore<T>(fn: (store: Store, config: Config) => Promise<T>): Promise<T> {
  const config = readConfig();
  const store = await openStore(config);
  try {
    return await fn(store, config);
  } finally {
    await store.close();
  }
}

function program(): Command {
  const cli = new Command('sportello').description('Sportello: the help desk that lives in chat').showHelpAfterError();

  cli
    .command('serve', { isDefault: true })
    .description('run the bot: web chat, API, metrics, and every platform configured')
    .action(async () => {
      const config = readConfig();
      const logger = pino({ level: config.LOG_LEVEL });
      const server = await serve(config, logger);
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => {
          logger.info({ signal }, 'shutting down');
          void server.stop().then(() => process.exit(0));
        });
      }
    });

  const agents = cli.command('agents').description('manage help desk agents');
  agents
    .command('add')
    .description('add an agent, or update the one with the same platform and user id')
    .requiredOption('--platform <platform>', 'web | slack | teams | discord')
    .requiredOption('--user <id>', 'the user id on that platform (Teams: the AAD object id)')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--departments <list>', 'comma-separated, e.g. it,hr')
    .option('--tier <n>', 'support level 1, 2 or 3', '1')
    .option('--role <role>', 'agent | lead | admin', 'agent')
    .option('--locale <locale>', 'it | en')
    .action(async (opts: Record<string, unknown>) => {
      await withStore(async (store, config) => {
        const agent = parseAgentInput(opts, config.DEPARTMENTS.map((d) => d.id));
        await store.saveAgent(agent);
        console.log(`Saved agent ${agent.platform}:${agent.userId} (${agent.name}) — ${agent.departments.join(',')} L${agent.tier} ${agent.role}`);
      });
    });
  agents
    .command('list')
    .description('list agents')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withStore(async (store) => {
        const list = await store.listAgents();
        console.log(opts.json ? JSON.stringify(list) : agentRows(list).join('\n'));
      });
    });
  agents
    .command('remove')
    .description('remove an agent')
    .requiredOption('--platform <platform>', 'web | slack | teams | discord')
    .requiredOption('--user <id>', 'the user id on that platform')
    .action(async (opts: { platform: string; user: string }) => {
      await withStore(async (store) => {
        const removed = await store.removeAgent(opts.platform, opts.user);
        if (!removed) throw new Error(`No agent ${opts.platform}:${opts.user}`);
        console.log(`Removed agent ${opts.platform}:${opts.user}`);
      });
    });
  const discordCli = cli.command('discord').description('Discord set-up');
  discordCli
    .command('register-commands')
    .description('register /ticket with Discord, for DISCORD_GUILD_ID (instant) or globally (Discord takes up to an hour)')
    .option('--guild <id>', 'register for this server instead of DISCORD_GUILD_ID')
    .option('--global', 'register for every server and DMs, ignoring DISCORD_GUILD_ID')
    .action(async (opts: { guild?: string; global?: boolean }) => {
      const config = readConfig();
      if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) throw new ConfigError('Invalid configuration: DISCORD_TOKEN and DISCORD_APPLICATION_ID are required to register commands');
      const guildId = opts.global ? undefined : (opts.guild ?? config.DISCORD_GUILD_ID);
      if (opts.guild && !/^\d{15,21}$/.test(opts.guild)) throw new Error(`--guild must be a Discord server id (digits), got "${opts.guild}"`);
      const { registerCommands } = await import('../adapters/channels/discord/register-commands.js');
      const count = await registerCommands({
        token: config.DISCORD_TOKEN,
        applicationId: config.DISCORD_APPLICATION_ID,
        apiUrl: config.DISCORD_API_URL,
        guildId,
        departments: config.DEPARTMENTS.map((d) => d.id),
      });
      console.log(`Registered ${count} command(s) ${guildId ? `for server ${guildId}` : 'globally'}.`);
    });

  const faq = cli.command('faq').description('the FAQ knowledge base');
  faq
    .command('import <file>')
    .description('validate a knowledge base file and add or replace its entries (by id); the running bot uses them at once')
    .action(async (file: string) => {
      await withStore(async (store, config) => {
        const entries = readKnowledgeBase(file, config);
        const known = new Set((await store.listFaqs()).map((e) => e.id));
        await store.upsertFaqs(entries);
        const added = entries.filter((e) => !known.has(e.id)).length;
        console.log(`Imported ${entries.length} entries (${added} new, ${entries.length - added} replaced).`);
      });
    });
  faq
    .command('export')
    .description('print the knowledge base as JSON (the import format)')
    .action(async () => {
      await withStore(async (store) => console.log(JSON.stringify({ faqs: await store.listFaqs() }, null, 2)));
    });
  faq
    .command('list')
    .description('list the knowledge base entries')
    .action(async () => {
      await withStore(async (store) => {
        const entries = await store.listFaqs();
        console.log(entries.length === 0 ? 'The knowledge base is empty.' : entries.map((e) => `${e.id}\t${e.department}\t${e.questions.length} phrasings\t${e.questions[0]}`).join('\n'));
      });
    });
  faq
    .command('eval')
    .description('measure the FAQ matcher on labelled queries')
    .option('--kb <file>', 'knowledge base JSON ({"faqs":[…]})')
    .option('--train <file>', 'JSON Lines {"text","label"}: one entry per label')
    .requiredOption('--queries <file>', 'JSON Lines {"text","expected"} or {"text","label"} ("oos": no entry fits)')
    .option('--val <file>', 'choose the answer threshold on this file (maximising H)')
    .option('--json', 'print one JSON object')
    .action(async (opts: { kb?: string; train?: string; queries: string; val?: string; json?: boolean }) => {
      const config = readConfig();
      const run = async (semantic?: { tier: SemanticTier; embedder: Embedder }) =>
        runFaqEval({ ...opts, defaultThreshold: config.FAQ_ANSWER_THRESHOLD }, (path) => readFileSync(path, 'utf8'), () => performance.now(), semantic);
      // With EMBEDDINGS_URL the hybrid matcher is measured; embeddings are kept in the store for the next run.
      const report = config.EMBEDDINGS_URL
        ? await withStore(async (store) => run(semanticFrom(config, store, pino({ level: 'silent' }), { now: () => Date.now() })!))
        : await run();
      console.log(opts.json ? JSON.stringify(report) : formatReport(report));
    });
  return cli;
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await program().parseAsync(argv);
  } catch (err) {
    // Config and input errors are for people: one line, no stack.
    const message = err instanceof Error ? err.message : String(err);
    console.error(err instanceof ConfigError ? message : `sportello: ${message}`);
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/src/main.ts')) {
  await runCli(process.argv);
}
