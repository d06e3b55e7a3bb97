// The web chat's pure parts: its labels complete in both languages, the
// branding variables checked with clear errors, the text colour on the brand,
// and which questions the greeting suggests.
import { describe, expect, it } from 'vitest';
import { textOn } from '../../adapters/channels/web/branding.js';
import { ConfigError, loadConfig } from '../../app/config.js';
import { webBrandingFrom } from '../../app/web-auth.js';
import { suggestedQuestions, type FaqEntry } from '../../src/index.js';

// A plain ES module served to the browser as it is: loaded here by URL, untyped.
const wordsUrl = new URL('../../adapters/channels/web/client/words.js', import.meta.url).href;
const loadWords = () => import(wordsUrl) as Promise<{ WORDS: Record<string, Record<string, string>>; say: (lang: string, key: string, vars?: object) => string; sinceWords: (lang: string, at: number, now: number) => string }>;

describe('the chat page\'s labels', () => {
  it('has every label in Italian and in English, none empty', async () => {
    const { WORDS } = await loadWords();
    expect(Object.keys(WORDS.it!).sort()).toEqual(Object.keys(WORDS.en!).sort());
    for (const lang of ['it', 'en']) for (const [key, text] of Object.entries(WORDS[lang]!)) expect(text.trim(), `${lang}.${key}`).not.toBe('');
  });

  it('fills in names as text and says how long ago in each language', async () => {
    const { say, sinceWords } = await loadWords();
    expect(say('it', 'greeting', { name: '<b>Mario</b>', desk: 'Sportello' })).toBe('Ciao <b>Mario</b>! Qui è Sportello. Chiedimi pure, o scegli una domanda qui sotto.');
    expect(say('en', 'typing', { desk: 'Help' })).toBe('Help is typing…');
    expect(say('en', 'typing', { constructor: 'x' })).toBe('{desk} is typing…');
    const now = Date.UTC(2026, 0, 5, 12);
    expect(sinceWords('it', now - 3 * 60_000, now)).toBe('3 min fa');
    expect(sinceWords('en', now - 3 * 60_000, now)).toBe('3 min. ago');
    expect(sinceWords('it', now - 5_000, now)).toBe('ora');
    expect(sinceWords('en', now - 2 * 86_400_000, now)).toBe('2 days ago');
  });
});

describe('branding by configuration', () => {
  it('defaults to Sportello in its blue, and reads name, colour, logo and welcome words', () => {
    expect(webBrandingFrom(loadConfig({}))).toEqual({ name: 'Sportello', colour: '#1f6feb', welcome: {} });
    const c = loadConfig({ WEB_BRAND_NAME: 'Help ACME', WEB_BRAND_COLOUR: '#0F766E', WEB_BRAND_LOGO_URL: 'https://cdn.example.com/logo.svg', WEB_WELCOME_TEXT_IT: 'Benvenuti', WEB_WELCOME_TEXT_EN: 'Welcome' });
    expect(webBrandingFrom(c)).toEqual({ name: 'Help ACME', colour: '#0f766e', logoUrl: 'https://cdn.example.com/logo.svg', welcome: { it: 'Benvenuti', en: 'Welcome' } });
    expect(webBrandingFrom(loadConfig({ WEB_BRAND_LOGO_URL: '/static/logo.png' })).logoUrl).toBe('/static/logo.png');
  });

  it.each([
    [{ WEB_BRAND_COLOUR: 'teal' }, 'WEB_BRAND_COLOUR must be a colour as #rrggbb, e.g. #1f6feb'],
    [{ WEB_BRAND_COLOUR: '#fff' }, 'WEB_BRAND_COLOUR must be a colour as #rrggbb, e.g. #1f6feb'],
    [{ WEB_BRAND_LOGO_URL: 'http://cdn.example.com/logo.png' }, 'WEB_BRAND_LOGO_URL must be an https:// URL or a path on this server starting with /'],
    [{ WEB_BRAND_LOGO_URL: '//evil.example/logo.png' }, 'WEB_BRAND_LOGO_URL must be an https:// URL or a path on this server starting with /'],
    [{ WEB_BRAND_LOGO_URL: 'javascript:alert(1)' }, 'WEB_BRAND_LOGO_URL must be an https:// URL or a path on this server starting with /'],
    [{ WEB_BRAND_NAME: 'n'.repeat(61) }, 'WEB_BRAND_NAME must be at most 60 characters'],
    [{ WEB_WELCOME_TEXT_IT: 'x'.repeat(501) }, 'WEB_WELCOME_TEXT_IT must be at most 500 characters'],
  ])('refuses %o with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('writes white on a dark brand colour and near-black on a light one', () => {
    expect(textOn('#1f6feb')).toBe('#ffffff');
    expect(textOn('#0f766e')).toBe('#ffffff');
    expect(textOn('#ffd33d')).toBe('#111111');
    expect(textOn('#ffffff')).toBe('#111111');
  });
});

describe('suggested questions', () => {
  const entry = (id: string, questions: string[]): FaqEntry => ({ id, department: 'it', questions, answer: { it: 'risposta', en: 'answer' } });
  const kb = [
    entry('vpn', ['Come mi collego alla VPN da casa?', 'How do I connect to the VPN from home?']),
    entry('printer', ['The printer on the second floor does not print', 'La stampante del secondo piano non stampa']),
    entry('badge', ['I lost my badge']),
    entry('wifi', ['Qual è la password del wifi ospiti?', 'What is the guest wifi password?']),
  ];

  it('falls back to the first entries that can be asked in the language while nothing is counted', () => {
    expect(suggestedQuestions('it', kb, [], 5).map((s) => s.question)).toEqual([
      'Come mi collego alla VPN da casa?',
      'La stampante del secondo piano non stampa',
      'Qual è la password del wifi ospiti?',
    ]);
    expect(suggestedQuestions('en', kb, [], 2).map((s) => s.entryId)).toEqual(['vpn', 'printer']);
  });

  it('puts the most asked first, skips entries gone from the knowledge base, and fills up with the first ones', () => {
    const asked = [{ entryId: 'wifi' }, { entryId: 'deleted' }, { entryId: 'badge' }];
    expect(suggestedQuestions('en', kb, asked, 3).map((s) => s.question)).toEqual(['What is the guest wifi password?', 'I lost my badge', 'How do I connect to the VPN from home?']);
  });
});
