// The page's side of /web/api. WEB_AUTH (from GET /web/api/me) says how a request
// names its person: none puts the person in each body (loopback only); oidc
// rides on the session cookie plus a CSRF token; jwt carries the intranet's
// identity token in Authorization (and in the query on the stream alone).
export const conn = { auth: 'none', token: '', csrf: '', user: null };

function headers(json) {
  const h = {};
  if (json) h['content-type'] = 'application/json';
  if (conn.token) h.authorization = 'Bearer ' + conn.token;
  if (conn.csrf) h['x-csrf-token'] = conn.csrf;
  return h;
}

/** `{ ok, status, data }`; a network failure is status 0. */
async function call(method, path, body) {
  let res;
  try {
    res = await fetch(path, { method, headers: headers(body !== undefined), body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    return { ok: false, status: 0, data: {} };
  }
  const data = await res.json().catch(() => null);
  return { ok: res.ok && data !== null, status: res.status, data: data ?? {} };
}

/** WEB_AUTH=none names the person in the query of a GET. */
function whose(path, extra = {}) {
  const q = new URLSearchParams(extra);
  if (conn.auth === 'none' && conn.user) q.set('user', conn.user.id);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export const me = () => call('GET', '/web/api/me');
export const welcome = (lang) => call('GET', '/web/api/welcome?' + new URLSearchParams({ lang }));
export const history = () => call('GET', whose('/web/api/history'));
export const tickets = (lang) => call('GET', whose('/web/api/tickets', { lang }));

/** A message, a button or a form: the person named in the body only under WEB_AUTH=none. */
export function send(path, body, lang) {
  const who = conn.auth === 'none' ? { user: { ...conn.user, locale: lang } } : { locale: lang };
  return call('POST', path, { ...body, ...who });
}

/** A message with files: multipart, the text and the person (WEB_AUTH=none) as fields. */
export async function upload(text, files, lang) {
  const form = new FormData();
  if (conn.auth === 'none') form.append('user', JSON.stringify({ ...conn.user, locale: lang }));
  else form.append('locale', lang);
  form.append('text', text);
  for (const f of files) form.append('files', f, f.name);
  let res;
  try {
    res = await fetch('/web/api/uploads', { method: 'POST', headers: headers(false), body: form, credentials: 'same-origin' });
  } catch {
    return { ok: false, status: 0, data: {} };
  }
  const data = await res.json().catch(() => null);
  return { ok: res.ok && data !== null, status: res.status, data: data ?? {} };
}

/** Short-lived links to files, asked once per page and file: an <img> cannot send the person's token. */
const links = new Map();
const LINK_REUSE_MS = 10 * 60 * 1000;
export function fileLink(code, id) {
  const key = `${code}/${id}`;
  const known = links.get(key);
  if (known && known.until > Date.now()) return known.asked;
  const asked = call('GET', whose(`/web/api/files/${encodeURIComponent(code)}/${encodeURIComponent(id)}/link`)).then((r) => (r.ok ? r.data.url : null));
  links.set(key, { until: Date.now() + LINK_REUSE_MS, asked });
  asked.then((url) => url === null && links.delete(key));
  return asked;
}

export async function signOut() {
  await fetch('/auth/logout', { method: 'POST', headers: { 'x-csrf-token': conn.csrf } }).catch(() => undefined);
}

/** The person's pushed messages; EventSource sends no headers, so a token rides in the query here alone. */
export function openStream(onMessage) {
  const q = conn.auth === 'none' ? new URLSearchParams({ user: conn.user.id }) : conn.auth === 'jwt' ? new URLSearchParams({ token: conn.token }) : new URLSearchParams();
  const stream = new EventSource('/web/api/stream' + (q.size ? '?' + q : ''));
  stream.onmessage = (e) => {
    try {
      onMessage(JSON.parse(e.data));
    } catch {
      /* a frame that is not JSON is not ours */
    }
  };
  return stream;
}
