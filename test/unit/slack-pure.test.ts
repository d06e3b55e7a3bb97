// The Slack adapter's pure parts: payload -> InboundEvent, Reply -> Block Kit, and
// the request signature our tests sign with (checked against Slack's own example).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderReplies, renderReply, retirePressed } from '../../adapters/channels/slack/render-reply.js';
import { fromButton, fromSlashCommand, fromThreadReply, fromTicketReaction, isPersonMessage, plainText, toLocale } from '../../adapters/channels/slack/to-inbound-event.js';
import { commandFromModal, overviewHome } from '../../adapters/channels/slack/views.js';
import { sign } from '../support/slack-requests.js';

const vector = JSON.parse(readFileSync(new URL('../fixtures/platforms/slack/signature_test_vector.json', import.meta.url), 'utf8'));

describe('Slack, pure parts', () => {
  it('signs exactly as Slack documents', () => {
    const headers = sign(vector.signing_secret, vector.body, Number(vector.x_slack_request_timestamp));
    expect(headers['x-slack-signature']).toBe(vector.x_slack_signature);
  });

  it('reads people, not bots, edits or joins, and strips mentions', () => {
    expect(isPersonMessage({ type: 'message', channel: 'D1', user: 'U1', text: 'hi', ts: '1' })).toBe(true);
    expect(isPersonMessage({ type: 'message', channel: 'D1', user: 'U1', text: 'hi', ts: '1', bot_id: 'B1' })).toBe(false);
    expect(isPersonMessage({ type: 'message', channel: 'D1', user: 'U1', text: 'hi', ts: '1', subtype: 'message_changed' })).toBe(false);
    expect(plainText('<@U0FAKEBOT1> la VPN &amp; il wifi &lt;3')).toBe('la VPN & il wifi <3');
    expect(toLocale('it-IT')).toBe('it');
    expect(toLocale('fr-FR')).toBeUndefined();
  });

  it('turns /ticket and buttons into the desk grammar', () => {
    const who = { userId: 'U1', name: 'Mario', locale: 'it' as const };
    expect(fromSlashCommand({ text: 'status IT-4', trigger_id: 't1' }, who)).toMatchObject({ kind: 'message', id: 'cmd:t1', text: 'ticket status IT-4' });
    expect(fromButton({ trigger_id: 't2' }, { value: 'claim:IT-4', action_ts: '9' }, who)).toMatchObject({ kind: 'command', command: { verb: 'claim', code: 'IT-4' } });
    expect(fromButton({ trigger_id: 't4' }, { value: 'explode:IT-4', action_ts: '9' }, who)).toMatchObject({ kind: 'action', actionId: 'explode:IT-4' });
    expect(fromButton({ trigger_id: 't3' }, {}, who)).toBeNull();
  });

  it('makes a triage-thread message an internal note on its ticket unless addressed to the requester, and a :ticket:-ed message a new ticket, words as written', () => {
    const who = { userId: 'U1', name: 'Anna' };
    expect(fromThreadReply('<@U0FAKEBOT1> ticket --dept hr', 'Ev1', who, 'IT-4', 'internal')).toMatchObject({
      kind: 'command', id: 'Ev1', place: 'ticket-thread', command: { verb: 'note', code: 'IT-4', text: 'ticket --dept hr' },
    });
    // Slack sends `>` escaped; `>>` is for the requester.
    expect(fromThreadReply('&gt;&gt; is it on the dock?', 'Ev3', who, 'IT-4', 'internal')).toMatchObject({
      place: 'ticket-thread', command: { verb: 'reply', code: 'IT-4', text: 'is it on the dock?' },
    });
    expect(fromThreadReply('ticket --dept hr', 'Ev1', who, 'IT-4', 'requester')).toMatchObject({ command: { verb: 'reply', text: 'ticket --dept hr' } });
    expect(fromTicketReaction('ticket new --dept hr &amp; --no-faq', 'Ev2', who)).toMatchObject({ kind: 'command', command: { verb: 'new', text: 'ticket new --dept hr & --no-faq' } });
  });

  it('renders every reply with fallback text, escaped, and buttons that carry the action id', () => {
    const plain = renderReply({ text: 'a < b & c' });
    // The notification text is read as markup too.
    expect(plain.text).toBe('a &lt; b &amp; c');
    expect(JSON.stringify(plain.blocks)).toContain('a &lt; b &amp; c');
    const full = renderReply({
      text: 'IT-4',
      ticket: { code: 'IT-4', status: 'in_progress', priority: 'P2', department: 'it', tier: 1, assignee: 'U9', statusLabel: 'in progress', priorityLabel: 'P2 – high, first response within 1 business hour', departmentName: 'Human resources', assigneeName: 'Anna Bianchi' },
      actions: [{ id: 'resolve:IT-4', label: 'Resolve' }],
    });
    expect(full.blocks.map((b) => b.type)).toEqual(['section', 'actions']);
    expect(JSON.stringify(full.blocks)).toContain('"value":"resolve:IT-4"');
    expect((full.blocks[0] as any).fields.map((f: any) => f.text)).toEqual([
      '*IT-4*', '*Status*\nin progress', '*Priority*\nP2 – high, first response within 1 business hour', '*Queue*\nHuman resources L1', '*Agent*\nAnna Bianchi',
    ]);
    expect(JSON.stringify(full.blocks)).not.toContain('U9');
  });

  it('mentions Slack people, names the others, and dates the due time for each reader', () => {
    const due = Date.UTC(2026, 10, 30, 14, 5);
    const out = renderReply({
      text: 'IT-4',
      ticket: {
        code: 'IT-4', status: 'open', priority: 'P2', department: 'it', tier: 1, statusLabel: 'aperto', priorityLabel: 'P2', departmentName: 'IT', locale: 'it',
        title: 'VPN <!here> giù', assigneePerson: { platform: 'slack', id: 'U9', name: 'Anna' }, requester: { platform: 'teams', id: 'aad-1', name: 'Mario <@U1>' },
        dueAt: due, dueLabel: '2026-11-30 14:05 UTC', channelName: 'Microsoft Teams',
      },
    });
    expect((out.blocks[0] as any).fields.map((f: any) => f.text)).toEqual([
      '*IT-4*\nVPN &lt;!here&gt; giù', '*Stato*\naperto', '*Priorità*\nP2', '*Coda*\nIT L1', '*Operatore*\n<@U9>', '*Richiedente*\nMario &lt;@U1&gt;',
      `*Risposta entro*\n<!date^${due / 1000}^{date_short_pretty} {time}|2026-11-30 14:05 UTC>`, '*Aperto da*\nMicrosoft Teams',
    ]);
  });

  it('turns the new-ticket form into a `new` command with its choices', () => {
    const field = (value: string) => ({ value: { value } });
    const select = (value: string) => ({ value: { selected_option: { value } } });
    expect(commandFromModal({ title: field('No VPN'), description: field('since Monday'), department: select('it'), urgency: select('high') })).toEqual({
      verb: 'new', text: 'No VPN\nsince Monday', department: 'it', urgency: 'high',
    });
    expect(commandFromModal({ title: field('  ') })).toBeNull();
  });

  it('renders a list as one message, each item under a divider with its own buttons', () => {
    const item = (code: string) => ({ text: code, actions: [{ id: `claim:${code}`, label: 'Claim' }] });
    const list = renderReplies([{ text: 'Queue it L1: 2 waiting' }, item('IT-1'), item('IT-2')]);
    expect(list.text).toBe('Queue it L1: 2 waiting\nIT-1\nIT-2');
    expect(list.blocks.map((b) => b.type)).toEqual(['section', 'divider', 'section', 'actions', 'divider', 'section', 'actions']);
    expect(list.blocks.filter((b) => b.type === 'actions').map((b: any) => b.elements[0].value)).toEqual(['claim:IT-1', 'claim:IT-2']);
    expect(renderReplies([item('IT-3')])).toEqual(renderReply(item('IT-3')));
    // Slack takes 50 blocks a message at most.
    expect(renderReplies(Array.from({ length: 30 }, (_, i) => item(`IT-${i}`))).blocks).toHaveLength(50);
  });

  it('retires only the pressed block of a list, saying what was pressed and by whom', () => {
    const item = (code: string) => ({ text: code, actions: [{ id: `claim:${code}`, label: 'Claim' }] });
    const blocks = renderReplies([{ text: 'Queue' }, item('IT-1'), item('IT-2')]).blocks.map((b, i) => ({ ...b, block_id: `b${i}` }));
    const pressed = blocks.find((b) => JSON.stringify(b).includes('claim:IT-2'))!;
    const after = retirePressed(blocks, { block_id: pressed.block_id, value: 'claim:IT-2' }, 'Claim', 'Anna <@U1>')!;
    expect(JSON.stringify(after)).toContain('claim:IT-1');
    expect(JSON.stringify(after)).not.toContain('claim:IT-2');
    expect(after[blocks.indexOf(pressed)]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '✓ Claim · Anna &lt;@U1&gt;' }] });
    // Without block ids, the button's value finds its block.
    expect(JSON.stringify(retirePressed(renderReply(item('IT-3')).blocks, { value: 'claim:IT-3' }, 'Claim'))).not.toContain('claim:IT-3');
    expect(retirePressed(blocks, { value: 'claim:IT-9' }, 'Claim')).toBeNull();
  });

  it('draws an empty App Home in the reader’s language, within Slack’s 100 blocks', () => {
    const empty = overviewHome({ sections: [], locale: 'it' });
    expect(empty.blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'Ancora nessun ticket. Scrivimi, o premi "Nuovo ticket".' } });
    const many = overviewHome({ sections: Array.from({ length: 80 }, (_, i) => ({ text: `IT-${i}`, actions: [{ id: `claim:IT-${i}`, label: 'Claim' }] })), locale: 'en' });
    expect(many.blocks).toHaveLength(100);
    // One department: nothing to filter.
    expect(overviewHome({ sections: [], locale: 'en', departments: [{ id: 'it', name: 'IT' }] }).blocks[0]!.elements).toHaveLength(1);
  });
});
