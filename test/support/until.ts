/** Polls `probe` until it gives something, or fails after `timeoutMs` saying what it waited for. */
export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 5_000, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
