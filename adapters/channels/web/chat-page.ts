// The chat page's HTML: a shell the client modules (client/) fill in. Rendered
// with preact-render-to-string, so the desk's name is escaped by construction;
// no inline script, no inline style, so the CSP can stay `script-src 'self'`.
import { h } from 'preact';
import { render } from 'preact-render-to-string';
import type { WebBranding } from './branding.js';

export const CHAT_ASSETS = '/assets/chat';

export function chatPage(brand: WebBranding): string {
  const page = h(
    'html',
    { lang: 'en' },
    h(
      'head',
      null,
      h('meta', { charset: 'utf-8' }),
      h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
      h('title', null, brand.name),
      h('link', { rel: 'stylesheet', href: `${CHAT_ASSETS}/chat.css` }),
      h('script', { type: 'module', src: `${CHAT_ASSETS}/main.js` }),
    ),
    h('body', null, h('div', { id: 'app' }, h('noscript', null, 'Sportello needs JavaScript · Sportello richiede JavaScript'))),
  );
  return `<!doctype html>${render(page)}`;
}
