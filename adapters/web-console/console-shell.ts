// The page around every console screen: header, sections, language, sign-out,
// the shortcuts' help. Lead pages (agents, FAQ) use it too, with the gate below.
import type { Agent, Locale } from '../../src/index.js';
import { html, render, rendered } from './html.js';
import { word } from './console-words.js';

export type ConsoleSection = 'queue' | 'agents' | 'faq' | 'oncall' | 'archive' | 'report';

/** The parts of a request the gate reads: a FastifyRequest is one. */
export interface ConsoleRequest {
  method: string;
  headers: import('node:http').IncomingHttpHeaders;
  body?: unknown;
}

/**
 * Who is at the console, and whether a state-changing request may go on.
 * `signedIn`: the agent (or lead) of the request's session, the CSRF token its
 * forms carry (a hidden `csrf` field, or the X-CSRF-Token header), the labels'
 * language; null when nobody is signed in or they are no longer an agent.
 * `checkWrite`: for POSTs, refuses another site's Origin and a missing or wrong
 * CSRF token; call it after `signedIn` succeeded.
 */
export type ConsoleGate = {
  signedIn(req: ConsoleRequest): Promise<{ agent: Agent; csrf: string; locale: Locale } | null>;
  checkWrite(req: ConsoleRequest): { status: number; error: string } | null;
};

export interface ConsolePageOptions {
  title: string;
  locale: Locale;
  agent: Agent;
  active: ConsoleSection;
  /** HTML already rendered (escaped by its renderer). */
  body: string;
  /** Extra module scripts, by URL on this server. */
  scripts?: string[];
  csrf: string;
  /** This page's path, for the language switch to come back to; the section's own page by default. */
  path?: string;
}

const SECTIONS: { id: ConsoleSection; href: string; leadsOnly: boolean }[] = [
  { id: 'queue', href: '/console', leadsOnly: false },
  { id: 'archive', href: '/console/archive', leadsOnly: false },
  { id: 'agents', href: '/console/agents', leadsOnly: true },
  { id: 'faq', href: '/console/faq', leadsOnly: true },
  { id: 'oncall', href: '/console/oncall', leadsOnly: true },
  { id: 'report', href: '/console/report', leadsOnly: true },
];

function helpDialog(locale: Locale) {
  const rows: [string, Parameters<typeof word>[1]][] = [
    ['j', 'help.j'],
    ['k', 'help.k'],
    ['Enter / o', 'help.open'],
    ['c', 'help.c'],
    ['r', 'help.r'],
    ['e', 'help.e'],
    ['?', 'help.help'],
  ];
  return html`<dialog id="shortcuts" aria-labelledby="shortcuts-title">
    <h2 id="shortcuts-title">${word(locale, 'help.title')}</h2>
    <dl class="keys">
      ${rows.map(([key, label]) => html`<div><dt><kbd>${key}</kbd></dt><dd>${word(locale, label)}</dd></div>`)}
    </dl>
    <form method="dialog"><button type="submit">${word(locale, 'help.close')}</button></form>
  </dialog>`;
}

/** A whole console page for a signed-in agent. */
export function consolePage(opts: ConsolePageOptions): string {
  const { locale, agent, active, csrf } = opts;
  const sections = SECTIONS.filter((s) => !s.leadsOnly || agent.role === 'lead' || agent.role === 'admin');
  const scripts = ['/console/assets/console.js', ...(opts.scripts ?? [])];
  const page = html`<html lang=${locale}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${opts.title} · ${word(locale, 'console.title')}</title>
      <link rel="stylesheet" href="/console/assets/console.css" />
      ${scripts.map((src) => html`<script type="module" src=${src}></script>`)}
    </head>
    <body data-csrf=${csrf}>
      <a class="skip" href="#content">${word(locale, 'console.skip')}</a>
      <header class="bar">
        <span class="brand">${word(locale, 'console.title')}</span>
        <nav aria-label=${word(locale, 'nav.label')}>
          <ul>
            ${sections.map(
              (s) => html`<li><a href=${s.href} aria-current=${s.id === active ? 'page' : undefined}>${word(locale, `nav.${s.id}`)}</a></li>`,
            )}
          </ul>
        </nav>
        <div class="who">
          <span class="name">${word(locale, 'nav.signedInAs', { name: agent.name || agent.userId })}</span>
          <form method="post" action="/console/locale" class="inline">
            <input type="hidden" name="csrf" value=${csrf} />
            <input type="hidden" name="back" value=${opts.path ?? SECTIONS.find((s) => s.id === active)!.href} />
            <label for="console-locale" class="visually-hidden">${word(locale, 'nav.language')}</label>
            <select id="console-locale" name="locale" data-autosubmit="">
              ${(['en', 'it'] as const).map((l) => html`<option value=${l} selected=${l === locale} lang=${l}>${word(locale, `lang.${l}`)}</option>`)}
            </select>
            <button type="submit" class="secondary">${word(locale, 'nav.language')}</button>
          </form>
          <form method="post" action="/console/sign-out" class="inline">
            <input type="hidden" name="csrf" value=${csrf} />
            <button type="submit" class="secondary">${word(locale, 'nav.signOut')}</button>
          </form>
        </div>
      </header>
      ${rendered(opts.body, 'main', { id: 'content', tabindex: '-1' })}
      ${helpDialog(locale)}
    </body>
  </html>`;
  return `<!doctype html>${render(page)}`;
}

/** A page for someone not signed in (sign-in, link confirmation, refusals): no sections, no session. */
export function publicPage(locale: Locale, title: string, body: string): string {
  const page = html`<html lang=${locale}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${title} · ${word(locale, 'console.title')}</title>
      <link rel="stylesheet" href="/console/assets/console.css" />
    </head>
    <body>
      <header class="bar"><span class="brand">${word(locale, 'console.title')}</span></header>
      ${rendered(body, 'main', { id: 'content', class: 'narrow' })}
    </body>
  </html>`;
  return `<!doctype html>${render(page)}`;
}
