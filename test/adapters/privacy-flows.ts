// A person's data under the GDPR, end to end: a requester talks through the web
// chat and opens tickets, an agent works them from the Slack stand-in; the command
// line exports what is stored about her, erases it, and then the whole store (every
// table, every collection, read behind the server's back) holds neither her id nor
// her name, while the figures reports read are as they were. Retention on a clock
// moved forward takes only tickets closed long enough ago.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonRef, PrivacyAuditEntry, Store, Ticket, TicketFile } from '../../src/index.js';
import { makeEvent } from '../support/factories.js';
import { pngBytes } from '../support/sample-files.js';
import { slackServerEnv, startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { openStream, post, startServer, type RunningServer, type Stream } from '../support/server.js';
import type { StoreEnv } from '../support/server-stores.js';
import { postToSlackEndpoint, slashCommand } from '../support/slack-requests.js';
import { tracesOf, type DumpedRecord } from '../support/store-dump.js';

const TRIAGE = 'C0TRIAGE09';
const BRUNO = 'U0ZAGENT77';
const OTTAVIA = { id: 'w-ottavia-5k', name: 'Ottavia Quercioli' };
const LUISA = { id: 'w-luisa-9z', name: 'Luisa Ferri' };
const DAY = 24 * 3600_000;
const run = promisify(execFile);

export function runPrivacyFlows(name: string, storeEnv: () => Promise<StoreEnv>, dump: (storage: StoreEnv, dataDir: string) => Promise<DumpedRecord[]>): void {
  describe(`privacy end to end on ${name}`, () => {
    let fake: FakeSlack;
    let server: RunningServer;
    let storage: StoreEnv;
    let store: Store;
    let env: Record<string, string>;

    beforeAll(async () => {
      fake = await startFakeSlack({ [BRUNO]: { name: 'Bruno Vasari', locale: 'it-IT' } });
      storage = await storeEnv();
      env = { ...storage.env, ...slackServerEnv(fake, TRIAGE) };
      server = await startServer(env);
      store = await storage.open(server.dataDir);
      await store.saveAgent({ platform: 'slack', userId: BRUNO, name: 'Bruno Vasari', departments: ['it', 'hr'], tier: 1, role: 'agent', locale: 'it' });
    });
    afterAll(async () => {
      await store?.close();
      await server?.stop();
      await fake?.close();
      await storage?.cleanup();
    });

    const cli = async (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'app/main.ts', 'privacy', ...args], {
        // The server's own store: the SQLite run must not follow a MONGODB_URI the test process was given.
        env: { ...process.env, ...env, MONGODB_URI: env.MONGODB_URI ?? '', DATA_DIR: server.dataDir, LOG_LEVEL: 'silent' },
      });
    const say = async (who: { id: string; name: string }, text: string) => {
      const res = await post(server.base, '/web/api/messages', { user: who, text });
      expect(res.status).toBe(200);
      return JSON.stringify(res.body);
    };
    const slash = (text: string, tag: string) => postToSlackEndpoint(server.base, slashCommand({ user: BRUNO, text, responseUrl: fake.respondUrl(tag) }), 'application/x-www-form-urlencoded');
    const codeIn = (text: string, prefix: string) => new RegExp(`${prefix}-\\d+`).exec(text)![0];

    async function figures(codes: string[]) {
      const tickets = (await Promise.all(codes.map((c) => store.get(c)))) as Ticket[];
      return { counts: await store.countByStatus(), tickets: tickets.map((t) => [t.code, t.department, t.priority, t.status, t.createdAt, t.closedAt ?? null, t.channel]) };
    }

    it('exports, then erases a requester: nothing in the store names her afterwards, the figures stay, the audit names nobody', async () => {
      let stream: Stream | undefined = await openStream(server.base, OTTAVIA.id);
      const vpn = codeIn(await say(OTTAVIA, 'ticket new --no-faq --dept it la VPN non si collega dal portatile di Ottavia, chiamatemi al 333 1234567'), 'IT');
      const leave = codeIn(await say(OTTAVIA, 'ticket new --no-faq --dept hr quanti giorni di ferie mi restano dopo il trasloco a Pordenone?'), 'HR');
      await say(OTTAVIA, 'come faccio a cambiare la password della casella zeta7?');
      const luisa = codeIn(await say(LUISA, 'ticket new --no-faq --dept it stesso problema di Ottavia Quercioli con la VPN'), 'IT');

      // Slack acks at once and the desk acts after: each step waits for the one before.
      expect((await slash(`claim ${vpn}`, 'claim')).status).toBe(200);
      await expect.poll(async () => (await store.get(vpn))?.assignee?.userId, { timeout: 10_000 }).toBe(BRUNO);
      await slash(`reply ${vpn} Ciao Ottavia, reimposto il profilo VPN`, 'reply');
      await expect.poll(async () => (await store.events(vpn)).some((e) => e.text?.includes('Ciao Ottavia')), { timeout: 10_000 }).toBe(true);
      await slash(`resolve ${vpn} profilo VPN reimpostato`, 'resolve');
      await expect.poll(async () => (await store.get(vpn))?.status, { timeout: 10_000 }).toBe('resolved');
      const confirmed = await post(server.base, '/web/api/actions', { user: OTTAVIA, actionId: `confirm:${vpn}` });
      expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
      await expect.poll(async () => (await store.get(vpn))?.status, { timeout: 10_000 }).toBe('closed');
      stream.close();
      stream = undefined;
      const before = await figures([vpn, leave, luisa]);

      // Export: everything about her, as JSON, in a file only its owner reads.
      const out = join(mkdtempSync(join(tmpdir(), 'sportello-export-')), 'ottavia.json');
      await cli('export', '--platform', 'web', '--user', OTTAVIA.id, '--out', out);
      expect(statSync(out).mode & 0o777).toBe(0o600);
      // An existing file is never written over (it would keep its own mode).
      const taken = join(mkdtempSync(join(tmpdir(), 'sportello-export-')), 'taken.json');
      writeFileSync(taken, 'keep me', { mode: 0o644 });
      await expect(cli('export', '--platform', 'web', '--user', OTTAVIA.id, '--out', taken)).rejects.toMatchObject({ stderr: expect.stringContaining('already exists') });
      expect(readFileSync(taken, 'utf8')).toBe('keep me');
      const exported = JSON.parse(readFileSync(out, 'utf8')) as { person: unknown; records: Record<string, unknown[]> };
      expect(exported.person).toEqual({ platform: 'web', userId: OTTAVIA.id });
      const exportedText = JSON.stringify(exported.records);
      for (const expected of ['333 1234567', 'trasloco a Pordenone', 'casella zeta7', 'Ciao Ottavia', vpn, leave]) expect(exportedText).toContain(expected);
      // Luisa's ticket only names her: it is Luisa's data, found by nobody's name.
      expect(exportedText).not.toContain('stesso problema di');
      expect(Object.keys(exported.records)).toEqual(expect.arrayContaining(['tickets', 'ticket_events', 'chat_history']));

      // Without --yes, nothing changes.
      const dry = await cli('erase', '--platform', 'web', '--user', OTTAVIA.id);
      expect(dry.stdout).toContain('Nothing was changed');
      expect((await store.get(vpn))!.requester.userId).toBe(OTTAVIA.id);

      const erased = await cli('erase', '--platform', 'web', '--user', OTTAVIA.id, '--yes');
      const pseudonym = /they are now (anon-[0-9a-f]+)/.exec(erased.stdout)![1]!;

      const all = await dump(storage, server.dataDir);
      expect(all.length).toBeGreaterThan(20);
      // Her id and full name (a first name alone is anyone's, and stays in others' words).
      for (const needle of [OTTAVIA.id, OTTAVIA.name, '333 1234567', 'trasloco a Pordenone', 'casella zeta7']) {
        expect(tracesOf(all, needle), needle).toEqual([]);
      }
      expect(tracesOf(all, LUISA.id).length).toBeGreaterThan(0);
      expect(await figures([vpn, leave, luisa])).toEqual(before);
      expect((await store.get(vpn))!.requester.userId).toBe(pseudonym);
      expect((await store.get(leave))!.requester.userId).toBe(pseudonym);
      expect((await store.get(luisa))!.description).toContain(pseudonym);

      // Erasing again is harmless.
      const again = await cli('erase', '--platform', 'web', '--user', OTTAVIA.id, '--yes');
      expect(again.stdout).toContain('changed or removed nothing');
      expect(await figures([vpn, leave, luisa])).toEqual(before);

      // The agent who worked it, on the Slack stand-in, can be erased the same way: his tickets keep their figures.
      await cli('erase', '--platform', 'slack', '--user', BRUNO, '--yes');
      const afterAgent = await dump(storage, server.dataDir);
      for (const needle of [BRUNO, 'Bruno Vasari']) expect(tracesOf(afterAgent, needle), needle).toEqual([]);
      expect(await figures([vpn, leave, luisa])).toEqual(before);
      expect(await store.getAgent('slack', BRUNO)).toBeNull();

      const audit = (JSON.parse((await cli('audit', '--json')).stdout) as PrivacyAuditEntry[]).slice(1);
      expect(audit).toHaveLength(2);
      expect(audit[1]).toMatchObject({ kind: 'erase', pseudonym, by: expect.stringMatching(/^cli:/) });
      expect(audit[1]!.counts.tickets).toBeGreaterThanOrEqual(3);
      expect(JSON.stringify(audit)).not.toMatch(/ottavia|quercioli|bruno|vasari|U0ZAGENT77/i);
    }, 120_000);

    it('exports a requester’s files with their bytes (inline, or beside the JSON in a folder) and erases those she sent', async () => {
      const carla = { id: 'w-carla-3v', name: 'Carla Benedetti' };
      const code = codeIn(await say(carla, 'ticket new --no-faq --dept it la stampante di Carla stampa a righe'), 'IT');
      const requester: PersonRef = (await store.get(code))!.requester;
      const bruno: PersonRef = { platform: 'slack', userId: BRUNO, name: 'Bruno Vasari' };
      const shot = pngBytes(8, 8, 1);
      const guide = pngBytes(16, 16, 2);
      const kept = async (bytes: Buffer) => (await store.putFile(bytes, 'image/png')).id;
      const attach = async (file: Omit<TicketFile, 'version'>) => {
        const t = (await store.get(code))!;
        await store.update({ ...t, files: [...(t.files ?? []), { ...file, version: t.version + 1 }] }, t.version, makeEvent({ kind: 'message', actor: file.by, text: 'file', at: file.at }));
      };
      await attach({ id: await kept(shot), name: 'stampa-di-carla.png', mime: 'image/png', size: shot.length, at: Date.now(), by: requester });
      await attach({ id: await kept(guide), name: 'come pulire la testina.png', mime: 'image/png', size: guide.length, at: Date.now(), by: bruno });
      const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

      // To a file: the bytes inside the JSON, as base64.
      const out = join(mkdtempSync(join(tmpdir(), 'sportello-export-')), 'carla.json');
      await cli('export', '--platform', 'web', '--user', carla.id, '--out', out);
      const inline = JSON.parse(readFileSync(out, 'utf8')) as { files: { name: string; sentByThem: boolean; base64: string }[] };
      expect(inline.files.map((f) => [f.name, f.sentByThem]).sort()).toEqual([['come pulire la testina.png', false], ['stampa-di-carla.png', true]]);
      expect(Buffer.from(inline.files.find((f) => f.sentByThem)!.base64, 'base64').equals(shot)).toBe(true);

      // To a folder: export.json, and each file beside it under a name she can open.
      const folder = mkdtempSync(join(tmpdir(), 'sportello-export-'));
      await cli('export', '--platform', 'web', '--user', carla.id, '--out', folder);
      const beside = JSON.parse(readFileSync(join(folder, 'export.json'), 'utf8')) as { files: { name: string; path: string; base64?: string }[] };
      expect(beside.files.every((f) => f.base64 === undefined)).toBe(true);
      const mine = beside.files.find((f) => f.name === 'stampa-di-carla.png')!;
      expect(readFileSync(join(folder, mine.path)).equals(shot)).toBe(true);
      expect(statSync(join(folder, mine.path)).mode & 0o777).toBe(0o600);
      expect(readdirSync(join(folder, 'files')).sort()).toEqual([`${sha(guide).slice(0, 12)}-come pulire la testina.png`, `${sha(shot).slice(0, 12)}-stampa-di-carla.png`].sort());
      // A folder already holding an export is refused.
      await expect(cli('export', '--platform', 'web', '--user', carla.id, '--out', folder)).rejects.toMatchObject({ stderr: expect.stringContaining('already exists') });

      const erased = await cli('erase', '--platform', 'web', '--user', carla.id, '--yes');
      expect(erased.stdout).toMatch(/ticket_files 1/);
      expect(erased.stdout).toMatch(/files 1/);
      expect(await store.readFile(sha(shot))).toBeNull();
      expect(Buffer.from((await store.readFile(sha(guide)))!).equals(guide)).toBe(true);
      const ticket = (await store.get(code))!;
      expect(ticket.files!.map((f) => f.name)).toEqual(['come pulire la testina.png']);
      const all = await dump(storage, server.dataDir);
      for (const needle of [carla.id, carla.name, 'stampa-di-carla']) expect(tracesOf(all, needle), needle).toEqual([]);
      // With SQLite the bytes were a file under DATA_DIR/files: gone too (GridFS's chunks are in the dump above).
      const onDisk = join(server.dataDir, 'files');
      const files = existsSync(onDisk) ? readdirSync(onDisk, { recursive: true }).map(String) : [];
      expect(files.some((f) => f.endsWith(sha(shot)))).toBe(false);
      expect(files.some((f) => f.endsWith(sha(guide)))).toBe(existsSync(onDisk));
    }, 120_000);

    it('retention pseudonymises only tickets closed long enough ago, and refuses a "now" in the future', async () => {
      const closed = codeIn(await say(LUISA, 'ticket new --no-faq --dept it il monitor di Luisa sfarfalla'), 'IT');
      await say(LUISA, `ticket cancel ${closed}`);
      await expect.poll(async () => (await store.get(closed))?.status, { timeout: 10_000 }).toBe('cancelled');
      const open = codeIn(await say(LUISA, 'ticket new --no-faq --dept it la tastiera di Luisa non va'), 'IT');
      const iso = (ms: number) => new Date(ms).toISOString();

      // A "now" ahead of the clock would retire recent tickets and stall the daily runs: refused, nothing changed.
      const ahead = cli('retention', '--days', '30', '--now', iso(Date.now() + 31 * DAY));
      await expect(ahead).rejects.toMatchObject({ stderr: expect.stringContaining('later than the current time') });
      expect((await store.get(closed))!.requester.userId).toBe(LUISA.id);
      expect(JSON.parse((await cli('audit', '--json')).stdout)).not.toContainEqual(expect.objectContaining({ kind: 'retention' }));

      // The ticket as if cancelled 31 days ago.
      const cancelled = (await store.get(closed))!;
      await store.update({ ...cancelled, closedAt: Date.now() - 31 * DAY }, cancelled.version, makeEvent({ kind: 'note', at: Date.now() }));

      // Counted back from two days ago, it is not old enough yet.
      const early = await cli('retention', '--days', '30', '--now', iso(Date.now() - 2 * DAY));
      expect(early.stdout).toContain('nothing');
      expect((await store.get(closed))!.requester.userId).toBe(LUISA.id);

      const late = await cli('retention', '--days', '30');
      expect(late.stdout).toMatch(/tickets [1-9]/);
      const retired = (await store.get(closed))!;
      expect(retired.requester.userId).toMatch(/^anon-/);
      expect(retired.pseudonymisedAt).toBeDefined();
      expect(JSON.stringify(await store.events(closed))).not.toMatch(/Luisa|w-luisa-9z/);
      expect((await store.get(open))!.requester.userId).toBe(LUISA.id);
      const audit = JSON.parse((await cli('audit', '--json')).stdout) as PrivacyAuditEntry[];
      expect(audit[0]).toMatchObject({ kind: 'retention', pseudonym: null });
      expect(JSON.stringify(audit)).not.toMatch(/luisa/i);
    }, 120_000);
  });
}
