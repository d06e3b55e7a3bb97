import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { automaticReason } from '../../../adapters/channels/email/automatic-mail.js';

/** Header lines as mailparser keeps them. */
const lines = (...raw: string[]) => raw.map((line) => ({ key: line.slice(0, line.indexOf(':')).toLowerCase(), line }));

describe('automaticReason', () => {
  it('lets an ordinary mail through', () => {
    expect(automaticReason(lines('Subject: stampante', 'Auto-Submitted: no', 'X-Autoreply: no'), 'mario@example.com', 'stampante')).toBeNull();
  });

  it('reads Auto-Submitted whatever its case, comments and parameters', () => {
    expect(automaticReason(lines('AUTO-SUBMITTED: Auto-Replied (vacation); owner-email="a@b"'), 'a@b.example')?.reason).toBe('auto-reply');
    expect(automaticReason(lines('Auto-Submitted: auto-notified'), 'a@b.example')?.reason).toBe('auto-generated');
  });

  it('counts X-Auto-Response-Suppress only with an out-of-office subject', () => {
    const suppress = lines('X-Auto-Response-Suppress: All');
    expect(automaticReason(suppress, 'a@example.com', 'Riunione di reparto')).toBeNull();
    for (const subject of ['Automatic reply: [IT-4] VPN', 'Risposta automatica: [IT-4] VPN', 'Out of Office: VPN', 'Fuori sede: VPN']) {
      expect(automaticReason(suppress, 'a@example.com', subject)?.reason).toBe('auto-reply');
    }
    expect(automaticReason(lines(), 'a@example.com', 'Out of office: the printer on floor 2')).toBeNull();
    expect(automaticReason(suppress, 'a@example.com', 'Out of office next week, VPN please')).toBeNull();
    expect(automaticReason(suppress, 'a@example.com', 'Absence request for Friday')).toBeNull();
  });

  it('calls an empty Return-Path a bounce, unless something says it is an auto-reply', () => {
    expect(automaticReason(lines('Return-Path: <>'), 'x@example.com')).toEqual({ reason: 'bounce', detail: 'Return-Path: <>' });
    expect(automaticReason(lines('Return-Path: <>', 'X-Autorespond: on'), 'x@example.com')?.reason).toBe('auto-reply');
    expect(automaticReason(lines('Return-Path: <a@example.com>'), 'a@example.com')).toBeNull();
  });

  it('reads Precedence: auto_reply and Return-Path: <MAILER-DAEMON>', () => {
    expect(automaticReason(lines('Precedence: auto_reply'), 'x@example.com')?.reason).toBe('auto-reply');
    expect(automaticReason(lines('Return-Path: <MAILER-DAEMON>'), 'x@example.com')?.reason).toBe('bounce');
  });

  it('never throws on any header lines', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ key: fc.constantFrom('auto-submitted', 'precedence', 'return-path', 'content-type', 'list-id', 'x-autoreply', 'x'), line: fc.string() })), fc.option(fc.string()), fc.string(), (raw, from, subject) => {
        const result = automaticReason(raw, from, subject);
        expect(result === null || typeof result.detail === 'string').toBe(true);
      }),
    );
  });

  it('calls mail from postmaster or with X-Failed-Recipients a bounce', () => {
    expect(automaticReason(lines(), 'Postmaster@example.com')?.reason).toBe('bounce');
    expect(automaticReason(lines('X-Failed-Recipients: gone@example.com'), 'x@example.com')?.reason).toBe('bounce');
  });

  it('tells lists from bulk', () => {
    expect(automaticReason(lines('List-Unsubscribe: <mailto:u@example.com>'), 'n@example.com')?.reason).toBe('list');
    expect(automaticReason(lines('Precedence: list'), 'n@example.com')?.reason).toBe('list');
    expect(automaticReason(lines('Precedence: junk'), 'n@example.com')?.reason).toBe('bulk');
    expect(automaticReason(lines('Precedence: first-class'), 'n@example.com')).toBeNull();
  });

  it('knows the usual no-reply senders and leaves look-alikes alone', () => {
    for (const from of ['noreply@x.example', 'no-reply@x.example', 'donotreply@x.example', 'do-not-reply@x.example', 'noreply-billing@x.example']) {
      expect(automaticReason(lines(), from)?.reason).toBe('no-reply-sender');
    }
    expect(automaticReason(lines(), 'noreen@x.example')).toBeNull();
    expect(automaticReason(lines(), null)).toBeNull();
  });

  it('does not crash on headers without a value or a colon', () => {
    expect(automaticReason([{ key: 'auto-submitted', line: 'Auto-Submitted' }, { key: 'precedence', line: 'Precedence:' }], '')).toBeNull();
  });
});
