// Files through HelpDesk on a real store: a screenshot opens a ticket or joins
// the one it follows, travels to the other side with the message, stays out of
// the requester's sight on an internal note, fits the ticket's total, and opens
// only for those who may see it. The channels' own parts are tested with them.
import { describe, expect, it } from 'vitest';
import { t } from '../../src/i18n.js';
import { MB, type Attachment, type Participant, type Reply } from '../../src/index.js';
import { createTestDesk, person, type StoreEnv, type TestDesk, useStore } from '../support/desk.js';
import { bigPngBytes, exeBytes, pdfBytes, pngBytes } from '../support/sample-files.js';

export function runFileFlows(name: string, openStore: () => Promise<StoreEnv>): void {
  describe(`files through the desk on ${name}`, () => {
    let d: TestDesk;
    let anna: Participant;
    let hrAgent: Participant;
    let lead: Participant;
    let l1: Participant;

    useStore(openStore, async ({ store }) => {
      d = await createTestDesk(store, { fileLimits: { maxFileBytes: 1 * MB, maxTicketBytes: 2 * MB, allowed: ['image/*', 'application/pdf', 'text/plain'] } });
      anna = await d.agent({ userId: 'fl-anna', name: 'Anna', departments: ['it'], tier: 2 });
      l1 = await d.agent({ userId: 'fl-l1', name: 'Luca', departments: ['it'], tier: 1 });
      hrAgent = await d.agent({ userId: 'fl-hr', name: 'Piero', departments: ['hr'], tier: 3 });
      lead = await d.agent({ userId: 'fl-lead', name: 'Leo', departments: ['hr'], tier: 1, role: 'lead' });
    });

    async function keep(name: string, bytes: Uint8Array): Promise<Attachment> {
      const accepted = await d.deps.files!.accept({ name, bytes });
      if (!accepted.ok) throw new Error(`not kept: ${accepted.refused.reason}`);
      return accepted.file;
    }
    const send = (from: Participant, text: string, files: Attachment[], extra: object = {}) => d.handle({ kind: 'message', channel: 'web', from, text, files, ...extra });
    const codeIn = (replies: Reply[]) => replies.find((r) => r.ticket)!.ticket!.code;

    it('opens a ticket from a screenshot alone, keeps the bytes once, and shows it to the team with the new ticket', async () => {
      const mario = person('fl-mario', 'Mario', 'it');
      const shot = await keep('errore stampante.png', pngBytes(8, 8, 1));
      const again = await keep('copy.png', pngBytes(8, 8, 1));
      expect(again.id).toBe(shot.id);
      const replies = await send(mario, '', [shot]);
      const code = codeIn(replies);
      const ticket = (await d.store.get(code))!;
      expect(ticket.files).toEqual([expect.objectContaining({ id: shot.id, name: 'errore stampante.png', mime: 'image/png', version: 1, by: expect.objectContaining({ userId: 'fl-mario' }) })]);
      expect(ticket.title).toBe(t('it', 'files.sentOnly', { names: 'errore stampante.png' }));
      const card = d.teamInbox(ticket.department, 1).at(-1)!;
      expect(card.files).toEqual([{ id: shot.id, name: 'errore stampante.png', mime: 'image/png', size: shot.size }]);
      expect(Buffer.from((await d.store.readFile(shot.id))!)).toEqual(pngBytes(8, 8, 1));
    });

    it('skips the FAQ when a file comes with a question it could answer: a person will look at the screenshot', async () => {
      const giulia = person('fl-giulia', 'Giulia', 'en');
      const shot = await keep('vpn.png', pngBytes(8, 8, 2));
      const replies = await send(giulia, 'how do I reset my password?', [shot]);
      const code = codeIn(replies);
      expect((await d.store.get(code))!.files?.map((f) => f.id)).toEqual([shot.id]);
    });

    it('carries a requester\'s file to the agent and an agent\'s file to the requester, and lists both in the transcript', async () => {
      const sara = person('fl-sara', 'Sara', 'en');
      const code = codeIn(await d.say(sara, 'ticket new --no-faq --dept it my laptop shows a blue screen'));
      await d.say(anna, `ticket claim ${code}`);
      const guide = await keep('driver-guide.pdf', pdfBytes('Update the driver'));
      await d.handle({ kind: 'command', channel: 'web', from: anna, command: { verb: 'reply', code, text: 'try these steps' }, files: [guide] });
      const toSara = d.inbox(sara).at(-1)!;
      expect(toSara.text).toContain('try these steps');
      expect(toSara.files).toEqual([{ id: guide.id, name: 'driver-guide.pdf', mime: 'application/pdf', size: guide.size }]);
      // Waiting for her: a photo alone goes to that ticket.
      const photo = await keep('IMG_2041.png', pngBytes(16, 16, 3));
      const [added] = await send(sara, '', [photo]);
      expect(added!.ticket!.code).toBe(code);
      expect(d.inbox(anna).at(-1)!.files?.map((f) => f.id)).toEqual([photo.id]);
      const [status] = await d.say(sara, `ticket status ${code}`);
      expect(status!.text).toContain('driver-guide.pdf');
      expect(status!.text).toContain('IMG_2041.png');
      // The requester, the agent who holds it and the sender open both.
      expect((await d.openFile(sara, code, guide.id))?.file.name).toBe('driver-guide.pdf');
      expect(Buffer.from((await d.openFile(anna, code, photo.id))!.bytes)).toEqual(pngBytes(16, 16, 3));
    });

    it('keeps an internal note\'s file among agents, and opens files only to those who may see the ticket', async () => {
      const paolo = person('fl-paolo', 'Paolo', 'en');
      const stranger = person('fl-stranger', 'Someone', 'en');
      const code = codeIn(await d.say(paolo, 'ticket new --no-faq --dept it outlook keeps crashing'));
      await d.say(anna, `ticket claim ${code}`);
      await d.say(anna, `ticket escalate ${code} needs L2`);
      const log = await keep('crash.log', Buffer.from('2026-11-30 10:02 outlook.exe faulting module mso.dll\n'));
      const before = d.inbox(paolo).length;
      await d.handle({ kind: 'command', channel: 'web', from: anna, command: { verb: 'note', code, text: 'the log' }, files: [log] });
      expect(d.inbox(paolo).slice(before).some((r) => r.files?.length)).toBe(false);
      const ticket = (await d.store.get(code))!;
      expect(ticket.files!.find((f) => f.id === log.id)).toMatchObject({ internal: true, mime: 'text/plain' });
      expect(await d.openFile(paolo, code, log.id)).toBeNull();
      expect(await d.openFile(stranger, code, log.id)).toBeNull();
      // Another department's agent, and an L1 agent on a ticket now at L2, are told nothing either.
      expect(await d.openFile(hrAgent, code, log.id)).toBeNull();
      expect(await d.openFile(l1, code, log.id)).toBeNull();
      expect((await d.openFile(lead, code, log.id))?.file.name).toBe('crash.log');
      // A real file id on the wrong ticket, a malformed id, a prototype key: nothing.
      const other = codeIn(await d.say(stranger, 'ticket new --no-faq --dept it my mouse is broken'));
      expect(await d.openFile(anna, other, log.id)).toBeNull();
      expect(await d.openFile(anna, code, '../../etc/passwd')).toBeNull();
      expect(await d.openFile(anna, '__proto__', log.id)).toBeNull();
    });

    it('says in the person\'s language which files were refused, and keeps the rest of the message', async () => {
      const marta = person('fl-marta', 'Marta', 'it');
      const exe = await d.deps.files!.accept({ name: 'fattura.pdf', bytes: exeBytes() });
      expect(exe).toMatchObject({ ok: false, refused: { reason: 'type', detail: 'application/x-msdownload' } });
      const tooBig = await d.deps.files!.accept({ name: 'scan.png', bytes: Buffer.concat([pngBytes(), Buffer.alloc(MB + 1)]) });
      expect(tooBig).toMatchObject({ ok: false, refused: { reason: 'too_big' } });
      const refused = [exe, tooBig].flatMap((a) => (a.ok ? [] : [a.refused]));
      const replies = await send(marta, 'il monitor non si accende', [], { refusedFiles: refused });
      const notice = replies.find((r) => r.text.includes('fattura.pdf'))!;
      expect(notice.text).toContain(t('it', 'files.refused.type', { name: 'fattura.pdf', detail: 'application/x-msdownload' }));
      expect(notice.text).toContain('"scan.png"');
      expect(notice.ephemeral).toBe(true);
      // The words went their usual way all the same (a ticket, a question or an answer), and nothing was lost.
      expect(replies.length).toBeGreaterThan(1);
    });

    it('fills a ticket up to its total and refuses what does not fit, by name', async () => {
      const ugo = person('fl-ugo', 'Ugo', 'en');
      const code = codeIn(await d.say(ugo, 'ticket new --no-faq --dept it scanner fails'));
      const parts = await Promise.all([1, 2, 3].map((i) => keep(`scan-${i}.png`, bigPngBytes(900 * 1024, 10 + i))));
      const replies = await d.handle({ kind: 'command', channel: 'web', from: ugo, command: { verb: 'reply', code, text: 'three scans' }, files: parts });
      const kept = (await d.store.get(code))!.files!.map((f) => f.name);
      expect(kept).toEqual(['scan-1.png', 'scan-2.png']);
      expect(replies.at(-1)!.text).toBe(t('en', 'files.refused.ticket_full', { name: 'scan-3.png', total: '2.0 MB' }));
      // The same scan sent again is on the ticket already: listed once, and nobody is told it was refused.
      const again = await d.handle({ kind: 'command', channel: 'web', from: ugo, command: { verb: 'reply', code, text: 'again' }, files: [parts[0]!, parts[0]!] });
      expect((await d.store.get(code))!.files!.map((f) => f.name)).toEqual(['scan-1.png', 'scan-2.png']);
      expect(again.some((r) => r.text.includes('scan-1.png'))).toBe(false);
    });

    it('asks which ticket a file follows when several could be meant, and sends it where the person says', async () => {
      const rita = person('fl-rita', 'Rita', 'en');
      const a = codeIn(await d.say(rita, 'ticket new --no-faq --dept it printer jam'));
      d.clock.t += 25 * 3600_000;
      const b = codeIn(await d.say(rita, 'ticket new --no-faq --dept it vpn drops'));
      d.clock.t += 25 * 3600_000;
      const shot = await keep('jam.png', pngBytes(8, 8, 40));
      const asked = await send(rita, 'here is the photo', [shot]);
      const choice = asked.flatMap((r) => r.actions ?? []).find((x) => x.id === `follow-to:${a}`)!;
      expect(asked.some((r) => r.text.includes('jam.png'))).toBe(false);
      await d.press(rita, choice.id);
      expect((await d.store.get(a))!.files?.map((f) => f.name)).toEqual(['jam.png']);
      expect((await d.store.get(b))!.files).toBeUndefined();
    });

    it('tells the person when a file reached no ticket', async () => {
      const eva = person('fl-eva', 'Eva', 'en');
      const shot = await keep('thanks.png', pngBytes(8, 8, 50));
      const replies = await d.handle({ kind: 'command', channel: 'web', from: eva, command: { verb: 'list' }, files: [shot] });
      expect(replies.at(-1)!.text).toBe(t('en', 'files.notAttached', { names: 'thanks.png' }));
    });
  });
}
