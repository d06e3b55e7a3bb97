import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../app/config.js';

const oidc = {
  WEB_AUTH: 'oidc',
  PUBLIC_URL: 'https://help.example.com',
  OIDC_ISSUER: 'https://login.example.com/realms/staff',
  OIDC_CLIENT_ID: 'sportello',
  OIDC_CLIENT_SECRET: 'client-secret',
  SESSION_SECRET: 'a-session-secret-of-at-least-32-characters',
};
const jwt = { WEB_AUTH: 'jwt', PUBLIC_URL: 'https://help.example.com', WEB_IDENTITY_SECRET: 'an-identity-secret-of-at-least-32-chars' };

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
    [{ FAQ_DRAFTS_MIN_TICKETS: '-1' }, 'Invalid configuration: FAQ_DRAFTS_MIN_TICKETS must be a whole number of tickets (0 turns the daily job off) (got "-1")'],
    [{ FAQ_DRAFTS_DAYS: '0' }, 'Invalid configuration: FAQ_DRAFTS_DAYS must be at least 1 day (got "0")'],
    [{ LOG_LEVEL: 'loud' }, 'Invalid configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")'],
    [{ HOST: '0.0.0.0' }, 'Invalid configuration: WEB_AUTH is none, which believes whatever name the caller sends, so it is only allowed when HOST is a loopback address (HOST=0.0.0.0): set WEB_AUTH=oidc or WEB_AUTH=jwt'],
    [{ WEB_CHAT_TOKEN: 'a-long-enough-secret' }, 'Invalid configuration: WEB_CHAT_TOKEN is no longer supported: a shared token cannot say who is speaking. Sign people in with WEB_AUTH=oidc, or have the intranet sign identity tokens with WEB_AUTH=jwt (see "Signing in on the web" in the README)'],
    [{ WEB_AUTH: 'ldap' }, 'Invalid configuration: WEB_AUTH must be none, jwt or oidc (got "ldap")'],
    [{ WEB_AUTH: 'oidc' }, 'Invalid configuration: PUBLIC_URL is required with WEB_AUTH=oidc (the address people open the chat at, e.g. https://helpdesk.example.com)'],
    [{ WEB_AUTH: 'jwt', PUBLIC_URL: 'https://help.example.com/chat' }, 'Invalid configuration: PUBLIC_URL must be an origin only (scheme, host and port, no path), e.g. https://helpdesk.example.com (got "https://help.example.com/chat")'],
    [{ WEB_AUTH: 'oidc', PUBLIC_URL: 'https://help.example.com' }, 'Invalid configuration: OIDC_ISSUER is required with WEB_AUTH=oidc'],
    [{ ...oidc, SESSION_SECRET: undefined }, 'Invalid configuration: SESSION_SECRET is required with WEB_AUTH=oidc'],
    [{ ...oidc, SESSION_SECRET: 'short' }, 'Invalid configuration: SESSION_SECRET must be at least 32 characters (it signs the sign-in cookies; e.g. openssl rand -base64 48)'],
    [{ ...oidc, OIDC_ISSUER: 'http://login.example.com' }, 'Invalid configuration: OIDC_ISSUER must be an https:// URL (plain http is only accepted for a provider on this machine)'],
    [{ ...oidc, OIDC_AGENT_GROUPS: 'helpdesk:legal:1' }, 'Invalid configuration: OIDC_AGENT_GROUPS names department "legal", which is not in DEPARTMENTS'],
    [{ ...oidc, OIDC_AGENT_GROUPS: 'helpdesk:it' }, 'Invalid configuration: OIDC_AGENT_GROUPS "helpdesk:it" is not "group:department:tier" (e.g. helpdesk-it:it:1) (got "helpdesk:it")'],
    [{ ...oidc, OIDC_SCOPES: 'profile email' }, 'Invalid configuration: OIDC_SCOPES must include openid (got "profile email")'],
    [{ WEB_AUTH: 'jwt', PUBLIC_URL: 'https://help.example.com' }, "Invalid configuration: WEB_IDENTITY_SECRET or WEB_IDENTITY_JWKS_URL is required with WEB_AUTH=jwt (the key that checks the intranet's identity tokens)"],
    [{ WEB_AUTH: 'jwt', PUBLIC_URL: 'https://help.example.com', WEB_IDENTITY_SECRET: 'too-short' }, 'Invalid configuration: WEB_IDENTITY_SECRET must be at least 32 characters (HS256 key shared with the intranet that signs identity tokens)'],
    [{ ...jwt, WEB_IDENTITY_JWKS_URL: 'https://intranet.example.com/jwks.json' }, 'Invalid configuration: WEB_IDENTITY_JWKS_URL cannot be combined with WEB_IDENTITY_SECRET: tokens are checked with one or the other'],
    [{ DEPARTMENTS: 'it,IT Support' }, 'Invalid configuration: DEPARTMENTS "IT Support" is not "id" or "id:PREFIX" (lower-case id, upper-case prefix) (got "it,IT Support")'],
    [{ ...jwt, TEAMS_LOCAL: '1', HOST: '0.0.0.0' }, 'Invalid configuration: TEAMS_LOCAL turns Teams authentication off, so it is only allowed when HOST is a loopback address (HOST=0.0.0.0)'],
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
    [{ EMAIL_IMAP_URL: 'imaps://help:s3cret@imap.acme.it/INBOX' }, 'Invalid configuration: EMAIL_SMTP_URL is required with EMAIL_IMAP_URL (answers go out by SMTP)'],
    [{ EMAIL_IMAP_URL: 'http://help:s3cret@imap.acme.it/INBOX', EMAIL_SMTP_URL: 'smtp://a:b@x', EMAIL_FROM: 'a@b.it' }, 'Invalid configuration: EMAIL_IMAP_URL "http://imap.acme.it/INBOX" must be imap:// or imaps:// with a user name (imaps://user:password@host/INBOX) (got "http://…@imap.acme.it/INBOX")'],
    [{ EMAIL_IMAP_URL: 'imaps://help:s3cret@imap.acme.it', EMAIL_SMTP_URL: 'http://a:topsecret@x', EMAIL_FROM: 'a@b.it' }, 'Invalid configuration: EMAIL_SMTP_URL must be smtp:// or smtps:// (smtp://user:password@host:587) (got "http://…@x")'],
    [{ EMAIL_IMAP_URL: 'imaps://help:s3cret@imap.acme.it', EMAIL_SMTP_URL: 'smtp://a:b@x', EMAIL_FROM: 'nobody' }, 'Invalid configuration: EMAIL_FROM must be an address, or "Name <address>" (got "nobody")'],
    [{ EMAIL_IMAP_URL: 'imaps://help:s3cret@imap.acme.it', EMAIL_SMTP_URL: 'smtp://a:b@x', EMAIL_FROM: 'Desk <a@b.it>', EMAIL_ADDRESSES: 'x@y.it:legal' }, 'Invalid configuration: EMAIL_ADDRESSES names department "legal", which is not in DEPARTMENTS (got "x@y.it:legal")'],
    [{ EMAIL_IMAP_URL: 'imaps://help:s3cret@imap.acme.it', EMAIL_SMTP_URL: 'smtp://a:b@x', EMAIL_FROM: 'a@b.it', EMAIL_ALLOWED_DOMAINS: 'acme.it' }, "Invalid configuration: EMAIL_AUTHSERV_ID is required when senders must be authenticated (EMAIL_ALLOWED_DOMAINS or EMAIL_REQUIRE_AUTH=1): only your own mail server's verdict can be trusted, and this names it"],
    [{ EMAIL_ALLOWED_DOMAINS: 'acme' }, 'Invalid configuration: EMAIL_ALLOWED_DOMAINS "acme" is not a domain name (acme.it) (got "acme")'],
  ])('stops on %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('accepts another host when people sign in, and custom departments', () => {
    const c = loadConfig({ ...oidc, HOST: '0.0.0.0', DEPARTMENTS: 'it, legal:LEG', MONGODB_URI: 'mongodb://db:27017/desk' });
    expect(c.DEPARTMENTS).toEqual([{ id: 'it', prefix: 'IT' }, { id: 'legal', prefix: 'LEG' }]);
    expect(c.MONGODB_URI).toBe('mongodb://db:27017/desk');
  });

  it('learns a wording once 2 people confirm it by default; 0 turns learning off', () => {
    expect(loadConfig({}).FAQ_LEARN_PEOPLE).toBe(2);
    expect(loadConfig({ FAQ_LEARN_PEOPLE: '0' }).FAQ_LEARN_PEOPLE).toBe(0);
    expect(() => loadConfig({ FAQ_LEARN_PEOPLE: 'two' })).toThrow('FAQ_LEARN_PEOPLE must be a whole number of people (0 turns learning off)');
  });

  it('reads the live feed every 250 ms by default, and says what is wrong with another interval', () => {
    expect(loadConfig({}).LIVE_FEED_POLL_MS).toBe(250);
    expect(loadConfig({ LIVE_FEED_POLL_MS: '100' }).LIVE_FEED_POLL_MS).toBe(100);
    expect(() => loadConfig({ LIVE_FEED_POLL_MS: 'fast' })).toThrow('LIVE_FEED_POLL_MS must be a number of milliseconds');
    expect(() => loadConfig({ LIVE_FEED_POLL_MS: '5' })).toThrow('LIVE_FEED_POLL_MS must be at least 20 (each read is a query on the store)');
    expect(() => loadConfig({ LIVE_FEED_POLL_MS: '60000' })).toThrow('LIVE_FEED_POLL_MS must be at most 10000');
  });

  it('keeps plain messages in a ticket thread internal by default; requester sends them', () => {
    expect(loadConfig({}).THREAD_DEFAULT).toBe('internal');
    expect(loadConfig({ THREAD_DEFAULT: 'requester' }).THREAD_DEFAULT).toBe('requester');
    expect(() => loadConfig({ THREAD_DEFAULT: 'everyone' })).toThrow('THREAD_DEFAULT must be internal (agents write >> to reach the requester) or requester (agents write // to keep a message inside)');
  });

  it('installs the Teams app through Graph only with the bot’s own credentials and a catalogue id', () => {
    const bot = { MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'secret', MICROSOFT_APP_TENANT_ID: 'tenant', MICROSOFT_APP_TYPE: 'SingleTenant' };
    const catalogue = '11111111-2222-3333-4444-555555555555';
    expect(loadConfig({ ...bot, TEAMS_GRAPH_INSTALL_APP_ID: catalogue })).toMatchObject({ TEAMS_GRAPH_INSTALL_APP_ID: catalogue, TEAMS_GRAPH_URL: 'https://graph.microsoft.com/v1.0' });
    expect(() => loadConfig({ TEAMS_GRAPH_INSTALL_APP_ID: catalogue })).toThrow('TEAMS_GRAPH_INSTALL_APP_ID needs MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID');
    expect(() => loadConfig({ ...bot, TEAMS_GRAPH_INSTALL_APP_ID: 'sportello' })).toThrow("TEAMS_GRAPH_INSTALL_APP_ID must be the app's id in the organisation's Teams catalogue (a GUID)");
  });

  it('limits tickets, messages and web streams by default; 0 turns a limit off', () => {
    expect(loadConfig({})).toMatchObject({ LIMIT_TICKETS_PER_HOUR: 20, LIMIT_MESSAGES_PER_MINUTE: 60, LIMIT_STREAMS_PER_PERSON: 5, LIMIT_STREAMS_TOTAL: 2000 });
    expect(loadConfig({ LIMIT_TICKETS_PER_HOUR: '0', LIMIT_STREAMS_TOTAL: '50' })).toMatchObject({ LIMIT_TICKETS_PER_HOUR: 0, LIMIT_STREAMS_TOTAL: 50 });
  });

  it('reads the sign-in settings: origin only, groups read from the right, defaults', () => {
    const c = loadConfig({ ...oidc, PUBLIC_URL: 'https://Help.Example.com:443/', OIDC_AGENT_GROUPS: 'helpdesk-it:it:1, /staff/hr:leads:hr:3' });
    expect(c.PUBLIC_URL).toBe('https://help.example.com');
    expect(c.OIDC_AGENT_GROUPS).toEqual([{ group: 'helpdesk-it', department: 'it', tier: 1 }, { group: '/staff/hr:leads', department: 'hr', tier: 3 }]);
    expect(c).toMatchObject({ OIDC_SCOPES: 'openid profile email', OIDC_ID_CLAIM: 'sub', SESSION_HOURS: 8 });
    expect(loadConfig({}).WEB_AUTH).toBe('none');
    expect(loadConfig({ ...oidc, OIDC_ISSUER: 'http://127.0.0.1:9000' }).OIDC_ISSUER).toBe('http://127.0.0.1:9000');
  });

  it('treats empty values as unset, as .env files write them', () => {
    expect(loadConfig({ PORT: '', MONGODB_URI: ' ' }).PORT).toBe(3000);
  });
});
