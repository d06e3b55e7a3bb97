// Files through the Discord adapter on its own: the real discord.js client
// against the fake Discord (gateway, REST with multipart uploads, a CDN), a
// real FileKeeper over a SQLite store. What the adapter hands the desk is
// recorded; what it sends is read off the wire by the fake.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../adapters/channels/discord/create-discord-adapter.js';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { DEFAULT_FILE_LIMITS, createFileKeeper, type Attachment, type ChangeRecord, type FileKeeper, type InboundEvent, type PersonRef, type Reply, type Store, type Ticket } from '../../src/index.js';
import { APP, startFakeDiscord, type DiscordCall, type FakeDiscord } from '../support/fake-discord.js';
import { messageCreate, type DiscordPerson } from '../support/discord-events.js';
import { bigPngBytes, exeBytes, pngBytes } from '../support/sample-files.js';

const MARIO: DiscordPerson = { id: '100000000000000003', name: 'Mario', locale: 'it' };
const MARIO_REF: PersonRef = { platform: 'discord', userId: MARIO.id, name: 'Mario', locale: 'it' };
/** The DM channel the fake gives Mario (see its /users/@me/channels). */
const MARIO_DM = `9${MARIO.id.slice(1)}`;
const MAX_FILE = 64 * 1024;
const MAX_UPLOAD = 32 * 1024;

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('Discord adapter and files', () => {
  let fake: FakeDiscord;
  let dir: string;
  let store: Store;
  let keeper: FileKeeper;
  let adapter: ReturnType<typeof createDiscordAdapter>;
  const handed: InboundEvent[] = [];

  beforeAll(async () => {
    fake = await startFakeDiscord();
    dir = mkdtempSync(join(tmpdir(), 'sportello-discord-files-'));
    store = createSqliteStore({ file: join(dir, 'sportello.db') });
    keeper = createFileKeeper(store, { ...DEFAULT_FILE_LIMITS, maxFileBytes: MAX_FILE });
    adapter = createDiscordAdapter({
      token: 'fake-bot-token-0123456789',
      applicationId: APP,
      apiUrl: fake.apiUrl,
      agentRoles: [],
      handle: async (event) => {
        handed.push(event);
        return [];
      },
      refs: store,
      people: store,
      logger: pino({ level: 'silent' }),
      roleCheckMs: 0,
      files: keeper,
      maxUploadBytes: MAX_UPLOAD,
    });
    await adapter.start();
  });
  afterAll(async () => {
    await adapter?.stop?.();
    await fake?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function handedFor(d: { id: string }): Promise<InboundEvent> {
    await expect.poll(() => handed.some((e) => e.id === d.id)).toBe(true);
    return handed.find((e) => e.id === d.id)!;
  }

  const uploadsTo = (channel: string) => (c: DiscordCall) => c.method === 'POST' && c.path === `/channels/${channel}/messages`;

  it('keeps a screenshot sent alone in a DM, byte for byte', async () => {
    const png = pngBytes(8, 8, 1);
    const d = messageCreate(MARIO, '', 'dm', [fake.host('schermata.png', png, { contentType: 'image/png' })]);
    fake.dispatch('MESSAGE_CREATE', d);
    const event = await handedFor(d);
    expect(event).toMatchObject({ kind: 'message', text: '', files: [{ id: sha256(png), name: 'schermata.png', mime: 'image/png', size: png.length }] });
    expect(event.refusedFiles).toBeUndefined();
    expect(Buffer.from((await store.readFile(sha256(png)))!)).toEqual(png);
  });

  it('refuses unread what Discord says is too big, and a program named like a PDF', async () => {
    const big = fake.host('dump.png', pngBytes(8, 8, 2), { declaredSize: MAX_FILE + 1 });
    const exe = fake.host('invoice.pdf', exeBytes(), { contentType: 'application/pdf' });
    const d = messageCreate(MARIO, 'ecco i file', 'dm', [big, exe]);
    fake.dispatch('MESSAGE_CREATE', d);
    const event = await handedFor(d);
    expect(event.files).toBeUndefined();
    expect(event.refusedFiles).toEqual([
      { name: 'dump.png', reason: 'too_big', detail: '64 KB' },
      { name: 'invoice.pdf', reason: 'type', detail: 'application/x-msdownload' },
    ]);
    // The too-big file was never fetched; the other one was.
    expect(fake.downloads.some((p) => p.includes('/dump.png'))).toBe(false);
    expect(fake.downloads.some((p) => p.includes('/invoice.pdf'))).toBe(true);
  });

  it("stops reading a file whose bytes outgrow what Discord declared", async () => {
    const liar = fake.host('big.png', Buffer.concat([pngBytes(8, 8, 3), Buffer.alloc(MAX_FILE)]), { declaredSize: 1000 });
    const d = messageCreate(MARIO, 'x', 'dm', [liar]);
    fake.dispatch('MESSAGE_CREATE', d);
    expect((await handedFor(d)).refusedFiles).toMatchObject([{ name: 'big.png', reason: 'too_big' }]);
  });

  it("takes a file posted in a ticket's thread as said on that ticket", async () => {
    const thread = fake.snowflake();
    await store.setRef(`discord:thread:${thread}`, 'IT-7');
    const png = pngBytes(8, 8, 4);
    const d = messageCreate(MARIO, '', { channelId: thread }, [fake.host('errore.png', png)]);
    fake.dispatch('MESSAGE_CREATE', d);
    const event = await handedFor(d);
    expect(event).toMatchObject({ kind: 'command', command: { verb: 'reply', code: 'IT-7', text: '' }, files: [{ id: sha256(png), name: 'errore.png' }] });
  });

  async function kept(name: string, bytes: Uint8Array): Promise<Attachment> {
    const accepted = await keeper.accept({ name, bytes });
    if (!accepted.ok) throw new Error(`not kept: ${JSON.stringify(accepted.refused)}`);
    return accepted.file;
  }

  it('uploads a reply\'s files with its message, as multipart', async () => {
    const png = pngBytes(8, 8, 5);
    const file = await kept('diagnosi.png', png);
    const n = fake.calls.length;
    await adapter.sendDirect(MARIO_REF, { text: 'Ecco la schermata', files: [file] });
    const call = fake.calls.slice(n).find(uploadsTo(MARIO_DM))!;
    expect(call.body.content).toBe('Ecco la schermata');
    expect(call.body.attachments).toEqual([{ id: 0, filename: 'diagnosi.png' }]);
    expect(call.files).toHaveLength(1);
    expect(call.files![0]).toMatchObject({ key: 'files[0]', name: 'diagnosi.png', contentType: 'image/png' });
    expect(call.files![0]!.bytes.equals(png)).toBe(true);
    expect(call.result.attachments[0]).toMatchObject({ filename: 'diagnosi.png', size: png.length });
  });

  it('names what Discord cannot carry: past its upload limit, past ten files', async () => {
    const large = await kept('foto [grande].png', bigPngBytes(40 * 1024, 6));
    expect(large.size).toBeGreaterThan(MAX_UPLOAD);
    const small = await Promise.all(Array.from({ length: 11 }, (_, i) => kept(`s${i}.png`, pngBytes(8, 8, 100 + i))));
    const n = fake.calls.length;
    await adapter.sendDirect(MARIO_REF, { text: 'File del ticket', files: [large, ...small] });
    const call = fake.calls.slice(n).find(uploadsTo(MARIO_DM))!;
    expect(call.files!.map((f) => f.name)).toEqual(small.slice(0, 10).map((f) => f.name));
    const lines = call.body.content.split('\n');
    expect(lines[0]).toBe('File del ticket');
    expect(lines[1]).toMatch(/^📎 foto \\\[grande\\\]\.png \(\d+ KB\) è troppo grande per Discord: aprilo dal web\.$/);
    expect(lines[2]).toMatch(/^📎 s10\.png \(\d+ (KB|B)\): Discord accetta 10 file per messaggio, aprilo dal web\.$/);
  });

  it('posts a delivery once when its answer is lost and it is sent again', async () => {
    const file = await kept('log.png', pngBytes(8, 8, 7));
    const reply: Reply = { text: 'Il log richiesto', files: [file] };
    const record = {
      id: 'IT-9#4',
      at: Date.now(),
      ticket: { code: 'IT-9', status: 'in_progress', requester: MARIO_REF, assignee: null } as unknown as Ticket,
      event: { kind: 'reply', text: 'Il log richiesto', actor: { platform: 'web', userId: 'wendy', name: 'Wendy' } },
      previousAssignee: null,
      outbound: [{ to: { kind: 'person', person: MARIO_REF }, reply }],
      card: { text: 'IT-9' },
      origin: { channel: 'web', person: { platform: 'web', userId: 'wendy', name: 'Wendy' } },
    } as unknown as ChangeRecord;
    const before = fake.created.length;
    fake.loseAnswers(1);
    const steps = adapter.stepsFor(record);
    expect(steps).toHaveLength(1);
    // As the change relay does: the step again after a failure, then once more for good measure.
    await steps[0]!.run().catch(() => steps[0]!.run());
    await steps[0]!.run();
    const made = fake.created.slice(before).filter((c) => c.channelId === MARIO_DM);
    expect(made).toHaveLength(1);
    expect(made[0]!.files.map((f) => f.name)).toEqual(['log.png']);
    expect(fake.calls.filter((c) => uploadsTo(MARIO_DM)(c) && c.body?.nonce === made[0]!.message.nonce).length).toBeGreaterThanOrEqual(3);
  });
});
