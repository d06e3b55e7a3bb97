// `http://user:secret@host/v1` is a common way to configure a proxied embeddings
// server. fetch refuses such URLs and logs must never show the secret: the
// credentials travel as a Basic header and the URL is kept without them.
export interface SplitUrl {
  /** The URL with user and password removed: safe to log and to put in errors. */
  url: string;
  authorization?: string;
}

export function splitCredentials(raw: string): SplitUrl {
  const url = new URL(raw);
  if (!url.username && !url.password) return { url: raw };
  const basic = Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64');
  url.username = '';
  url.password = '';
  return { url: url.toString().replace(/\/$/, raw.endsWith('/') ? '/' : ''), authorization: `Basic ${basic}` };
}
