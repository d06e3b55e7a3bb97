// How long a target is: a stretch of time ("15m", "4h", "1h30m") or a count of business
// days ("3bd"). Business days are kept apart because a day is not a fixed number of hours:
// they are counted on the calendar, not multiplied.

export type SlaDuration = { readonly kind: 'time'; readonly ms: number } | { readonly kind: 'businessDays'; readonly days: number };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const PATTERN = /^(?:(\d{1,4})bd|(?:(\d{1,5})h)?(?:(\d{1,6})m)?)$/;

export const DURATION_HINT = 'a duration like 15m, 4h or 3bd';

export const minutes = (n: number): SlaDuration => ({ kind: 'time', ms: n * MINUTE });
export const hours = (n: number): SlaDuration => ({ kind: 'time', ms: n * HOUR });
export const businessDays = (n: number): SlaDuration => ({ kind: 'businessDays', days: n });

/** `"1h30m"` -> 90 minutes, `"3bd"` -> 3 business days; null for anything else (spaces, "8x", "", "0m" included). */
export function parseDuration(text: string): SlaDuration | null {
  const m = PATTERN.exec(text.trim().toLowerCase());
  if (!m || text.trim() === '') return null;
  if (m[1] !== undefined) {
    const days = Number(m[1]);
    return days > 0 ? businessDays(days) : null;
  }
  const ms = Number(m[2] ?? 0) * HOUR + Number(m[3] ?? 0) * MINUTE;
  return ms > 0 ? { kind: 'time', ms } : null;
}

/** The inverse of parseDuration, for messages and `sla show`: 90 minutes -> "1h30m". */
export function formatDuration(d: SlaDuration): string {
  if (d.kind === 'businessDays') return `${d.days}bd`;
  const h = Math.floor(d.ms / HOUR);
  const m = Math.round((d.ms % HOUR) / MINUTE);
  return `${h ? `${h}h` : ''}${m || !h ? `${m}m` : ''}`;
}
