// The type of a file is read from its bytes: a name or a declared type is what
// the sender claims, and an executable renamed "invoice.pdf" must not pass.
import { fileTypeFromBuffer } from 'file-type';

const TEXT_BY_EXTENSION: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  csv: 'text/csv',
  json: 'application/json',
});

/** Text has no signature: no NUL bytes and valid UTF-8 in what we look at is taken as text. */
function looksLikeText(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 64 * 1024);
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.length < bytes.length ? head.subarray(0, lastWholeChar(head)) : head);
    return true;
  } catch {
    return false;
  }
}

/** Cut before a multi-byte character the 64 KB window splits. */
function lastWholeChar(head: Uint8Array): number {
  let end = head.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = head[end - i]!;
    if ((b & 0xc0) === 0xc0) return end - i;
    if ((b & 0x80) === 0) break;
  }
  return end;
}

export async function sniffType(bytes: Uint8Array, name: string): Promise<string | null> {
  const found = await fileTypeFromBuffer(bytes);
  if (found) return found.mime;
  if (!looksLikeText(bytes)) return null;
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  return TEXT_BY_EXTENSION[ext] ?? 'text/plain';
}

export function typeAllowed(mime: string, allowed: readonly string[]): boolean {
  return allowed.some((a) => a === mime || (a.endsWith('/*') && mime.startsWith(a.slice(0, -1))));
}
