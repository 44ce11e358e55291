import { describe, expect, it } from 'vitest';
import { dayOf, mondayOf, stationDay, stationMidnight, weeksBetween } from './station-weeks';

describe('station dates and weeks', () => {
  it('finds a station midnight across the changes of daylight saving time', () => {
    // Chicago: UTC-6 in winter, UTC-5 in summer; the clocks changed on 2026-03-08 and 2026-11-01.
    expect(new Date(stationMidnight('2026-01-15', 'America/Chicago')).toISOString()).toBe(
      '2026-01-15T06:00:00.000Z',
    );
    expect(new Date(stationMidnight('2026-07-04', 'America/Chicago')).toISOString()).toBe(
      '2026-07-04T05:00:00.000Z',
    );
    expect(new Date(stationMidnight('2026-03-09', 'America/Chicago')).toISOString()).toBe(
      '2026-03-09T05:00:00.000Z',
    );
    expect(new Date(stationMidnight('2026-11-02', 'America/Chicago')).toISOString()).toBe(
      '2026-11-02T06:00:00.000Z',
    );
    // East of Greenwich the day starts the evening before in UTC.
    expect(new Date(stationMidnight('2026-05-01', 'Pacific/Auckland')).toISOString()).toBe(
      '2026-04-30T12:00:00.000Z',
    );
  });

  it('reads the station date of an instant, and keeps a bare date as it is', () => {
    // 03:30 UTC is still the evening before in Chicago.
    expect(stationDay(Date.parse('2026-12-04T03:30:00Z'), 'America/Chicago')).toBe('2026-12-03');
    expect(stationDay(Date.parse('2026-12-04T03:30:00Z'), 'UTC')).toBe('2026-12-04');
    expect(dayOf('2026-12-04T03:30:00Z', 'America/Chicago')).toBe('2026-12-03');
    expect(dayOf('2026-03-10T19:00:00-05:00', 'America/Chicago')).toBe('2026-03-10');
    expect(dayOf('2026-12-04', 'Pacific/Auckland')).toBe('2026-12-04');
    expect(dayOf('not a date', 'UTC')).toBeNull();
  });

  it('groups by weeks that start on Monday', () => {
    expect(mondayOf('2026-12-06')).toBe('2026-11-30'); // a Sunday
    expect(mondayOf('2026-11-30')).toBe('2026-11-30'); // a Monday
    expect(mondayOf('2027-01-01')).toBe('2026-12-28'); // across a year
    expect(weeksBetween('2026-11-25', '2026-12-08')).toEqual([
      '2026-11-23',
      '2026-11-30',
      '2026-12-07',
    ]);
    expect(weeksBetween('2026-12-02', '2026-12-02')).toEqual(['2026-11-30']);
  });
});
