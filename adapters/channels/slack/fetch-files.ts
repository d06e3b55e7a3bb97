// Files people share on Slack, brought into the desk: each fetched from Slack
// with the bot token (Slack's links answer a login page to anyone else),
// never past the desk's size limit, then checked and kept by the FileKeeper.
// Slack redelivers an event whose ack it missed: a delivery already fetched
// here hands back what it got, so a retry never downloads the bytes again.
import { MB, cleanFileName, sizeWords, type Attachment, type FileKeeper, type Logger, type RefusedFile } from '../../../src/index.js';
import { downloadFile } from '../download-file.js';
import { rememberEntry } from '../short-memory.js';
import { filesToFetch, type SlackFile } from './to-inbound-event.js';

export interface FetchedFiles {
  files: Attachment[];
  refusedFiles: RefusedFile[];
}

export interface SlackFileFetcher {
  /** `deliveryId`: the event's id (Slack's event_id, a view's id and hash); a repeat of it is not fetched again. */
  fetch(deliveryId: string, files: readonly SlackFile[] | undefined): Promise<FetchedFiles>;
}

/** Deliveries whose files are remembered (ids and names only, never bytes). */
const REMEMBERED = 2000;

/**
 * The bot token goes only to Slack: its own hosts over HTTPS, or the API's
 * host when SLACK_API_URL points elsewhere (an enterprise proxy, a stand-in).
 */
export function tokenMayGoTo(url: string, apiUrl: string | undefined): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (target.protocol === 'https:' && (target.hostname === 'slack.com' || target.hostname.endsWith('.slack.com'))) return true;
  if (!apiUrl) return false;
  try {
    return new URL(apiUrl).origin === target.origin;
  } catch {
    return false;
  }
}

export function createSlackFileFetcher(opts: { botToken: string; apiUrl?: string | undefined; keeper: FileKeeper; logger: Logger }): SlackFileFetcher {
  const fetched = new Map<string, Promise<FetchedFiles>>();
  const limit = () => opts.keeper.limits.maxFileBytes;

  async function one(name: string, url: string, declared: number | null): Promise<{ ok: true; file: Attachment } | { ok: false; refused: RefusedFile }> {
    const shown = cleanFileName(name);
    // Slack says how big a file is: one past the limit is not fetched at all.
    if (declared !== null && declared > limit()) return { ok: false, refused: { name: shown, reason: 'too_big', detail: sizeWords(declared) } };
    if (!tokenMayGoTo(url, opts.apiUrl)) {
      opts.logger.warn({ component: 'slack', host: safeHost(url) }, 'a shared file points outside Slack: not fetched with the bot token');
      return { ok: false, refused: { name: shown, reason: 'unreadable' } };
    }
    const got = await downloadFile(url, limit(), { authorization: `Bearer ${opts.botToken}` }).catch((err: unknown) => {
      opts.logger.warn({ err, component: 'slack' }, 'fetching a shared file from Slack failed');
      return null;
    });
    if (!got) return { ok: false, refused: { name: shown, reason: 'unreadable' } };
    if (!got.ok) {
      if (got.tooBig) return { ok: false, refused: { name: shown, reason: 'too_big', detail: pastLimit(got.size, limit()) } };
      opts.logger.warn({ component: 'slack', status: got.status }, 'Slack did not hand over a shared file (is the files:read scope granted?)');
      return { ok: false, refused: { name: shown, reason: 'unreadable' } };
    }
    // The words still go through when the store cannot keep the file: the sender hears it was not kept.
    return opts.keeper.accept({ name, bytes: got.bytes }).catch((err: unknown) => {
      opts.logger.error({ err, component: 'slack' }, 'keeping a shared file failed');
      return { ok: false as const, refused: { name: shown, reason: 'unreadable' as const } };
    });
  }

  async function all(files: readonly SlackFile[] | undefined): Promise<FetchedFiles> {
    const out: FetchedFiles = { files: [], refusedFiles: [] };
    // One at a time: a message's files together never hold more than one file's limit in memory.
    for (const f of filesToFetch(files)) {
      const r = 'unreadable' in f ? { ok: false as const, refused: { name: cleanFileName(f.name), reason: 'unreadable' as const } } : await one(f.name, f.url, f.size);
      if (r.ok) out.files.push(r.file);
      else out.refusedFiles.push(r.refused);
    }
    return out;
  }

  return {
    fetch(deliveryId, files) {
      if ((files ?? []).length === 0) return Promise.resolve({ files: [], refusedFiles: [] });
      const known = fetched.get(deliveryId);
      if (known) return known;
      const pending = all(files);
      rememberEntry(fetched, deliveryId, pending, REMEMBERED);
      // A fetch that failed outright is tried afresh on the next delivery.
      pending.catch(() => fetched.delete(deliveryId));
      return pending;
    },
  };
}

/**
 * How big a refused download was, as far as the desk knows: a Content-Length
 * says it outright; a body read until it ran past the limit says only that.
 */
function pastLimit(size: number, limit: number): string {
  return size > limit + MB ? sizeWords(size) : `> ${sizeWords(limit)}`;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(not a URL)';
  }
}

/** The event with what was fetched, left as it was when nothing came with it. */
export function withFiles<E extends { files?: Attachment[]; refusedFiles?: RefusedFile[] }>(event: E, got: FetchedFiles): E {
  if (got.files.length > 0) event.files = got.files;
  if (got.refusedFiles.length > 0) event.refusedFiles = got.refusedFiles;
  return event;
}
