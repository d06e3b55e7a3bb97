// The renderers' payloads stay inside each platform's published limits however
// long what people wrote, however many tickets a list shows: a payload past one
// is refused whole, and the person then reads nothing at all.
import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../adapters/channels/discord/render-message.js';
import { renderReplies, renderReply as renderSlack } from '../../adapters/channels/slack/render-reply.js';
import { adaptiveCard, refreshOf, renderReply as renderTeams, sharedCard, userMri } from '../../adapters/channels/teams/render-reply.js';
import type { Reply, TicketView } from '../../src/index.js';
import { BLOCK_KIT, DISCORD, adaptiveCardProblems, blockKitProblems, discordProblems } from '../support/payload-limits.js';

const long = (n: number, unit = 'ü<@U1>&') => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

function ticket(over: Partial<TicketView> = {}): TicketView {
  return {
    code: 'IT-123456', status: 'in_progress', priority: 'P1', department: 'it', tier: 2,
    statusLabel: 'in progress', priorityLabel: 'P1 – critical, first response within 15 min, day and night', departmentName: long(300), locale: 'en',
    title: long(4000), requester: { platform: 'slack', id: 'U0123ABCD', name: long(500) }, assigneeName: long(500),
    assigneePerson: { platform: 'discord', id: '123456789012345678', name: long(500) }, dueAt: Date.UTC(2026, 10, 30, 14), dueLabel: '2026-11-30 14:00 UTC',
    channel: 'slack', channelName: 'Slack',
    slaState: 'breached', slaLabel: '⚠️ first response breached 2 days ago', slaLead: '⚠️ first response breached',
    ...over,
  };
}

const actions = (n: number, label = long(120)) => Array.from({ length: n }, (_, i) => ({ id: `claim:IT-${i}`, label }));
const worst: Reply = { text: long(10_000), ticket: ticket(), actions: actions(30) };
const form = { id: 'resolve:IT-1', title: long(200), openLabel: long(200), submitLabel: long(200), fields: [{ id: 'resolution', label: long(200), multiline: true }] };

describe('Block Kit limits', () => {
  it('a ticket card with everything too long, and a reply with a form, stay inside them', () => {
    expect(blockKitProblems(renderSlack(worst))).toEqual([]);
    expect(blockKitProblems(renderSlack({ ...worst, form }))).toEqual([]);
    expect(blockKitProblems(renderSlack({ text: 'x', ticket: ticket({ requester: { platform: 'teams', id: 'aad', name: 'M' } }) }))).toEqual([]);
  });

  it('a queue of 40 tickets, each with its buttons, is one message of at most 50 blocks', () => {
    const list = renderReplies([{ text: 'Queue' }, ...Array.from({ length: 40 }, (_, i) => ({ text: long(500), ticket: ticket({ code: `IT-${i}` }), actions: actions(3) }))]);
    expect(list.blocks.length).toBeLessThanOrEqual(BLOCK_KIT.blocks);
    expect(blockKitProblems(list)).toEqual([]);
  });

  it('the checker itself refuses what Slack refuses', () => {
    expect(blockKitProblems({ blocks: [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'x' })) }] })).toHaveLength(1);
    expect(blockKitProblems({ blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: long(76) } }] }] })).toHaveLength(1);
  });
});

describe('Adaptive Card 1.5', () => {
  it('a card with everything too long keeps the 1.5 shape, Teams mentions and its size', () => {
    const t = ticket({ assigneePerson: { platform: 'teams', id: 'aad-anna', name: long(200) }, title: long(2000) });
    const out = renderTeams({ text: long(3000), ticket: t, actions: actions(10) });
    const card = out.attachments![0]!.content as Record<string, any>;
    expect(adaptiveCardProblems(card)).toEqual([]);
    expect(card.msteams.entities).toHaveLength(1);
    expect(adaptiveCardProblems(adaptiveCard([{ text: 'Resolve IT-1', form, actions: actions(3) }]))).toEqual([]);
  });

  it('a triage card shows its buttons only in the view of the agents its refresh names (60 at most)', () => {
    const reply = { text: 'New ticket', ticket: ticket(), actions: actions(3, 'Claim') };
    const ids = Array.from({ length: 70 }, (_, i) => userMri(`00000000-0000-0000-0000-${String(i).padStart(12, '0')}`));
    const everyone = sharedCard(reply, 'IT-1', ids) as Record<string, any>;
    expect(adaptiveCardProblems(everyone)).toEqual([]);
    expect(everyone.actions).toBeUndefined();
    expect(everyone.refresh.userIds).toHaveLength(60);
    expect(everyone.refresh.userIds[0]).toBe('8:orgid:00000000-0000-0000-0000-000000000000');
    expect(refreshOf({ action: everyone.refresh.action, trigger: 'automatic' })).toBe('IT-1');
    expect(refreshOf({ action: { verb: 'sportello', data: { sportello: 'claim:IT-1' } } })).toBeNull();
    const agents = sharedCard(reply, 'IT-1', ids, true) as Record<string, any>;
    expect(adaptiveCardProblems(agents)).toEqual([]);
    expect(agents.actions.map((a: any) => a.data.sportello)).toEqual(['claim:IT-0', 'claim:IT-1', 'claim:IT-2']);
  });

  it('a list of tickets with their buttons is one valid card', () => {
    const card = adaptiveCard([{ text: 'Queue' }, ...Array.from({ length: 10 }, (_, i) => ({ text: `IT-${i}`, ticket: ticket({ code: `IT-${i}`, title: 'VPN' }), actions: actions(2, 'Claim') }))]);
    expect(adaptiveCardProblems(card)).toEqual([]);
  });

  it('the checker itself refuses what Teams refuses', () => {
    expect(adaptiveCardProblems({ type: 'AdaptiveCard', version: '1.6', body: [{ type: 'Table' }] })).toHaveLength(2);
    expect(adaptiveCardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'hi' }], msteams: { entities: [{ type: 'mention', text: '<at>Bo</at>', mentioned: { id: '1', name: 'Bo' } }] } })).toHaveLength(1);
  });
});

describe('Discord limits', () => {
  it('an embed with everything too long and 30 actions stay inside them', () => {
    const msg = renderMessage(worst);
    expect(discordProblems(msg)).toEqual([]);
    expect(msg.components.length).toBeLessThanOrEqual(DISCORD.rows);
    expect(msg.components.every((r) => r.components.length <= DISCORD.perRow)).toBe(true);
    expect(discordProblems(renderMessage({ ...worst, form }))).toEqual([]);
  });

  it('the checker itself refuses what Discord refuses', () => {
    expect(discordProblems({ embeds: [{ title: 'x', fields: Array.from({ length: 26 }, () => ({ name: 'a', value: 'b' })) }] })).toHaveLength(1);
    expect(discordProblems({ components: [{ type: 1, components: actions(6).map((a) => ({ type: 2, label: 'x', custom_id: a.id })) }] })).toHaveLength(1);
  });
});
