// The two bodies of every mail the desk sends: plain text, and an HTML twin that mail
// clients show by default. The paragraphs carry people's words (a requester's
// description, an agent's reply), so every character of them is escaped, and the only
// markup added is ours: paragraphs, line breaks and links to http(s) addresses. No
// script, no style, nothing fetched from elsewhere: nothing a mail client would block.

export type MailBody = { text: string; html: string };

// `[label](https://…)`: the desk writes a few. Parentheses inside the URL may nest once.
const MARKDOWN_LINK = String.raw`\[([^\[\]\r\n]{1,500})\]\((https?:\/\/[^\s()<>]+(?:\([^\s()<>]*\)[^\s()<>]*)*)\)`;
const BARE_URL = String.raw`https?:\/\/[^\s<>"'\u0060]+`;
const LINKS = new RegExp(`${MARKDOWN_LINK}|${BARE_URL}`, 'gi');
const TRAILING_PUNCTUATION = /[.,;:!?'"»)\]]+$/;
const LANG = /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/i;

export function mailBody(paragraphs: readonly string[], opts: { lang?: string } = {}): MailBody {
  const normalised = paragraphs.map((p) => p.replace(/\r\n|\r/g, '\n'));
  const text = normalised.map(textOf).join('\n\n');
  const body = normalised.map((p) => `<p>${htmlOf(p).replace(/\n/g, '<br>\n')}</p>`).join('\n');
  const lang = opts.lang && LANG.test(opts.lang) ? ` lang="${opts.lang}"` : '';
  const html = `<!DOCTYPE html>\n<html${lang}>\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width">\n</head>\n<body>\n${body}\n</body>\n</html>\n`;
  return { text, html };
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function textOf(paragraph: string): string {
  return paragraph.replace(new RegExp(MARKDOWN_LINK, 'gi'), (_all, label: string, url: string) => (label.trim() === url ? url : `${label} (${url})`));
}

function htmlOf(paragraph: string): string {
  let out = '';
  let last = 0;
  for (const match of paragraph.matchAll(LINKS)) {
    const label = match[1];
    const taken = label === undefined ? trimUrl(match[0]) : match[0];
    const link = label === undefined ? anchor(taken, escapeHtml(taken)) : labelledLink(label, match[2]!);
    out += escapeHtml(paragraph.slice(last, match.index)) + link;
    last = match.index + taken.length;
  }
  return out + escapeHtml(paragraph.slice(last));
}

// A label that itself looks like an address could dress one site up as another
// ("[https://sso.example.com](https://evil.example)"): both are shown, as in the text.
function labelledLink(label: string, url: string): string {
  if (label.trim() === url) return anchor(url, escapeHtml(url));
  if (/(?:https?:|www\.|\w\.[a-z]{2,}(?:[/:]|$))/i.test(label)) return `${escapeHtml(label)} (${anchor(url, escapeHtml(url))})`;
  return anchor(url, escapeHtml(label));
}

function anchor(url: string, inner: string): string {
  return `<a href="${escapeHtml(url)}">${inner}</a>`;
}

// "See https://example.com/x." ends with a full stop, not part of the address; a ")"
// stays when the address opened one itself (Wikipedia-style paths).
function trimUrl(url: string): string {
  let trimmed = url.replace(TRAILING_PUNCTUATION, '');
  const trailing = url.slice(trimmed.length);
  for (const c of trailing) {
    if ((c === ')' && count(trimmed, '(') > count(trimmed, ')')) || (c === ']' && count(trimmed, '[') > count(trimmed, ']'))) trimmed += c;
    else break;
  }
  return trimmed;
}

function count(text: string, c: string): number {
  return text.split(c).length - 1;
}
