// A reply's text as page nodes: line breaks, bullet lists, **bold**, *italics*,
// `inline code` and http(s)/mailto links. Nodes are built one by one (preact
// writes text as text): nothing in a reply ever reaches innerHTML.
import { h } from '/assets/vendor/preact.mjs';

const LINK = /(https?:\/\/[^\s<>"')\]]+[^\s<>"')\].,;:!?]|mailto:[^\s<>"')\]]+@[^\s<>"')\]]*[^\s<>"')\].,;:!?])/;
const INLINE = new RegExp(`(\`[^\`\\n]+\`)|(\\*\\*[^*\\n]+\\*\\*)|((?:^|(?<=\\s))[*_][^*_\\n]+[*_](?=$|[\\s.,;:!?]))|${LINK.source}`, 'g');
const BULLET = /^\s*(?:[-*•])\s+(.*)$/;

/** A link only when it parses as one of the schemes we allow. */
export function safeHref(raw) {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:' ? url.href : null;
  } catch {
    return null;
  }
}

function link(raw, newTab) {
  const href = safeHref(raw);
  if (!href) return raw;
  return h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, raw, h('span', { class: 'visually-hidden' }, ` ${newTab}`));
}

/** One line's inline marks. */
export function inline(text, newTab) {
  const out = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const [all, code, bold, italic, url] = m;
    if (code) out.push(h('code', null, code.slice(1, -1)));
    else if (bold) out.push(h('strong', null, bold.slice(2, -2)));
    else if (italic) out.push(h('em', null, italic.slice(1, -1)));
    else if (url) out.push(link(url, newTab));
    else out.push(all);
    last = m.index + all.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** The whole text: paragraphs with their line breaks, and runs of "- item" lines as lists. */
export function formatText(text, newTab = '') {
  const blocks = [];
  let lines = [];
  let items = [];
  const flushLines = () => {
    if (lines.length === 0) return;
    const parts = [];
    lines.forEach((l, i) => {
      if (i > 0) parts.push(h('br', null));
      parts.push(...inline(l, newTab));
    });
    blocks.push(h('p', null, parts));
    lines = [];
  };
  const flushItems = () => {
    if (items.length === 0) return;
    blocks.push(h('ul', null, items.map((it) => h('li', null, inline(it, newTab)))));
    items = [];
  };
  for (const line of String(text).split('\n')) {
    const bullet = BULLET.exec(line);
    if (bullet) {
      flushLines();
      items.push(bullet[1]);
    } else if (line.trim() === '') {
      flushLines();
      flushItems();
    } else {
      flushItems();
      lines.push(line);
    }
  }
  flushLines();
  flushItems();
  return blocks;
}
