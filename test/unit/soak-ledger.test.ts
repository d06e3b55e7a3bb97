// The soak's counting: what an operator reads as "duplicates 0, lost 0" must
// mean each message got exactly one ticket and one answer, the real one.
import { describe, expect, it } from 'vitest';
import { createLedger, tally, type Channel } from '../../bench/soak/ledger.js';
import { parseOptions } from '../../bench/soak/options.js';

const opened = (code: string) => `Ticket ${code} opened (P3 – normal, IT).`;

function ledgerWith(channel: Channel, extra: Record<string, unknown> = {}) {
  const ledger = createLedger();
  const s = ledger.record({ token: ledger.token(), channel, sentAt: 1_000, accepted: true, ...extra });
  return { ledger, token: s.token };
}

describe('soak ledger', () => {
  it('counts a platform ticket answered once as delivered, with its latency', () => {
    const { ledger, token } = ledgerWith('slack');
    const [o] = tally(ledger, new Map([[token, ['IT-7']]]), [{ text: opened('IT-7'), at: 1_250 }, { text: opened('IT-70'), at: 1_300 }], new Map());
    expect(o).toMatchObject({ verdict: 'delivered', tickets: 1, answers: 1, latencyMs: 250 });
  });

  it('calls two tickets for one message, or one answer sent twice, a duplicate', () => {
    const twoTickets = ledgerWith('teams');
    expect(tally(twoTickets.ledger, new Map([[twoTickets.token, ['IT-1', 'IT-2']]]), [{ text: opened('IT-1'), at: 2_000 }], new Map())[0]!.verdict).toBe('duplicate');
    const twice = ledgerWith('agent');
    const reply = { text: `Soak Agent on IT-3: restart ${twice.token}`, at: 2_000 };
    expect(tally(twice.ledger, new Map(), [reply, { ...reply, at: 9_000 }], new Map())[0]).toMatchObject({ verdict: 'duplicate', answers: 2 });
  });

  it('calls an accepted message with no answer by the end lost, and one refused to its sender with nothing done refused', () => {
    const { ledger, token } = ledgerWith('discord');
    expect(tally(ledger, new Map([[token, ['IT-4']]]), [], new Map())[0]!.verdict).toBe('lost');
    const refused = createLedger();
    refused.record({ token: refused.token(), channel: 'web', sentAt: 0, accepted: false });
    expect(tally(refused, new Map(), [], new Map())[0]!.verdict).toBe('refused');
  });

  it('does not count "your message is kept" as the answer: only the real one, pushed later, delivers it', () => {
    const { ledger, token } = ledgerWith('web', { webUser: 'w1', kept: true, answer: `{"replies":[{"text":"We're having trouble: your message is kept"}]}`, answeredAt: 1_100 });
    const tickets = new Map([[token, ['HR-2']]]);
    expect(tally(ledger, tickets, [], new Map())[0]!.verdict).toBe('lost');
    const later = new Map([['w1', [{ text: JSON.stringify({ text: opened('HR-2') }), at: 30_000 }]]]);
    expect(tally(ledger, tickets, [], later)[0]).toMatchObject({ verdict: 'delivered', latencyMs: 29_000 });
  });

  it('reads fractions of a minute and refuses a bad option with the usage', () => {
    expect(parseOptions(['--instances', '1', '--minutes', '0.5', '--no-faults'])).toMatchObject({ instances: 1, minutes: 0.5, faults: false });
    expect(() => parseOptions(['--minutes', 'ten'])).toThrow(/--minutes must be a number.*\n.*usage/s);
  });
});
