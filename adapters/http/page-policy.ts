// The Content-Security-Policy of a page we serve: our own origin only, and the
// page's inline <script> and <style> blocks allowed by their hashes, so nothing a
// person typed can ever run even if it slipped past escaping.
import { createHash } from 'node:crypto';

function hashes(html: string, tag: 'script' | 'style'): string[] {
  const blocks = html.matchAll(new RegExp(`<${tag}(\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'g'));
  // A script loaded from a file (src=) is allowed as 'self', not by the hash of its empty body.
  return [...blocks]
    .filter(([, attrs]) => !/\bsrc\s*=/i.test(attrs ?? ''))
    .map(([, , body]) => `'sha256-${createHash('sha256').update(body ?? '').digest('base64')}'`);
}

/** `frameAncestors`: origins allowed to embed the page (an intranet portal); none by default. `imageOrigins`: where else images may come from (a logo). */
export function pagePolicy(html: string, frameAncestors: readonly string[] = [], imageOrigins: readonly string[] = []): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' ${hashes(html, 'script').join(' ')}`.trim(),
    `style-src 'self' ${hashes(html, 'style').join(' ')}`.trim(),
    `img-src 'self' data: ${imageOrigins.join(' ')}`.trim(),
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors.length > 0 ? frameAncestors.join(' ') : "'none'"}`,
  ];
  return directives.join('; ');
}
