// WEB_AUTH -> how the web chat learns who is speaking. The configuration has
// already refused every combination that cannot work (config.ts).
import type { Logger } from 'pino';
import { createJwtAuth, createLoopbackAuth, createOidcAuth } from '../adapters/channels/web/auth/create-web-auth.js';
import type { WebAuth } from '../adapters/channels/web/auth/web-auth.js';
import type { WebBranding } from '../adapters/channels/web/branding.js';
import type { PeopleStore } from '../src/index.js';
import type { Config } from './config.js';

export function webAuthFrom(config: Config, people: PeopleStore, logger: Logger): WebAuth {
  if (config.PUBLIC_URL && config.WEB_AUTH !== 'none') {
    const url = new URL(config.PUBLIC_URL);
    if (url.protocol === 'http:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
      logger.warn({ publicUrl: config.PUBLIC_URL }, 'PUBLIC_URL is plain http: sessions and identity tokens cross the network readable by anyone on the way; serve the chat over https');
    }
  }
  if (config.WEB_AUTH === 'jwt') {
    return createJwtAuth({
      publicUrl: config.PUBLIC_URL!,
      secret: config.WEB_IDENTITY_SECRET,
      jwksUrl: config.WEB_IDENTITY_JWKS_URL,
      issuer: config.WEB_IDENTITY_ISSUER,
      audience: config.WEB_IDENTITY_AUDIENCE,
      logger,
    });
  }
  if (config.WEB_AUTH === 'oidc') {
    return createOidcAuth({
      publicUrl: config.PUBLIC_URL!,
      issuer: config.OIDC_ISSUER!,
      clientId: config.OIDC_CLIENT_ID!,
      clientSecret: config.OIDC_CLIENT_SECRET!,
      scopes: config.OIDC_SCOPES,
      idClaim: config.OIDC_ID_CLAIM,
      agentGroups: config.OIDC_AGENT_GROUPS,
      sessionSecret: config.SESSION_SECRET!,
      sessionHours: config.SESSION_HOURS,
      people,
      logger,
    });
  }
  logger.warn({ host: config.HOST }, 'WEB_AUTH=none: the web chat believes whatever name the caller sends; fine on this machine, never on a network (set WEB_AUTH=oidc or jwt)');
  return createLoopbackAuth();
}

/** WEB_BRAND_* and WEB_WELCOME_TEXT_* -> how the web chat presents itself. */
export function webBrandingFrom(config: Config): WebBranding {
  const welcome: WebBranding['welcome'] = {};
  if (config.WEB_WELCOME_TEXT_IT) welcome.it = config.WEB_WELCOME_TEXT_IT;
  if (config.WEB_WELCOME_TEXT_EN) welcome.en = config.WEB_WELCOME_TEXT_EN;
  return { name: config.WEB_BRAND_NAME, colour: config.WEB_BRAND_COLOUR.toLowerCase(), ...(config.WEB_BRAND_LOGO_URL ? { logoUrl: config.WEB_BRAND_LOGO_URL } : {}), welcome };
}
