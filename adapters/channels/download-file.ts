// Fetching a file a platform holds (Slack's url_private, a Discord attachment,
// a Teams content URL) without ever holding more than the desk would keep:
// the body is read until the limit and dropped past it.
export type Download = { ok: true; bytes: Uint8Array } | { ok: false; tooBig: true; size: number } | { ok: false; tooBig: false; status: number };

export async function downloadFile(url: string, maxBytes: number, headers: Record<string, string> = {}, timeoutMs = 30_000): Promise<Download> {
  const res = await fetch(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    return { ok: false, tooBig: false, status: res.status };
  }
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body.cancel();
    return { ok: false, tooBig: true, size: declared };
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > maxBytes) return { ok: false, tooBig: true, size: total };
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { ok: true, bytes };
}
