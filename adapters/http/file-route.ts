// GET /files/:code/:fileId: one file of one ticket, for someone who may see it.
// Who is asking comes from a signed link (file-links.ts) or from a session the
// server already trusts (the web chat's, the console's), never from anything
// else in the request. "No such file" and "not yours" are the same 404. The
// response is a download that cannot run: its sniffed type, nosniff, a
// sandboxing policy, and inline only for pictures.
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isFileId, type HelpDesk, type TicketFile } from '../../src/index.js';
import { isTicketCode, type FileLinks, type LinkViewer } from './file-links.js';

export interface FileRouteOptions {
  /** Late-bound: the desk is made after the routes. */
  openFile: HelpDesk['openFile'];
  links: FileLinks;
  /** The sessions that may name the viewer, asked in turn; each returns null when it has none. */
  sessions: readonly ((req: FastifyRequest) => Promise<LinkViewer | null>)[];
  /** Host and Origin checks (DNS rebinding), as every page has. */
  check: (req: { method: string; headers: IncomingHttpHeaders; query: unknown }) => { status: number; error: string } | null;
}

/** Pictures a browser shows as pictures; anything else (SVG is not accepted anyway) is downloaded. */
const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp']);

/** RFC 6266: a plain-ASCII name for old clients, the exact one percent-encoded for the rest. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_');
  const exact = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

function contentType(mime: string): string {
  return mime.startsWith('text/') ? `${mime}; charset=utf-8` : mime;
}

function linkOf(query: unknown): string | undefined {
  if (!query || typeof query !== 'object' || !Object.hasOwn(query, 'link')) return undefined;
  const v = (query as { link?: unknown }).link;
  return typeof v === 'string' ? v : '';
}

export function registerFileRoute(app: FastifyInstance, opts: FileRouteOptions): void {
  const notFound = { error: 'not found' };

  async function opened(req: FastifyRequest, code: string, fileId: string): Promise<{ file: TicketFile; bytes: Uint8Array } | null> {
    const open = (v: LinkViewer) => opts.openFile({ platform: v.platform, userId: v.userId, name: v.userId }, code, fileId);
    const link = linkOf(req.query);
    // A link decides alone: a broken one is not rescued by a session the request may also carry.
    if (link !== undefined) {
      const viewer = opts.links.viewerOf(code, fileId, link);
      return viewer ? open(viewer) : null;
    }
    for (const session of opts.sessions) {
      const viewer = await session(req);
      const found = viewer ? await open(viewer) : null;
      if (found) return found;
    }
    return null;
  }

  app.get('/files/:code/:fileId', async (req, res) => {
    const refusal = opts.check({ method: req.method, headers: req.headers, query: req.query });
    if (refusal) return res.code(refusal.status).send({ error: refusal.error });
    res.header('cache-control', 'no-store');
    const { code, fileId } = req.params as { code: string; fileId: string };
    if (!isTicketCode(code) || !isFileId(fileId)) return res.code(404).send(notFound);
    const found = await opened(req, code.toUpperCase(), fileId);
    if (!found) return res.code(404).send(notFound);
    const { file, bytes } = found;
    // The id is the content's hash: the same id is the same bytes, for as long as the viewer may see them.
    res.header('etag', `"${file.id}"`);
    res.header('cache-control', 'private, no-cache');
    res.header('x-content-type-options', 'nosniff');
    res.header('content-security-policy', "sandbox; default-src 'none'; frame-ancestors 'none'");
    res.header('cross-origin-resource-policy', 'same-origin');
    res.header('content-disposition', contentDisposition(INLINE.has(file.mime) ? 'inline' : 'attachment', file.name));
    if (req.headers['if-none-match'] === `"${file.id}"`) return res.code(304).send();
    return res.type(contentType(file.mime)).send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });
}
