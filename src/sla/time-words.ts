// SLA moments in words any platform can show: a stretch ("1 h 20 min", "3 giorni") and
// an instant in the department's zone ("lun 30 nov, 14:05").
import { DateTime } from 'luxon';
import type { Locale } from '../events.js';
import { t } from '../i18n.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A stretch rounded to what a person needs: minutes under an hour, hours and minutes under two days, days after. */
export function durationWords(locale: Locale, ms: number): string {
  // Rounded to whole minutes first, so 1 h 59 min 45 s reads "2 h", not "1 h".
  const total = Math.max(1, Math.round(Math.abs(ms) / MINUTE));
  if (total < 60) return `${total} min`;
  // Days only from two days on: "1 day" for 35 hours would promise too much.
  if (total < 48 * 60) {
    const h = Math.floor(total / 60);
    const m = total % 60;
    return m > 0 ? `${h} h ${m} min` : `${h} h`;
  }
  const days = Math.round((total * MINUTE) / DAY);
  return locale === 'it' ? `${days} ${days === 1 ? 'giorno' : 'giorni'}` : `${days} ${days === 1 ? 'day' : 'days'}`;
}

/** An instant as the department's clock shows it, with the zone named when it is not the reader's guess. */
export function momentWords(locale: Locale, at: number, zone: string): string {
  const local = DateTime.fromMillis(at, { zone }).setLocale(locale === 'it' ? 'it-IT' : 'en-GB');
  return `${local.toFormat('ccc d LLL, HH:mm')} (${zone})`;
}

/** "in 12 min" / "12 min ago": how far off a due time is. */
export function leftWords(locale: Locale, ms: number): string {
  return t(locale, ms >= 0 ? 'sla.left' : 'sla.overdue', { time: durationWords(locale, ms) });
}
