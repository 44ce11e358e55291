import { describe, expect, it } from 'vitest';
import { compareTitles, prepareTitle, titleSimilarity, titleTokens } from './title-similarity';

describe('titleTokens', () => {
  it('drops case, punctuation, numbers, the extension and stop words', () => {
    expect(titleTokens('Regular Meeting of the City Council - 2025-01-07.mp4')).toEqual([
      'city',
      'council',
    ]);
  });

  it('spells out station shorthand', () => {
    expect(titleTokens('CC_Budget')).toEqual(['city', 'council', 'budget']);
    expect(titleTokens('pc workshop')).toEqual(['planning', 'commission', 'workshop']);
    expect(titleTokens('SB 1-7-25')).toEqual(['school', 'board']);
  });
});

describe('titleSimilarity', () => {
  it('ranks the same meeting above a different body', () => {
    const file = 'Birchwood CC 2025-01-07.mp4';
    const same = titleSimilarity(file, 'Birchwood City Council Regular Meeting');
    const other = titleSimilarity(file, 'Birchwood Planning Commission');
    expect(same).toBeGreaterThan(0.8);
    expect(other).toBeLessThan(same);
  });

  it('counts the show words found in the file name', () => {
    const match = compareTitles(
      prepareTitle('Birchwood City Council Budget'),
      prepareTitle('Birchwood City Council Budget Hearing'),
    );
    expect(match).toMatchObject({ sharedWords: 4, showWords: 5 });
  });

  it('gives partial credit to a cut-off word through trigrams', () => {
    expect(titleSimilarity('Birchwood Counc', 'Birchwood Council')).toBeGreaterThan(
      titleSimilarity('Birchwood Parade', 'Birchwood Council'),
    );
  });

  it('is zero for titles with nothing in common', () => {
    expect(titleSimilarity('Parade', 'Budget Hearing')).toBe(0);
  });
});

describe('titles with a start time', () => {
  it('ignores the AM/PM of a catalog title that ends in its start time', () => {
    expect(titleTokens('Planning Commission Regular meeting - 10/28/2026 7:00:00 PM')).toEqual([
      'planning',
      'commission',
    ]);
    expect(
      titleSimilarity(
        'Planning Commission Regular meeting (20261028).mp4',
        'Planning Commission Regular meeting - 10/28/2026 7:00:00 PM',
      ),
    ).toBe(1);
  });
});
