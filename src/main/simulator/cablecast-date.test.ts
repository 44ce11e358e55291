import { describe, expect, it } from 'vitest';
import {
  formatCablecastDate,
  parseCablecastDate,
  parseOffsetMinutes,
  SimulatorClock,
  startOfLocalDay,
} from './cablecast-date';

describe('formatCablecastDate', () => {
  it('writes the local wall clock with the offset, like a real server', () => {
    const instant = Date.UTC(2026, 7, 24, 23, 30, 0); // 18:30 at -05:00
    expect(formatCablecastDate(instant, '-05:00')).toBe('2026-08-24T18:30:00-05:00');
  });

  it('keeps milliseconds and trims trailing zeros', () => {
    expect(formatCablecastDate(Date.UTC(2026, 7, 29, 7, 0, 5, 733), '-05:00')).toBe(
      '2026-08-29T02:00:05.733-05:00',
    );
    expect(formatCablecastDate(Date.UTC(2026, 7, 24, 17, 35, 14, 620), '-05:00')).toBe(
      '2026-08-24T12:35:14.62-05:00',
    );
    expect(formatCablecastDate(Date.UTC(2026, 0, 1, 0, 0, 0, 100), '+00:00')).toBe(
      '2026-01-01T00:00:00.1+00:00',
    );
  });

  it('crosses the date line correctly for positive offsets', () => {
    expect(formatCablecastDate(new Date('2026-12-31T20:00:00Z'), '+05:30')).toBe(
      '2027-01-01T01:30:00+05:30',
    );
  });
});

describe('parseCablecastDate', () => {
  it('reads offsets, Z and .NET seven-digit fractions', () => {
    expect(parseCablecastDate('2026-08-29T02:00:05.733-05:00', '+00:00')?.ms).toBe(
      Date.UTC(2026, 7, 29, 7, 0, 5, 733),
    );
    expect(parseCablecastDate('2026-08-29T07:00:05.7330000Z', '-05:00')?.ms).toBe(
      Date.UTC(2026, 7, 29, 7, 0, 5, 733),
    );
  });

  it('reads a string without offset in the server offset, not the host zone', () => {
    const parsed = parseCablecastDate('2026-01-01T00:00:00', '-05:00');
    expect(parsed).toEqual({ ms: Date.UTC(2026, 0, 1, 5, 0, 0), dateOnly: false });
  });

  it('marks bare dates and rejects garbage', () => {
    expect(parseCablecastDate('2026-08-24', '-05:00')).toEqual({
      ms: Date.UTC(2026, 7, 24, 5),
      dateOnly: true,
    });
    expect(parseCablecastDate('yesterday', '-05:00')).toBeNull();
    expect(parseCablecastDate('2026-13-01', '-05:00')).toBeNull();
  });

  it('round-trips what it formats', () => {
    const instant = Date.UTC(2025, 2, 9, 1, 2, 3, 45);
    expect(parseCablecastDate(formatCablecastDate(instant, '-05:00'), '+00:00')?.ms).toBe(instant);
  });
});

describe('offsets and days', () => {
  it('parses offsets in both spellings', () => {
    expect(parseOffsetMinutes('-05:00')).toBe(-300);
    expect(parseOffsetMinutes('+0530')).toBe(330);
    expect(parseOffsetMinutes('Z')).toBe(0);
    expect(() => parseOffsetMinutes('EST')).toThrow();
  });

  it('finds the local midnight', () => {
    const evening = Date.UTC(2026, 7, 24, 23, 30); // 18:30 local
    expect(startOfLocalDay(evening, '-05:00')).toBe(Date.UTC(2026, 7, 24, 5));
  });
});

describe('SimulatorClock', () => {
  it('never repeats or goes backwards, even when the wall clock does', () => {
    const readings = [1000, 1000, 1000, 999, 5000];
    const clock = new SimulatorClock(() => readings.shift() ?? 0);
    expect([clock.next(), clock.next(), clock.next(), clock.next(), clock.next()]).toEqual([
      1000, 1001, 1002, 1003, 5000,
    ]);
  });

  it('stays past historical timestamps it was told about', () => {
    const clock = new SimulatorClock(() => 10);
    clock.advancePast(10_000);
    expect(clock.next()).toBe(10_001);
  });
});
