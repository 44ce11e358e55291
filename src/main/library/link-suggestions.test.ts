import { describe, expect, it } from 'vitest';
import {
  formatRunTime,
  LinkIndex,
  suggestLinks,
  type CatalogShowForLinking,
} from './link-suggestions';

const now = new Date('2026-06-01T00:00:00Z');

const shows: CatalogShowForLinking[] = [
  {
    id: 21413,
    title: 'Birchwood City Council Regular Meeting',
    cgTitle: null,
    eventDate: '2025-01-07T19:00:00',
    totalRunTime: 5560,
  },
  {
    id: 21414,
    title: 'Birchwood City Council Regular Meeting',
    cgTitle: null,
    eventDate: '2025-01-21T19:00:00',
    totalRunTime: 3600,
  },
  {
    id: 21500,
    title: 'Birchwood Planning Commission',
    cgTitle: 'Planning Commission',
    eventDate: '2025-01-08T18:00:00',
    totalRunTime: 7200,
  },
  {
    id: 30000,
    title: 'Holiday Parade',
    cgTitle: null,
    eventDate: '2024-12-07T10:00:00',
    totalRunTime: 1800,
  },
];
const index = new LinkIndex(shows);

describe('suggestLinks', () => {
  it('links with certainty by the file key of a known show', () => {
    const result = suggestLinks(
      { fileName: '21413-1-Birchwood Council Me.mp4', durationSec: null },
      index,
      { now },
    );
    expect(result.suggestions[0]).toMatchObject({
      showId: 21413,
      method: 'file-key',
      isCertain: true,
      score: 1,
    });
    expect(result.suggestions.filter((s) => s.isCertain)).toHaveLength(1);
  });

  it('says so when the file key names a show not in the catalog, and is certain of nothing', () => {
    const result = suggestLinks(
      { fileName: '99999-1-Birchwood CC 2025-01-07.mp4', durationSec: null },
      index,
      { now },
    );
    expect(result.notes.join(' ')).toMatch(/99999.*not in the catalog/);
    expect(result.suggestions.every((s) => !s.isCertain && s.method === 'suggestion')).toBe(true);
    expect(result.suggestions[0]?.showId).toBe(21413);
  });

  it('ranks the show of the same day, title and run time first, with its reasons in words', () => {
    const result = suggestLinks(
      { fileName: 'Birchwood CC 2025-01-07.mp4', durationSec: 5530 },
      index,
      { now },
    );
    const [first, second] = result.suggestions;
    expect(first?.showId).toBe(21413);
    expect(first?.isCertain).toBe(false);
    expect(first?.score).toBeLessThan(1);
    expect(first?.reasons).toEqual([
      'Title matches 3 of 3 words',
      'Same event date as the file name (2025-01-07)',
      'Run time 1:32:10 vs 1:32:40',
    ]);
    expect(second && first && second.score < first.score).toBe(true);
  });

  it('gives a weaker date reason for a show one day away', () => {
    const result = suggestLinks({ fileName: 'PC 1-7-25.mp4', durationSec: null }, index, { now });
    const pc = result.suggestions.find((s) => s.showId === 21500);
    expect(pc?.reasons).toContain(
      "Event date 2025-01-08 is one day from the file name's 2025-01-07",
    );
    expect(result.suggestions[0]?.showId).toBe(21500);
  });

  it('accepts a run time within ten percent as weaker evidence', () => {
    const result = suggestLinks({ fileName: 'Holiday Parade.mp4', durationSec: 1950 }, index, {
      now,
    });
    expect(result.suggestions[0]).toMatchObject({ showId: 30000 });
    expect(result.suggestions[0]?.reasons).toContain('Run time 32:30 vs 30:00');
  });

  it('suggests nothing for a file that resembles no show', () => {
    expect(
      suggestLinks({ fileName: 'xyz.mp4', durationSec: 60 }, index, { now }).suggestions,
    ).toEqual([]);
  });

  it('honours the limit', () => {
    const result = suggestLinks({ fileName: 'Birchwood.mp4', durationSec: null }, index, {
      now,
      limit: 2,
    });
    expect(result.suggestions).toHaveLength(2);
  });
});

describe('LinkIndex pre-filter', () => {
  it('still finds the show of the file date among thousands with the same title', () => {
    const many: CatalogShowForLinking[] = Array.from({ length: 3000 }, (_, i) => ({
      id: i + 1,
      title: 'Birchwood City Council Regular Meeting',
      cgTitle: null,
      eventDate: new Date(Date.UTC(2015, 0, 1) + i * 86_400_000).toISOString(),
      totalRunTime: 3600,
    }));
    const target = many[2500];
    const result = suggestLinks(
      { fileName: `Birchwood CC ${target?.eventDate?.slice(0, 10) ?? ''}.mp4`, durationSec: null },
      new LinkIndex(many),
      { now },
    );
    expect(result.suggestions[0]?.showId).toBe(target?.id);
    expect(result.suggestions[0]?.reasons).toContain(
      `Same event date as the file name (${target?.eventDate?.slice(0, 10) ?? ''})`,
    );
  });
});

describe('formatRunTime', () => {
  it('writes hours only when there are some', () => {
    expect(formatRunTime(5530)).toBe('1:32:10');
    expect(formatRunTime(65)).toBe('1:05');
  });
});
