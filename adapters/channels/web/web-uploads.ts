// Files from the web chat: POST /web/api/uploads takes a message's text and
// its files (multipart), each file checked and kept by the FileKeeper, then
// the message goes to the desk with them. GET /web/api/files/:code/:id/link
// gives the page a short-lived link to a file for the person asking, since an
// <img> cannot carry a bearer token.
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import {
  cleanFileName, isFileId, sizeWords, tooManyFilesWords,
  type Attachment, type FileKeeper, type InboundEvent, type Locale, type Participant, type RefusedFile, type Reply,
} from '../../../src/index.js';
import { isTicketCode, type FileLinks } from '../../http/file-links.js';
import { FILES_PER_MESSAGE, acceptUploads, closeIfUnread, readUpload } from '../../http/read-upload.js';
import type { WebAuth } from './auth/web-auth.js';
import type { createChatRecords } from './chat-records.js';
import { renderReply, webFiles, type WebReply } from './render-reply.js';
import { toUploadEvent } from './to-inbound-event.js';

export { FILES_PER_MESSAGE };

export interface WebUploadOptions {
  auth: WebAuth;
  files: FileKeeper;
  links: FileLinks;
  handle: (event: InboundEvent) => Promise<Reply[]>;
  records: ReturnType<typeof createChatRecords>;
  defaultLocale: Locale;
  guard: onRequestAsyncHookHandler;
  /** Whose request a GET is (the verified person, or `?user=` under WEB_AUTH=none). */
  asker: (req: FastifyRequest) => Promise<{ user: string } | { status: number; error: string }>;
}

const QUERY_TOKEN = '?token= is only accepted on the stream: send Authorization: Bearer <token>';

function hasQueryToken(query: unknown): boolean {
  return !!query && typeof query === 'object' && Object.hasOwn(query, 'token');
}

export async function registerWebUploads(app: FastifyInstance, opts: WebUploadOptions): Promise<void> {
  const { auth, files, links } = opts;
  const max = files.limits.maxFileBytes;

  async function upload(req: FastifyRequest, res: FastifyReply) {
    closeIfUnread(req, res);
    if (hasQueryToken(req.query)) return res.code(400).send({ error: QUERY_TOKEN });
    // Who is sending is settled before a byte of the body is read.
    let person: Participant | undefined;
    if (auth.identify) {
      const verdict = await auth.identify(req, 'api');
      if (!verdict.ok) return res.code(verdict.status).send({ error: verdict.error });
      person = verdict.person;
    }
    const read = await readUpload(req, { maxFileBytes: max, maxFiles: FILES_PER_MESSAGE });
    if (!read.ok) return res.code(read.status).send({ error: read.error });
    const parsed = toUploadEvent(read.fields, person);
    if (!parsed.ok) return res.code(400).send({ error: parsed.error });
    const locale = parsed.event.from.locale ?? opts.defaultLocale;

    const kept: Attachment[] = [];
    const refused: RefusedFile[] = read.tooBig.map((name) => ({ name: cleanFileName(name), reason: 'too_big', detail: `> ${sizeWords(max)}` }));
    for (const file of read.files) {
      const verdict = await files.accept(file);
      if (verdict.ok) kept.push(verdict.file);
      else refused.push(verdict.refused);
    }
    const text = parsed.event.kind === 'message' ? parsed.event.text : '';
    if (!text && kept.length === 0 && refused.length === 0 && !read.tooMany) return res.code(400).send({ error: 'send some text or at least one file' });
    const event: InboundEvent = { ...parsed.event, ...(kept.length > 0 ? { files: kept } : {}), ...(refused.length > 0 ? { refusedFiles: refused } : {}) };

    const replies = await opts.handle(event);
    const rendered = replies.map((r) => renderReply(r));
    // The ticket the desk put the files on is the one its answer is about.
    const code = replies.find((r) => r.ticket)?.ticket?.code;
    const sentFiles = webFiles(kept, code);
    const serialised = rendered.map((r) => JSON.stringify(r));
    await opts.records.rememberExchange(event, serialised, { files: sentFiles });
    // The desk's answer says why each refused file was not kept; only a count past the limit is the page's to say.
    const refusals: { name: string; reason: string; text?: string }[] = refused.map((r) => ({ name: r.name, reason: r.reason }));
    if (read.tooMany) refusals.push({ name: '', reason: 'count', text: tooManyFilesWords(locale, FILES_PER_MESSAGE) });
    const body: { sent: { text: string; files: typeof sentFiles }; refused: typeof refusals; replies: WebReply[] } = { sent: { text, files: sentFiles }, refused: refusals, replies: rendered };
    return res.header('cache-control', 'no-store').send(body);
  }

  await app.register(async (scope) => {
    await acceptUploads(scope);
    scope.post('/web/api/uploads', { onRequest: opts.guard }, upload);
  });

  app.get('/web/api/files/:code/:fileId/link', { onRequest: opts.guard }, async (req, res) => {
    res.header('cache-control', 'no-store');
    const owner = await opts.asker(req);
    if (!('user' in owner)) return res.code(owner.status).send({ error: owner.error });
    const { code, fileId } = req.params as { code: string; fileId: string };
    if (!isTicketCode(code) || !isFileId(fileId)) return res.code(404).send({ error: 'not found' });
    // Whether the person may open it is asked when the link is used, every time.
    return { url: links.path({ platform: 'web', userId: owner.user }, code, fileId), expiresInS: Math.round(links.ttlMs / 1000) };
  });
}
