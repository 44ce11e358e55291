import { describe, expect, it } from 'vitest';
import { parseSummary } from './summary-parser';

const json = (value: unknown): string => JSON.stringify(value, null, 2);

describe('parseSummary: minutes JSON', () => {
  it('reads the common shape', () => {
    const s = parseSummary(
      json({
        title: 'Birchwood City Council',
        summary: 'The council adopted the **budget** amendment.\n\nIt heard public comment.',
        chapters: [
          { start: 35, title: 'Call to order' },
          { start: '00:08:40', title: 'Public comment' },
          { start: 1560.5, title: 'Budget hearing' },
        ],
        tags: ['budget', 'Budget', 'comment'],
      }),
      'minutes-json',
    );
    expect(s).toEqual({
      title: 'Birchwood City Council',
      description: 'The council adopted the budget amendment.\n\nIt heard public comment.',
      timestamps: [
        { offsetSec: 35, title: 'Call to order' },
        { offsetSec: 520, title: 'Public comment' },
        { offsetSec: 1560.5, title: 'Budget hearing' },
      ],
      keywords: ['budget', 'comment'],
      problems: [],
      twoPartTimes: false,
    });
  });

  it('accepts the other key names, in any case', () => {
    const variants = [
      { Description: 'D.', topics: [{ time: 60, topic: 'A' }], keywords: 'x, y' },
      { overview: ['D.'], items: [{ timestamp: '1:00', name: 'A' }], keywords: ['x', 'y'] },
      { summary: 'D.', agenda: [{ offset: '60', label: 'A' }], tags: 'x; y' },
      { summary: 'D.', chapters: [{ startSec: 60, heading: 'A' }], tags: ['x', 'y'] },
      { summary: 'D.', chapters: [{ startMs: 60000, title: 'A' }], tags: ['x', 'y'] },
      { summary: 'D.', chapters: [{ start_time: 'PT1M', title: 'A' }], tags: ['x', 'y'] },
      { summary: 'D.', chapters: ['[00:01:00] A'], tags: ['x', 'y'] },
      { meeting: { summary: 'D.', chapters: [{ start: 60, title: 'A' }], tags: ['x', 'y'] } },
    ];
    for (const v of variants) {
      const s = parseSummary(json(v), 'minutes-json');
      expect(s, JSON.stringify(v)).toMatchObject({
        description: 'D.',
        timestamps: [{ offsetSec: 60, title: 'A' }],
        keywords: ['x', 'y'],
        problems: [],
      });
    }
  });

  it('reads a bare array of chapters', () => {
    const s = parseSummary(json([{ start: 5, title: 'Opening' }]), 'minutes-json');
    expect(s.timestamps).toEqual([{ offsetSec: 5, title: 'Opening' }]);
    expect(s.title).toBeNull();
  });

  it('counts items without a time and topics written as words', () => {
    const s = parseSummary(
      json({
        summary: 'S.',
        topics: ['Budget', 'Zoning'],
        agenda: [{ title: 'No time' }],
      }),
      'minutes-json',
    );
    expect(s.keywords).toEqual(['Budget', 'Zoning']);
    expect(s.problems).toEqual([]);
    const t = parseSummary(json({ chapters: [{ title: 'A' }, { title: 'B' }] }), 'minutes-json');
    expect(t.problems[0]).toBe(
      '2 items in the minutes have no start time, so they give no chapter.',
    );
  });

  it('marks two-part string times', () => {
    const s = parseSummary(
      json({
        chapters: [
          { time: '0:05', title: 'A' },
          { time: '1:30', title: 'B' },
        ],
      }),
      'minutes-json',
    );
    expect(s.twoPartTimes).toBe(true);
  });

  it('turns malformed JSON into a problem naming line and column', () => {
    const cases: [string, RegExp][] = [
      [
        '{\n  "title": "X",\n  "chapters": [1, 2,]\n}',
        /^The minutes file is not valid JSON: .* at line 3, column 21\.$/,
      ],
      ['{\n  "title": "X"\n  "summary": "Y"\n}', /at line 3, column 3\.$/],
      ['{ "title": "X",', /at line 1, column 16\.$/],
      [
        '{ "title": "X", "chapters": [',
        /it ends before the JSON is complete at line 1, column 30\.$/,
      ],
      ['Summary: not JSON at all', /at line 1, column 1\.$/],
    ];
    for (const [text, message] of cases) {
      const s = parseSummary(text, 'minutes-json');
      expect(s.problems).toHaveLength(1);
      expect(s.problems[0]).toMatch(message);
      expect(s.problems[0]).not.toMatch(/position|is not valid JSON$/);
      expect(s).toMatchObject({ title: null, description: '', timestamps: [], keywords: [] });
    }
  });

  it('handles a BOM and an empty file', () => {
    expect(parseSummary('\uFEFF{"title": "Café Board"}', 'minutes-json').title).toBe('Café Board');
    expect(parseSummary('  ', 'minutes-json').problems).toEqual(['The summary is empty.']);
    expect(parseSummary('{}', 'minutes-json').problems).toEqual([
      'The minutes have no title, summary, chapters or keywords that could be read.',
    ]);
  });

  it('says when the chapter list is not a list', () => {
    const s = parseSummary(json({ summary: 'S.', chapters: 'none' }), 'minutes-json');
    expect(s.problems).toEqual([
      '"chapters" in the minutes is not a list, so it gives no chapters.',
    ]);
  });
});
