import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mailBody } from '../../../adapters/channels/email/mail-body.js';

/** The html with the markup mailBody itself writes taken out. */
const withoutOurMarkup = (html: string) =>
  html
    .replace(/^<!DOCTYPE html>\n<html(?: lang="[a-z0-9-]+")?>\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width">\n<\/head>\n<body>\n/i, '')
    .replace(/\n<\/body>\n<\/html>\n$/, '')
    .replace(/<\/?p>|<br>|<a href="[^"<>]*">|<\/a>/g, '');

describe('mailBody', () => {
  it('writes paragraphs apart by a blank line in text, and as paragraphs with line breaks in HTML', () => {
    const { text, html } = mailBody(['Ciao Mario,', 'il ticket IT-42 è chiuso.\nGrazie']);
    expect(text).toBe('Ciao Mario,\n\nil ticket IT-42 è chiuso.\nGrazie');
    expect(html).toContain('<p>Ciao Mario,</p>\n<p>il ticket IT-42 è chiuso.<br>\nGrazie</p>');
    expect(html).toMatch(/^<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">/);
  });

  it('escapes every character people wrote, a script tag and quotes included', () => {
    const { text, html } = mailBody(['<script>alert("x")</script> & it\'s <b>bold</b>']);
    expect(text).toBe('<script>alert("x")</script> & it\'s <b>bold</b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; it&#39;s &lt;b&gt;bold&lt;/b&gt;');
    expect(html).not.toMatch(/<script|<style|url\(/i);
  });

  it('links http and https addresses, leaving the full stop after them outside', () => {
    const { html } = mailBody(['See https://portal.example.com/reset?a=1&b=2. Or http://wiki.example.com/Printer_(floor_2).']);
    expect(html).toContain('<a href="https://portal.example.com/reset?a=1&amp;b=2">https://portal.example.com/reset?a=1&amp;b=2</a>.');
    expect(html).toContain('<a href="http://wiki.example.com/Printer_(floor_2)">http://wiki.example.com/Printer_(floor_2)</a>.');
  });

  it('does not link javascript:, data: or mailto-looking tricks', () => {
    const { html } = mailBody(['javascript:alert(1) [click](javascript:alert(1)) data:text/html,<b>x</b>']);
    expect(html).not.toContain('<a ');
    expect(html).toContain('[click](javascript:alert(1))');
  });

  it('turns [label](url) into a link in HTML and "label (url)" in text', () => {
    const { text, html } = mailBody(['Follow [the guide](https://kb.example.com/vpn) to connect.']);
    expect(text).toBe('Follow the guide (https://kb.example.com/vpn) to connect.');
    expect(html).toContain('Follow <a href="https://kb.example.com/vpn">the guide</a> to connect.');
  });

  it('shows both addresses when a label dresses up as another address', () => {
    const { html } = mailBody(['[https://sso.example.com](https://evil.example/login) and [sso.example.com](https://evil.example/)']);
    expect(html).toContain('https://sso.example.com (<a href="https://evil.example/login">https://evil.example/login</a>)');
    expect(html).toContain('sso.example.com (<a href="https://evil.example/">https://evil.example/</a>)');
  });

  it('escapes an attribute breakout in a URL', () => {
    const { html } = mailBody(['https://x.example/"onmouseover="alert(1)']);
    expect(html).not.toMatch(/"onmouseover/);
  });

  it('sets the language of the document only when it looks like one', () => {
    expect(mailBody(['x'], { lang: 'it' }).html).toContain('<html lang="it">');
    expect(mailBody(['x'], { lang: '"><script>' }).html).toContain('<html>');
  });

  it('never lets a "<" from the input through as markup', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom('<script>', '[a](https://x.example/<b>)', 'https://x.example/<i>', '"\'&<>')), { maxLength: 6 }), (paragraphs) => {
        expect(withoutOurMarkup(mailBody(paragraphs).html)).not.toContain('<');
      }),
      { numRuns: 500 },
    );
  });
});
