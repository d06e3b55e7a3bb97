// What every response carries whoever asks: security headers, a page policy that
// lets only the page's own code run, metrics behind their token, and no secret
// from a configured URL in the log.
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../app/config.js';
import { serve } from '../../app/serve.js';
import { startFakeEmbeddings } from '../support/fake-embeddings.js';
import { post, startServer, type RunningServer } from '../support/server.js';

describe('security headers', () => {
  let s: RunningServer;
  afterAll(() => s?.stop());

  it('the chat page runs only scripts from its own origin (none inline), and cannot be framed', async () => {
    s = await startServer();
    const res = await fetch(`${s.base}/`);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('API answers load nothing and cannot be framed', async () => {
    const res = await post(s.base, '/web/api/messages', { user: { id: 'mario', name: 'Mario' }, text: 'ticket list' });
    expect(res.status).toBe(200);
    const api = await fetch(`${s.base}/healthz`);
    expect(api.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    expect(api.headers.get('referrer-policy')).toBe('no-referrer');
    expect(api.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(api.headers.get('x-frame-options')).toBe('DENY');
  });

  it('on the loopback set-up, metrics and health answer no page that rebound its name to 127.0.0.1', async () => {
    const port = new URL(s.base).port;
    for (const path of ['/metrics', '/healthz']) {
      const status = await new Promise<number>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path, headers: { host: `evil.example:${port}` } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        })
          .on('error', reject)
          .end();
      });
      expect(status).toBe(421);
    }
    expect((await fetch(`${s.base}/metrics`)).status).toBe(200);
  });

  it('an intranet portal named in WEB_FRAME_ANCESTORS may embed the page', async () => {
    const framed = await startServer({ WEB_FRAME_ANCESTORS: 'https://intranet.example.com' });
    try {
      const res = await fetch(`${framed.base}/`);
      expect(res.headers.get('content-security-policy')).toContain('frame-ancestors https://intranet.example.com');
      expect(res.headers.get('x-frame-options')).toBeNull();
    } finally {
      await framed.stop();
    }
  });

  it('refuses a frame ancestor that is not an origin, in one line', () => {
    expect(() => loadConfig({ WEB_FRAME_ANCESTORS: 'https://intranet.example.com/portal' })).toThrow(/WEB_FRAME_ANCESTORS "https:\/\/intranet.example.com\/portal" is not an origin/);
  });
});

describe('metrics token', () => {
  it('with METRICS_TOKEN set, /metrics answers only a scraper that sends it', async () => {
    const token = 'scrape-0123456789abcdef';
    const s = await startServer({ METRICS_TOKEN: token });
    try {
      expect((await fetch(`${s.base}/metrics`)).status).toBe(401);
      expect((await fetch(`${s.base}/metrics`, { headers: { authorization: 'Bearer wrong-0123456789abcdef' } })).status).toBe(401);
      const ok = await fetch(`${s.base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('sportello_tickets_created_total');
      expect((await fetch(`${s.base}/healthz`)).status).toBe(200);
    } finally {
      await s.stop();
    }
  });
});

describe('credentials in a configured URL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-redact-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are sent as a Basic header and never logged', async () => {
    const fake = await startFakeEmbeddings();
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    const url = fake.url.replace('http://', 'http://proxy-user:s3cret-Passw0rd@');
    const config = loadConfig({ PORT: '0', DATA_DIR: dir, EMBEDDINGS_URL: url, EMBEDDINGS_MODEL: 'hashed' });
    const server = await serve(config, logger);
    try {
      const res = await post(server.address, '/web/api/messages', { user: { id: 'mario', name: 'Mario' }, text: 'come cambio la password?' });
      expect(res.status).toBe(200);
      expect(fake.requests.length).toBeGreaterThan(0);
      expect(fake.requests.at(-1)!.auth).toBe(`Basic ${Buffer.from('proxy-user:s3cret-Passw0rd').toString('base64')}`);
      expect(lines.some((l) => l.includes('semantic tier on'))).toBe(true);
      expect(lines.join('\n')).not.toContain('s3cret-Passw0rd');
    } finally {
      await server.stop();
      await fake.close();
    }
  });
});
