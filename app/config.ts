// One typed configuration, read from the environment (dotenv fills it in for the CLI)
// and validated by a schema, so a bad value stops start-up with one clear line.
// Platform variables live here, not in the core: src/ only sees DeskSettings.
import { z } from 'zod';
import { LOCALES, type Department, type Locale } from '../src/index.js';
import { emailConfigIssues, emailConfigShape } from './email-config.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

const DEPARTMENT_ID = /^[a-z][a-z0-9_-]{0,30}$/;

const departments = z
  .string()
  .transform((raw, ctx): Department[] => {
    const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
    const out: Department[] = [];
    for (const item of list) {
      const [id = '', prefix = id.toUpperCase()] = item.split(':').map((s) => s.trim());
      if (!/^[a-z][a-z0-9_-]{0,30}$/.test(id) || !/^[A-Z][A-Z0-9]{0,9}$/.test(prefix)) {
        ctx.addIssue({ code: 'custom', message: `${JSON.stringify(item)} is not "id" or "id:PREFIX" (lower-case id, upper-case prefix)` });
        return z.NEVER;
      }
      out.push({ id, prefix });
    }
    if (out.length === 0) ctx.addIssue({ code: 'custom', message: 'must name at least one department' });
    if (new Set(out.map((d) => d.prefix)).size !== out.length) ctx.addIssue({ code: 'custom', message: 'prefixes must be unique' });
    return out;
  });

const flag = z
  .enum(['1', '0', 'true', 'false'], { error: 'must be 1 or 0' })
  .transform((v) => v === '1' || v === 'true')
  .default(false);

const snowflake = (what: string) => z.string().regex(/^\d{15,21}$/, `must be a Discord ${what} id (digits)`);

const agentRoles = z.string().transform((raw, ctx) => {
  const out: { roleId: string; department: string; tier: 1 | 2 | 3 }[] = [];
  for (const item of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [roleId = '', department = '', tier = '1'] = item.split(':').map((s) => s.trim());
    if (!/^\d{15,21}$/.test(roleId) || !DEPARTMENT_ID.test(department) || !/^[123]$/.test(tier)) {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(item)} is not "roleId:department:tier" (e.g. 123456789012345678:it:1)` });
      return z.NEVER;
    }
    out.push({ roleId, department, tier: Number(tier) as 1 | 2 | 3 });
  }
  return out;
});

/** Space- or comma-separated origins (`https://intranet.example.com`), as a browser sends them. */
const origins = z.string().transform((raw, ctx) => {
  const out: string[] = [];
  for (const item of raw.split(/[\s,]+/).filter(Boolean)) {
    let origin: string | null = null;
    try {
      const url = new URL(item);
      if ((url.protocol === 'https:' || url.protocol === 'http:') && url.origin === item.replace(/\/$/, '')) origin = url.origin;
    } catch {
      origin = null;
    }
    if (!origin) {
      ctx.addIssue({ code: 'custom', message: `"${item}" is not an origin (scheme://host[:port], no path), e.g. https://intranet.example.com` });
      return z.NEVER;
    }
    out.push(origin);
  }
  return out;
});

/** `group:department:tier,…`; a group name may itself hold colons (Keycloak paths, URNs), so it is read from the right. */
const agentGroups = z.string().transform((raw, ctx) => {
  const out: { group: string; department: string; tier: 1 | 2 | 3 }[] = [];
  for (const item of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const parts = item.split(':').map((s) => s.trim());
    const tier = parts.length >= 3 ? parts.pop()! : '';
    const department = parts.pop() ?? '';
    const group = parts.join(':');
    if (!group || !DEPARTMENT_ID.test(department) || !/^[123]$/.test(tier)) {
      ctx.addIssue({ code: 'custom', message: `"${item}" is not "group:department:tier" (e.g. helpdesk-it:it:1)` });
      return z.NEVER;
    }
    out.push({ group, department, tier: Number(tier) as 1 | 2 | 3 });
  }
  return out;
});

/** Where people reach the chat: an origin only, since the chat's routes sit at the root. */
const publicUrl = z
  .url({ protocol: /^https?$/, error: 'must be the address people open the chat at, e.g. https://helpdesk.example.com' })
  .refine((raw) => {
    const u = new URL(raw);
    return (u.pathname === '/' || u.pathname === '') && !u.search && !u.hash && !u.username && !u.password;
  }, 'must be an origin only (scheme, host and port, no path), e.g. https://helpdesk.example.com')
  .transform((raw) => new URL(raw).origin);

const longSecret = (what: string) => z.string().min(32, `must be at least 32 characters (${what})`);

const threshold = z.coerce.number({ error: 'must be a number between 0 and 1' }).min(0).max(1);

const LIMIT_HINT = 'must be a whole number (0 turns the limit off)';
const limit = z.coerce.number({ error: LIMIT_HINT }).int(LIMIT_HINT).min(0, LIMIT_HINT).max(1_000_000, 'must be at most 1000000 (0 turns the limit off)');

const schema = z
  .object({
    PORT: z.coerce
      .number({ error: 'must be a whole number between 0 and 65535' })
      .int('must be a whole number between 0 and 65535')
      .min(0, 'must be a whole number between 0 and 65535')
      .max(65535, 'must be a whole number between 0 and 65535')
      .default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('./data'),
    MONGODB_URI: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\/[^\s/]+/, 'must be a mongodb:// or mongodb+srv:// URL')
      .optional(),
    DEFAULT_LOCALE: z.enum(LOCALES as [Locale, ...Locale[]], { error: 'must be "it" or "en"' }).default('en'),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'must be one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
    LOG_FORMAT: z
      .enum(['auto', 'pretty', 'json'], { error: 'must be auto (readable on a terminal, JSON otherwise), pretty or json' })
      .default('auto'),
    DEPARTMENTS: departments.default([
      { id: 'it', prefix: 'IT' },
      { id: 'hr', prefix: 'HR' },
      { id: 'finance', prefix: 'FIN' },
      { id: 'facilities', prefix: 'FAC' },
    ]),
    FAQ_FILE: z.string().min(1).default('kb/sample-kb.json'),
    FAQ_ANSWER_THRESHOLD: threshold.default(0.5),
    FAQ_SUGGEST_THRESHOLD: threshold.default(0.25),
    FAQ_LEARN_PEOPLE: z.coerce
      .number({ error: 'must be a whole number of people (0 turns learning off)' })
      .int('must be a whole number of people (0 turns learning off)')
      .min(0, 'must be a whole number of people (0 turns learning off)')
      .max(1000, 'must be at most 1000')
      .default(2),
    // FAQ drafts: a daily job groups the solved tickets of the last FAQ_DRAFTS_DAYS days; a group of FAQ_DRAFTS_MIN_TICKETS (0: no job) no entry answers becomes a draft.
    FAQ_DRAFTS_DAYS: z.coerce.number({ error: 'must be a whole number of days' }).int('must be a whole number of days').min(1, 'must be at least 1 day').max(365, 'must be at most 365 days').default(14),
    FAQ_DRAFTS_MIN_TICKETS: z.coerce
      .number({ error: 'must be a whole number of tickets (0 turns the daily job off)' })
      .int('must be a whole number of tickets (0 turns the daily job off)')
      .min(0, 'must be a whole number of tickets (0 turns the daily job off)')
      .max(1000, 'must be at most 1000')
      .default(5),
    FAQ_DRAFTS_SIMILARITY: z.coerce.number({ error: 'must be a number between 0.05 and 1' }).min(0.05, 'must be at least 0.05').max(1, 'must be at most 1').default(0.2),
    // Unset: each SLA policy's resolvedCloseAfter decides (3 business days by default).
    AUTO_CLOSE_HOURS: z.coerce
      .number({ error: 'must be a number of hours (0 turns auto-close off)' })
      .min(0, 'must be a number of hours (0 turns auto-close off)')
      .max(24 * 365, 'must be at most a year')
      .optional(),
    SPORTELLO_CONFIG: z.string().optional(),
    ARCHIVE_REFRESH_SECONDS: z.coerce.number({ error: 'must be a number of seconds' }).int('must be a whole number of seconds').min(5).max(86_400).default(300),
    // Unset: closed tickets keep their requester until someone is erased by hand.
    PRIVACY_RETENTION_DAYS: z.coerce.number({ error: 'must be a number of days' }).int('must be a whole number of days').min(1, 'must be at least 1 day').max(36_500).optional(),
    // Files people send (screenshots, PDFs): per file and per ticket, and the types read from content that are kept.
    FILES_MAX_MB: z.coerce.number({ error: 'must be a number of megabytes' }).positive('must be more than 0').max(1024, 'must be at most 1024').default(10),
    FILES_TICKET_MAX_MB: z.coerce.number({ error: 'must be a number of megabytes' }).positive('must be more than 0').max(10_240, 'must be at most 10240').default(50),
    FILES_ALLOWED: z
      .string()
      .transform((v) => v.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^[a-z0-9.+-]+\/(\*|[a-z0-9.+-]+)$/, 'must be a comma-separated list of types such as image/*, application/pdf')).min(1, 'must name at least one type'))
      .optional(),
    // Links to a file for one person (web chat pictures, platforms that cannot take an upload): the HMAC key every instance shares, and how long a link lasts.
    FILE_LINK_SECRET: longSecret('it signs links to files; e.g. openssl rand -base64 48; unset: one is made once and kept in the store').optional(),
    FILE_LINK_MINUTES: z.coerce.number({ error: 'must be a number of minutes' }).int('must be a whole number of minutes').min(1, 'must be at least 1 minute').max(10_080, 'must be at most 10080 (a week)').default(60),
    // Several instances on one store: each names itself (its spool file, its leases, the logs); unset: host name and port.
    INSTANCE_ID: z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be 1 to 64 letters, digits, dots, dashes, colons or underscores').optional(),
    // Work one instance of several holds at a time (the Discord gateway, a ticket's deliveries): a lease lasts this long and is renewed half-way; a stopped holder is replaced within two.
    LEASE_SECONDS: z.coerce.number({ error: 'must be a number of seconds' }).int('must be a whole number of seconds').min(1, 'must be at least 1 second').max(60, 'must be at most 60 (a stopped holder is replaced within twice this)').default(10),
    // How often each instance reads the live feed (web chat and console streams fed by other instances); MongoDB change streams wake it sooner.
    LIVE_FEED_POLL_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int('must be a whole number of milliseconds').min(20, 'must be at least 20 (each read is a query on the store)').max(10_000, 'must be at most 10000 (people on other instances would wait that long)').default(250),
    SLA_SWEEP_SECONDS: z.coerce.number({ error: 'must be a number of seconds' }).int('must be a whole number of seconds').min(1).max(3600).default(30),
    TICKET_INTAKE: z.enum(['confirm', 'direct'], { error: 'must be confirm (offer a ticket before opening it) or direct (open at once)' }).default('confirm'),
    DELIVERY_ATTEMPTS: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1).max(20).default(6),
    DELIVERY_RETRY_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int('must be a whole number of milliseconds').min(1).max(60_000).default(500),
    // A platform answering 5xx/429 or unreachable: a delivery keeps being tried this long (back-off doubling to 30 s, Retry-After obeyed) before it is recorded as failed.
    DELIVERY_RETRY_FOR_SECONDS: z.coerce.number({ error: 'must be a number of seconds' }).int('must be a whole number of seconds').min(0, 'must not be negative').max(86_400, 'must be at most 86400 (a day)').default(300),
    // Several instances: how soon records of a ticket another instance holds are looked at again (the store is read this often while any wait).
    OUTBOX_CONTENDED_POLL_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int('must be a whole number of milliseconds').min(50, 'must be at least 50').max(60_000, 'must be at most 60000').default(500),
    LIMIT_TICKETS_PER_HOUR: limit.default(20),
    LIMIT_MESSAGES_PER_MINUTE: limit.default(60),
    LIMIT_STREAMS_PER_PERSON: limit.default(5),
    LIMIT_STREAMS_TOTAL: limit.default(2000),
    LIMIT_CONSOLE_LINKS_PER_ADDRESS: limit.default(10),
    WEB_FRAME_ANCESTORS: origins.default([]),
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    SHUTDOWN_GRACE_MS: z.coerce
      .number({ error: 'must be a number of milliseconds' })
      .int('must be a whole number of milliseconds')
      .min(0, 'must not be negative')
      .max(600_000, 'must be at most 10 minutes')
      .default(10_000),
    /** Retired: kept in the schema only to refuse it with a pointer to what replaced it. */
    WEB_CHAT_TOKEN: z.string().optional(),
    WEB_AUTH: z.enum(['none', 'jwt', 'oidc'], { error: 'must be none, jwt or oidc' }).default('none'),
    PUBLIC_URL: publicUrl.optional(),
    OIDC_ISSUER: z.url({ protocol: /^https?$/, error: 'must be the OpenID provider\'s issuer URL, e.g. https://login.example.com/realms/staff' }).optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_SCOPES: z
      .string()
      .regex(/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/, 'must be scopes separated by single spaces, e.g. "openid profile email"')
      .refine((s) => s.split(' ').includes('openid'), 'must include openid')
      .default('openid profile email'),
    OIDC_ID_CLAIM: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/, 'must be a claim name, e.g. email or preferred_username').default('sub'),
    OIDC_AGENT_GROUPS: agentGroups.default([]),
    SESSION_SECRET: longSecret('it signs the sign-in cookies; e.g. openssl rand -base64 48').optional(),
    SESSION_HOURS: z.coerce.number({ error: 'must be a number of hours' }).min(0.05, 'must be at least 3 minutes').max(24 * 30, 'must be at most 30 days').default(8),
    WEB_IDENTITY_SECRET: longSecret('HS256 key shared with the intranet that signs identity tokens').optional(),
    WEB_IDENTITY_JWKS_URL: z.url({ protocol: /^https?$/, error: 'must be the URL of the intranet\'s JSON Web Key Set' }).optional(),
    WEB_IDENTITY_ISSUER: z.string().min(1).optional(),
    WEB_IDENTITY_AUDIENCE: z.string().min(1).optional(),
    // The web chat's branding (chat15): the desk's name, colour, logo and welcome words.
    WEB_BRAND_NAME: z.string().trim().min(1, 'must not be empty').max(60, 'must be at most 60 characters').default('Sportello'),
    WEB_BRAND_COLOUR: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour as #rrggbb, e.g. #1f6feb').default('#1f6feb'),
    WEB_BRAND_LOGO_URL: z
      .string()
      .refine((s) => /^https:\/\/[^\s"'<>]+$/.test(s) || /^\/(?!\/)[^\s"'<>]*$/.test(s), 'must be an https:// URL or a path on this server starting with /')
      .optional(),
    WEB_WELCOME_TEXT_IT: z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters').optional(),
    WEB_WELCOME_TEXT_EN: z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters').optional(),
    SLACK_BOT_TOKEN: z.string().regex(/^xoxb-/, 'must be a bot token (xoxb-…)').optional(),
    SLACK_SIGNING_SECRET: z.string().min(8, 'must be the app\'s signing secret').optional(),
    SLACK_APP_TOKEN: z.string().regex(/^xapp-/, 'must be an app-level token (xapp-…)').optional(),
    SLACK_API_URL: z.url({ error: 'must be a URL' }).optional(),
    SLACK_TRIAGE_CHANNEL: z.string().regex(/^[CG][A-Z0-9]+$/, 'must be a channel id (C…)').optional(),
    THREAD_DEFAULT: z.enum(['internal', 'requester'], { error: 'must be internal (agents write >> to reach the requester) or requester (agents write // to keep a message inside)' }).default('internal'),
    SLACK_BOT_ID: z.string().optional(),
    SLACK_BOT_USER_ID: z.string().optional(),
    MICROSOFT_APP_ID: z.string().optional(),
    MICROSOFT_APP_PASSWORD: z.string().optional(),
    MICROSOFT_APP_TENANT_ID: z.string().optional(),
    MICROSOFT_APP_TYPE: z
      .enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], { error: 'must be MultiTenant, SingleTenant or UserAssignedMSI' })
      .default('MultiTenant'),
    TEAMS_LOCAL: flag,
    TEAMS_TRIAGE_CONVERSATION_ID: z.string().regex(/^19:[^;\s]+$/, 'must be a channel id (19:…@thread.tacv2)').optional(),
    TEAMS_SERVICE_URL: z.url({ error: 'must be a URL' }).optional(),
    TEAMS_OPENID_METADATA_URL: z.url({ error: 'must be a URL' }).optional(),
    TEAMS_GRAPH_INSTALL_APP_ID: z
      .string()
      .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be the app's id in the organisation's Teams catalogue (a GUID)")
      .optional(),
    TEAMS_GRAPH_URL: z.url({ error: 'must be a URL' }).default('https://graph.microsoft.com/v1.0'),
    TEAMS_LOGIN_URL: z.url({ error: 'must be a URL' }).default('https://login.microsoftonline.com'),
    DISCORD_TOKEN: z.string().min(20, 'must be the bot token from the Developer Portal').optional(),
    DISCORD_APPLICATION_ID: snowflake('application').optional(),
    DISCORD_API_URL: z.url({ error: 'must be a URL' }).optional(),
    DISCORD_GUILD_ID: snowflake('server').optional(),
    DISCORD_SUPPORT_CHANNEL_ID: snowflake('channel').optional(),
    DISCORD_TRIAGE_CHANNEL_ID: snowflake('channel').optional(),
    DISCORD_AGENT_ROLES: agentRoles.default([]),
    /** Largest file the bot uploads to Discord (10 MB without server boosts); bigger ones travel as a link or a pointer to the web. */
    DISCORD_MAX_UPLOAD_MB: z.coerce.number({ error: 'must be a number of megabytes' }).positive('must be more than 0').max(500, 'must be at most 500').default(10),
    EMBEDDINGS_URL: z.url({ protocol: /^https?$/, error: 'must be the base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:11434/v1' }).optional(),
    EMBEDDINGS_MODEL: z.string().min(1).optional(),
    EMBEDDINGS_API_KEY: z.string().optional(),
    EMBEDDINGS_BUDGET_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int('must be a whole number of milliseconds').min(10).max(10_000).default(300),
    EMBEDDINGS_TIMEOUT_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int('must be a whole number of milliseconds').min(100).max(600_000).default(30_000),
    EMBEDDINGS_BATCH_SIZE: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1).max(2048).default(64),
    EMBEDDINGS_QUERY_PREFIX: z.string().default(''),
    EMBEDDINGS_PASSAGE_PREFIX: z.string().default(''),
    EMBEDDINGS_INPUT_TYPE: flag,
    ...emailConfigShape,
  })
  .superRefine((c, ctx) => {
    webAuthIssues(c, ctx);
    emailConfigIssues(c, (path, message) => ctx.addIssue({ code: 'custom', path: [path], message }));
    if (c.SLACK_BOT_TOKEN && !c.SLACK_SIGNING_SECRET && !c.SLACK_APP_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'is required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)' });
    }
    if (!c.SLACK_BOT_TOKEN && (c.SLACK_SIGNING_SECRET || c.SLACK_APP_TOKEN)) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'is required to connect to Slack' });
    }
    if (c.TEAMS_LOCAL && c.MICROSOFT_APP_ID) {
      ctx.addIssue({ code: 'custom', path: ['TEAMS_LOCAL'], message: 'cannot be combined with MICROSOFT_APP_ID (tokens are checked whenever an app id is set)' });
    }
    if (c.TEAMS_LOCAL && !LOOPBACK.has(c.HOST)) {
      ctx.addIssue({ code: 'custom', path: ['TEAMS_LOCAL'], message: `turns Teams authentication off, so it is only allowed when HOST is a loopback address (HOST=${c.HOST})` });
    }
    if (c.TEAMS_GRAPH_INSTALL_APP_ID && !(c.MICROSOFT_APP_ID && c.MICROSOFT_APP_PASSWORD && c.MICROSOFT_APP_TENANT_ID)) {
      ctx.addIssue({ code: 'custom', path: ['TEAMS_GRAPH_INSTALL_APP_ID'], message: 'needs MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID (the bot installs itself through Graph with its own credentials)' });
    }
    if (c.MICROSOFT_APP_ID && c.MICROSOFT_APP_TYPE !== 'UserAssignedMSI' && !c.MICROSOFT_APP_PASSWORD) {
      ctx.addIssue({ code: 'custom', path: ['MICROSOFT_APP_PASSWORD'], message: `is required with MICROSOFT_APP_ID for ${c.MICROSOFT_APP_TYPE} bots` });
    }
    if (c.MICROSOFT_APP_ID && c.MICROSOFT_APP_TYPE !== 'MultiTenant' && !c.MICROSOFT_APP_TENANT_ID) {
      ctx.addIssue({ code: 'custom', path: ['MICROSOFT_APP_TENANT_ID'], message: `is required for ${c.MICROSOFT_APP_TYPE} bots` });
    }
    if (c.EMBEDDINGS_URL && !c.EMBEDDINGS_MODEL) {
      ctx.addIssue({ code: 'custom', path: ['EMBEDDINGS_MODEL'], message: 'is required with EMBEDDINGS_URL (the model name the server knows)' });
    }
    if (!!c.DISCORD_TOKEN !== !!c.DISCORD_APPLICATION_ID) {
      ctx.addIssue({ code: 'custom', path: [c.DISCORD_TOKEN ? 'DISCORD_APPLICATION_ID' : 'DISCORD_TOKEN'], message: 'is required: Discord needs both DISCORD_TOKEN and DISCORD_APPLICATION_ID' });
    }
    const unknown = c.DISCORD_AGENT_ROLES.find((r) => !c.DEPARTMENTS.some((d) => d.id === r.department));
    if (unknown) {
      ctx.addIssue({ code: 'custom', path: ['DISCORD_AGENT_ROLES'], message: `names department "${unknown.department}", which is not in DEPARTMENTS` });
    }
    if (c.FAQ_SUGGEST_THRESHOLD > c.FAQ_ANSWER_THRESHOLD) {
      ctx.addIssue({ code: 'custom', path: ['FAQ_SUGGEST_THRESHOLD'], message: 'must not be above FAQ_ANSWER_THRESHOLD' });
    }
  });

type Parsed = z.output<typeof schema>;

/** WEB_AUTH and what each mode needs; at most one issue is shown, so the order is the order people fix them in. */
function webAuthIssues(c: Parsed, ctx: z.RefinementCtx) {
  const issue = (variable: string, message: string) => ctx.addIssue({ code: 'custom', path: [variable], message });
  if (c.WEB_CHAT_TOKEN) {
    return issue('WEB_CHAT_TOKEN', 'is no longer supported: a shared token cannot say who is speaking. Sign people in with WEB_AUTH=oidc, or have the intranet sign identity tokens with WEB_AUTH=jwt (see "Signing in on the web" in the README)');
  }
  if (c.WEB_AUTH === 'none') {
    if (!LOOPBACK.has(c.HOST)) {
      issue('WEB_AUTH', `is none, which believes whatever name the caller sends, so it is only allowed when HOST is a loopback address (HOST=${c.HOST}): set WEB_AUTH=oidc or WEB_AUTH=jwt`);
    }
    return;
  }
  if (!c.PUBLIC_URL) return issue('PUBLIC_URL', `is required with WEB_AUTH=${c.WEB_AUTH} (the address people open the chat at, e.g. https://helpdesk.example.com)`);
  if (c.WEB_AUTH === 'jwt') {
    if (!c.WEB_IDENTITY_SECRET && !c.WEB_IDENTITY_JWKS_URL) return issue('WEB_IDENTITY_SECRET', 'or WEB_IDENTITY_JWKS_URL is required with WEB_AUTH=jwt (the key that checks the intranet\'s identity tokens)');
    if (c.WEB_IDENTITY_SECRET && c.WEB_IDENTITY_JWKS_URL) return issue('WEB_IDENTITY_JWKS_URL', 'cannot be combined with WEB_IDENTITY_SECRET: tokens are checked with one or the other');
    return;
  }
  for (const variable of ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'SESSION_SECRET'] as const) {
    if (!c[variable]) return issue(variable, 'is required with WEB_AUTH=oidc');
  }
  const issuer = new URL(c.OIDC_ISSUER!);
  if (issuer.protocol === 'http:' && !LOOPBACK.has(issuer.hostname.replace(/^\[|\]$/g, ''))) {
    return issue('OIDC_ISSUER', 'must be an https:// URL (plain http is only accepted for a provider on this machine)');
  }
  const unknown = c.OIDC_AGENT_GROUPS.find((g) => !c.DEPARTMENTS.some((d) => d.id === g.department));
  if (unknown) issue('OIDC_AGENT_GROUPS', `names department "${unknown.department}", which is not in DEPARTMENTS`);
}

export type Config = Parsed;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Empty strings count as unset, as they do in most .env files. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const variable = issue.path.join('.') || 'configuration';
  const secret = /TOKEN|SECRET|PASSWORD|URI/.test(variable);
  // JSON-quoted: a value with line ends or control characters still makes one line.
  // A URL may carry a password (`http://user:secret@host`): the message shows the rest.
  const value = cleaned[variable]?.replace(/\/\/[^/@\s]*@/, '//…@');
  const got = typeof value === 'string' && !secret ? ` (got ${JSON.stringify(value)})` : '';
  throw new ConfigError(`Invalid configuration: ${variable} ${issue.message}${got}`);
}
