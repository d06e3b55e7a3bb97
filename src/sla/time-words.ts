// SLA moments in words any platform can show: a stretch ("1 h 20 min", "3 giorni") and
// an instant in the department's zone ("lun 30 nov, 14:05").
import { DateTime } from 'luxon';
import type { Locale } from '../events.js';
import { t } from '../i18n.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A stretch rounded to what a person needs: minutes under an hour, hours and minutes under a day, days after. */
export function durationWords(locale: Locale, ms: number): string {
  const abs = Math.abs(ms);
  if (abs < HOUR) return `${Math.max(1, Math.round(abs / MINUTE))} min`;
  if (abs < DAY) {
    const h = Math.floor(abs / HOUR);
    const m = Math.round((abs % HOUR) / MINUTE);
    return m > 0 && m < 60 ? `${h} h ${m} min` : `${h} h`;
  }
  const days = Math.round(abs / DAY);
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
