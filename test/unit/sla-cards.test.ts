// Every platform's card says where a ticket stands against its SLA target, in the
// reader's language: the words from the core, then the due moment drawn the platform's
// own way where it has one (so a card read hours later still tells the truth), and a
// pause in words alone.
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { renderReply as slack } from '../../adapters/channels/slack/render-reply.js';
import { renderReply as teams } from '../../adapters/channels/teams/render-reply.js';
import { renderMessage as discord } from '../../adapters/channels/discord/render-message.js';
import { renderReply as web } from '../../adapters/channels/web/render-reply.js';
import { parseSlaConfig } from '../../src/sla/sla-config-schema.js';
import { startClock } from '../../src/sla/ticket-clock.js';
import { ticketView } from '../../src/replies.js';
import type { Ticket, TicketView } from '../../src/tickets/ticket.js';
import { makeDraft } from '../support/factories.js';

const sla = parseSlaConfig({});
const rome = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Rome' }).toMillis();
const openedAt = rome('2026-11-30T10:00');
const draft = makeDraft({ priority: 'P3', createdAt: openedAt, updatedAt: openedAt });
const clock = startClock(draft, sla, openedAt);
const tk: Ticket = { ...draft, sla: clock, dueAt: clock.firstResponseDue!, code: 'IT-7', seq: 7, version: 1 };
const due = rome('2026-11-30T15:00');
const seconds = due / 1000;
const iso = new Date(due).toISOString().slice(0, 19) + 'Z';

const breachedIt = ticketView('it', tk, { sla, now: rome('2026-11-30T15:12') }, 'staff');
const onTimeEn = ticketView('en', tk, { sla, now: rome('2026-11-30T11:00') }, 'staff');
const pausedEn = ticketView('en', { ...tk, status: 'waiting_user' }, { sla, now: rome('2026-11-30T11:00') }, 'requester');

const slackSla = (v: TicketView) => ((slack({ text: 'x', ticket: v }).blocks[0] as any).fields as { text: string }[]).map((f) => f.text).find((f) => f.startsWith('*SLA*'));
const teamsSla = (v: TicketView) => ((teams({ text: 'x', ticket: v }).attachments![0]!.content as any).body[2].facts as { title: string; value: string }[]).find((f) => f.title === 'SLA');
const discordSla = (v: TicketView) => ((discord({ text: 'x', ticket: v }).embeds[0] as any).fields as { name: string; value: string }[]).find((f) => f.name === 'SLA');
const webSla = (v: TicketView) => web({ text: 'x', ticket: v }).ticket!.facts.find((f) => f.field === 'sla');

describe('the SLA on every card', () => {
  it('Slack: the words, then the due moment Slack draws in the reader\'s zone', () => {
    expect(slackSla(breachedIt)).toBe(`*SLA*\n⚠️ prima risposta: scaduta <!date^${seconds}^{date_short_pretty} {time}|2026-11-30 14:00 UTC>`);
    expect(slackSla(onTimeEn)).toBe(`*SLA*\nfirst response due <!date^${seconds}^{date_short_pretty} {time}|2026-11-30 14:00 UTC>`);
    expect(slackSla(pausedEn)).toBe('*SLA*\npaused: waiting for your answer');
  });

  it('Teams: the words, then the due moment as Teams formats it (no relative time there)', () => {
    expect(teamsSla(breachedIt)).toEqual({ title: 'SLA', value: `⚠️ prima risposta: scaduta {{DATE(${iso}, SHORT)}} {{TIME(${iso})}}` });
    expect(teamsSla(onTimeEn)).toEqual({ title: 'SLA', value: `first response due {{DATE(${iso}, SHORT)}} {{TIME(${iso})}}` });
    expect(teamsSla(pausedEn)).toEqual({ title: 'SLA', value: 'paused: waiting for your answer' });
  });

  it('Discord: the words, then a relative time Discord keeps current', () => {
    expect(discordSla(breachedIt)).toEqual({ name: 'SLA', value: `⚠️ prima risposta: scaduta <t:${seconds}:R>`, inline: true });
    expect(discordSla(onTimeEn)?.value).toBe(`first response due <t:${seconds}:R>`);
    expect(discordSla(pausedEn)?.value).toBe('paused: waiting for your answer');
  });

  it('web chat: the words as sent, and the moment with its lead for the page to draw in the reader\'s zone', () => {
    expect(webSla(breachedIt)).toEqual({ field: 'sla', name: 'SLA', value: '⚠️ prima risposta: scaduta 12 min fa', at: due, lead: '⚠️ prima risposta: scaduta' });
    expect(webSla(pausedEn)).toEqual({ field: 'sla', name: 'SLA', value: 'paused: waiting for your answer' });
  });

  it('keeps the plain due field for a ticket from before the desk kept a clock', () => {
    const { sla: _none, ...older } = tk;
    const view = ticketView('en', older, { sla, now: rome('2026-11-30T11:00') });
    expect(view.slaLabel).toBeUndefined();
    expect(discordSla(view)).toBeUndefined();
    expect(((discord({ text: 'x', ticket: view }).embeds[0] as any).fields as { name: string }[]).map((f) => f.name)).toContain('Response due');
  });
});
