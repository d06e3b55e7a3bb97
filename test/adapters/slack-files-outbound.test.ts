// A committed change carrying files, delivered by the real Slack adapter
// (Bolt's WebClient) to the Slack stand-in: the text, then the files through
// Slack's external upload, in the same conversation or card thread; a failed
// upload is run again without sending the text twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../adapters/channels/slack/create-slack-adapter.js';
import { cardKey } from '../../adapters/channels/plan-delivery.js';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { DEFAULT_FILE_LIMITS, createFileKeeper, type Attachment, type ChangeRecord, type FileKeeper, type PersonRef, type Store, type Ticket } from '../../src/index.js';
import { BOT_TOKEN, startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { SIGNING_SECRET } from '../support/slack-requests.js';
import { pdfBytes, pngBytes } from '../support/sample-files.js';
import { makeDraft } from '../support/factories.js';

const TRIAGE = 'C0TRIAGE01';
const CARD_TS = '1700000001.000100';
const webMario: PersonRef = { platform: 'web', userId: 'mario', name: 'Mario Rossi', locale: 'it' };
const slackAnna: PersonRef = { platform: 'slack', userId: 'U0AGENT001', name: 'Anna', locale: 'en' };

describe('files a change carries, delivered on Slack', () => {
  let fake: FakeSlack;
  let dir: string;
  let store: Store;
  let keeper: FileKeeper;
  let slack: ReturnType<typeof createSlackAdapter>;
  let version = 1;

  beforeAll(async () => {
    fake = await startFakeSlack({ U0AGENT001: { name: 'Anna', locale: 'en-US' } });
  });
  afterAll(async () => {
    await fake?.close();
  });
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sportello-slack-files-'));
    store = createSqliteStore({ file: join(dir, 'sportello.db') });
    keeper = createFileKeeper(store, DEFAULT_FILE_LIMITS);
    slack = createSlackAdapter({
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      apiUrl: fake.apiUrl,
      triageChannel: TRIAGE,
      departments: ['it'],
      botId: 'B0FAKEBOT1',
      botUserId: 'U0FAKEBOT1',
      handle: async () => [],
      overview: async () => ({ sections: [] }),
      refs: store,
      files: keeper,
      logger: pino({ level: 'silent' }),
      retries: 0,
    });
    await store.setRef(cardKey('slack', 'IT-7'), `${TRIAGE}|${CARD_TS}`);
  });
  afterEach(async () => {
    await slack.stop?.();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const keep = async (name: string, bytes: Uint8Array): Promise<Attachment> => {
    const r = await keeper.accept({ name, bytes });
    if (!r.ok) throw new Error(`not kept: ${JSON.stringify(r.refused)}`);
    return r.file;
  };

  /** A web requester's message with `files`, pushed to the agent on Slack, as the desk commits it. */
  function messageFromWeb(text: string, files: Attachment[]): ChangeRecord {
    version++;
    const ticket = {
      ...makeDraft({ requester: webMario, assignee: slackAnna }),
      code: 'IT-7',
      seq: 7,
      version,
      files: files.map((f) => ({ ...f, at: 1_700_000_000_000, version, by: webMario })),
    } as Ticket;
    return {
      id: `IT-7#${version}`,
      at: 1_700_000_000_000,
      ticket,
      event: { kind: 'message', text, actor: webMario },
      previousAssignee: slackAnna,
      outbound: [{ to: { kind: 'person', person: slackAnna }, reply: { text: `IT-7 · Mario Rossi: ${text}`, files } }],
      card: { text: 'IT-7 · La stampante non stampa' },
      origin: { channel: 'web', person: webMario },
    };
  }

  const runAll = async (record: ChangeRecord) => {
    for (const step of slack.stepsFor(record)) await step.run();
  };
  const since = (n: number) => fake.calls.slice(n);

  it("uploads a web requester's screenshot, byte for byte, into the agent's DM after the text and into the card's thread", async () => {
    const png = pngBytes(8, 6);
    const shot = await keep('schermata errore.png', png);
    const n = fake.calls.length;
    await runAll(messageFromWeb('ecco lo schermo', [shot]));
    const calls = since(n);

    const text = calls.findIndex((c) => c.method === 'chat.postMessage' && c.args.channel === `D${slackAnna.userId}`);
    expect(String(calls[text]!.args.text)).toContain('ecco lo schermo');
    const completes = calls.filter((c) => c.method === 'files.completeUploadExternal');
    expect(completes).toHaveLength(2);
    const [toDm, toThread] = completes;
    expect(toDm!.args).toMatchObject({ channel_id: `D${slackAnna.userId}` });
    expect(toDm!.args.thread_ts).toBeUndefined();
    expect(calls.indexOf(toDm!)).toBeGreaterThan(text);
    expect(toThread!.args).toMatchObject({ channel_id: TRIAGE, thread_ts: CARD_TS });
    // The mirror of the words comes first in the thread, the file right after.
    const mirror = calls.findIndex((c) => c.method === 'chat.postMessage' && c.args.thread_ts === CARD_TS);
    expect(mirror).toBeGreaterThan(-1);
    expect(calls.indexOf(toThread!)).toBeGreaterThan(mirror);

    for (const done of completes) {
      const [file] = done.args.files as { id: string; title: string }[];
      expect(file!.title).toBe('schermata errore.png');
      const upload = fake.uploads.get(file!.id)!;
      expect(upload.filename).toBe('schermata errore.png');
      expect(upload.length).toBe(png.length);
      expect(Buffer.from(upload.bytes!).equals(Buffer.from(png))).toBe(true);
    }
  });

  it('sends two files in one upload, and a failed upload, run again, sends the text once and the files once', async () => {
    const png = await keep('a.png', pngBytes(2, 2, 2));
    const pdf = await keep('ricevuta.pdf', pdfBytes('Ricevuta 42'));
    const record = messageFromWeb('due allegati', [png, pdf]);
    const [toAnna] = slack.stepsFor(record);
    const n = fake.calls.length;
    fake.failUploads(1);
    await expect(toAnna!.run()).rejects.toThrow(/upload URL answered 500/);
    await toAnna!.run();
    const calls = since(n);
    expect(calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === `D${slackAnna.userId}`)).toHaveLength(1);
    const completes = calls.filter((c) => c.method === 'files.completeUploadExternal');
    expect(completes).toHaveLength(1);
    expect((completes[0]!.args.files as { title: string }[]).map((f) => f.title)).toEqual(['a.png', 'ricevuta.pdf']);
    // Run once more (a restart before the relay marked it): nothing is sent again.
    await toAnna!.run();
    expect(since(n).filter((c) => c.method === 'chat.postMessage' || c.method === 'files.completeUploadExternal')).toHaveLength(2);
  });

  it('a message whose file is no longer kept still goes, without the file', async () => {
    const gone: Attachment = { id: 'f'.repeat(64), name: 'sparito.png', mime: 'image/png', size: 10 };
    const n = fake.calls.length;
    const [toAnna] = slack.stepsFor(messageFromWeb('ecco', [gone]));
    await toAnna!.run();
    const calls = since(n);
    expect(calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
    expect(calls.filter((c) => c.method.startsWith('files.'))).toHaveLength(0);
  });
});
