import { describe, expect, it } from 'vitest';
import { parseSummary } from './summary-parser';
import { parseTimestampLine, parseWrittenTime } from './timestamps';

const MARKDOWN = `# Birchwood City Council – Regular Meeting

## Summary

The council **approved** the fiscal year 2025 [budget amendment](https://example.org/r25-03)
and heard an update on the library renovation.

Residents raised concerns about speeding on Maple Avenue.

### Key decisions
- Budget amendment adopted 4–1
- Elm Street rezoning adopted on *second* reading

## Timestamps
- **00:00:35** Call to order
- [00:08:40] Public comment
- 00:26:00 - Public hearing: budget amendment
- (1:11:00) Ordinance 2025-01
- Adjournment (1:58:10)

## Keywords
budget, zoning; library

## Transcript
[00:00:35] Good evening, I am calling this meeting to order.
`;

describe('parseSummary: markdown', () => {
  const s = parseSummary(MARKDOWN, 'summary-md');

  it('takes the H1 as the title', () => {
    expect(s.title).toBe('Birchwood City Council – Regular Meeting');
  });

  it('keeps the prose, markdown stripped, paragraphs joined by blank lines', () => {
    expect(s.description).toBe(
      [
        'The council approved the fiscal year 2025 budget amendment and heard an update on the library renovation.',
        'Residents raised concerns about speeding on Maple Avenue.',
        'Key decisions',
        '- Budget amendment adopted 4–1\n- Elm Street rezoning adopted on second reading',
      ].join('\n\n'),
    );
  });

  it('reads every timestamp form and ignores the transcript section', () => {
    expect(s.timestamps).toEqual([
      { offsetSec: 35, title: 'Call to order' },
      { offsetSec: 520, title: 'Public comment' },
      { offsetSec: 1560, title: 'Public hearing: budget amendment' },
      { offsetSec: 4260, title: 'Ordinance 2025-01' },
      { offsetSec: 7090, title: 'Adjournment' },
    ]);
    expect(s.twoPartTimes).toBe(false);
  });

  it('reads the keywords section', () => {
    expect(s.keywords).toEqual(['budget', 'zoning', 'library']);
    expect(s.problems).toEqual([]);
  });
});

describe('parseSummary: plain text', () => {
  it('takes a short first line without end punctuation as the title', () => {
    const s = parseSummary(
      'Birchwood City Council, January 7, 2025\n\nThe council heard public comment on the budget.\n\n[00:00:00] Call to order\n[00:00:02] Public comment\n',
      'summary-txt',
    );
    expect(s.title).toBe('Birchwood City Council, January 7, 2025');
    expect(s.description).toBe('The council heard public comment on the budget.');
    expect(s.timestamps).toEqual([
      { offsetSec: 0, title: 'Call to order' },
      { offsetSec: 2, title: 'Public comment' },
    ]);
  });

  it('does not take a first sentence as the title', () => {
    const s = parseSummary(
      'The council met and adopted the budget.\nIt also heard comment.',
      'summary-txt',
    );
    expect(s.title).toBeNull();
    expect(s.description).toBe('The council met and adopted the budget. It also heard comment.');
  });

  it('reads labelled lines: Title, Summary, Keywords, hashtags; drops file facts', () => {
    const s = parseSummary(
      [
        'Title: Planning Commission Workshop',
        'Date: 2025-02-03',
        'Duration: 01:12:00',
        'Summary: Commissioners reviewed the draft housing element.',
        'Keywords: housing; ADU, density',
        '#housing #parking',
        'TIMESTAMPS',
        '00:01:00 Opening',
        'An untimed line in the chapter list',
      ].join('\n'),
      'summary-txt',
    );
    expect(s.title).toBe('Planning Commission Workshop');
    expect(s.description).toBe('Commissioners reviewed the draft housing element.');
    expect(s.keywords).toEqual(['housing', 'ADU', 'density', 'parking']);
    expect(s.timestamps).toEqual([{ offsetSec: 60, title: 'Opening' }]);
  });

  it('handles a BOM, CRLF line ends and accents', () => {
    const s = parseSummary(
      '\uFEFFConseil municipal de Montréal\r\n\r\nLa séance a débuté à l’heure.\r\n\r\n[00:01:05] Période de questions du public\r\n',
      'summary-txt',
    );
    expect(s.title).toBe('Conseil municipal de Montréal');
    expect(s.description).toBe('La séance a débuté à l’heure.');
    expect(s.timestamps).toEqual([{ offsetSec: 65, title: 'Période de questions du public' }]);
  });

  it('composes decomposed accents (NFD) so they compare equal', () => {
    const s = parseSummary('Muñoz'.normalize('NFD') + ' Park Dedication\n\nText.', 'summary-txt');
    expect(s.title).toBe('Muñoz Park Dedication');
  });

  it('keeps timestamps in the order written (sorting is for normalizeChapters)', () => {
    const s = parseSummary('[00:20:00] Second\n[00:05:00] First\n', 'markdown');
    expect(s.timestamps.map((t) => t.offsetSec)).toEqual([1200, 300]);
  });

  it('reports times of day and does not make chapters of them', () => {
    const s = parseSummary('7:00 PM Call to order\n7:15 p.m. - Public comment\n', 'summary-txt');
    expect(s.timestamps).toEqual([]);
    expect(s.problems).toEqual([
      '2 times like 7:00 PM are times of day, not a position in the video, so they were not used for chapters.',
    ]);
  });

  it('marks summaries written only with two-part times', () => {
    const s = parseSummary('12:34 Item one\n45:10 Item two\n', 'summary-txt');
    expect(s.timestamps).toEqual([
      { offsetSec: 754, title: 'Item one' },
      { offsetSec: 2710, title: 'Item two' },
    ]);
    expect(s.twoPartTimes).toBe(true);
    expect(parseSummary('12:34 Item one\n1:02:03 Item two\n', 'summary-txt').twoPartTimes).toBe(
      false,
    );
  });

  it('reads YAML front matter and markdown tables', () => {
    const s = parseSummary(
      [
        '---',
        'title: "Library Board"',
        'tags: [books, levy]',
        '---',
        '| Time | Topic |',
        '|------|-------|',
        '| 00:02:00 | Levy discussion |',
      ].join('\n'),
      'markdown',
    );
    expect(s.title).toBe('Library Board');
    expect(s.keywords).toEqual(['books', 'levy']);
    expect(s.timestamps).toEqual([{ offsetSec: 120, title: 'Levy discussion' }]);
  });

  it('says an empty summary is empty', () => {
    for (const text of ['', '   \n\n', '\uFEFF']) {
      expect(parseSummary(text, 'summary-txt')).toEqual({
        title: null,
        description: '',
        timestamps: [],
        keywords: [],
        problems: ['The summary is empty.'],
        twoPartTimes: false,
      });
    }
  });

  it('does not take "Summary" headings as the title', () => {
    const s = parseSummary('# Meeting Summary\n\nThe board met.', 'summary-md');
    expect(s.title).toBeNull();
    expect(s.description).toBe('The board met.');
    expect(parseSummary('# Summary of the City Council\n\nText.', 'markdown').title).toBe(
      'City Council',
    );
  });
});

describe('timestamps', () => {
  it('reads h:mm:ss, m:ss, fractions and frames', () => {
    expect(parseWrittenTime('1:02:03')).toEqual({ seconds: 3723, twoPart: false });
    expect(parseWrittenTime('00:12:34.500')).toEqual({ seconds: 754.5, twoPart: false });
    expect(parseWrittenTime('12:34')).toEqual({ seconds: 754, twoPart: true });
    expect(parseWrittenTime('75:30')).toEqual({ seconds: 4530, twoPart: true });
    expect(parseWrittenTime('00:00:01;15')).toEqual({ seconds: 1.5, twoPart: false });
    expect(parseWrittenTime('12:60')).toBeNull();
    expect(parseWrittenTime('1:60:00')).toBeNull();
  });

  it('reads chapter lines and leaves sentences alone', () => {
    const title = (line: string): string | null => {
      const r = parseTimestampLine(line);
      return r?.kind === 'chapter' ? `${r.time.seconds} ${r.title}` : null;
    };
    expect(title('[00:12:34] Public comment')).toBe('754 Public comment');
    expect(title('00:12:34 - Roll call')).toBe('754 Roll call');
    expect(title('(1:02:03) Budget hearing')).toBe('3723 Budget hearing');
    expect(title('12:34 Item')).toBe('754 Item');
    expect(title('- **00:05:10** Consent agenda')).toBe('310 Consent agenda');
    expect(title('1. [00:05:10–00:09:00] Consent agenda')).toBe('310 Consent agenda');
    expect(title('Roll call (00:03:10)')).toBe('190 Roll call');
    expect(title('Roll call – 00:03:10')).toBe('190 Roll call');
    expect(title('The vote at 00:45:10 passed.')).toBeNull();
    expect(title('12:34abc')).toBeNull();
    expect(parseTimestampLine('7:00 PM Call to order')).toEqual({ kind: 'clock' });
  });

  it('shortens long chapter lines at their first separator', () => {
    const r = parseTimestampLine(
      '[00:10:00] Public comment: several residents spoke about speeding on Maple Avenue and asked for a crosswalk near the school',
    );
    expect(r).toMatchObject({ kind: 'chapter', title: 'Public comment' });
  });
});
