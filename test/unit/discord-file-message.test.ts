import { describe, expect, it } from 'vitest';
import { contentWithLines, fileLine, fileNameText, planFiles } from '../../adapters/channels/discord/file-message.js';
import { deliveryNonce } from '../../adapters/channels/discord/send-files.js';
import type { Attachment } from '../../src/index.js';

const file = (name: string, size: number): Attachment => ({ id: name.padEnd(64, '0'), name, mime: 'image/png', size });

describe('a reply\'s files on one Discord message', () => {
  it('attaches files in order up to ten, each within the upload limit', () => {
    const files = [file('big.png', 11), ...Array.from({ length: 11 }, (_, i) => file(`f${i}.png`, 10))];
    const plan = planFiles(files, 10);
    expect(plan.attach.map((f) => f.name)).toEqual(files.slice(1, 11).map((f) => f.name));
    expect(plan.tooBig.map((f) => f.name)).toEqual(['big.png']);
    expect(plan.tooMany.map((f) => f.name)).toEqual(['f10.png']);
  });

  it('says in the reader\'s language why a file is not attached, with a link where there is one', () => {
    const f = file('report.pdf', 24 * 1024 * 1024);
    expect(fileLine('en', { file: f, why: 'too_big' })).toBe('📎 report.pdf (24.0 MB) is too large for Discord: open it on the web.');
    expect(fileLine('it', { file: f, why: 'too_big' })).toBe('📎 report.pdf (24.0 MB) è troppo grande per Discord: aprilo dal web.');
    expect(fileLine('en', { file: f, why: 'too_big', link: 'https://desk.example/f/abc' })).toBe('📎 report.pdf (24.0 MB) is too large for Discord: https://desk.example/f/abc');
    expect(fileLine('it', { file: f, why: 'too_many' })).toBe('📎 report.pdf (24.0 MB): Discord accetta 10 file per messaggio, aprilo dal web.');
    expect(fileLine('en', { file: f, why: 'gone' })).toBe('📎 report.pdf (24.0 MB) is no longer available.');
  });

  it('shows a file name as typed, with nothing in it read as markdown, a link or a mention', () => {
    expect(fileNameText('**urgent** [click](https://evil.example) @everyone <@123>.png')).toBe(
      '\\*\\*urgent\\*\\* \\[click\\] \\(https://evil.example\\) @\u200beveryone <\u200b@123\\>.png',
    );
    expect(fileNameText('a_b-c.png')).toBe('a\\_b\\-c.png');
  });

  it('keeps the lines whole and cuts the text when both do not fit in 2000 characters', () => {
    const out = contentWithLines('x'.repeat(2000), ['📎 a.png (1 KB) is too large for Discord: open it on the web.']);
    expect(out.length).toBeLessThanOrEqual(2000);
    expect(out.endsWith('open it on the web.')).toBe(true);
    expect(contentWithLines('', ['line'])).toBe('line');
    expect(contentWithLines('text', [])).toBe('text');
  });

  it('gives a delivery the same nonce every time, within Discord\'s 25 characters', () => {
    expect(deliveryNonce('IT-1#3', '123', 'hello')).toBe(deliveryNonce('IT-1#3', '123', 'hello'));
    expect(deliveryNonce('IT-1#3', '123', 'hello')).not.toBe(deliveryNonce('IT-1#3', '124', 'hello'));
    expect(deliveryNonce('IT-1#3', '123', 'hello')).toHaveLength(25);
  });
});
