// Photos stripped of their location still decode in a real browser: Chromium
// draws each at its size, before and after stripping.
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripImageMetadata } from '../../src/files/strip-metadata.js';
import { CHROMIUM_ARGS, chromiumPath, requireChromiumInCi } from '../support/chromium.js';
import { jpeg, png, pngWithLocation, webp } from '../support/file-fixtures.js';

requireChromiumInCi();

describe.runIf(chromiumPath)('stripped photos in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
  }, 30_000);
  afterAll(async () => browser?.close());

  /** The width Chromium decodes the bytes to (0 when it cannot). */
  async function decodedWidth(bytes: Uint8Array, mime: string): Promise<number> {
    const page = await browser.newPage();
    try {
      return await page.evaluate(
        ({ b64, type }) =>
          new Promise<number>((resolve) => {
            const img = new Image();
            img.onload = () => resolve(img.naturalWidth);
            img.onerror = () => resolve(0);
            img.src = `data:${type};base64,${b64}`;
          }),
        { b64: Buffer.from(bytes).toString('base64'), type: mime },
      );
    } finally {
      await page.close();
    }
  }

  it('decodes the JPEG, PNG and WebP before and after their metadata is taken out', async () => {
    expect(await decodedWidth(jpeg(true), 'image/jpeg')).toBe(16);
    expect(await decodedWidth(stripImageMetadata(jpeg(true), 'image/jpeg')!, 'image/jpeg')).toBe(16);
    expect(await decodedWidth(pngWithLocation(), 'image/png')).toBe(4);
    expect(await decodedWidth(stripImageMetadata(pngWithLocation(), 'image/png')!, 'image/png')).toBe(4);
    expect(await decodedWidth(png(6, 5), 'image/png')).toBe(6);
    expect(await decodedWidth(webp(true), 'image/webp')).toBe(1);
    expect(await decodedWidth(stripImageMetadata(webp(true), 'image/webp')!, 'image/webp')).toBe(1);
  });
});
