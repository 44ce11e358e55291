import { describe, expect, it } from 'vitest';
import {
  cgTitleFor,
  dateInWords,
  proposeDraft,
  proposeTags,
  readTwoPartTimesAsHours,
  titleFromFileName,
  type DraftInput,
} from './draft';
import { parseSummary } from './summary-parser';

const SUMMARY = `Birchwood City Council

The council adopted the fiscal year 2025 budget amendment after a public hearing. Residents spoke about speeding on Maple Avenue. The library renovation is sixty percent complete. The Elm Street rezoning was adopted.

[00:00:35] Call to order
[00:08:40] Public comment
[00:26:00] Budget hearing
[01:11:00] Elm Street rezoning
[02:10:00] Adjournment

Keywords: budget, Zoning, library
`;

function input(overrides: Partial<DraftInput> = {}): DraftInput {
  return {
    fileName: 'Birchwood City Council 2025-01-07.mp4',
    eventDate: '2025-01-07',
    summary: parseSummary(SUMMARY, 'summary-txt'),
    durationSec: 7200,
    frameRate: null,
    ...overrides,
  };
}

describe('titleFromFileName', () => {
  it.each([
    ['Birchwood City Council 2025-01-07.mp4', 'Birchwood City Council'],
    ['21413-1-Birchwood Council Me.mp4', 'Birchwood Council Meeting'],
    ['21413-1-Birchwood Planning Co.mp4', 'Birchwood Planning Co'],
    ['birchwood_city_council_01-07-2025.mov', 'Birchwood City Council'],
    ['BIRCHWOOD.CC.BUDGET.HEARING.Jan 7 2025.mxf', 'Birchwood CC Budget Hearing'],
    ['Park Board (20250107).mp4', 'Park Board'],
    ['/media/share/2025-01-07 - School Board Work Session.mp4', 'School Board Work Session'],
    ['Conseil_de_Montréal_2025-01-07.mp4', 'Conseil de Montréal'],
    ['BOARD OF EDUCATION PART II.mp4', 'Board of Education Part II'],
  ])('%s → %s', (name, title) => {
    expect(titleFromFileName(name)).toBe(title);
  });
});

describe('cgTitleFor', () => {
  it('adds the date in words, once', () => {
    expect(dateInWords('2025-01-07')).toBe('January 7, 2025');
    expect(dateInWords('2025-13-07')).toBeNull();
    expect(cgTitleFor('Birchwood City Council', '2025-01-07')).toBe(
      'Birchwood City Council – January 7, 2025',
    );
    expect(cgTitleFor('Council, January 7, 2025', '2025-01-07')).toBe('Council, January 7, 2025');
    expect(cgTitleFor('Council', null)).toBe('Council');
  });
});

describe('proposeTags', () => {
  it('puts keywords first, then title words, then repeated summary words, lower case and unique', () => {
    const tags = proposeTags(
      ['Budget', 'budgets', 'Public Safety'],
      'Birchwood City Council Regular Meeting',
      'The crosswalk on Maple Avenue. The crosswalk near the school. Maple trees. The meeting ran late.',
    );
    expect(tags).toEqual([
      'budget',
      'public safety',
      'birchwood',
      'city',
      'council',
      'crosswalk',
      'maple',
    ]);
  });

  it('keeps at most 12 and keeps accents', () => {
    const words =
      'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike'.split(' ');
    expect(proposeTags(words, 'Peña Park', '')).toHaveLength(12);
    expect(proposeTags([], 'Peña Park Dedication', '')).toEqual(['peña', 'park', 'dedication']);
  });
});

describe('proposeDraft', () => {
  it('drafts everything from a good summary', () => {
    const d = proposeDraft(input());
    expect(d.title).toBe('Birchwood City Council');
    expect(d.cgTitle).toBe('Birchwood City Council – January 7, 2025');
    expect(d.description).toMatch(/^The council adopted .* The Elm Street rezoning was adopted\.$/);
    expect(d.tags.slice(0, 3)).toEqual(['budget', 'zoning', 'library']);
    expect(d.tags).toContain('birchwood');
    expect(d.tags).not.toContain('meeting');
    expect(d.chapters.map((c) => c.title)).toEqual([
      'Call to order',
      'Public comment',
      'Budget hearing',
      'Elm Street rezoning',
    ]);
    expect(d.chapters[0]?.offsetSec).toBe(35.002);
    expect(d.chaptersSource).toBe('summary');
    expect(d.updatedAt).toBeNull();
    expect(d.notes).toEqual([
      "1 chapter starts at or after the end of the video (2:00:00) and was left out: 'Adjournment'.",
    ]);
  });

  it('falls back to the show title, then the file name', () => {
    const noTitle = parseSummary('The board met.', 'summary-txt');
    expect(proposeDraft(input({ summary: noTitle, showTitle: 'City Council Meeting' })).title).toBe(
      'City Council Meeting',
    );
    const d = proposeDraft(input({ summary: null, fileName: '21413-1-Birchwood Council Me.mp4' }));
    expect(d).toMatchObject({
      title: 'Birchwood Council Meeting',
      cgTitle: 'Birchwood Council Meeting – January 7, 2025',
      description: '',
      chapters: [],
      chaptersSource: 'none',
    });
    expect(d.notes).toEqual([
      'There is no summary to draft from, so the title comes from the file name and there is no description or chapters.',
    ]);
  });

  it('says when the summary has no timestamps', () => {
    const d = proposeDraft(
      input({ summary: parseSummary('Council\n\nThe council met.', 'summary-txt') }),
    );
    expect(d.chaptersSource).toBe('none');
    expect(d.notes).toEqual([
      'The summary has no timestamps, so no chapters were drafted: paste the agenda to draft them.',
    ]);
  });

  it('passes on the problems of the summary', () => {
    const d = proposeDraft(input({ summary: parseSummary('{"title": ', 'minutes-json') }));
    expect(d.notes[0]).toMatch(/^The minutes file is not valid JSON/);
    expect(d.title).toBe('Birchwood City Council');
  });

  it('cuts a long description at a sentence end within 2,000 characters', () => {
    const sentence = 'The council discussed the capital improvement plan at length. ';
    const long = parseSummary(`Council\n\n${sentence.repeat(60)}`, 'summary-txt');
    const d = proposeDraft(input({ summary: long }));
    expect(d.description.length).toBeLessThanOrEqual(2000);
    expect(d.description.endsWith('at length.')).toBe(true);
    expect(d.notes).toContain('The summary was shortened to fit the 2000-character description.');
  });

  it('sorts timestamps written out of order', () => {
    const s = parseSummary('[00:20:00] Second\n[00:05:00] First\n', 'summary-txt');
    expect(proposeDraft(input({ summary: s })).chapters.map((c) => c.title)).toEqual([
      'First',
      'Second',
    ]);
  });
});

describe('two-part times (m:ss unless they only make sense as h:mm)', () => {
  const hm = parseSummary(
    '0:00 Call to order\n0:45 Public comment\n1:30 Budget hearing\n',
    'summary-txt',
  );

  it('reads them as minutes:seconds by default', () => {
    const d = proposeDraft(input({ summary: hm, durationSec: 1800 }));
    expect(d.chapters.map((c) => Math.round(c.offsetSec))).toEqual([0, 45, 90]);
  });

  it('rereads them as hours:minutes when they would all crowd into the start of a long video', () => {
    const d = proposeDraft(input({ summary: hm, durationSec: 7200 }));
    expect(d.chapters.map((c) => Math.round(c.offsetSec))).toEqual([0, 2700, 5400]);
    expect(d.notes.join('\n')).toMatch(/read as hours:minutes .* 2:00:00 video/);
  });

  it('keeps minutes:seconds when hours:minutes would not fit, or for one time, or with h:mm:ss', () => {
    expect(readTwoPartTimesAsHours(hm, 3600)).toBeNull();
    expect(readTwoPartTimesAsHours(hm, 5000)).toBeNull();
    expect(readTwoPartTimesAsHours(parseSummary('1:02 Item\n', 'summary-txt'), 7200)).toBeNull();
    const mmss = parseSummary('12:34 Item\n45:10 Other\n', 'summary-txt');
    expect(readTwoPartTimesAsHours(mmss, 7200)).toBeNull();
    const mixed = parseSummary('0:45 A\n1:30:00 B\n', 'summary-txt');
    expect(readTwoPartTimesAsHours(mixed, 7200)).toBeNull();
  });
});
