import { describe, expect, it } from 'vitest';
import { createMessagePace } from '../../src/pipeline/message-pace.js';

describe('messages a minute', () => {
  it('reads up to the limit, refuses once with the time left, then ignores until the minute is over', () => {
    const pace = createMessagePace(3);
    const verdicts = [0, 1_000, 2_000, 3_000, 4_000, 59_999].map((at) => pace.check('web:ada', at));
    expect(verdicts).toEqual([
      { verdict: 'read' },
      { verdict: 'read' },
      { verdict: 'read' },
      { verdict: 'refuse', retryInMs: 57_000 },
      { verdict: 'ignore' },
      { verdict: 'ignore' },
    ]);
    expect(pace.check('web:ada', 60_000)).toEqual({ verdict: 'read' });
    expect(pace.check('web:bo', 60_000)).toEqual({ verdict: 'read' });
  });

  it('forgets people once their minute is over, so memory follows the people writing now', () => {
    const pace = createMessagePace(60);
    for (let i = 0; i < 10_000; i++) pace.check(`web:user${i}`, i);
    expect(pace.size()).toBe(10_000);
    pace.check('web:late', 10_000 + 60_000);
    expect(pace.size()).toBe(1);
  });

  it('stays bounded under a flood of new identities, forgetting the longest-remembered first', () => {
    const pace = createMessagePace(1, 60_000, 1_000);
    for (let i = 0; i < 5_000; i++) pace.check(`web:fake${i}`, 0);
    expect(pace.size()).toBe(1_000);
    // The newest are still counted.
    expect(pace.check('web:fake4999', 1)).toEqual({ verdict: 'refuse', retryInMs: 59_999 });
  });

  it('remembers nobody with the limit off', () => {
    const pace = createMessagePace(0);
    for (let i = 0; i < 1_000; i++) expect(pace.check('web:ada', i)).toEqual({ verdict: 'read' });
    expect(pace.size()).toBe(0);
  });
});
