import { describe, expect, it } from 'vitest';
import { formatClock, parseClock } from './time';

describe('formatClock', () => {
  it('shows h:mm:ss, rounded down like a player', () => {
    expect(formatClock(0)).toBe('0:00:00');
    expect(formatClock(750.9)).toBe('0:12:30');
    expect(formatClock(3725)).toBe('1:02:05');
    expect(formatClock(36_000)).toBe('10:00:00');
    // A frame-snapped offset a hair under the second still reads as that second.
    expect(formatClock(64.9999999)).toBe('0:01:05');
  });

  it('rounds chapter times to the nearest second', () => {
    expect(formatClock(16.983, 'nearest')).toBe('0:00:17');
    expect(formatClock(17.4, 'nearest')).toBe('0:00:17');
    expect(formatClock(16.983)).toBe('0:00:16');
  });

  it('is blank when the time is unknown', () => {
    expect(formatClock(null)).toBe('');
    expect(formatClock(-1)).toBe('');
    expect(formatClock(Number.NaN)).toBe('');
  });
});

describe('parseClock', () => {
  it('reads h:mm:ss, m:ss and plain seconds', () => {
    expect(parseClock('1:02:03')).toEqual({ ok: true, seconds: 3723 });
    expect(parseClock('0:12:30')).toEqual({ ok: true, seconds: 750 });
    expect(parseClock('12:30')).toEqual({ ok: true, seconds: 750 });
    expect(parseClock('95')).toEqual({ ok: true, seconds: 95 });
    expect(parseClock('  0:00:05 ')).toEqual({ ok: true, seconds: 5 });
    expect(parseClock('90:00')).toEqual({ ok: true, seconds: 5400 });
  });

  it('reads fractions of a second', () => {
    expect(parseClock('0:00:05.5')).toEqual({ ok: true, seconds: 5.5 });
    expect(parseClock('0:00:05,25')).toEqual({ ok: true, seconds: 5.25 });
  });

  it('says what is wrong in words', () => {
    const empty = parseClock('');
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.message).toMatch(/h:mm:ss/);
    const words = parseClock('soon');
    expect(words.ok).toBe(false);
    if (!words.ok) expect(words.message).toContain('“soon” is not a time');
    const big = parseClock('0:75:00');
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.message).toMatch(/up to 59/);
    expect(parseClock('1:2:3:4').ok).toBe(false);
    expect(parseClock('-5').ok).toBe(false);
  });

  it('round-trips what formatClock shows', () => {
    for (const s of [0, 59, 60, 3599, 3600, 7322]) {
      expect(parseClock(formatClock(s))).toEqual({ ok: true, seconds: s });
    }
  });
});
