// The console's ticket page says what a guided fix tried before the ticket
// opened, in the agent's language, with the KB's words kept as text.
import { describe, expect, it } from 'vitest';
import { ticketLiveHtml } from '../../adapters/web-console/ticket-page.js';
import type { Agent, GuideTrail, Ticket } from '../../src/index.js';
import { makeDraft } from '../support/factories.js';

const agent: Agent = { platform: 'web', userId: 'anna', name: 'Anna', departments: ['facilities'], tier: 1, role: 'agent' };
const now = 1_800_000_000_000;
const draft = makeDraft({ department: 'facilities', priority: 'P3', title: 'etichette vuote', createdAt: now, updatedAt: now });
const plain: Ticket = { ...draft, dueAt: now + 3_600_000, code: 'FAC-7', seq: 7, version: 1 };

const guide: GuideTrail = {
  entryId: 'it-label-printer',
  name: { it: 'etichette <img src=x onerror="window.__pwned=1">', en: 'blank labels <script>alert(1)</script>' },
  steps: [
    { id: 'restart', title: { it: 'Riavvio', en: 'Restart' } },
    { id: 'ribbon', title: { it: 'Spia nastro', en: 'Ribbon light' }, ask: { it: 'La spia è rossa?', en: 'Is the light red?' }, answer: { it: 'No', en: 'No' } },
    { id: 'driver', title: { it: 'Driver', en: 'Driver' } },
  ],
  how: 'stuck',
};

const page = (locale: 'it' | 'en', ticket: Ticket) => ticketLiveHtml({ agent, locale, ticket, events: [], departments: ['facilities'], csrf: 'x', now });

describe('the console and a guided fix', () => {
  it('shows the steps tried and where the person got stuck, in the agent\'s language, the guide\'s words as text', () => {
    const en = page('en', { ...plain, guide });
    expect(en).toContain('<div class="guide-tried"><dt>Guided fix</dt><dd>Tried with the guide “blank labels &lt;script>alert(1)&lt;/script>”: Restart, Ribbon light: No — stuck at step 3 (Driver)</dd></div>');
    const it = page('it', { ...plain, guide });
    expect(it).toContain('<dt>Guida provata</dt><dd>Provato con la guida “etichette &lt;img src=x onerror=&quot;window.__pwned=1&quot;>”: Riavvio, Spia nastro: No — bloccato al passo 3 (Driver)</dd>');
    expect(it).not.toContain('<img');
  });

  it('says nothing of a guide on a ticket that did not come from one', () => {
    expect(page('en', plain)).not.toContain('guide-tried');
  });
});
