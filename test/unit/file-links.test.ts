// Links to a file for one person: they open that file of that ticket for that
// person, until they expire, and nothing else; the secret is one for every instance.
import { describe, expect, it } from 'vitest';
import { createFileLinks, fileLinkSecret } from '../../adapters/http/file-links.js';
import { contentDisposition } from '../../adapters/http/file-route.js';

const ID = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);
const mario = { platform: 'web', userId: 'mario' };

function links(now: { t: number }, secret = 's'.repeat(40)) {
  return createFileLinks({ secret, ttlMs: 60_000, base: () => 'https://desk.example.com', now: () => now.t });
}

const tokenOf = (path: string) => new URL(path, 'http://x').searchParams.get('link')!;

describe('signed file links', () => {
  it('name the person they were made for, for that code and file, until they expire', () => {
    const clock = { t: 1_000_000 };
    const l = links(clock);
    const path = l.path(mario, 'it-42', ID);
    expect(path.startsWith(`/files/IT-42/${ID}?link=`)).toBe(true);
    expect(l.url(mario, 'IT-42', ID).startsWith('https://desk.example.com/files/IT-42/')).toBe(true);
    const token = tokenOf(path);
    expect(l.viewerOf('IT-42', ID, token)).toEqual(mario);
    clock.t += 59_000;
    expect(l.viewerOf('IT-42', ID, token)).toEqual(mario);
    clock.t += 2_000;
    expect(l.viewerOf('IT-42', ID, token)).toBeNull();
  });

  it('refuse a signature whose last character is changed, even where base64url would decode it to the same bytes', () => {
    const l = links({ t: 1_000_000 });
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (const code of ['IT-1', 'IT-2', 'IT-3', 'HR-7']) {
      const token = tokenOf(l.path(mario, code, ID));
      // A 32-byte MAC is 43 characters; the last one carries two spare bits, the lowest of which is flipped here.
      const last = alphabet.indexOf(token.at(-1)!);
      const twin = token.slice(0, -1) + alphabet[last ^ 1];
      expect(Buffer.from(twin.split('.')[3]!, 'base64url').equals(Buffer.from(token.split('.')[3]!, 'base64url'))).toBe(true);
      expect(l.viewerOf(code, ID, twin)).toBeNull();
      expect(l.viewerOf(code, ID, token)).toEqual(mario);
    }
  });

  it('do not open another ticket, another file, or anything once changed', () => {
    const clock = { t: 1_000_000 };
    const l = links(clock);
    const token = tokenOf(l.path(mario, 'IT-42', ID));
    expect(l.viewerOf('IT-43', ID, token)).toBeNull();
    expect(l.viewerOf('IT-42', OTHER, token)).toBeNull();
    const [p, , e, s] = token.split('.');
    const asSara = [p, Buffer.from('sara').toString('base64url'), e, s].join('.');
    expect(l.viewerOf('IT-42', ID, asSara)).toBeNull();
    const later = [p, token.split('.')[1], String(Number(e) + 3600), s].join('.');
    expect(l.viewerOf('IT-42', ID, later)).toBeNull();
    expect(l.viewerOf('IT-42', ID, token.slice(0, -2))).toBeNull();
    expect(l.viewerOf('IT-42', ID, 'x'.repeat(700))).toBeNull();
    expect(links(clock, 't'.repeat(40)).viewerOf('IT-42', ID, token)).toBeNull();
  });

  it('share one secret across instances: the first makes it, the others read it', async () => {
    const refs = new Map<string, string>();
    const seen = new Set<string>();
    const store = {
      getRef: async (k: string) => refs.get(k) ?? null,
      setRef: async (k: string, v: string) => void refs.set(k, v),
      rememberOnce: async (k: string) => (seen.has(k) ? false : (seen.add(k), true)),
      forget: async (k: string) => void seen.delete(k),
    };
    const [a, b, c] = await Promise.all([fileLinkSecret(undefined, store), fileLinkSecret(undefined, store), fileLinkSecret(undefined, store)]);
    expect(a.length).toBeGreaterThanOrEqual(32);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(await fileLinkSecret('configured-secret-configured-secret', store)).toBe('configured-secret-configured-secret');
  });
});

describe('a download names its file safely', () => {
  it('escapes quotes, paths and non-ASCII, and keeps the exact name encoded', () => {
    expect(contentDisposition('attachment', 'fattura "marzo";.pdf')).toBe(`attachment; filename="fattura _marzo__.pdf"; filename*=UTF-8''fattura%20%22marzo%22%3B.pdf`);
    expect(contentDisposition('inline', 'schermata è.png')).toBe(`inline; filename="schermata _.png"; filename*=UTF-8''schermata%20%C3%A8.png`);
  });
});

describe('the file link settings', () => {
  it('take a secret of 32 characters or more and a lifetime between a minute and a week', async () => {
    const { loadConfig } = await import('../../app/config.js');
    expect(loadConfig({}).FILE_LINK_MINUTES).toBe(60);
    expect(loadConfig({}).FILE_LINK_SECRET).toBeUndefined();
    expect(() => loadConfig({ FILE_LINK_SECRET: 'short' })).toThrow('Invalid configuration: FILE_LINK_SECRET must be at least 32 characters');
    expect(() => loadConfig({ FILE_LINK_MINUTES: '0' })).toThrow('FILE_LINK_MINUTES must be at least 1 minute');
    expect(() => loadConfig({ FILE_LINK_MINUTES: '20000' })).toThrow('FILE_LINK_MINUTES must be at most 10080 (a week)');
    expect(loadConfig({ FILE_LINK_MINUTES: '15' }).FILE_LINK_MINUTES).toBe(15);
  });
});
