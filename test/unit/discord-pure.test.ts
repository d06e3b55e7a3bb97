// The Discord adapter's pure parts: the /ticket command both ways, the form, roles, messages.
import { describe, expect, it } from 'vitest';
import { agentFromRoles } from '../../adapters/channels/discord/agent-roles.js';
import { actionFromButton, inertText, renderMessage } from '../../adapters/channels/discord/render-message.js';
import { AGENT_SUBCOMMANDS, MESSAGE_COMMAND, agentCommand, applicationCommands, messageCommand, ticketCommand } from '../../adapters/channels/discord/ticket-command.js';
import { commandFromModal, commandFromOptions, fromButton, fromSlashCommand, fromThreadReply } from '../../adapters/channels/discord/to-inbound-event.js';

// The slash commands among what the bot registers (the message command has no sub-commands).
const slashCommands = (departments: readonly string[]) => applicationCommands(departments).flatMap((c) => ('options' in c ? [c] : []));

describe('Discord, pure parts', () => {
  it('turns sub-command options into the desk\'s commands', () => {
    expect(commandFromOptions('new', { text: 'la VPN non va' })).toEqual({ verb: 'new', text: 'la VPN non va' });
    expect(commandFromOptions('resolve', { code: 'IT-4', resolution: 'riavviato' })).toEqual({ verb: 'resolve', code: 'IT-4', resolution: 'riavviato' });
    expect(commandFromOptions('priority', { code: 'IT-4', priority: 'P1' })).toEqual({ verb: 'priority', code: 'IT-4', priority: 'P1' });
    expect(commandFromOptions('assign', { code: 'IT-4', agent: '100000000000000006' })).toEqual({ verb: 'assign', code: 'IT-4', agent: '100000000000000006' });
    expect(commandFromOptions('list', {})).toEqual({ verb: 'list' });
  });

  it('names every sub-command\'s options as the command\'s arguments, and leaves an unknown one to the grammar', () => {
    const who = { platform: 'discord', userId: '1', name: 'Mario' };
    expect(commandFromOptions('new', { text: '--dept hr la VPN' })).toEqual({ verb: 'new', text: '--dept hr la VPN' });
    expect(commandFromOptions('status', {})).toEqual({ verb: 'status' });
    expect(commandFromOptions('queue', { department: 'hr' })).toEqual({ verb: 'queue', department: 'hr' });
    expect(commandFromOptions('escalate', { code: 'IT-4' })).toEqual({ verb: 'escalate', code: 'IT-4' });
    expect(commandFromOptions('resolve', { code: 'IT-4' })).toEqual({ verb: 'resolve', code: 'IT-4', resolution: '' });
    expect(commandFromOptions('move', { code: 'IT-4', department: 'hr' })).toEqual({ verb: 'move', code: 'IT-4', department: 'hr' });
    for (const cmd of slashCommands(['it'])) for (const sub of cmd.options.map((o) => o.name)) expect(commandFromOptions(sub, { code: 'IT-4' }), sub).not.toBeNull();
    expect(fromSlashCommand('9', who, 'dance', {})).toMatchObject({ kind: 'message', text: 'ticket dance' });
    expect(fromButton('9', who, 'reopen:IT-4')).toMatchObject({ kind: 'command', command: { verb: 'reopen', code: 'IT-4' } });
    expect(fromButton('9', who, 'reopen:nope!')).toMatchObject({ kind: 'action', actionId: 'reopen:nope!' });
    expect(fromThreadReply('9', who, 'IT-4', 'ticket claim IT-4')).toMatchObject({ place: 'ticket-thread', command: { verb: 'reply', code: 'IT-4', text: 'ticket claim IT-4' } });
  });

  it('defines sub-commands within Discord limits, with Italian localisations', () => {
    for (const cmd of slashCommands(['it', 'hr'])) {
      expect(cmd.options.length).toBeLessThanOrEqual(25);
      for (const sub of cmd.options) {
        expect(sub.name).toMatch(/^[a-z]{1,32}$/);
        expect(sub.description.length).toBeLessThanOrEqual(100);
        expect(sub.name_localizations.it).toMatch(/^[a-z]{1,32}$/);
        // Discord refuses a required option after an optional one.
        const required = (sub.options as { required?: boolean }[]).map((o) => o.required === true);
        expect(required.indexOf(false) === -1 || !required.slice(required.indexOf(false)).includes(true), sub.name).toBe(true);
        for (const o of sub.options as { name: string; description: string; autocomplete?: boolean; required?: boolean; description_localizations?: { it: string } }[]) {
          expect(o.description.length, `${sub.name} ${o.name}`).toBeLessThanOrEqual(100);
          expect(o.description_localizations!.it.length, `${sub.name} ${o.name}`).toBeLessThanOrEqual(100);
          // A code is offered as it is typed, and taken from the ticket's thread when left out.
          if (o.name === 'code') expect(o).toMatchObject({ autocomplete: true, required: false });
        }
      }
    }
  });

  it('keeps the agents’ work in /agent, hidden by default from members without a granted role, and out of DMs', () => {
    expect(ticketCommand().options.map((o) => o.name)).toEqual(['new', 'status', 'list', 'reply', 'cancel', 'help']);
    const agent = agentCommand(['it']);
    expect(agent).toMatchObject({ name: 'agent', default_member_permissions: '0', dm_permission: false, name_localizations: { it: 'operatore' } });
    expect(AGENT_SUBCOMMANDS).toEqual(['queue', 'next', 'claim', 'unclaim', 'note', 'priority', 'assign', 'move', 'escalate', 'resolve', 'link', 'unlink']);
  });

  it('registers /ticket, /agent and the "Create ticket" message command, the departments named in both languages', () => {
    expect(applicationCommands(['it']).map((c) => c.name)).toEqual(['ticket', 'agent', MESSAGE_COMMAND]);
    expect(messageCommand()).toMatchObject({ type: 3, name: 'Create ticket', name_localizations: { it: 'Crea ticket' } });
    const move = agentCommand(['it', 'hr']).options.find((o) => o.name === 'move')!;
    expect(move.options.find((o) => o.name === 'department')!.choices!.map((c) => c.value)).toEqual(['it', 'hr']);
  });

  it('offers at most 25 departments in /agent, as Discord takes no more', () => {
    const departments = Array.from({ length: 30 }, (_, n) => `dept${n}`);
    const lists = agentCommand(departments).options.flatMap((sub) => sub.options ?? []).filter((o) => o.name === 'department').map((o) => o.choices!.map((c) => c.value));
    expect(lists.length).toBeGreaterThan(0);
    for (const values of lists) expect(values).toEqual(departments.slice(0, 25));
  });

  it('files the form as a ticket command, and refuses it without a title', () => {
    expect(commandFromModal({ title: ' Cedolino ', description: 'manca marzo', department: 'HR', urgency: 'high' })).toEqual({
      verb: 'new', text: 'Cedolino\nmanca marzo', department: 'HR', urgency: 'high',
    });
    expect(commandFromModal({ title: '  ' })).toBeNull();
  });

  it('makes agents of role holders: every department, the highest tier', () => {
    const mapping = [{ roleId: '1', department: 'it', tier: 1 as const }, { roleId: '2', department: 'hr', tier: 2 as const }];
    expect(agentFromRoles(['2', '1', '9'], mapping)).toEqual({ departments: ['hr', 'it'], tier: 2 });
    expect(agentFromRoles(['9'], mapping)).toBeNull();
  });

  it('renders a ticket as an embed with buttons, and pings nobody', () => {
    const msg = renderMessage({ text: 'New ticket IT-7', ticket: { code: 'IT-7', status: 'open', priority: 'P2', department: 'it', tier: 1, statusLabel: 'aperto', priorityLabel: 'P2 – alta, prima risposta entro 1 ora lavorativa', departmentName: 'IT', locale: 'it' }, actions: [{ id: 'claim:IT-7', label: 'Claim' }] });
    expect(msg.embeds[0]).toMatchObject({ title: 'IT-7' });
    // The fields are named in the language of their values.
    expect(msg.embeds[0]!.fields).toContainEqual({ name: 'Priorità', value: 'P2 – alta, prima risposta entro 1 ora lavorativa', inline: true });
    expect(msg.embeds[0]!.fields).toContainEqual({ name: 'Stato', value: 'aperto', inline: true });
    expect(msg.components[0]!.components[0]).toEqual({ type: 2, style: 1, label: 'Claim', custom_id: 'sportello:claim:IT-7' });
    expect(msg.allowed_mentions).toEqual({ parse: [] });
    expect(renderMessage({ text: 'x'.repeat(3000) }).content).toHaveLength(2000);
    expect(actionFromButton('sportello:claim:IT-7')).toBe('claim:IT-7');
    expect(actionFromButton('someone_else')).toBeNull();
  });

  it('shows mentions and masked links as typed, with nothing left for Discord to read as one', () => {
    expect(inertText('@everyone and @here')).toBe('@\u200beveryone and @\u200bhere');
    expect(inertText('<@123> <@!123> <@&456> <#789> </ticket:1> <t:1700000000>')).toBe('<\u200b@123> <\u200b@!123> <\u200b@&456> <\u200b#789> <\u200b/ticket:1> <\u200bt:1700000000>');
    expect(inertText('[https://sso.company.com](https://evil.example/sso)')).toBe('[https://sso.company.com] (https://evil.example/sso)');
    expect(inertText('mail me: anna@example.com, 3 < 4 [a] b')).toBe('mail me: anna@example.com, 3 < 4 [a] b');
    const msg = renderMessage({ text: '@everyone', ticket: { code: 'IT-7', status: 'open', priority: 'P2', department: 'it', tier: 1, assignee: 'anna', statusLabel: 'open', priorityLabel: 'P2', departmentName: 'IT', assigneeName: '[Anna](https://evil.example)' } });
    expect(msg.content).toBe('@\u200beveryone');
    expect(msg.embeds[0]!.fields).toContainEqual({ name: 'Agent', value: '[Anna] (https://evil.example)', inline: true });
  });

  it('mentions Discord members, names the others, and shows the due time relative to now', () => {
    const due = Date.UTC(2026, 10, 30, 14, 5);
    const msg = renderMessage({
      text: 'IT-7',
      ticket: {
        code: 'IT-7', status: 'open', priority: 'P2', department: 'it', tier: 1, statusLabel: 'open', priorityLabel: 'P2', departmentName: 'IT',
        title: 'VPN down @everyone', assigneePerson: { platform: 'discord', id: '123456789012345678', name: 'Anna' },
        requester: { platform: 'slack', id: 'U1', name: 'Mario <@1>' }, dueAt: due, dueLabel: '2026-11-30 14:05 UTC', channelName: 'Slack',
      },
    });
    expect(msg.embeds[0]).toMatchObject({ title: 'IT-7', description: 'VPN down @\u200beveryone' });
    expect(msg.embeds[0]!.fields).toEqual([
      { name: 'Status', value: 'open', inline: true },
      { name: 'Priority', value: 'P2', inline: true },
      { name: 'Queue', value: 'IT L1', inline: true },
      { name: 'Agent', value: '<@123456789012345678>', inline: true },
      { name: 'Requester', value: 'Mario <\u200b@1>', inline: true },
      { name: 'Response due', value: `<t:${due / 1000}:R>`, inline: true },
      { name: 'Opened on', value: 'Slack', inline: true },
    ]);
    // Nobody is pinged all the same.
    expect(msg.allowed_mentions).toEqual({ parse: [] });
  });
});
