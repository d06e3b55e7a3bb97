// Files the desk sends on Slack, with Slack's external upload: ask for an
// upload URL per file, POST its bytes there, then complete them together into
// the conversation (and thread) where the message went. The bytes are read from
// the desk's store at delivery time; nothing but ids waits in the outbox.
import type { App } from '@slack/bolt';
import type { Attachment, FileKeeper, Logger, StateStore } from '../../../src/index.js';

type WebClient = App['client'];

export interface UploadPlace {
  channel: string;
  thread_ts?: string | undefined;
}

export interface SlackUploader {
  /**
   * Uploads `files` into `where`. `doneKey`, when given, marks them delivered
   * once Slack completed them: a delivery step run again skips what is done.
   */
  upload(files: readonly Attachment[], where: UploadPlace, doneKey?: string): Promise<void>;
}

/** Longer than an upload of the largest file the desk keeps takes; a hung one fails and is retried. */
const UPLOAD_TIMEOUT_MS = 60_000;

export function createSlackUploader(opts: { client: WebClient; keeper: FileKeeper; refs: Pick<StateStore, 'getRef' | 'setRef'>; logger: Logger }): SlackUploader {
  async function send(file: Attachment): Promise<{ id: string; title: string } | null> {
    const bytes = await opts.keeper.read(file.id);
    // Gone from the store (erased since the change was made): the message went, the file cannot.
    if (!bytes) {
      opts.logger.warn({ component: 'slack', file: file.id }, 'a file to send is no longer kept: not uploaded');
      return null;
    }
    const asked = await opts.client.files.getUploadURLExternal({ filename: file.name, length: bytes.length });
    const uploadUrl = asked.upload_url;
    const fileId = asked.file_id;
    if (!uploadUrl || !fileId) throw new Error('files.getUploadURLExternal gave no upload_url or file_id');
    const res = await fetch(uploadUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Blob([bytes as Uint8Array<ArrayBuffer>]),
      signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
    });
    await res.body?.cancel();
    if (!res.ok) throw new Error(`Slack's upload URL answered ${res.status}`);
    return { id: fileId, title: file.name };
  }

  return {
    async upload(files, where, doneKey) {
      if (files.length === 0) return;
      if (doneKey && (await opts.refs.getRef(doneKey))) return;
      const sent: { id: string; title: string }[] = [];
      for (const file of files) {
        const one = await send(file);
        if (one) sent.push(one);
      }
      const [first, ...rest] = sent;
      if (first) {
        await opts.client.files.completeUploadExternal({
          files: [first, ...rest],
          channel_id: where.channel,
          ...(where.thread_ts ? { thread_ts: where.thread_ts } : {}),
        } as Parameters<WebClient['files']['completeUploadExternal']>[0]);
      }
      if (doneKey) await opts.refs.setRef(doneKey, 'sent');
    },
  };
}
