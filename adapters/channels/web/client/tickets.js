// "My tickets": the person's own tickets, newest change first, with their status
// in words and how long since each last changed.
import { h } from '/assets/vendor/preact.mjs';
import { useEffect, useRef, useState } from '/assets/vendor/preact-hooks.mjs';
import htm from '/assets/vendor/htm.mjs';
import { say, sinceWords } from './words.js';

const html = htm.bind(h);

/** Re-renders every half minute, so "2 min ago" keeps up. */
function useNow() {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function TicketsPanel({ lang, tickets, open, onClose }) {
  const now = useNow();
  const heading = useRef(null);
  useEffect(() => {
    if (open) heading.current?.focus();
  }, [open]);
  return html`<aside id="tickets-panel" class="panel" hidden=${!open} aria-labelledby="tickets-heading"
      onKeyDown=${(e) => {
        if (e.key !== 'Escape') return;
        // Handled here: an embedding widget must not close as well.
        e.preventDefault();
        onClose();
      }}>
    <div class="panel-head">
      <h2 id="tickets-heading" tabindex="-1" ref=${heading}>${say(lang, 'myTickets')}</h2>
      <button type="button" class="close" onClick=${onClose}>${say(lang, 'close')}</button>
    </div>
    ${tickets.length === 0
      ? html`<p class="empty">${say(lang, 'noTickets')}</p>`
      : html`<ul class="tickets">
          ${tickets.map(
            (t) => html`<li class="my-ticket" data-code=${t.code}>
              <span class="code">${t.code}</span>
              <span class="title">${t.title}</span>
              <span class=${'status status-' + t.status}>${t.statusLabel}</span>
              <span class="since">${say(lang, 'updated', { when: sinceWords(lang, t.updatedAt, now) })}</span>
            </li>`,
          )}
        </ul>`}
  </aside>`;
}
