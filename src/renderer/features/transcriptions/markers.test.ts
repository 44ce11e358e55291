import { describe, expect, it } from 'vitest';
import { chapterMarkers, playheadPercent } from './markers';

describe('chapterMarkers', () => {
  const chapters = [
    { offsetSec: 0, title: 'Call to order' },
    { offsetSec: 300, title: 'Public comment' },
    { offsetSec: null, title: 'Typed wrong' },
    { offsetSec: 1200, title: 'Adjourn' },
    { offsetSec: 1500, title: 'After the end' },
  ];

  it('puts each chapter at its offset over the duration', () => {
    const markers = chapterMarkers(chapters, 1200);
    expect(markers.map((m) => [m.index, m.percent, m.title])).toEqual([
      [0, 0, 'Call to order'],
      [1, 25, 'Public comment'],
      [3, 100, 'Adjourn'],
    ]);
  });

  it('skips chapters without a valid time or after the end', () => {
    const markers = chapterMarkers(chapters, 1200);
    expect(markers.some((m) => m.title === 'Typed wrong')).toBe(false);
    expect(markers.some((m) => m.title === 'After the end')).toBe(false);
  });

  it('has no marker while the duration is unknown', () => {
    expect(chapterMarkers(chapters, null)).toEqual([]);
    expect(chapterMarkers(chapters, 0)).toEqual([]);
    expect(chapterMarkers(chapters, Number.NaN)).toEqual([]);
  });

  it('keeps fractions of a percent for long recordings', () => {
    const [m] = chapterMarkers([{ offsetSec: 1, title: 'x' }], 3 * 3600);
    expect(m?.percent).toBeCloseTo(0.009, 3);
  });
});

describe('playheadPercent', () => {
  it('follows the time, clamped to the bar', () => {
    expect(playheadPercent(30, 120)).toBe(25);
    expect(playheadPercent(500, 120)).toBe(100);
    expect(playheadPercent(-1, 120)).toBe(0);
    expect(playheadPercent(30, null)).toBe(0);
  });
});
