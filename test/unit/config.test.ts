import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../app/config.js';

describe('configuration', () => {
  it('runs with no variables at all', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', DATA_DIR: './data', DEFAULT_LOCALE: 'en', LOG_LEVEL: 'info' });
    expect(c.MONGODB_URI).toBeUndefined();
    expect(c.DEPARTMENTS.map((d) => `${d.id}:${d.prefix}`)).toEqual(['it:IT', 'hr:HR', 'finance:FIN', 'facilities:FAC']);
  });

  it.each([
    [{ PORT: 'abc' }, 'Invalid configuration: PORT must be a whole number between 0 and 65535 (got "abc")'],
    [{ PORT: '70000' }, 'Invalid configuration: PORT must be a whole number between 0 and 65535 (got "70000")'],
    [{ MONGODB_URI: 'notaurl' }, 'Invalid configuration: MONGODB_URI must be a mongodb:// or mongodb+srv:// URL'],
    [{ DEFAULT_LOCALE: 'fr' }, 'Invalid configuration: DEFAULT_LOCALE must be "it" or "en" (got "fr")'],
    [{ LOG_LEVEL: 'loud' }, 'Invalid configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")'],
    [{ HOST: '0.0.0.0' }, 'Invalid configuration: WEB_CHAT_TOKEN is required when HOST is not a loopback address (HOST=0.0.0.0): the web chat has no login'],
    [{ DEPARTMENTS: 'it,IT Support' }, 'Invalid configuration: DEPARTMENTS "IT Support" is not "id" or "id:PREFIX" (lower-case id, upper-case prefix) (got "it,IT Support")'],
    [{ TEAMS_LOCAL: '1', HOST: '0.0.0.0', WEB_CHAT_TOKEN: 'a-long-enough-secret' }, 'Invalid configuration: TEAMS_LOCAL turns Teams authentication off, so it is only allowed when HOST is a loopback address (HOST=0.0.0.0)'],
    [{ TEAMS_LOCAL: '1', MICROSOFT_APP_ID: 'x', MICROSOFT_APP_PASSWORD: 'y' }, 'Invalid configuration: TEAMS_LOCAL cannot be combined with MICROSOFT_APP_ID (tokens are checked whenever an app id is set)'],
    [{ MICROSOFT_APP_ID: 'x' }, 'Invalid configuration: MICROSOFT_APP_PASSWORD is required with MICROSOFT_APP_ID for MultiTenant bots'],
    [{ MICROSOFT_APP_ID: 'x', MICROSOFT_APP_TYPE: 'UserAssignedMSI' }, 'Invalid configuration: MICROSOFT_APP_TENANT_ID is required for UserAssignedMSI bots'],
    [{ TEAMS_TRIAGE_CONVERSATION_ID: 'general' }, 'Invalid configuration: TEAMS_TRIAGE_CONVERSATION_ID must be a channel id (19:…@thread.tacv2) (got "general")'],
    [{ DISCORD_TOKEN: 'fake-bot-token-0123456789' }, 'Invalid configuration: DISCORD_APPLICATION_ID is required: Discord needs both DISCORD_TOKEN and DISCORD_APPLICATION_ID'],
    [{ DISCORD_AGENT_ROLES: '123456789012345678:legal:1' }, 'Invalid configuration: DISCORD_AGENT_ROLES names department "legal", which is not in DEPARTMENTS'],
    [{ DISCORD_AGENT_ROLES: 'admins:it' }, 'Invalid configuration: DISCORD_AGENT_ROLES "admins:it" is not "roleId:department:tier" (e.g. 123456789012345678:it:1) (got "admins:it")'],
    [{ EMBEDDINGS_URL: 'http://127.0.0.1:11434/v1' }, 'Invalid configuration: EMBEDDINGS_MODEL is required with EMBEDDINGS_URL (the model name the server knows)'],
    [{ EMBEDDINGS_URL: 'localhost:11434' }, 'Invalid configuration: EMBEDDINGS_URL must be the base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:11434/v1 (got "localhost:11434")'],
    [{ EMBEDDINGS_BUDGET_MS: 'fast' }, 'Invalid configuration: EMBEDDINGS_BUDGET_MS must be a number of milliseconds (got "fast")'],
    [{ EMBEDDINGS_URL: 'ftp://proxy:s3cret@models.example.com/v1' }, 'Invalid configuration: EMBEDDINGS_URL must be the base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:11434/v1 (got "ftp://…@models.example.com/v1")'],
    [{ SHUTDOWN_GRACE_MS: 'soon' }, 'Invalid configuration: SHUTDOWN_GRACE_MS must be a number of milliseconds (got "soon")'],
    [{ METRICS_TOKEN: 'short' }, 'Invalid configuration: METRICS_TOKEN must be at least 16 characters'],
    [{ LIMIT_TICKETS_PER_HOUR: '-1' }, 'Invalid configuration: LIMIT_TICKETS_PER_HOUR must be a whole number (0 turns the limit off) (got "-1")'],
    [{ LIMIT_MESSAGES_PER_MINUTE: 'lots' }, 'Invalid configuration: LIMIT_MESSAGES_PER_MINUTE must be a whole number (0 turns the limit off) (got "lots")'],
    [{ LIMIT_STREAMS_PER_PERSON: '2.5' }, 'Invalid configuration: LIMIT_STREAMS_PER_PERSON must be a whole number (0 turns the limit off) (got "2.5")'],
  ])('stops on %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('accepts another host when a token is set, and custom departments', () => {
    const c = loadConfig({ HOST: '0.0.0.0', WEB_CHAT_TOKEN: 'a-long-enough-secret', DEPARTMENTS: 'it, legal:LEG', MONGODB_URI: 'mongodb://db:27017/desk' });
    expect(c.DEPARTMENTS).toEqual([{ id: 'it', prefix: 'IT' }, { id: 'legal', prefix: 'LEG' }]);
    expect(c.MONGODB_URI).toBe('mongodb://db:27017/desk');
  });

  it('limits tickets, messages and web streams by default; 0 turns a limit off', () => {
    expect(loadConfig({})).toMatchObject({ LIMIT_TICKETS_PER_HOUR: 20, LIMIT_MESSAGES_PER_MINUTE: 60, LIMIT_STREAMS_PER_PERSON: 5, LIMIT_STREAMS_TOTAL: 2000 });
    expect(loadConfig({ LIMIT_TICKETS_PER_HOUR: '0', LIMIT_STREAMS_TOTAL: '50' })).toMatchObject({ LIMIT_TICKETS_PER_HOUR: 0, LIMIT_STREAMS_TOTAL: 50 });
  });

  it('treats empty values as unset, as .env files write them', () => {
    expect(loadConfig({ PORT: '', MONGODB_URI: ' ' }).PORT).toBe(3000);
  });
});
