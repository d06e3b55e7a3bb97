import { describe, expect, it } from 'vitest';
import { t } from '../../src/i18n.js';

describe('t', () => {
  it('fills every placeholder, numbers included, in either language', () => {
    const params = { code: 'IT-7', status: 'open', priority: 'P3', department: 'it', tier: 2, assignee: ' · Ada', title: 'Printer' };
    expect(t('en', 'ticket.line', params)).toBe('IT-7 · open · P3 · it L2 · Ada — Printer');
    expect(t('it', 'claim.done', { code: 'HR-1' })).toBe('Hai preso in carico HR-1.');
  });

  it('repeats a placeholder used twice and takes values literally', () => {
    expect(t('en', 'reply.requester', { name: 'Bo', code: 'IT-1', text: '$& and $1 {code}' })).toBe(
      'Bo on IT-1: $& and $1 {code}\n(Answer by writing here, or: ticket reply IT-1 <text>)',
    );
  });

  it('leaves a placeholder without a value as written, and returns plain sentences whole', () => {
    expect(t('en', 'claim.done')).toBe('You claimed {code}.');
    expect(t('en', 'list.header', { code: 'unused' })).toBe('Your tickets:');
  });
});
