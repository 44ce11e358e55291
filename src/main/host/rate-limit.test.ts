import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit';

describe('RateLimiter', () => {
  it('allows a burst, then one request per refill, per key', () => {
    let now = 0;
    const limiter = new RateLimiter(3, 0.5, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([null, null, null]);
    expect(limiter.take('a')).toBe(2);
    expect(limiter.take('b')).toBeNull(); // another token has its own bucket
    now += 1_000;
    expect(limiter.take('a')).toBe(1);
    now += 1_000;
    expect(limiter.take('a')).toBeNull();
    expect(limiter.take('a')).toBe(2);
    now += 60_000; // a long pause refills only up to the burst
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([
      null,
      null,
      null,
      2,
    ]);
  });
});
