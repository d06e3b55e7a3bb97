// The pure parts of outages and ratings: the words that become commands, the
// rating question, and where the similarity thresholds fall on people's wordings.
import { describe, expect, it } from 'vitest';
import { commandFromAction } from '../../src/index.js';
import { parseCommand } from '../../src/commands/parse-command.js';
import { commandFromOptions } from '../../adapters/channels/discord/to-inbound-event.js';
import { TfIdfIndex } from '../../src/faq/tfidf-index.js';
import { t } from '../../src/i18n.js';
import { BANNER_MIN } from '../../src/outage/outage-banner.js';
import { SIMILAR_MIN } from '../../src/outage/similar-open.js';
import { ratingAsk, ratingWords, withRatingAsk } from '../../src/tickets/rating-words.js';
import { sampleKb } from '../support/desk.js';

describe('outage and rating commands', () => {
  it('reads link and unlink typed in English and Italian', () => {
    expect(parseCommand('ticket link it-45 IT-42')).toEqual({ verb: 'link', code: 'it-45', parent: 'IT-42' });
    expect(parseCommand('ticket collega IT-45 IT-42 grazie')).toEqual({ verb: 'link', code: 'IT-45', parent: 'IT-42' });
    expect(parseCommand('ticket link IT-45')).toEqual({ verb: 'link', code: 'IT-45', parent: '' });
    expect(parseCommand('ticket scollega IT-45')).toEqual({ verb: 'unlink', code: 'IT-45' });
    expect(parseCommand('/ticket unlink IT-45')).toEqual({ verb: 'unlink', code: 'IT-45' });
    expect(commandFromOptions('link', { code: 'IT-45', parent: 'IT-42' })).toEqual({ verb: 'link', code: 'IT-45', parent: 'IT-42' });
  });

  it('reads the rating, "same problem" and banner buttons, and refuses forged ones', () => {
    expect(commandFromAction('rate:IT-42_5')).toEqual({ verb: 'rate', code: 'IT-42', score: 5 });
    expect(commandFromAction('rate:IT-42_1')).toEqual({ verb: 'rate', code: 'IT-42', score: 1 });
    expect(commandFromAction('link:IT-45_IT-42')).toEqual({ verb: 'link', code: 'IT-45', parent: 'IT-42' });
    expect(commandFromAction('outage-yes:abc123')).toEqual({ verb: 'outage-yes', offer: 'abc123' });
    expect(commandFromAction('outage-no:abc123')).toEqual({ verb: 'outage-no', offer: 'abc123' });
    for (const forged of ['rate:IT-42_6', 'rate:IT-42_0', 'rate:IT-42', 'rate:IT-42_5_5', 'rate:__proto___5', 'link:IT-45', 'link:IT-45_constructor', 'rate:IT-42_55']) {
      expect(commandFromAction(forged), forged).toBeNull();
    }
    // Not typed: a requester cannot rate by writing the button's words.
    expect(() => parseCommand('ticket rate IT-42 5')).toThrow(/COMMAND.UNKNOWN/);
  });

  it('asks for a rating with five buttons, in the reader\'s language, alone or after a closing message', () => {
    const ask = ratingAsk('it', 'IT-42');
    expect(ask.text).toBe(t('it', 'rating.ask', { code: 'IT-42' }));
    expect(ask.actions!.map((a) => a.id)).toEqual(['rate:IT-42_1', 'rate:IT-42_2', 'rate:IT-42_3', 'rate:IT-42_4', 'rate:IT-42_5']);
    expect(ask.actions![4]!.label).toBe('5 ★★★★★');
    const closed = withRatingAsk('en', { text: 'IT-42 was closed.' }, 'IT-42');
    expect(closed.text).toBe(`IT-42 was closed.\n\n${t('en', 'rating.ask', { code: 'IT-42' })}`);
    expect(closed.actions).toHaveLength(5);
    expect(ratingWords({ score: 2, at: 0 })).toBe('★★☆☆☆ (2/5)');
    expect(ratingWords({ score: 4, comment: 'ok ma lento', at: 0 })).toBe('★★★★☆ (4/5): ok ma lento');
  });
});

describe('where the similarity thresholds fall', () => {
  // An outage as the desk reads it: the parent's words and its linked tickets', among the FAQ's questions.
  const outage = [
    'la posta elettronica non funziona, Outlook non riceve nulla da stamattina',
    'outlook nn riceve le mail, posta bloccata anche x me',
    'my outlook isnt getting any emails since 9am??',
  ];
  const docs = outage.map((text) => ({ text, entry: 0 }));
  sampleKb.forEach((entry, i) => entry.questions.forEach((text) => docs.push({ text, entry: i + 1 })));
  const index = new TfIdfIndex(docs, sampleKb.length + 1);
  /** The outage's score when it is the best reading of the text, 0 otherwise (as the banner decides). */
  const score = (text: string) => {
    const [best] = index.score(text);
    return best?.entry === 0 ? best.score : 0;
  };

  it('offers the outage to people who describe it, in either language, with typos', () => {
    for (const text of ['buongiorno, outlook non riceve le email... è un problema generale?', 'la posta non va, outlook non riceve niente', 'outlook not receiving emails, is it just me?']) {
      expect(score(text), text).toBeGreaterThanOrEqual(BANNER_MIN);
    }
  });

  it('does not offer it for other problems, even those that "non funziona da stamattina" too', () => {
    for (const text of ['il badge non funziona', 'la stampante non stampa', 'ho dimenticato la password', 'outlook keeps crashing when I open it', 'excel non funziona da stamattina', 'il wifi non funziona da stamattina']) {
      expect(score(text), text).toBeLessThan(BANNER_MIN);
    }
  });

  it('shows an agent similar open tickets from a lower bar than the banner (the agent decides)', () => {
    expect(SIMILAR_MIN).toBeLessThan(BANNER_MIN);
    const queue = new TfIdfIndex(['outlook nn riceve le mail, posta bloccata anche x me', 'il badge non apre la porta del magazzino'].map((text, entry) => ({ text, entry })), 2);
    const found = queue.score('la posta elettronica non funziona, Outlook non riceve nulla da stamattina').filter((s) => s.score >= SIMILAR_MIN);
    expect(found.map((s) => s.entry)).toEqual([0]);
  });
});
