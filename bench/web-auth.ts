// `npm run bench -- --only auth`: what checking who is speaking costs.
//  - p50/p99 of POST /web/api/messages at 50 closed-loop users with WEB_AUTH=none
//    beside WEB_AUTH=jwt (each user with their own HS256 identity token), the
//    two bots taking turns so background load hits both alike
//  - the token check alone, in-process: HS256 (the fast path) and ES256 from a
//    JWKS (first sight, then remembered), in microseconds
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { createJwtIdentity, type TokenCheck } from '../adapters/channels/web/auth/identity-from-jwt.js';
import { freePort } from '../test/support/bot-process.js';
import { closedLoopRound, percentile, round, summarise } from './load.js';
import { BOT_ENTRY, BOT_READY, spawnServer, stop } from './processes.js';

const SECRET = 'bench-identity-secret-of-at-least-32-characters';

function hs256(sub: string): Promise<string> {
  return new SignJWT({ sub, name: `User ${sub}` }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(new TextEncoder().encode(SECRET));
}

async function timeChecks(check: TokenCheck, tokens: readonly string[]) {
  const micros: number[] = [];
  for (const token of tokens) {
    const started = process.hrtime.bigint();
    const person = await check(token);
    micros.push(Number(process.hrtime.bigint() - started) / 1e3);
    if (!person) throw new Error('a bench token was refused');
  }
  micros.sort((a, b) => a - b);
  return { checks: micros.length, p50Us: round(percentile(micros, 50), 1), p99Us: round(percentile(micros, 99), 1), maxUs: round(micros.at(-1)!, 1) };
}

/** Each check on a token never seen before, as every new page load brings. */
async function tokenChecks(count: number) {
  const hsTokens = await Promise.all(Array.from({ length: count }, (_, i) => hs256(`u${i}`)));
  const hs = createJwtIdentity({ secret: SECRET });
  await timeChecks(hs, hsTokens.slice(0, 2000)); // warm-up
  const es = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(es.publicKey)), kid: 'k1', alg: 'ES256' };
  const jwks = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  try {
    const esCount = Math.min(count, 5000);
    const esTokens = await Promise.all(
      Array.from({ length: esCount }, (_, i) => new SignJWT({ sub: `u${i}`, name: `User ${i}` }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setExpirationTime('1h').sign(es.privateKey)),
    );
    const esCheck = createJwtIdentity({ jwksUrl: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json` });
    await esCheck(esTokens[0]!); // fetches the key set once
    return {
      hs256: await timeChecks(hs, hsTokens),
      es256FirstSight: await timeChecks(esCheck, esTokens),
      es256Remembered: await timeChecks(esCheck, esTokens),
    };
  } finally {
    jwks.close();
  }
}

async function startBot(env: Record<string, string>) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'sportello-bench-auth-'));
  const bot = await spawnServer([BOT_ENTRY], { PORT: String(port), DATA_DIR: dir, LOG_LEVEL: 'info', MONGODB_URI: '', ...env, ...(env.WEB_AUTH ? { PUBLIC_URL: `http://127.0.0.1:${port}` } : {}) }, BOT_READY);
  return { bot, url: `http://127.0.0.1:${port}/web/api/messages`, dir };
}

export async function webAuthLatency(log: (msg: string) => void) {
  const users = 50;
  const perUser = 60;
  const rounds = 6;
  log('token checks in-process…');
  const tokenCheck = await tokenChecks(20_000);
  log(`HS256 check p99 ${tokenCheck.hs256.p99Us} µs; ES256 first sight p99 ${tokenCheck.es256FirstSight.p99Us} µs, remembered ${tokenCheck.es256Remembered.p99Us} µs`);
  const tokens = await Promise.all(Array.from({ length: users }, (_, u) => hs256(`user${u}`)));
  const none = await startBot({});
  const jwt = await startBot({ WEB_AUTH: 'jwt', WEB_IDENTITY_SECRET: SECRET });
  try {
    const text = (i: number) => `ticket new --no-faq il pc numero ${i} non si accende`;
    const noneLoad = { users, perUser, body: (u: number, i: number) => JSON.stringify({ user: { id: `user${u}`, name: `User ${u}` }, text: text(i) }) };
    const jwtLoad = { users, perUser, body: (_u: number, i: number) => JSON.stringify({ text: text(i) }), headers: (_body: string, u: number) => ({ authorization: `Bearer ${tokens[u]}` }) };
    for (let i = 0; i < 3; i++) {
      await closedLoopRound(none.url, noneLoad);
      await closedLoopRound(jwt.url, jwtLoad);
    }
    const noneRounds = [];
    const jwtRounds = [];
    // Who goes first alternates: a round right after the other bot's is not the same as one after a pause.
    for (let i = 0; i < rounds; i++) {
      if (i % 2 === 0) noneRounds.push(await closedLoopRound(none.url, noneLoad));
      jwtRounds.push(await closedLoopRound(jwt.url, jwtLoad));
      if (i % 2 === 1) noneRounds.push(await closedLoopRound(none.url, noneLoad));
    }
    const noneResult = summarise(noneRounds);
    const jwtResult = summarise(jwtRounds);
    if (jwtResult.errors > 0 || noneResult.errors > 0) throw new Error(`requests failed: none ${noneResult.errors}, jwt ${jwtResult.errors}`);
    log(`web api p99: none ${noneResult.p99Ms} ms, jwt ${jwtResult.p99Ms} ms`);
    return { users, requestsPerUser: perUser, rounds, none: noneResult, jwt: jwtResult, p99DeltaMs: round(jwtResult.p99Ms - noneResult.p99Ms), tokenCheck };
  } finally {
    for (const side of [none, jwt]) {
      await stop(side.bot.child);
      rmSync(side.dir, { recursive: true, force: true });
    }
  }
}
