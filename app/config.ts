// One typed configuration, read from the environment (dotenv fills it in for the CLI)
// and validated by a schema, so a bad value stops start-up with one clear line.
// Platform variables live here, not in the core: src/ only sees DeskSettings.
import { z } from 'zod';
import { LOCALES, type Department, type Locale } from '../src/index.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

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
    if (!/^\d{15,21}$/.test(roleId) || !/^[a-z][a-z0-9_-]{0,30}$/.test(department) || !/^[123]$/.test(tier)) {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(item)} is not "roleId:department:tier" (e.g. 123456789012345678:it:1)` });
      return z.NEVER;
    }
    out.push({ roleId, department, tier: Number(tier) as 1 | 2 | 3 });
  }
  return out;
});

const threshold = z.coerce.number({ error: 'must be a number between 0 and 1' }).min(0).max(1);

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
    DEPARTMENTS: departments.default([
      { id: 'it', prefix: 'IT' },
      { id: 'hr', prefix: 'HR' },
      { id: 'finance', prefix: 'FIN' },
      { id: 'facilities', prefix: 'FAC' },
    ]),
    FAQ_FILE: z.string().min(1).default('kb/sample-kb.json'),
    FAQ_ANSWER_THRESHOLD: threshold.default(0.5),
    FAQ_SUGGEST_THRESHOLD: threshold.default(0.25),
    AUTO_CLOSE_HOURS: z.coerce
      .number({ error: 'must be a number of hours (0 turns auto-close off)' })
      .min(0, 'must be a number of hours (0 turns auto-close off)')
      .max(24 * 365, 'must be at most a year')
      .default(72),
    DELIVERY_ATTEMPTS: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1).max(20).default(6),
    DELIVERY_RETRY_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int('must be a whole number of milliseconds').min(1).max(60_000).default(500),
    WEB_CHAT_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    SLACK_BOT_TOKEN: z.string().regex(/^xoxb-/, 'must be a bot token (xoxb-…)').optional(),
    SLACK_SIGNING_SECRET: z.string().min(8, 'must be the app\'s signing secret').optional(),
    SLACK_APP_TOKEN: z.string().regex(/^xapp-/, 'must be an app-level token (xapp-…)').optional(),
    SLACK_API_URL: z.url({ error: 'must be a URL' }).optional(),
    SLACK_TRIAGE_CHANNEL: z.string().regex(/^[CG][A-Z0-9]+$/, 'must be a channel id (C…)').optional(),
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
    DISCORD_TOKEN: z.string().min(20, 'must be the bot token from the Developer Portal').optional(),
    DISCORD_APPLICATION_ID: snowflake('application').optional(),
    DISCORD_API_URL: z.url({ error: 'must be a URL' }).optional(),
    DISCORD_GUILD_ID: snowflake('server').optional(),
    DISCORD_SUPPORT_CHANNEL_ID: snowflake('channel').optional(),
    DISCORD_TRIAGE_CHANNEL_ID: snowflake('channel').optional(),
    DISCORD_AGENT_ROLES: agentRoles.default([]),
    EMBEDDINGS_URL: z.url({ protocol: /^https?$/, error: 'must be the base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:11434/v1' }).optional(),
    EMBEDDINGS_MODEL: z.string().min(1).optional(),
    EMBEDDINGS_API_KEY: z.string().optional(),
    EMBEDDINGS_BUDGET_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int('must be a whole number of milliseconds').min(10).max(10_000).default(300),
    EMBEDDINGS_TIMEOUT_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int('must be a whole number of milliseconds').min(100).max(600_000).default(30_000),
    EMBEDDINGS_BATCH_SIZE: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1).max(2048).default(64),
    EMBEDDINGS_QUERY_PREFIX: z.string().default(''),
    EMBEDDINGS_PASSAGE_PREFIX: z.string().default(''),
    EMBEDDINGS_INPUT_TYPE: flag,
  })
  .superRefine((c, ctx) => {
    if (!LOOPBACK.has(c.HOST) && !c.WEB_CHAT_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['WEB_CHAT_TOKEN'],
        message: `is required when HOST is not a loopback address (HOST=${c.HOST}): the web chat has no login`,
      });
    }
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

export type Config = z.output<typeof schema>;

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
  const got = typeof cleaned[variable] === 'string' && !secret ? ` (got ${JSON.stringify(cleaned[variable])})` : '';
  throw new ConfigError(`Invalid configuration: ${variable} ${issue.message}${got}`);
}
