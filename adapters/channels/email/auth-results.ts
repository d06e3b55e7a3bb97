// What our own mail server found when it checked the sender (RFC 8601
// Authentication-Results). Anyone can write such a header into the mail they send, so
// only one counts: the one carrying our server's authserv-id when we know it, else the
// topmost, which the last server to handle the mail (ours) put above all others.

export type AuthResults = {
  dkim: string | null;
  spf: string | null;
  dmarc: string | null;
  /**
   * The sender's domain is proven: dmarc=pass, or (no dmarc=fail) a dkim=pass whose
   * signing domain, or an spf=pass whose envelope domain, is the From domain's own
   * (the same, or one under the other). A pass for some other domain proves nothing
   * about who the mail says it is from.
   */
  authenticated: boolean;
  /** The authserv-id of the header that counted, or null when none did. */
  servId: string | null;
};

const NONE: AuthResults = { dkim: null, spf: null, dmarc: null, authenticated: false, servId: null };
const METHODS = ['dkim', 'spf', 'dmarc'] as const;

/** `values` in the order the headers appear in the mail, topmost first; `fromDomain`: the From address's domain. */
export function readAuthResults(values: readonly string[], authServId?: string, fromDomain?: string): AuthResults {
  const wanted = authServId?.trim().toLowerCase();
  for (const value of values) {
    if (typeof value !== 'string') continue;
    const parsed = parseHeader(value, fromDomain?.toLowerCase());
    if (parsed === null) continue;
    if (wanted === undefined || wanted === '') return parsed;
    if (parsed.servId?.toLowerCase() === wanted) return parsed;
  }
  return { ...NONE };
}

/** Relaxed alignment, without a public-suffix list: the same domain, or one a subdomain of the other. */
function aligned(domain: string | undefined, fromDomain: string | undefined): boolean {
  if (!domain || !fromDomain) return false;
  const d = domain.toLowerCase().replace(/^.*@/, '').replace(/\.$/, '');
  return d === fromDomain || fromDomain.endsWith(`.${d}`) || d.endsWith(`.${fromDomain}`);
}

/** `header.d=acme.it`, `smtp.mailfrom=bounce@acme.it`: the property a method's verdict is about. */
function property(resinfo: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name.replace('.', '\\.')}\\s*=\\s*"?([^\\s";]+)`, 'i').exec(resinfo);
  return m?.[1];
}

function parseHeader(value: string, fromDomain?: string): AuthResults | null {
  const parts = splitOutsideQuotes(withoutComments(value), ';').map((p) => p.trim());
  const servId = parts[0]?.split(/\s+/)[0] ?? '';
  if (servId === '') return null;
  const found: Record<(typeof METHODS)[number], string | null> = { dkim: null, spf: null, dmarc: null };
  let alignedPass = false;
  for (const resinfo of parts.slice(1)) {
    const match = /^([a-z0-9_-]+)(?:\/\d+)?\s*=\s*([a-z0-9_-]+)/i.exec(resinfo);
    if (!match) continue;
    const method = match[1]!.toLowerCase();
    const result = match[2]!.toLowerCase();
    if (!(METHODS as readonly string[]).includes(method)) continue;
    const key = method as (typeof METHODS)[number];
    // A mail may carry several DKIM signatures: one that verifies is enough to say dkim=pass.
    if (found[key] === null || result === 'pass') found[key] = result;
    if (result !== 'pass') continue;
    if (key === 'dkim' && (aligned(property(resinfo, 'header.d'), fromDomain) || aligned(property(resinfo, 'header.i'), fromDomain))) alignedPass = true;
    if (key === 'spf' && aligned(property(resinfo, 'smtp.mailfrom'), fromDomain)) alignedPass = true;
  }
  const authenticated = found.dmarc === 'pass' || (found.dmarc !== 'fail' && alignedPass);
  return { ...found, authenticated, servId };
}

/** RFC 5322 comments, nested ones included, outside quoted strings. */
function withoutComments(value: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && (quoted || depth > 0)) {
      if (depth === 0) out += c + (value[i + 1] ?? '');
      i++;
      continue;
    }
    if (depth === 0 && c === '"') quoted = !quoted;
    if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')' && depth > 0) {
      depth--;
      out += ' ';
      continue;
    }
    if (depth === 0) out += c;
  }
  return out;
}

function splitOutsideQuotes(value: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of value) {
    if (c === '"') quoted = !quoted;
    if (c === separator && !quoted) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}
