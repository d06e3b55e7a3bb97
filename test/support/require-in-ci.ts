// A suite that needs a service (MongoDB, Chromium) runs where it is available,
// is skipped with a printed reason where it is not, and fails under CI=true:
// CI must never pass with such a suite unrun.
import { it } from 'vitest';

export function requireInCi(available: boolean, what: string, howToGetIt: string): void {
  if (available) return;
  if (process.env.CI === 'true') {
    it(`has ${what}`, () => {
      throw new Error(`CI=true but ${what} is missing: ${howToGetIt}`);
    });
  } else {
    console.warn(`[sportello] tests needing ${what} skipped: ${howToGetIt}`);
  }
}
