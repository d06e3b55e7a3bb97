// Reading the files a Teams message carries, and the answers to a file consent
// card, from the activity JSON alone.
import { describe, expect, it } from 'vitest';
import { consentOf, sendsInline, INLINE_IMAGE_MAX } from '../../adapters/channels/teams/send-files.js';
import { filesOf } from '../../adapters/channels/teams/to-inbound-event.js';
import type { TeamsActivity } from '../../adapters/channels/teams/teams-types.js';

const activity = (attachments: unknown[]): TeamsActivity =>
  ({ type: 'message', serviceUrl: 'https://smba.trafficmanager.net/emea/', from: { id: '29:a' }, recipient: { id: '28:b' }, conversation: { id: 'a:c' }, attachments }) as TeamsActivity;
const FILE = 'a'.repeat(64);

describe('the files of a Teams message', () => {
  it('takes pasted images and files from the compose box, and leaves out the text/html copy and cards', () => {
    const found = filesOf(
      activity([
        { contentType: 'image/png', contentUrl: 'https://smba.trafficmanager.net/emea/v3/attachments/0-x/views/original' },
        { contentType: 'text/html', content: '<p><img src="https://us-api.asm.skype.com/v1/objects/0-x/views/imgo"></p>' },
        { contentType: 'image/jpeg', contentUrl: 'https://smba.trafficmanager.net/emea/v3/attachments/0-y/views/original' },
        { contentType: 'application/vnd.microsoft.teams.file.download.info', name: 'report.pdf', content: { downloadUrl: 'https://contoso.sharepoint.com/download?tempauth=x', uniqueId: 'u', fileType: 'pdf' } },
        { contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard' } },
      ]),
    );
    expect(found).toEqual([
      { kind: 'inline', url: 'https://smba.trafficmanager.net/emea/v3/attachments/0-x/views/original', name: 'image-1.png' },
      { kind: 'inline', url: 'https://smba.trafficmanager.net/emea/v3/attachments/0-y/views/original', name: 'image-2.jpg' },
      { kind: 'shared', url: 'https://contoso.sharepoint.com/download?tempauth=x', name: 'report.pdf' },
    ]);
  });

  it('skips what has no http(s) address to fetch', () => {
    expect(filesOf(activity([{ contentType: 'image/png', contentUrl: 'file:///etc/passwd' }, { contentType: 'application/vnd.microsoft.teams.file.download.info', name: 'x', content: { downloadUrl: 42 } }, null]))).toEqual([]);
  });
});

describe('an answer to a file consent card', () => {
  const upload = { uploadUrl: 'https://contoso-my.sharepoint.com/upload?x', contentUrl: 'https://contoso-my.sharepoint.com/f.pdf', name: 'f.pdf', uniqueId: 'u1', fileType: 'pdf' };
  const context = { sportelloTicket: 'IT-4', sportelloFile: FILE };

  it('reads an accept with its upload session, and a decline', () => {
    expect(consentOf({ type: 'fileUpload', action: 'accept', context, uploadInfo: upload })).toEqual({ action: 'accept', code: 'IT-4', fileId: FILE, upload });
    expect(consentOf({ type: 'fileUpload', action: 'decline', context })).toEqual({ action: 'decline', code: 'IT-4', fileId: FILE });
  });

  it('refuses a context that names no file of the desk, an inherited key, or an upload URL that is not http(s)', () => {
    expect(consentOf({ action: 'accept', context: { sportelloTicket: 'IT-4', sportelloFile: '../etc' }, uploadInfo: upload })).toBeNull();
    expect(consentOf({ action: 'accept', context: Object.create({ sportelloTicket: 'IT-4', sportelloFile: FILE }), uploadInfo: upload })).toBeNull();
    expect(consentOf({ action: 'accept', context, uploadInfo: { ...upload, uploadUrl: 'file:///tmp/x' } })).toBeNull();
    expect(consentOf({ action: 'maybe', context })).toBeNull();
    expect(consentOf(null)).toBeNull();
  });
});

describe('which files go inline', () => {
  it('small images of the common types; anything larger or of another type through consent', () => {
    const f = (mime: string, size: number) => ({ id: FILE, name: 'x', mime, size });
    expect(sendsInline(f('image/png', INLINE_IMAGE_MAX))).toBe(true);
    expect(sendsInline(f('image/png', INLINE_IMAGE_MAX + 1))).toBe(false);
    expect(sendsInline(f('image/heic', 1000))).toBe(false);
    expect(sendsInline(f('application/pdf', 1000))).toBe(false);
  });
});

describe('where the bot fetches a Teams file from', () => {
  it('never reads an address inside the network that an activity names, and says the file could not be read', async () => {
    const { createServer } = await import('node:http');
    const { receiveFiles } = await import('../../adapters/channels/teams/receive-files.js');
    const { createFileKeeper, DEFAULT_FILE_LIMITS } = await import('../../src/index.js');
    let hits = 0;
    const secrets = createServer((_req, res) => {
      hits++;
      res.end('AWS_SECRET_ACCESS_KEY=abc123');
    });
    await new Promise<void>((r) => secrets.listen(0, '127.0.0.1', r));
    const port = (secrets.address() as { port: number }).port;
    const { createSqliteStore } = await import('../../adapters/storage/sqlite/create-sqlite-store.js');
    const store = createSqliteStore({ file: ':memory:' });
    const logger = { debug() {}, info() {}, warn() {}, error() {} };
    try {
      const got = await receiveFiles(
        [
          { kind: 'shared', url: `http://127.0.0.1:${port}/latest/meta-data/iam/security-credentials/role`, name: 'role.txt' },
          { kind: 'shared', url: `http://contoso.sharepoint.com.evil.example:${port}/x`, name: 'b.txt' },
          { kind: 'inline', url: `http://127.0.0.1:${port}/image`, name: 'image-1.png' },
        ],
        { files: createFileKeeper(store, DEFAULT_FILE_LIMITS), serviceUrl: 'https://smba.trafficmanager.net/emea/', tokenHeaders: async () => ({ authorization: 'Bearer t' }), logger },
      );
      expect(got.files).toEqual([]);
      expect(got.refusedFiles.map((f) => [f.name, f.reason])).toEqual([['role.txt', 'unreadable'], ['b.txt', 'unreadable'], ['image-1.png', 'unreadable']]);
      expect(hits).toBe(0);
    } finally {
      secrets.close();
      await store.close();
    }
  });
});
