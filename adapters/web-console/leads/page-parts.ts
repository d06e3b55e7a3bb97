// Pieces the leads' pages share: the error summary and per-field errors of a
// form, the notice after a change, and the small stand-alone page for refusals.
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import type { Locale } from '../../../src/index.js';

/** The hidden field every state-changing form carries its CSRF token in (the console's gate reads the same). */
export const CSRF_FIELD = 'csrf';

export const STYLESHEET = '/console/leads/assets/leads.css';

export const errorId = (id: string) => `${id}-error`;

export interface FieldError {
  /** The id of the control (or group) it belongs to. */
  target: string;
  label: string;
  message: string;
}

/** Lists every error with a link to its field; read out at once by screen readers. */
export function errorSummary(title: string, intro: string, errors: readonly FieldError[]): VNode | null {
  if (errors.length === 0) return null;
  return html`<div class="leads-errors" role="alert" id="form-errors">
    <h2>${title}</h2>
    <p>${intro}</p>
    <ul>
      ${errors.map((e) => html`<li><a href=${`#${e.target}`}>${e.label}</a>: ${e.message}</li>`)}
    </ul>
  </div>`;
}

export function fieldError(id: string, message: string | undefined): VNode | null {
  return message ? html`<p class="leads-field-error" id=${errorId(id)}>${message}</p>` : null;
}

/** aria attributes of a control: its hint and error described, and marked invalid when it has an error. */
export function described(id: string, error: string | undefined, hint?: boolean): Record<string, string> {
  const ids = [hint ? `${id}-hint` : '', error ? errorId(id) : ''].filter(Boolean);
  const out: Record<string, string> = {};
  if (ids.length > 0) out['aria-describedby'] = ids.join(' ');
  if (error) out['aria-invalid'] = 'true';
  return out;
}

export function notice(text: string | null): VNode | null {
  return text ? html`<p class="leads-notice" role="status">${text}</p>` : null;
}

export function csrfInput(token: string): VNode {
  return html`<input type="hidden" name=${CSRF_FIELD} value=${token} />`;
}

export function renderBody(node: VNode): string {
  return render(node);
}

/** A page outside the console's shell (a refusal), complete and in the reader's language. */
export function standalonePage(locale: Locale, title: string, text: string, link: { href: string; label: string }): string {
  return `<!doctype html>${render(html`<html lang=${locale}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${title} · Sportello</title>
      <link rel="stylesheet" href=${STYLESHEET} />
    </head>
    <body class="leads-standalone">
      <main>
        <h1>${title}</h1>
        <p>${text}</p>
        <p><a href=${link.href}>${link.label}</a></p>
      </main>
    </body>
  </html>`)}`;
}
