// Short-lived links to one file of one ticket for one person: where a page
// cannot send the viewer's session with the request (an <img> under a bearer
// token, a link posted on a platform that cannot take an upload). The link
// names who it was made for; whoever opens it is served only while that person
// may still see the ticket (desk.openFile is asked again every time), and only
// until it expires. The HMAC key is shared by every instance: FILE_LINK_SECRET,
// or one made once and kept in the store.
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { StateStore } from '../../src/index.js';

export interface LinkViewer {
  platform: string;
  userId: string;
}

export interface FileLinks {
  /** `/files/CODE/ID?link=…`: for this server's own pages. */
  path(viewer: LinkViewer, code: string, fileId: string): string;
  /** The same on PUBLIC_URL (or this server's own address): for a message on another platform. */
  url(viewer: LinkViewer, code: string, fileId: string): string;
  /** Who a link was made for, when it is intact, for this code and file, and not expired; null otherwise. */
  viewerOf(code: string, fileId: string, token: string): LinkViewer | null;
  /** How long a link lasts, ms. */
  readonly ttlMs: number;
}

export interface FileLinkOptions {
  secret: string;
  ttlMs: number;
  /** The address absolute links start with; read when a link is made (the server's own is known only once it listens). */
  base: () => string;
  now?: () => number;
}

const REF_KEY = 'files:link-secret';
const CLAIM_KEY = 'files:link-secret:claim';
const MAX_TOKEN = 600;

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const unb64 = (s: string) => Buffer.from(s, 'base64url').toString('utf8');

/** A ticket code as the desk makes them (`IT-42`): anything else is not looked up. */
export function isTicketCode(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9]{0,19}-\d{1,9}$/.test(value);
}

/** The path of a file on the files route, without any token. */
export function filePath(code: string, fileId: string): string {
  return `/files/${encodeURIComponent(code.toUpperCase())}/${encodeURIComponent(fileId)}`;
}

export function createFileLinks(opts: FileLinkOptions): FileLinks {
  const now = opts.now ?? Date.now;
  // Its own key, derived: the same secret could sign something else one day without the two ever passing for each other.
  const key = Buffer.from(hkdfSync('sha256', opts.secret, 'sportello', 'file links', 32));
  // Every field separated and counted, so "IT-1" + "2…" never signs the same as "IT-12" + "…".
  const mac = (code: string, fileId: string, v: LinkViewer, exp: number) =>
    createHmac('sha256', key).update(JSON.stringify([code.toUpperCase(), fileId, v.platform, v.userId, exp])).digest();

  function token(viewer: LinkViewer, code: string, fileId: string): string {
    const exp = Math.ceil((now() + opts.ttlMs) / 1000);
    return [b64(viewer.platform), b64(viewer.userId), String(exp), mac(code, fileId, viewer, exp).toString('base64url')].join('.');
  }

  const path = (viewer: LinkViewer, code: string, fileId: string) => `${filePath(code, fileId)}?link=${token(viewer, code, fileId)}`;

  return {
    ttlMs: opts.ttlMs,
    path,
    url: (viewer, code, fileId) => `${opts.base().replace(/\/$/, '')}${path(viewer, code, fileId)}`,
    viewerOf(code, fileId, given) {
      if (given.length > MAX_TOKEN) return null;
      const parts = given.split('.');
      if (parts.length !== 4) return null;
      const [p, u, e, s] = parts as [string, string, string, string];
      if (!/^\d{1,12}$/.test(e)) return null;
      const exp = Number(e);
      if (exp * 1000 <= now()) return null;
      const viewer = { platform: unb64(p), userId: unb64(u) };
      if (!viewer.platform || !viewer.userId) return null;
      // Compared as text: base64url ignores a last character's spare bits, so two spellings decode alike and only one may pass.
      const expected = Buffer.from(mac(code, fileId, viewer, exp).toString('base64url'));
      const sent = Buffer.from(s);
      return sent.length === expected.length && timingSafeEqual(sent, expected) ? viewer : null;
    },
  };
}

type SecretRefs = Pick<StateStore, 'getRef' | 'setRef' | 'rememberOnce' | 'forget'>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * FILE_LINK_SECRET, or the one the store keeps. The first instance to start
 * makes it: the one that claims the key (set-if-absent) writes it, the others
 * wait for it, so every instance signs and checks with the same key.
 */
export async function fileLinkSecret(configured: string | undefined, refs: SecretRefs, waitMs = 10_000): Promise<string> {
  if (configured) return configured;
  let deadline = Date.now() + waitMs;
  for (;;) {
    const kept = await refs.getRef(REF_KEY);
    if (kept) return kept;
    if (await refs.rememberOnce(CLAIM_KEY, Date.now())) {
      const made = randomBytes(48).toString('base64url');
      await refs.setRef(REF_KEY, made);
      return made;
    }
    if (Date.now() > deadline) {
      // Whoever claimed it stopped before writing it: the claim is let go and tried again.
      await refs.forget(CLAIM_KEY);
      deadline = Date.now() + waitMs;
    }
    await sleep(100);
  }
}
