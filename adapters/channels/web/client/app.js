// The employee chat: sign-in as WEB_AUTH says, a greeting with suggested
// questions, the conversation (history from the store, then live), a typing
// indicator, and "my tickets". Labels follow the browser or the person's choice.
import { h } from '/assets/vendor/preact.mjs';
import { useCallback, useEffect, useRef, useState } from '/assets/vendor/preact-hooks.mjs';
import htm from '/assets/vendor/htm.mjs';
import * as api from './api.js';
import { Message } from './messages.js';
import { TicketsPanel } from './tickets.js';
import { LANGS, langOf, say, sizeWords } from './words.js';

const html = htm.bind(h);
const LANG_KEY = 'sportello.lang';
const USER_KEY = 'sportello.user';
const TOKEN_KEY = 'sportello.token';
const embedded = new URLSearchParams(location.search).has('embed');

let nextKey = 0;
const item = (kind, fields) => ({ key: ++nextKey, kind, ...fields });

function stored(storage, key) {
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}
function store(storage, key, value) {
  try {
    if (value === null) storage.removeItem(key);
    else storage.setItem(key, value);
  } catch {
    /* private mode: the choice lasts this page only */
  }
}

/** The language chosen on this page before, else the browser's. */
function firstLang() {
  const chosen = stored(localStorage, LANG_KEY);
  return LANGS.includes(chosen) ? chosen : langOf(navigator.language);
}

function Header({ lang, brand, person, auth, ticketsOpen, ticketCount, onTickets, onLang, onSignOut }) {
  const other = lang === 'it' ? 'en' : 'it';
  return html`<header class="bar">
    ${brand.logoUrl && html`<img class="logo" src=${brand.logoUrl} alt="" width="28" height="28" />`}
    <h1 id="desk-name">${brand.name}</h1>
    ${person && html`<span id="who" class="who" title=${say(lang, 'signedInAs', { name: person.name })}>${person.name} (${person.id})</span>`}
    ${person &&
    html`<button type="button" id="tickets-toggle" class="tool" aria-expanded=${ticketsOpen ? 'true' : 'false'} aria-controls="tickets-panel" onClick=${onTickets}>
      <svg class="icon" aria-hidden="true" focusable="false" width="18" height="18" viewBox="0 0 24 24"><path fill="currentColor" d="M3 6a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2v3a3 3 0 0 0 0 6v3a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-3a3 3 0 0 0 0-6V6zm6 1v2h2V7H9zm0 4v2h2v-2H9zm0 4v2h2v-2H9z"/></svg><span class="label">${say(lang, 'myTickets')}</span>${ticketCount > 0 && html`<span class="count">${ticketCount}</span>`}
    </button>`}
    <button type="button" id="lang" class="tool" lang=${other} title=${say(lang, 'switchToLabel')} onClick=${() => onLang(other)}>${say(lang, 'switchTo')}</button>
    ${person && auth === 'oidc' && !embedded && html`<button type="button" id="signout" class="tool" onClick=${onSignOut}>${say(lang, 'signOut')}</button>`}
  </header>`;
}

function LoginForm({ lang, onStart }) {
  const submit = (e) => {
    e.preventDefault();
    const f = e.currentTarget.elements;
    const id = f.namedItem('uid').value.trim();
    const name = f.namedItem('uname').value.trim();
    if (id && name) onStart({ id, name, locale: f.namedItem('ulocale').value });
  };
  return html`<form id="login" class="card" onSubmit=${submit}>
    <h2>${say(lang, 'signInTitle')}</h2>
    <label for="uid">${say(lang, 'userId')}<input id="uid" name="uid" placeholder=${say(lang, 'userIdHint')} required maxlength="100" autocomplete="username" /></label>
    <label for="uname">${say(lang, 'yourName')}<input id="uname" name="uname" required maxlength="100" autocomplete="name" /></label>
    <label for="ulocale">${say(lang, 'language')}<select id="ulocale" name="ulocale">
      <option value="it" selected=${lang === 'it'}>Italiano</option><option value="en" selected=${lang === 'en'}>English</option>
    </select></label>
    <button type="submit" class="primary">${say(lang, 'start')}</button>
  </form>`;
}

function SignedOut({ lang, auth, note }) {
  return html`<div class="card signed-out">
    ${note && html`<p role="alert">${note}</p>`}
    ${auth === 'oidc'
      ? html`<h2>${say(lang, 'signInTitle')}</h2><a id="signin" class="primary" href="/auth/login">${say(lang, 'signIn')}</a>`
      : html`<p class="hint">${say(lang, embedded ? 'connecting' : 'fromIntranet')}</p>`}
  </div>`;
}

function Greeting({ lang, brand, welcome, person, suggestions, onAsk, busy }) {
  const text = welcome || say(lang, person ? 'greeting' : 'greetingAnonymous', { name: person?.name ?? '', desk: brand.name });
  return html`<section class="greeting" aria-labelledby="greeting-text">
    <p id="greeting-text">${text}</p>
    ${suggestions.length > 0 &&
    html`<div class="suggestions" role="group" aria-label=${say(lang, 'suggestions')}>
      ${suggestions.map((q) => html`<button type="button" class="suggestion" disabled=${busy} onClick=${() => onAsk(q)}>${q}</button>`)}
    </div>`}
  </section>`;
}

export function App() {
  const [lang, setLang] = useState(firstLang);
  const [phase, setPhase] = useState('loading');
  const [auth, setAuth] = useState('none');
  const [note, setNote] = useState('');
  const [person, setPerson] = useState(null);
  const [brand, setBrand] = useState({ name: document.title || 'Sportello', colour: '#1f6feb', textColour: '#ffffff' });
  const [welcome, setWelcome] = useState({ suggestions: [], embedOrigins: [] });
  const [items, setItems] = useState([]);
  const [busy, setBusy] = useState(0);
  const [tickets, setTickets] = useState([]);
  const [panel, setPanel] = useState(false);
  const [pending, setPending] = useState([]);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef(null);
  const pendingRef = useRef(pending);
  pendingRef.current = pending;
  const seen = useRef(new Set());
  const logEnd = useRef(null);
  const input = useRef(null);
  const stream = useRef(null);
  const langRef = useRef(lang);
  langRef.current = lang;

  const add = useCallback((...more) => setItems((list) => [...list, ...more]), []);

  const refreshTickets = useCallback(async () => {
    const res = await api.tickets(langRef.current);
    if (res.ok) setTickets(res.data.tickets || []);
  }, []);

  // Labels, the page's language and the branding follow the chosen language.
  useEffect(() => {
    document.documentElement.lang = lang;
    api.welcome(lang).then((res) => {
      if (!res.ok) return;
      setWelcome(res.data);
      setBrand(res.data.brand);
      const root = document.documentElement.style;
      root.setProperty('--brand', res.data.brand.colour);
      root.setProperty('--on-brand', res.data.brand.textColour);
      if (embedded && window.parent !== window) window.parent.postMessage({ sportello: 'brand', brand: res.data.brand, lang }, '*');
    });
    if (person) refreshTickets();
  }, [lang, person, refreshTickets]);

  useEffect(() => {
    document.title = `${brand.name} — ${say(lang, 'title')}`;
  }, [brand, lang]);

  useEffect(() => {
    logEnd.current?.scrollIntoView({ block: 'end' });
  }, [items, busy]);

  /** Signed in: the history first, then the stream (whose messages already in the history are skipped). */
  const begin = useCallback(
    async (who) => {
      api.conn.user = who;
      setPerson(who);
      setPhase('chat');
      const past = await api.history();
      if (past.ok) {
        const shown = (past.data.lines || []).map((l) => {
          seen.current.add(l.id);
          return l.from === 'person' ? item('me', { text: l.text, files: l.files, id: l.id }) : item(l.from === 'pushed' ? 'push' : 'bot', { reply: l.reply, id: l.id });
        });
        setItems(shown);
      }
      stream.current?.close();
      stream.current = api.openStream((reply) => {
        if (reply.id && seen.current.has(reply.id)) return;
        if (reply.id) seen.current.add(reply.id);
        add(item('push', { reply, id: reply.id }));
        refreshTickets();
      });
      refreshTickets();
      setTimeout(() => input.current?.focus(), 0);
    },
    [add, refreshTickets],
  );

  const start = useCallback(async () => {
    const res = await api.me();
    const mode = res.data.auth || 'none';
    api.conn.auth = mode;
    setAuth(mode);
    if (mode === 'none') {
      const saved = stored(localStorage, USER_KEY);
      const who = saved ? JSON.parse(saved) : null;
      if (who && typeof who.id === 'string' && typeof who.name === 'string') return begin(who);
      return setPhase('signin');
    }
    if (!res.ok) {
      if (mode === 'jwt' && api.conn.token) setNote(res.data.error || say(langRef.current, 'signedOut'));
      return setPhase('signin');
    }
    api.conn.csrf = res.data.csrf || '';
    if (!stored(localStorage, LANG_KEY) && res.data.person.locale) setLang(res.data.person.locale);
    return begin(res.data.person);
  }, [begin]);

  useEffect(() => {
    // WEB_AUTH=jwt: the intranet opens the chat at /#token=<identity token>, or (the widget) sends one with postMessage.
    const fromFragment = new URLSearchParams(location.hash.slice(1)).get('token');
    if (fromFragment) {
      api.conn.token = fromFragment;
      store(sessionStorage, TOKEN_KEY, fromFragment);
      history.replaceState(null, '', location.pathname + location.search);
    } else {
      api.conn.token = stored(sessionStorage, TOKEN_KEY) || '';
    }
    start();
    if (!embedded || window.parent === window) return undefined;
    const onMessage = (e) => {
      if (e.source !== window.parent || !e.data || typeof e.data.sportelloToken !== 'string') return;
      api.welcome(langRef.current).then((res) => {
        // Only the pages WEB_FRAME_ANCESTORS names may hand the chat an identity.
        if (!res.ok || !(res.data.embedOrigins || []).includes(e.origin)) return;
        api.conn.token = e.data.sportelloToken;
        store(sessionStorage, TOKEN_KEY, api.conn.token);
        start();
      });
    };
    // Escape inside the frame closes the widget's panel (the host page never sees the key).
    const onKey = (e) => {
      if (e.key === 'Escape' && !e.defaultPrevented) window.parent.postMessage({ sportello: 'close' }, '*');
    };
    window.addEventListener('message', onMessage);
    document.addEventListener('keydown', onKey);
    window.parent.postMessage({ sportello: 'ready' }, '*');
    return () => {
      window.removeEventListener('message', onMessage);
      document.removeEventListener('keydown', onKey);
    };
  }, [start]);

  async function post(path, body) {
    setBusy((n) => n + 1);
    try {
      const res = await api.send(path, body, langRef.current);
      if (res.status === 0) return add(item('error', { text: say(langRef.current, 'offline') }));
      if (res.status === 401 && auth !== 'none') {
        setNote(say(langRef.current, 'signedOut'));
        return setPhase('signin');
      }
      if (!res.ok) return add(item('error', { text: res.data.error || say(langRef.current, 'unreadable', { status: res.status }) }));
      const replies = res.data.replies || [];
      add(...replies.map((reply) => item('bot', { reply })));
      if (replies.some((r) => r.ticket)) refreshTickets();
    } finally {
      setBusy((n) => n - 1);
    }
  }

  /** Files chosen, dropped or pasted: kept until sent; one too large or too many is said at once, in the page's language. */
  const limits = welcome.files;
  const addFiles = (list) => {
    if (!limits) return;
    const next = [...pendingRef.current];
    const refused = [];
    for (const f of list) {
      if (f.size > limits.maxBytes) {
        refused.push(say(langRef.current, 'fileTooBig', { name: f.name, size: sizeWords(f.size), max: sizeWords(limits.maxBytes) }));
      } else if (next.length >= limits.maxFiles) {
        refused.push(say(langRef.current, 'tooManyFiles', { max: limits.maxFiles }));
        break;
      } else next.push(f);
    }
    setPending(next);
    if (refused.length > 0) add(...refused.map((text) => item('error', { text })));
    input.current?.focus();
  };

  /** The typed text and the files, in one message; the files come back as the desk kept them. */
  async function sendFiles(text, files) {
    setPending([]);
    const mine = item('me', { text, files: files.map((f) => ({ id: '', name: f.name, size: f.size, mime: f.type })) });
    add(mine);
    setBusy((n) => n + 1);
    try {
      const res = await api.upload(text, files, langRef.current);
      if (res.status === 0) return add(item('error', { text: say(langRef.current, 'offline') }));
      if (res.status === 401 && auth !== 'none') {
        setNote(say(langRef.current, 'signedOut'));
        return setPhase('signin');
      }
      if (!res.ok) return add(item('error', { text: res.data.error || say(langRef.current, 'unreadable', { status: res.status }) }));
      const kept = res.data.sent?.files || [];
      setItems((list) => list.map((it) => (it.key === mine.key ? { ...it, files: kept } : it)));
      // The desk's replies say why a file was refused; the page adds only what it alone knows (too many files).
      const refused = (res.data.refused || []).filter((r) => r.text).map((r) => item('error', { text: r.text }));
      const replies = res.data.replies || [];
      add(...refused, ...replies.map((reply) => item('bot', { reply })));
      if (replies.some((r) => r.ticket)) refreshTickets();
    } finally {
      setBusy((n) => n - 1);
    }
  }

  // A screenshot pasted anywhere on the page is attached.
  useEffect(() => {
    if (phase !== 'chat' || !limits) return undefined;
    const onPaste = (e) => {
      const files = [...(e.clipboardData?.files || [])];
      if (files.length === 0) return;
      e.preventDefault();
      addFiles(files);
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  });

  const hasFiles = (e) => [...(e.dataTransfer?.types || [])].includes('Files');
  const onDragOver = (e) => {
    if (phase !== 'chat' || !limits || !hasFiles(e)) return;
    e.preventDefault();
    setDragging(true);
  };
  const onDrop = (e) => {
    setDragging(false);
    if (phase !== 'chat' || !limits || !hasFiles(e)) return;
    e.preventDefault();
    addFiles([...e.dataTransfer.files]);
  };

  const ask = (text) => {
    add(item('me', { text }));
    post('/web/api/messages', { text });
  };

  const markUsed = (used) => setItems((list) => list.map((it) => (it === used ? { ...it, used: true } : it)));

  const onAction = (from, action) => {
    markUsed(from);
    add(item('me', { text: say(lang, 'pressed', { label: action.label }) }));
    post('/web/api/actions', { actionId: action.id });
  };

  const onForm = (from, spec, values) => {
    markUsed(from);
    // As the history will keep it (chat-records.ts): filled-in fields only, a choice by its label.
    const shown = (f) => {
      const v = values[f.id].trim();
      return f.kind === 'select' ? ((f.options || []).find((o) => o.value === v) || { label: v }).label : v;
    };
    add(item('me', { text: spec.fields.filter((f) => values[f.id].trim()).map((f) => `${f.label}: ${shown(f)}`).join('\n') }));
    post('/web/api/actions', { form: spec.id, values });
  };

  const onSend = (e) => {
    e.preventDefault();
    const text = input.current.value;
    const files = pendingRef.current;
    if (!text.trim() && files.length === 0) return;
    input.current.value = '';
    if (files.length > 0) return sendFiles(text.trim(), files);
    ask(text);
  };

  const chooseLang = (next) => {
    store(localStorage, LANG_KEY, next);
    setLang(next);
  };

  const onStart = (who) => {
    store(localStorage, USER_KEY, JSON.stringify(who));
    if (!stored(localStorage, LANG_KEY)) chooseLang(langOf(who.locale));
    begin(who);
  };

  const onSignOut = async () => {
    await api.signOut();
    stream.current?.close();
    store(sessionStorage, TOKEN_KEY, null);
    location.reload();
  };

  const closePanel = () => {
    setPanel(false);
    document.getElementById('tickets-toggle')?.focus();
  };

  return html`<div class=${['shell', embedded && 'embedded', panel && 'panel-open', dragging && 'dragging'].filter(Boolean).join(' ')}
    onDragOver=${onDragOver} onDragLeave=${(e) => e.currentTarget === e.target && setDragging(false)} onDrop=${onDrop}>
    ${dragging && html`<div class="drop-hint" aria-hidden="true">${say(lang, 'dropHere')}</div>`}
    <a class="skip" href="#text">${say(lang, 'message')}</a>
    <${Header} lang=${lang} brand=${brand} person=${phase === 'chat' ? person : null} auth=${auth} ticketsOpen=${panel}
      ticketCount=${tickets.length} onTickets=${() => setPanel(!panel)} onLang=${chooseLang} onSignOut=${onSignOut} />
    <main id="log" aria-label=${say(lang, 'conversation')}>
      ${phase === 'signin' && auth === 'none' && html`<${LoginForm} lang=${lang} onStart=${onStart} />`}
      ${phase === 'signin' && auth !== 'none' && html`<${SignedOut} lang=${lang} auth=${auth} note=${note} />`}
      ${phase === 'chat' &&
      html`<${Greeting} lang=${lang} brand=${brand} welcome=${welcome.welcome} person=${person} suggestions=${welcome.suggestions || []} onAsk=${ask} busy=${busy > 0} />
        <div class="messages" role="log" aria-live="polite" aria-label=${say(lang, 'conversation')}>
          ${items.map((it) => html`<${Message} key=${it.key} item=${it} lang=${lang} onAction=${onAction} onForm=${onForm} />`)}
        </div>
        ${busy > 0 &&
        html`<div class="typing" role="status"><span class="dots" aria-hidden="true"><span></span><span></span><span></span></span><span class="visually-hidden">${say(lang, 'typing', { desk: brand.name })}</span></div>`}`}
      <div ref=${logEnd}></div>
    </main>
    ${phase === 'chat' &&
    html`${pending.length > 0 &&
      html`<ul id="pending" class="pending" aria-label=${say(lang, 'attached')}>
        ${pending.map((f, i) => html`<li key=${i}><span>${f.name} (${sizeWords(f.size)})</span>
          <button type="button" class="remove" aria-label=${say(lang, 'removeFile', { name: f.name })} onClick=${() => setPending(pending.filter((_, j) => j !== i))}>×</button></li>`)}
      </ul>`}
    <form id="send" class="composer" onSubmit=${onSend}>
      ${limits &&
      html`<button type="button" id="attach" class="attach" aria-label=${say(lang, 'attach')} title=${say(lang, 'attach')} onClick=${() => fileInput.current?.click()}>
        <svg aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 24 24"><path fill="currentColor" d="M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5H9v9a3 3 0 0 0 6 0V5a4.5 4.5 0 0 0-9 0v11.5a6 6 0 0 0 12 0v-10h-1.5z"/></svg>
      </button>
      <input type="file" id="attach-input" ref=${fileInput} multiple hidden tabindex="-1" onChange=${(e) => {
        addFiles([...e.currentTarget.files]);
        e.currentTarget.value = '';
      }} />`}
      <label for="text" class="visually-hidden">${say(lang, 'message')}</label>
      <input id="text" ref=${input} autocomplete="off" maxlength="4000" enterkeyhint="send" placeholder=${say(lang, 'placeholder')} />
      <button type="submit" class="primary">${say(lang, 'send')}</button>
    </form>`}
    ${phase === 'chat' && html`<${TicketsPanel} lang=${lang} tickets=${tickets} open=${panel} onClose=${closePanel} />`}
  </div>`;
}
