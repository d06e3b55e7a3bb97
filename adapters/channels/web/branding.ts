// How the web chat presents itself (WEB_BRAND_* and WEB_WELCOME_TEXT_*): the
// desk's name, colour, logo and welcome words, and the text colour that reads
// on the brand colour. Pure.
import type { Locale } from '../../../src/index.js';

export interface WebBranding {
  name: string;
  /** #rrggbb */
  colour: string;
  /** https:// or a path on this server. */
  logoUrl?: string;
  /** Per language; the page has its own greeting for a language without one. */
  welcome: Partial<Record<Locale, string>>;
}

export const DEFAULT_BRANDING: WebBranding = { name: 'Sportello', colour: '#1f6feb', welcome: {} };

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** White on a dark brand colour, near-black on a light one: whichever contrasts more (WCAG's formula). */
export function textOn(colour: string): '#ffffff' | '#111111' {
  const l = luminance(colour);
  const onWhite = 1.05 / (l + 0.05);
  const onDark = (l + 0.05) / (luminance('#111111') + 0.05);
  return onWhite >= onDark ? '#ffffff' : '#111111';
}

/** The origin a logo must be allowed from in the page's CSP; none for a path on this server. */
export function logoOrigin(logoUrl: string | undefined): string | undefined {
  return logoUrl?.startsWith('https://') ? new URL(logoUrl).origin : undefined;
}
