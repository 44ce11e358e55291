import { describe, expect, it } from 'vitest';
import { parseEventDateFromName } from './filename-date';

const now = new Date('2026-06-01T12:00:00Z');
const dates = (name: string): string[] => parseEventDateFromName(name, { now }).map((c) => c.date);
const best = (name: string): string | undefined => dates(name)[0];

describe('parseEventDateFromName', () => {
  it('reads the forms stations use', () => {
    expect(best('Council (20160614).mp4')).toBe('2016-06-14');
    expect(best('2025-01-07 Council.mp4')).toBe('2025-01-07');
    expect(best('Council_2025_01_07.mp4')).toBe('2025-01-07');
    expect(best('Council 01 07 2025.mp4')).toBe('2025-01-07');
    expect(best('Council-01-07-2025.mp4')).toBe('2025-01-07');
    expect(best('PC 1-7-25.mp4')).toBe('2025-01-07');
    expect(best('Council 202584.mp4')).toBe('2025-08-04');
    expect(best('Council Jan 7 2025.mp4')).toBe('2025-01-07');
    expect(best('Council January 7, 2025.mp4')).toBe('2025-01-07');
    expect(best('Council 7 Jan 2025.mp4')).toBe('2025-01-07');
    expect(best('WBT-Board-Meeting-42125.mp4')).toBe('2025-04-21');
  });

  it('keeps the text it read and rates exact forms above guesses', () => {
    const [first] = parseEventDateFromName('Council (20160614).mp4', { now });
    expect(first).toMatchObject({ text: '(20160614)' });
    const compact = parseEventDateFromName('Council 202584.mp4', { now })[0];
    expect(first && compact && first.confidence > compact.confidence).toBe(true);
  });

  it('gives every reading of an ambiguous form, each less sure', () => {
    const all = parseEventDateFromName('Board 2025111.mp4', { now });
    expect(all.map((c) => c.date).sort()).toEqual(['2025-01-11', '2025-11-01']);
    for (const c of all) expect(c.confidence).toBeLessThan(0.5);
  });

  it('rejects impossible and future dates', () => {
    expect(dates('Council 2025-02-30.mp4')).not.toContain('2025-02-30');
    expect(dates('Council 13-45-2025.mp4')).toEqual([]);
    expect(dates('Council 2031-01-07.mp4')).toEqual([]);
    expect(dates('Budget Hearing.mp4')).toEqual([]);
  });

  it('prefers recent plausible years for two-digit years', () => {
    expect(best('Council 1-7-99.mp4')).toBe('1999-01-07');
    expect(best('Council 1-7-26.mp4')).toBe('2026-01-07');
  });

  it('does not read the show id of a file key as a date', () => {
    expect(dates('21413-1-Birchwood Council Me.mp4')).toEqual([]);
    expect(best('28-1-dn2020-0220-hd.mp4')).toBe('2020-02-20');
  });

  it('leaves four-digit numbers alone: years, times and show numbers', () => {
    expect(dates('Council 2019 Budget 1930.mp4')).toEqual([]);
  });

  it('does not read a full date twice as smaller pieces', () => {
    expect(dates('2025-01-07 Council.mp4')).toEqual(['2025-01-07']);
  });
});
