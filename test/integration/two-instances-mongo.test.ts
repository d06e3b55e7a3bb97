// Two instances behind a load balancer on one MongoDB (FerretDB here): people and
// agents land on either. Codes stay unique when both open tickets at once, and two
// agents claiming the same ticket through different instances at the same moment
// get one owner and one clear refusal, every time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshMongoHarness, mongoUri, requireMongoInCi } from '../support/mongo.js';
import { post, startServer, type RunningServer } from '../support/server.js';

requireMongoInCi();

describe.runIf(mongoUri)('two instances on one MongoDB', () => {
  const h = mongoUri ? freshMongoHarness() : null;
  let a: RunningServer;
  let b: RunningServer;
  beforeAll(async () => {
    const store = await h!.connect();
    for (const id of ['anna', 'bruno']) await store.saveAgent({ platform: 'web', userId: id, name: id === 'anna' ? 'Anna' : 'Bruno', departments: ['it'], tier: 1, role: 'agent' });
    await store.close();
    const env = { MONGODB_URI: `${h!.uri}${h!.dbName}`, LIMIT_TICKETS_PER_HOUR: '0', LIMIT_MESSAGES_PER_MINUTE: '0' };
    a = await startServer({ ...env, INSTANCE_ID: 'desk-a' });
    b = await startServer({ ...env, INSTANCE_ID: 'desk-b' });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await h?.cleanup();
  });

  it('gives every ticket opened at once on either instance a code of its own', async () => {
    const asks = Array.from({ length: 16 }, (_, i) =>
      post(i % 2 ? a.base : b.base, '/web/api/messages', { user: { id: `persona-${i}`, name: `Persona ${i}`, locale: 'it' }, text: `ticket new il pc numero ${i} non si accende` }),
    );
    const codes = (await Promise.all(asks)).map((r) => /ticket (IT-\d+)/.exec(r.body.replies[0].text)?.[1]);
    expect(codes.every(Boolean)).toBe(true);
    expect(new Set(codes).size).toBe(16);
  });

  it('lets one of two agents claiming the same ticket through different instances win, and tells the other who has it', async () => {
    for (let round = 0; round < 6; round++) {
      const opened = await post(a.base, '/web/api/messages', { user: { id: 'mario', name: 'Mario', locale: 'it' }, text: `ticket new la stampante ${round} è ferma` });
      const code = /ticket (IT-\d+)/.exec(opened.body.replies[0].text)![1]!;
      const [byAnna, byBruno] = await Promise.all([
        post(a.base, '/web/api/messages', { user: { id: 'anna', name: 'Anna', locale: 'en' }, text: `ticket claim ${code}` }),
        post(b.base, '/web/api/messages', { user: { id: 'bruno', name: 'Bruno', locale: 'en' }, text: `ticket claim ${code}` }),
      ]);
      const said = [byAnna.body.replies[0].text as string, byBruno.body.replies[0].text as string];
      const refused = said.filter((t) => /is already claimed by (Anna|Bruno)\.|changed while I was saving/.test(t));
      expect(refused, said.join(' | ')).toHaveLength(1);
      const store = await h!.connect();
      try {
        const ticket = (await store.byRequester('web', 'mario', { limit: 50 })).find((t) => t.code === code)!;
        const winner = said[0] === refused[0] ? 'bruno' : 'anna';
        expect(ticket.assignee).toMatchObject({ platform: 'web', userId: winner });
        expect((await store.events(code)).filter((e) => e.kind === 'claimed')).toHaveLength(1);
      } finally {
        await store.close();
      }
    }
  });
});
