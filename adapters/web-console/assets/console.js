// The console in the browser: live refresh from the server's notices, filters
// that apply on change, and keyboard shortcuts. Pages work without it.
const csrf = document.body.dataset.csrf || '';
const queuePage = document.querySelector('section.queue-page');
const ticketPage = document.querySelector('article.ticket-page');
const live = document.getElementById('live-status');

function announce() {
  if (!live) return;
  live.textContent = '';
  setTimeout(() => { live.textContent = live.dataset.updated || ''; }, 50);
}

// Times come from the server in UTC: shown in the reader's own zone and the page's language.
function localTimes() {
  const lang = document.documentElement.lang || undefined;
  for (const t of document.querySelectorAll('time[datetime]')) {
    const at = new Date(t.getAttribute('datetime'));
    if (!Number.isNaN(at.getTime())) t.textContent = at.toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
  }
}
localTimes();

for (const select of document.querySelectorAll('select[data-autosubmit]')) {
  select.addEventListener('change', () => select.form && select.form.requestSubmit());
}

// ---- the queue: selection, refresh ----
let selected = -1;
const rows = () => [...document.querySelectorAll('#queue-region tbody tr[data-code]')];
function select(i) {
  const all = rows();
  if (all.length === 0) return;
  selected = Math.max(0, Math.min(all.length - 1, i));
  all.forEach((r, n) => r.classList.toggle('selected', n === selected));
  const link = all[selected].querySelector('a');
  if (link) link.focus();
}
const selectedCode = () => (rows()[selected] || null)?.dataset.code || null;

async function refreshQueue() {
  const url = new URL(window.location.href);
  url.searchParams.set('fragment', '1');
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) return;
  const keep = selectedCode();
  const region = document.getElementById('queue-region');
  const focusWasInside = region && region.contains(document.activeElement);
  region.outerHTML = await res.text();
  if (keep) {
    const i = rows().findIndex((r) => r.dataset.code === keep);
    if (i >= 0) {
      selected = i;
      rows()[i].classList.add('selected');
      if (focusWasInside) rows()[i].querySelector('a')?.focus();
    }
  }
  announce();
}

async function refreshTicket(code) {
  const res = await fetch(`/console/tickets/${encodeURIComponent(code)}?fragment=1`, { credentials: 'same-origin' });
  if (!res.ok) return;
  const liveRegion = document.getElementById('ticket-live');
  liveRegion.outerHTML = await res.text();
  localTimes();
  announce();
}

function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

if (queuePage || ticketPage) {
  const code = ticketPage?.dataset.code;
  const refresh = debounce(() => (queuePage ? refreshQueue() : refreshTicket(code)), 150);
  const stream = new EventSource('/console/stream');
  stream.addEventListener('message', (e) => {
    let notice;
    try { notice = JSON.parse(e.data); } catch { return; }
    if (queuePage || notice.code === code) refresh();
  });
  document.body.dataset.live = 'on';
  stream.addEventListener('open', () => { document.body.dataset.stream = 'open'; });
}

async function claimFromQueue(code) {
  const body = new URLSearchParams({ csrf, action: 'claim' });
  const res = await fetch(`/console/tickets/${encodeURIComponent(code)}`, {
    method: 'POST', credentials: 'same-origin', body,
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
  });
  const answer = await res.json().catch(() => ({}));
  if (live && Array.isArray(answer.desk)) {
    live.textContent = answer.desk.join(' ');
  }
  await refreshQueue();
}

// ---- shortcuts ----
function typing(target) {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
const help = document.getElementById('shortcuts');

document.addEventListener('keydown', (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
  if (help && help.open) return;
  const key = e.key;
  if (key === '?') {
    e.preventDefault();
    help?.showModal();
    return;
  }
  if (queuePage) {
    const ticketUrl = (c, hash = '') => `/console/tickets/${encodeURIComponent(c)}${hash}`;
    if (key === 'j') { e.preventDefault(); select(selected + 1); }
    else if (key === 'k') { e.preventDefault(); select(selected < 0 ? 0 : selected - 1); }
    else if (key === 'o' || (key === 'Enter' && !(e.target instanceof HTMLAnchorElement))) {
      const c = selectedCode();
      if (c) { e.preventDefault(); window.location.href = ticketUrl(c); }
    } else if (key === 'c') {
      const c = selectedCode();
      if (c) { e.preventDefault(); void claimFromQueue(c); }
    } else if (key === 'r' || key === 'e') {
      const c = selectedCode();
      if (c) { e.preventDefault(); window.location.href = ticketUrl(c, key === 'r' ? '#reply' : '#escalate'); }
    }
  } else if (ticketPage) {
    if (key === 'c') { e.preventDefault(); document.getElementById('form-claim')?.requestSubmit(); }
    else if (key === 'r') { e.preventDefault(); document.getElementById('reply')?.focus(); }
    else if (key === 'e') { e.preventDefault(); document.getElementById('escalate')?.focus(); }
  }
});

if (ticketPage && (location.hash === '#reply' || location.hash === '#escalate')) {
  document.getElementById(location.hash.slice(1))?.focus();
}
