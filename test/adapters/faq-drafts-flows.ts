// Recurring problems become FAQ entries, end to end through the web chat: five
// colleagues write in their own words that the PC does not see their USB stick,
// an agent fixes each, they confirm; the daily job (run now from the command line)
// groups them into a draft, the IT lead hears of it in a DM with its buttons and
// approves it, and a sixth colleague is answered from the FAQ at once.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/index.js';
import { openStream, post, startServer, type RunningServer, type Stream } from '../support/server.js';
import type { StoreEnv } from '../support/server-stores.js';

const run = promisify(execFile);

// What people wrote, and what the agent answered each of them.
const ASKED: [user: string, name: string, text: string, fix: string][] = [
  ['marta', 'Marta Gialli', 'la chiavetta USB non viene riconosciuta dal pc, ho provato tutte le porte',
    'Le porte USB erano bloccate dal criterio di sicurezza: abilitato l\'accesso alle chiavette dal portale self-service (Dispositivi > USB), poi riavviato il pc.'],
  ['paolo', 'Paolo Verdi', 'Ciao, ho inserito una penna usb ma non compare in Esplora risorse. Sono Paolo, interno 4471',
    'abilitato accesso usb dal portale self-service (Dispositivi > USB) e riavviato'],
  ['giulia', 'Giulia Neri', 'il portatile non legge piu le chiavette usb da stamattina, mi serve per la presentazione!!',
    'Il criterio di sicurezza bloccava le chiavette USB: sbloccate dal portale self-service, poi riavvio.'],
  ['bruno', 'Bruno Costa', 'buongiorno, la pennetta usb con le slide della riunione non si apre, il pc non la vede proprio',
    'Accesso USB abilitato dal portale self-service, dopo il riavvio la chiavetta si vede.'],
  ['sara', 'Sara Galli', 'USB non riconoscuta: esce "dispositivo bloccato dai criteri aziendali" (scrivetemi a sara.galli@example.com)',
    'chiavette usb bloccate dal criterio aziendale: sblocco dal portale self-service (Dispositivi > USB) + riavvio'],
];

export function runFaqDraftFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`recurring problems become FAQ drafts, end to end on ${name}`, () => {
    let server: RunningServer;
    let storage: StoreEnv;
    let store: Store;
    let env: Record<string, string>;
    let lia: Stream;

    beforeAll(async () => {
      storage = await storeEnv();
      env = { ...storage.env, DEFAULT_LOCALE: 'it' };
      server = await startServer(env);
      store = await storage.open(server.dataDir);
      await store.saveAgent({ platform: 'web', userId: 'luca', name: 'Luca Ferri', departments: ['it'], tier: 1, role: 'agent', locale: 'it' });
      await store.saveAgent({ platform: 'web', userId: 'lia', name: 'Lia Moretti', departments: ['it'], tier: 2, role: 'lead', locale: 'it' });
      lia = await openStream(server.base, 'lia');
    });
    afterAll(async () => {
      lia?.close();
      await store?.close();
      await server?.stop();
      await storage?.cleanup();
    });

    const say = async (user: string, name: string, text: string) => {
      const res = await post(server.base, '/web/api/messages', { user: { id: user, name }, text });
      expect(res.status).toBe(200);
      return res.body.replies as { text: string; actions?: { id: string; label: string }[]; ticket?: { code: string } }[];
    };
    const press = async (user: string, name: string, actionId: string) => {
      const res = await post(server.base, '/web/api/actions', { user: { id: user, name }, actionId });
      expect(res.status).toBe(200);
      return res.body.replies as { text: string }[];
    };
    const cli = async (...args: string[]) => {
      const out = await run(process.execPath, ['--import', 'tsx', 'app/main.ts', 'faq', 'drafts', ...args], {
        // The server's own store: the SQLite run must not follow a MONGODB_URI the test process was given.
        env: { ...process.env, ...env, MONGODB_URI: env.MONGODB_URI ?? '', DATA_DIR: server.dataDir, LOG_LEVEL: 'silent' },
      });
      return out.stdout;
    };
    /** What the server pushed to Lia's web chat, until one matches. */
    async function liaHears(pred: (said: { text: string; actions?: { id: string }[] }) => boolean) {
      for (;;) {
        const item = await lia.next(15_000);
        const said = (item?.reply ?? item) as { text: string; actions?: { id: string }[] };
        if (typeof said?.text === 'string' && pred(said)) return said;
      }
    }

    it('turns five solved tickets about one problem into a draft the lead approves, which answers the sixth asker', async () => {
      const codes: string[] = [];
      for (const [user, who, text, fix] of ASKED) {
        const [opened] = await say(user, who, text);
        const code = opened!.ticket?.code ?? /IT-\d+/.exec(opened!.text)?.[0];
        expect(code, `${who}'s message opened a ticket: ${opened!.text}`).toMatch(/^IT-\d+$/);
        codes.push(code!);
        await say('luca', 'Luca Ferri', `ticket claim ${code}`);
        const [resolved] = await say('luca', 'Luca Ferri', `ticket resolve ${code} ${fix}`);
        expect(resolved!.text).toContain(code!);
        await press(user, who, `confirm:${code}`);
        await expect.poll(async () => (await store.get(code!))!.status, { timeout: 10_000 }).toBe('closed');
      }

      // The daily job, now: one draft of the five, the lead told through the outbox.
      const report = JSON.parse(await cli('run', '--json')) as { read: number; clusters: number; proposed: string[]; told: string[] };
      const id = `d-${codes[0]!.toLowerCase()}`;
      expect(report).toMatchObject({ read: 5, clusters: 1, proposed: [id], told: [id] });
      // A second run (another instance, tomorrow) makes no second draft of the same tickets.
      expect(JSON.parse(await cli('run', '--json'))).toMatchObject({ read: 0, proposed: [], told: [] });

      const notice = await liaHears((s) => s.text.includes(id));
      expect(notice.text).toContain(`Nuova bozza di FAQ ${id} per`);
      expect(notice.text).toContain('la chiavetta USB non viene riconosciuta dal pc');
      expect(notice.text).not.toMatch(/Paolo|4471|sara\.galli|Luca/);
      expect(notice.actions!.map((a) => a.id)).toEqual([`draft-ok:${id}_1`, `draft-edit:${id}_1`, `draft-no:${id}_1`]);

      // The command line sees what the lead sees; an agent may not decide it.
      const shown = JSON.parse(await cli('show', id, '--json')) as { status: string; sources: string[]; locale: string; answer: Record<string, string> };
      expect(shown).toMatchObject({ status: 'pending', sources: codes, locale: 'it' });
      expect(Object.keys(shown.answer)).toEqual(['it']);
      const [refused] = await press('luca', 'Luca Ferri', `draft-ok:${id}_1`);
      expect(refused!.text).toBe('Solo i responsabili del reparto decidono le bozze di FAQ.');

      const [approved] = await press('lia', 'Lia Moretti', `draft-ok:${id}_1`);
      expect(approved!.text).toBe(`✅ Bozza ${id} approvata: la voce FAQ it-${codes[0]!.toLowerCase()} risponde dal prossimo messaggio.`);

      // A sixth colleague, in words of their own: answered from the FAQ, no ticket opened.
      const before = (await store.countByStatus()).open;
      const [answer] = await say('elena', 'Elena Riva', 'il mio pc non riconosce la chiavetta usb, come faccio?');
      expect(answer!.text).toContain('portale self-service');
      expect(answer!.ticket).toBeUndefined();
      expect((await store.countByStatus()).open).toBe(before);
      expect(JSON.parse(await cli('list', '--status', 'approved', '--json')).map((d: { id: string }) => d.id)).toEqual([id]);
      // Five conversations and four command-line runs (each a process that loads the desk): more than the usual 30 s on a busy machine.
    }, 120_000);
  });
}
