// How long a failing delivery step waits before its next try, from the errors
// Slack's, botbuilder's and discord.js's clients actually throw.
import { WebAPIHTTPError } from '@slack/web-api/dist/errors.js';
import { describe, expect, it } from 'vitest';
import { isTransient, nextWait, retryAfterMs } from '../../adapters/channels/delivery-retry.js';

const policy = { attempts: 3, baseDelayMs: 500, maxDelayMs: 30_000, retryForMs: 60_000 };
const half = () => 0.5;

describe('delivery retry', () => {
  it('keeps trying a platform answering 5xx for the whole window, doubling to the cap, then gives up', () => {
    const err = { code: 'slack_webapi_http_error', statusCode: 503, headers: {} };
    expect(isTransient(err)).toBe(true);
    expect(nextWait(policy, err, 1, 0, half)).toBe(375);
    expect(nextWait(policy, err, 2, 1000, half)).toBe(750);
    // Far past the attempts, still inside the window: capped at 30 s (jittered between half and all of it).
    expect(nextWait(policy, err, 12, 20_000, half)).toBe(22_500);
    expect(nextWait(policy, err, 12, 20_000, () => 0)).toBe(15_000);
    // The next wait would end past the window: recorded as failed now.
    expect(nextWait(policy, err, 12, 50_000, half)).toBeNull();
  });

  it("obeys a 429's Retry-After as each client exposes it, but not past the window", () => {
    const teams = { statusCode: 429, response: { headers: { get: (n: string) => (n === 'retry-after' ? '7' : undefined) } } };
    expect(retryAfterMs(teams)).toBe(7000);
    expect(nextWait(policy, teams, 1, 0, half)).toBe(7000);
    const slackRejected = { code: 'slack_webapi_rate_limited_error', retryAfter: 3 };
    expect(retryAfterMs(slackRejected)).toBe(3000);
    // Slack's WebClient waited the limit out itself, then gave up with the wait in its message.
    const slackGaveUp = { code: 'slack_webapi_request_error', original: new Error('A rate limit was exceeded (url: x, retry-after: 2)') };
    expect(retryAfterMs(slackGaveUp)).toBe(2000);
    expect(isTransient(slackGaveUp)).toBe(true);
    const discord = { name: 'RateLimitError', retryAfter: 1500 };
    expect(retryAfterMs(discord)).toBe(1500);
    // An hour asked for: the step is not held that long.
    expect(nextWait(policy, { status: 429, headers: { 'retry-after': '3600' } }, 1, 0, half)).toBeNull();
  });

  it('reads the real Slack HTTP error, and tries a refused request only DELIVERY_ATTEMPTS times', () => {
    const real = new WebAPIHTTPError(502, 'Bad Gateway', { 'retry-after': '4' }, '');
    expect(isTransient(real)).toBe(true);
    expect(retryAfterMs(real)).toBe(4000);
    const refused = { status: 403, message: 'Missing Access' };
    expect(isTransient(refused)).toBe(false);
    expect(nextWait(policy, refused, 2, 0, half)).toBe(750);
    expect(nextWait(policy, refused, 3, 0, half)).toBeNull();
    expect(nextWait(policy, new Error('boom'), 3, 0, half)).toBeNull();
  });
});

describe('answers sent in the turn', () => {
  it('wait out a platform answering 503, and give up at once on a refusal', async () => {
    const { sendPatiently } = await import('../../adapters/channels/delivery-retry.js');
    let calls = 0;
    const waits: number[] = [];
    const policy = { attempts: 1, baseDelayMs: 5, maxDelayMs: 20, retryForMs: 1_000 };
    const sent = await sendPatiently(
      async () => {
        if (++calls < 4) throw Object.assign(new Error('Service Unavailable'), { statusCode: 503 });
        return 'sent';
      },
      (_err, waitMs) => waits.push(waitMs),
      policy,
    );
    expect(sent).toBe('sent');
    expect(calls).toBe(4);
    expect(waits).toHaveLength(3);
    let refused = 0;
    await expect(
      sendPatiently(async () => {
        refused++;
        throw Object.assign(new Error('channel_not_found'), { statusCode: 404 });
      }, () => undefined, policy),
    ).rejects.toThrow('channel_not_found');
    expect(refused).toBe(1);
  });
});
