// An outage end to end: three people (two in the web chat, one on the Slack
// stand-in) are linked to the first report by an agent in the web chat; her
// reply and her resolution reach each of them on their own platform, and they
// confirm; a fourth asker is offered the outage before anything else; a
// requester rates the fix with a button, adds a comment, and cannot rate twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/index.js';
import { t } from '../../src/i18n.js';
import { slackServerEnv, startFakeSlack, type FakeSlack, type SlackCall } from '../support/fake-slack.js';
import { openStream, post, startServer, type RunningServer, type Stream } from '../support/server.js';
import type { StoreEnv } from '../support/server-stores.js';
import { buttonPress, messageEvent, postToSlackEndpoint } from '../support/slack-requests.js';

const TRIAGE = 'C0TRIAGE17';
const LUCA = 'U0LUCA0017';

interface WebReply {
  text: string;
  ticket?: { code: string; status: string };
  actions?: { id: string; label: string }[];
}

export function runOutageFlows(name: string, storeEnv: () => Promise<StoreEnv>): void {
  describe(`an outage and a rating end to end on ${name}`, () => {
    let fake: FakeSlack;
    let server: RunningServer;
    let storage: StoreEnv;
    let store: Store;
    const streams = new Map<string, Stream>();

    beforeAll(async () => {
      fake = await startFakeSlack({ [LUCA]: { name: 'Luca', locale: 'it-IT' } });
      storage = await storeEnv();
      server = await startServer({ ...storage.env, ...slackServerEnv(fake, TRIAGE) });
      store = await storage.open(server.dataDir);
      await store.saveAgent({ platform: 'web', userId: 'anna', name: 'Anna', departments: ['it'], tier: 1, role: 'agent' });
      for (const user of ['mario', 'giulia', 'tom', 'sara']) streams.set(user, await openStream(server.base, user));
    });
    afterAll(async () => {
      for (const s of streams.values()) s.close();
      await store?.close();
      await server?.stop();
      await fake?.close();
      await storage?.cleanup();
    });

    // The web chat says which language each person reads (their browser's); Anna's is English.
    const PEOPLE: Record<string, { name: string; locale: string }> = {
      mario: { name: 'Mario', locale: 'it-IT' },
      giulia: { name: 'Giulia', locale: 'it' },
      tom: { name: 'Tom', locale: 'en-GB' },
      sara: { name: 'Sara', locale: 'it-IT' },
      anna: { name: 'Anna', locale: 'en' },
    };
    const user = (id: string) => ({ id, ...PEOPLE[id]! });
    async function say(id: string, text: string): Promise<WebReply[]> {
      const res = await post(server.base, '/web/api/messages', { user: user(id), text });
      expect(res.status).toBe(200);
      return res.body.replies as WebReply[];
    }
    async function press(id: string, actionId: string): Promise<WebReply[]> {
      const res = await post(server.base, '/web/api/actions', { user: user(id), actionId });
      expect(res.status).toBe(200);
      return res.body.replies as WebReply[];
    }
    /** What the desk pushes to a web user, until a message matches. */
    async function hears(id: string, pred: (text: string) => boolean): Promise<{ text: string; actions?: { id: string }[] }> {
      for (;;) {
        const item = await streams.get(id)!.next(10_000);
        const said = item?.reply ?? item;
        if (pred(String(said?.text ?? ''))) return said;
      }
    }
    const dm = (text: string) => postToSlackEndpoint(server.base, messageEvent({ user: LUCA, text, channel: `D${LUCA}`, channelType: 'im' }), 'application/json');
    const pressOnSlack = (value: string, name: string) => postToSlackEndpoint(server.base, buttonPress({ user: LUCA, value, responseUrl: fake.respondUrl(name) }), 'application/x-www-form-urlencoded');
    const toLuca = (n: number, pred: (text: string) => boolean) => (c: SlackCall) =>
      fake.calls.indexOf(c) >= n && c.method === 'chat.postMessage' && c.args.channel === `D${LUCA}` && pred(`${String(c.args.text)} ${JSON.stringify(c.args.blocks ?? '')}`);
    const code = (replies: WebReply[]) => /IT-\d+/.exec(JSON.stringify(replies))![0];
    const ids = (replies: { actions?: { id: string }[] }[]) => replies.flatMap((r) => r.actions ?? []).map((a) => a.id);

    it('links three reports to the first, tells each of them on their platform, resolves them all, and offers the outage to a fourth asker', async () => {
      const parent = code(await say('mario', 'ticket new --no-faq --dept it la posta elettronica non funziona, Outlook non riceve nulla da stamattina'));
      const giulia = code(await say('giulia', 'ticket nuovo --no-faq --dept it outlook nn riceve le mail, posta bloccata anche x me'));
      const tom = code(await say('tom', 'ticket new --no-faq --dept it my outlook isnt getting any emails since 9am??'));
      let n = fake.calls.length;
      expect((await dm('ticket new --no-faq --dept it ciao, anche a me la posta è ferma da stamattina')).status).toBe(200);
      const opened = await fake.waitFor(toLuca(n, (s) => /IT-\d+/.test(s)), 'the ticket Luca opened on Slack');
      const luca = /IT-\d+/.exec(String(opened.args.text))![0];

      // Anna claims the first report: Giulia's reads like it, and comes with a "same problem" button.
      const claimed = await press('anna', `claim:${parent}`);
      expect(claimed[1]!.text).toContain(giulia);
      expect(ids(claimed)).toContain(`link:${giulia}_${parent}`);
      expect((await press('anna', `link:${giulia}_${parent}`))[0]!.text).toContain(t('en', 'outage.linked', { code: giulia, parent, title: '' }).split(' (')[0]!);
      await say('anna', `ticket link ${tom} ${parent}`);
      await say('anna', `ticket collega ${luca} ${parent}`);
      for (const c of [giulia, tom, luca]) expect((await store.get(c))!.linkedTo).toBe(parent);

      // Her reply on the parent reaches Mario and each linked requester, each on their own platform.
      n = fake.calls.length;
      await say('anna', `ticket reply ${parent} Il server di posta è in manutenzione, stiamo riavviando: 20 minuti circa`);
      expect((await hears('mario', (s) => s.includes('stiamo riavviando'))).text).toContain(parent);
      expect((await hears('giulia', (s) => s.includes('stiamo riavviando'))).text).toContain(`${giulia}`);
      expect((await hears('tom', (s) => s.includes('stiamo riavviando'))).text).toContain(t('en', 'outage.reply', { name: 'Anna', parent, code: tom, text: '' }).split(':')[0]!);
      await fake.waitFor(toLuca(n, (s) => s.includes('stiamo riavviando') && s.includes(luca)), 'the reply reaching Luca on Slack');

      // A fourth person asks, in their own words: the outage is offered first.
      const banner = await say('sara', 'buongiorno, outlook non riceve le email... è un problema generale?');
      expect(banner[0]!.text).toBe(t('it', 'outage.banner', { title: 'la posta elettronica non funziona, Outlook non riceve nulla da stamattina', parent }));
      const joined = await press('sara', banner[0]!.actions![0]!.id);
      const sara = joined[0]!.ticket!.code;
      expect(joined[0]!.text).toBe(t('it', 'outage.joined', { code: sara, parent }));
      expect((await store.get(sara))!.linkedTo).toBe(parent);

      // The resolution reaches everyone linked; each confirms their own.
      n = fake.calls.length;
      const resolved = await say('anna', `ticket resolve ${parent} Riavviato il server di posta: le email arrivano di nuovo`);
      expect(resolved[1]!.text).toBe(t('en', 'outage.resolvedLinked', { count: 4, codes: [giulia, tom, luca, sara].sort().join(', ') }));
      for (const [who, c] of [['mario', parent], ['giulia', giulia], ['tom', tom], ['sara', sara]] as const) {
        const told = await hears(who, (s) => s.includes('le email arrivano di nuovo'));
        expect(ids([told])).toEqual([`confirm:${c}`, `reopen:${c}`]);
      }
      await fake.waitFor(toLuca(n, (s) => s.includes('le email arrivano di nuovo') && s.includes(`confirm:${luca}`)), 'the resolution reaching Luca on Slack');
      await press('tom', `confirm:${tom}`);
      await press('sara', `confirm:${sara}`);
      n = fake.calls.length;
      await pressOnSlack(`confirm:${luca}`, 'luca-confirm');
      // Luca is asked to rate, on Slack, with Slack's own buttons.
      await fake.waitFor((c) => fake.calls.indexOf(c) >= n && JSON.stringify(c.args).includes(`rate:${luca}_5`), 'the rating question on Slack');
      for (const c of [tom, luca, sara]) expect((await store.get(c))!.status).toBe('closed');

      // Giulia confirms, rates with a button, adds a comment; a second rating is refused.
      const confirmed = await press('giulia', `confirm:${giulia}`);
      expect(confirmed[1]!.text).toBe(t('it', 'rating.ask', { code: giulia }));
      expect(ids(confirmed)).toEqual([1, 2, 3, 4, 5].map((s) => `rate:${giulia}_${s}`));
      expect((await press('giulia', `rate:${giulia}_5`))[0]!.text).toBe(t('it', 'rating.thanks', { code: giulia, score: 5 }));
      expect((await say('giulia', 'grazie mille, velocissimi!! :)'))[0]!.text).toBe(t('it', 'rating.commentThanks', { code: giulia }));
      expect((await store.get(giulia))!.rating).toMatchObject({ score: 5, comment: 'grazie mille, velocissimi!! :)' });
      expect((await press('giulia', `rate:${giulia}_1`))[0]!.text).toBe(t('it', 'rating.twice', { code: giulia, score: 5 }));
      expect((await store.get(giulia))!.rating!.score).toBe(5);
      // Anna reads it in the transcript.
      expect((await say('anna', `ticket status ${giulia}`))[0]!.text).toContain('★★★★★ (5/5): grazie mille, velocissimi!! :)');
      // The outage is over: a new asker with the same words is not offered it.
      const after = await say('mario', 'outlook non riceve le email, di nuovo');
      expect(after[0]!.text).not.toContain(t('it', 'outage.banner', { title: '', parent }).slice(0, 20));
    });
  });
}
