// Quick turns through botbuilder's TestAdapter (no HTTP, no connector): the
// adapter's invoke answers, with a stand-in desk.
import { TestAdapter } from 'botbuilder';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { turnLogic } from '../../adapters/channels/teams/bot-connection.js';
import { createTeamsAdapter } from '../../adapters/channels/teams/create-teams-adapter.js';
import type { InboundEvent, Reply } from '../../src/index.js';

function teamsWithDesk(answer: (e: InboundEvent) => Reply[], serviceUrl = 'http://127.0.0.1:9/') {
  const seen: InboundEvent[] = [];
  const refs = new Map<string, string>();
  const teams = createTeamsAdapter({
    auth: { appId: '' },
    handle: async (e) => (seen.push(e), answer(e)),
    refs: { getRef: async (k) => refs.get(k) ?? null, setRef: async (k, v) => void refs.set(k, v) },
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  const adapter = new TestAdapter(turnLogic(teams.handleActivity), { channelId: 'msteams', serviceUrl } as never);
  return { adapter, seen, refs };
}

const press = (actionId: string) => ({
  type: 'invoke', name: 'adaptiveCard/action', id: 'f:1',
  from: { id: '29:u', name: 'Jane', aadObjectId: 'aad-jane' }, recipient: { id: '28:bot' },
  conversation: { id: 'a:jane', conversationType: 'personal' }, locale: 'it-IT',
  value: { action: { type: 'Action.Execute', verb: 'sportello', data: { sportello: actionId } } },
});

describe('Teams turns (TestAdapter)', () => {
  it('answers Action.Execute with the refreshed card, and hands the desk the command the person pressed', async () => {
    const { adapter, seen, refs } = teamsWithDesk(() => [{ text: 'Grazie! IT-3 è chiuso.' }]);
    await adapter
      .send(press('confirm:IT-3') as never)
      .assertReply((reply) => {
        expect(reply.type).toBe('invokeResponse');
        expect((reply.value as any).body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: { version: '1.5', body: [{ text: 'Grazie! IT-3 è chiuso.' }] } });
      })
      .startTest();
    expect(seen).toEqual([{ kind: 'command', id: 'f:1', channel: 'teams', from: { platform: 'teams', userId: 'aad-jane', name: 'Jane', locale: 'it' }, command: { verb: 'confirm', code: 'IT-3' } }]);
    // The personal chat is remembered for later proactive messages.
    expect(JSON.parse(refs.get('teams:conv:aad-jane')!)).toMatchObject({ conversation: { id: 'a:jane' }, serviceUrl: 'http://127.0.0.1:9/' });
  });

  it('marks a dialog sent from a channel as said where everyone reads when Teams will not open a private chat', async () => {
    // A connector that refuses every private chat at once.
    const connector = createServer((_req, res) => res.writeHead(403, { 'content-type': 'application/json' }).end('{"error":{"code":"Forbidden","message":"no"}}'));
    await new Promise<void>((r) => connector.listen(0, '127.0.0.1', r));
    onTestFinished(() => void connector.close());
    const { adapter, seen } = teamsWithDesk(() => [], `http://127.0.0.1:${(connector.address() as AddressInfo).port}/`);
    const submit = {
      ...press('x'), name: 'task/submit', conversation: { id: '19:general@thread.tacv2', conversationType: 'channel', isGroup: true },
      value: { data: { sportelloForm: 'resolve-with:IT-3', 'sportelloField.resolution': 'New battery' } },
    };
    await adapter.send(submit as never).assertReply((reply) => expect((reply.value as any).status).toBe(200)).startTest();
    await expect.poll(() => seen.length, { timeout: 5000 }).toBe(1);
    expect(seen[0]).toMatchObject({ kind: 'command', place: 'shared', command: { verb: 'resolve', code: 'IT-3' } });
  });

  it('answers a card without a desk action with an error response, asking the desk nothing', async () => {
    const { adapter, seen } = teamsWithDesk(() => []);
    const foreign = { ...press('x'), value: { action: { type: 'Action.Execute', data: { feedback: 'hi' } } } };
    await adapter
      .send(foreign as never)
      .assertReply((reply) => expect((reply.value as any).body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error' }))
      .startTest();
    expect(seen).toEqual([]);
  });
});
