// A multipart/form-data upload read as it arrives: a few text fields and up to
// a few files, none past the size the desk keeps. A file past it is not read
// to its end: reading stops there, the request is cut off once the answer is
// out, so a 2 GB body costs the server no more than the limit.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Files one message may carry, on the web chat and the console alike. */
export const FILES_PER_MESSAGE = 5;

export interface UploadLimits {
  maxFileBytes: number;
  maxFiles: number;
}

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

export type Upload =
  | {
      ok: true;
      /** Text fields by name, in an object with no prototype; a name sent twice keeps its first value. */
      fields: Record<string, string>;
      files: UploadedFile[];
      /** Files that went past the limit: not read further, nor the rest of the request after them. */
      tooBig: string[];
      /** More files than maxFiles were sent: the ones past it were not read. */
      tooMany: boolean;
    }
  | { ok: false; status: 400 | 413 | 415; error: string };

const MAX_FIELD = 20_000;
const MAX_FIELDS = 10;
/** Room for the fields and each part's headers on top of the files themselves. */
const OVERHEAD = 256 * 1024;

/** Mounts the multipart parser on `scope` (and its children only). */
export async function acceptUploads(scope: FastifyInstance): Promise<void> {
  await scope.register(multipart, { throwFileSizeLimit: false });
}

export async function readUpload(req: FastifyRequest, limits: UploadLimits): Promise<Upload> {
  if (!req.isMultipart()) return { ok: false, status: 415, error: 'send the files as multipart/form-data' };
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limits.maxFiles * limits.maxFileBytes + OVERHEAD) {
    return { ok: false, status: 413, error: `the upload is too large (${limits.maxFiles} files of ${Math.round(limits.maxFileBytes / 1024 / 1024)} MB at most)` };
  }
  const fields: Record<string, string> = Object.create(null);
  const files: UploadedFile[] = [];
  const tooBig: string[] = [];
  let tooMany = false;
  const parts = req.parts({ limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: MAX_FIELDS, fieldSize: MAX_FIELD, parts: limits.maxFiles + MAX_FIELDS } });
  try {
    for await (const part of parts) {
      if (part.type === 'field') {
        if (typeof part.value === 'string' && !Object.hasOwn(fields, part.fieldname)) fields[part.fieldname] = part.value;
        continue;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let cut = false;
      // Past the limit busboy would read on (discarding) to the part's end: the stream is ended here instead.
      part.file.once('limit', () => {
        cut = true;
        part.file.destroy();
      });
      try {
        for await (const chunk of part.file as AsyncIterable<Buffer>) {
          chunks.push(chunk);
          size += chunk.length;
        }
      } catch (err) {
        if (!cut) throw err;
      }
      if (cut || part.file.truncated) {
        tooBig.push(part.filename || 'file');
        req.raw.unpipe();
        req.raw.pause();
        // Nothing after a file past the limit is read: the request ends here.
        break;
      }
      files.push({ name: part.filename || 'file', bytes: new Uint8Array(Buffer.concat(chunks, size)) });
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT') tooMany = true;
    else if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') return { ok: false, status: 413, error: 'the upload has too many parts' };
    else if (code === 'FST_PROTO_VIOLATION') return { ok: false, status: 400, error: 'a field name is not allowed' };
    else return { ok: false, status: 400, error: 'the upload could not be read (malformed multipart/form-data)' };
  }
  return { ok: true, fields, files, tooBig, tooMany };
}

/**
 * Call first: a request answered before its body was read to the end (refused,
 * or a file past the limit) has its connection closed once the answer is out,
 * rather than the rest of the body read and thrown away.
 */
export function closeIfUnread(req: FastifyRequest, res: FastifyReply): void {
  res.raw.once('finish', () => {
    if (!req.raw.complete) req.raw.socket?.destroy();
  });
}
