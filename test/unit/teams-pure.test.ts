// The Teams adapter's pure parts: reading activities and drawing cards.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { invokeCard, renderReply } from '../../adapters/channels/teams/render-reply.js';
import { actionIdOf, botWasAdded, fromAction, fromThreadReply, isFromChannel, plainText, problemWith, splitConversation, teamsUser } from '../../adapters/channels/teams/to-inbound-event.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/platforms/teams/${name}`, import.meta.url), 'utf8'));

describe('Teams activities in', () => {
  it('knows people by their AAD object id, with name and language', () => {
    expect(teamsUser(fixture('message_personal.json'))).toEqual({ platform: 'teams', userId: '00000000-0000-0000-0000-0000000000a1', name: 'Jane Doe', locale: 'en' });
    expect(teamsUser({ ...fixture('message_personal.json'), locale: 'it-IT' }).locale).toBe('it');
    expect(teamsUser({ ...fixture('message_personal.json'), locale: 'de-DE', entities: [] }).locale).toBeUndefined();
  });

  it('strips the bot mention and HTML entities from channel text', () => {
    expect(plainText(fixture('message_channel_mention.json').text)).toBe('reply to thread');
    expect(plainText('<at>Helpdesk Bot</at>&nbsp;ticket claim IT-4 &amp; more')).toBe('ticket claim IT-4 & more');
  });

  it('reads the desk action from Action.Execute and from Action.Submit, and nothing from other cards', () => {
    expect(actionIdOf({ action: { type: 'Action.Execute', data: { sportello: 'claim:IT-1' } } })).toBe('claim:IT-1');
    expect(actionIdOf({ sportello: 'confirm:IT-1' })).toBe('confirm:IT-1');
    expect(actionIdOf(fixture('invoke_adaptive_card_action_execute.json').value)).toBeNull();
    expect(actionIdOf(fixture('message_action_submit_messageback.json').value)).toBeNull();
  });

  it('hands the desk a pressed button as its command, a card-thread message as a note on that ticket unless addressed to the requester', () => {
    const a = fixture('message_channel_mention.json');
    expect(fromAction(a, 'claim:IT-1')).toMatchObject({ kind: 'command', channel: 'teams', command: { verb: 'claim', code: 'IT-1' } });
    expect(fromAction(a, 'dance:IT-1')).toMatchObject({ kind: 'action', actionId: 'dance:IT-1' });
    expect(fromThreadReply(a, 'IT-1', 'ticket --dept hr is what I typed', 'internal')).toMatchObject({
      kind: 'command', place: 'ticket-thread', command: { verb: 'note', code: 'IT-1', text: 'ticket --dept hr is what I typed' },
    });
    expect(fromThreadReply(a, 'IT-1', '>> did you restart?', 'internal')).toMatchObject({ command: { verb: 'reply', code: 'IT-1', text: 'did you restart?' } });
    expect(fromThreadReply(a, 'IT-1', '// between us', 'requester')).toMatchObject({ command: { verb: 'note', code: 'IT-1', text: 'between us' } });
  });

  it('tells threads, channels and installs apart', () => {
    expect(splitConversation('19:abc@thread.tacv2;messageid=1759881511856')).toEqual({ channel: '19:abc@thread.tacv2', root: '1759881511856' });
    expect(splitConversation('a:personal')).toEqual({ channel: 'a:personal', root: null });
    expect(isFromChannel(fixture('message_channel_mention.json'), '19:fake-channel-id@thread.tacv2')).toBe(true);
    expect(isFromChannel(fixture('message_personal.json'), '19:fake-channel-id@thread.tacv2')).toBe(false);
    expect(botWasAdded(fixture('conversation_update_members_added_personal.json'))).toBe(true);
  });

  it('says what is missing from a malformed activity', () => {
    expect(problemWith(fixture('message_personal.json'))).toBeNull();
    expect(problemWith({ ...fixture('message_personal.json'), from: {} })).toBe('from.id is required');
    expect(problemWith([])).toBe('serviceUrl must be an http(s) URL');
    expect(problemWith(null)).toBe('the activity must be a JSON object');
  });
});

describe('Teams cards out', () => {
  const ticket = { code: 'IT-7', status: 'in_progress', priority: 'P2', department: 'it', tier: 1, title: 'VPN', assignee: 'anna', statusLabel: 'in progress', priorityLabel: 'P2 – high, first response within 1 business hour', departmentName: 'IT', assigneeName: 'Anna' } as never;

  it('sends plain text when there is nothing to press', () => {
    expect(renderReply({ text: 'Added to IT-7.' })).toEqual({ type: 'message', text: 'Added to IT-7.' });
  });

  it('draws an Adaptive Card 1.5 with Action.Execute buttons falling back to Action.Submit', () => {
    const out = renderReply({ text: 'IT-7 resolved', ticket, actions: [{ id: 'confirm:IT-7', label: 'Yes' }] });
    expect(out.summary).toBe('IT-7 resolved');
    const card = out.attachments![0]!.content as any;
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5', fallbackText: 'IT-7 resolved' });
    expect(card.body[1]).toMatchObject({ type: 'TextBlock', text: 'IT-7 · VPN', weight: 'Bolder' });
    expect(card.body[2].facts).toEqual([
      { title: 'Status', value: 'in progress' },
      { title: 'Priority', value: 'P2 – high, first response within 1 business hour' },
      { title: 'Queue', value: 'IT L1' },
      { title: 'Agent', value: 'Anna' },
    ]);
    expect(card.msteams).toEqual({ width: 'Full' });
    expect(card.actions[0]).toEqual({
      type: 'Action.Execute', title: 'Yes', verb: 'sportello', data: { sportello: 'confirm:IT-7' },
      fallback: { type: 'Action.Submit', title: 'Yes', data: { sportello: 'confirm:IT-7' } },
    });
  });

  it('shows markdown links and HTML someone typed as words: no link syntax in cards, nothing Teams reads as HTML in messages', () => {
    const typed = '[https://sso.company.com](https://evil.example/sso) <a href="https://evil.example">x</a> & [1]: https://evil.example [x][1]';
    expect(renderReply({ text: typed })).toEqual({
      type: 'message',
      text: '[https://sso.company.com] (https://evil.example/sso) &lt;a href="https://evil.example"&gt;x&lt;/a&gt; &amp; [1] : https://evil.example [x] [1]',
    });
    const out = renderReply({ text: typed, ticket: { ...(ticket as object), assigneeName: '[Anna](https://evil.example)' } as never });
    const shown = '[https://sso.company.com] (https://evil.example/sso) <a href="https://evil.example">x</a> & [1] : https://evil.example [x] [1]';
    expect(out.summary).toBe(shown);
    const card = out.attachments![0]!.content as any;
    expect(card.fallbackText).toBe(shown);
    expect(card.body[0].text).toBe(shown);
    expect(card.body[2].facts[3]).toEqual({ title: 'Agent', value: '[Anna] (https://evil.example)' });
  });

  it('mentions Teams people with <at> and lists them in msteams.entities; names people of other platforms; due time in the reader\'s zone', () => {
    const due = Date.UTC(2026, 10, 30, 14, 5);
    const out = renderReply({
      text: 'IT-7',
      ticket: {
        ...(ticket as object), locale: 'it', channelName: 'Slack', dueAt: due, dueLabel: '2026-11-30 14:05 UTC',
        assigneePerson: { platform: 'teams', id: 'aad-anna', name: 'Anna <Bianchi>' },
        requester: { platform: 'slack', id: 'U123', name: 'Mario [Rossi](https://evil.example)' },
      } as never,
    });
    const card = out.attachments![0]!.content as any;
    expect(card.body[2].facts).toEqual([
      { title: 'Stato', value: 'in progress' },
      { title: 'Priorità', value: 'P2 – high, first response within 1 business hour' },
      { title: 'Coda', value: 'IT L1' },
      { title: 'Operatore', value: '<at>Anna Bianchi</at>' },
      { title: 'Richiedente', value: 'Mario [Rossi] (https://evil.example)' },
      { title: 'Risposta entro', value: '{{DATE(2026-11-30T14:05:00Z, SHORT)}} {{TIME(2026-11-30T14:05:00Z)}}' },
      { title: 'Aperto da', value: 'Slack' },
    ]);
    expect(card.msteams).toEqual({ width: 'Full', entities: [{ type: 'mention', text: '<at>Anna Bianchi</at>', mentioned: { id: 'aad-anna', name: 'Anna Bianchi' } }] });
  });

  it('shows a forged <at> mention and a {{DATE}} macro in a title or a name as words, the mention entity matching the card word for word', () => {
    const out = renderReply({
      text: 'IT-7',
      ticket: { ...(ticket as object), title: '<at>Dario Agent</at> {{DATE(2020-01-01T00:00:00Z, SHORT)}}', requester: { platform: 'teams', id: 'aad-eva', name: 'Eva {{TIME(2020-01-01T00:00:00Z)}}' } } as never,
    });
    const card = out.attachments![0]!.content as any;
    expect(card.body[1].text).toBe('IT-7 · <\u200bat>Dario Agent</at> {\u200b{DATE(2020-01-01T00:00:00Z, SHORT)}}');
    const requester = card.body[2].facts.find((f: any) => f.title === 'Requester').value;
    expect(requester).toBe('<at>Eva {\u200b{TIME(2020-01-01T00:00:00Z)}}</at>');
    expect(card.msteams.entities).toEqual([{ type: 'mention', text: requester, mentioned: { id: 'aad-eva', name: 'Eva {\u200b{TIME(2020-01-01T00:00:00Z)}}' } }]);
    expect(JSON.stringify(card)).not.toMatch(/<at>Dario|\{\{DATE\(2020|\{\{TIME\(2020/);
  });

  it('keeps each item of a list with its own buttons when a press answers with the whole list', () => {
    const item = (code: string) => ({ text: code, actions: [{ id: `claim:${code}`, label: 'Claim' }] });
    const card = (invokeCard([{ text: 'Queue it L1: 12 waiting' }, item('IT-1'), item('IT-2'), { text: '…and 2 more', actions: [{ id: 'queue:p2', label: 'Next 2' }] }]).body as any).value;
    const sets = card.body.filter((e: any) => e.type === 'ActionSet').map((e: any) => e.actions.map((a: any) => a.data.sportello));
    expect(sets).toEqual([['claim:IT-1'], ['claim:IT-2']]);
    expect(card.actions.map((a: any) => a.data.sportello)).toEqual(['queue:p2']);
  });

  it('answers an invoke in the universal-actions response format', () => {
    expect(invokeCard([{ text: 'Nope', ephemeral: true }])).toMatchObject({
      status: 200,
      body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: { body: [{ text: 'Nope', color: 'Attention' }] } },
    });
  });
});
