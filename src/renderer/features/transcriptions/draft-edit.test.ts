import { describe, expect, it } from 'vitest';
import type { RecordingDraft } from '../../../shared/library';
import {
  draftProblems,
  editFromDraft,
  insertChapter,
  isDirty,
  parseTags,
  saveInput,
  sortChapters,
  effectiveCustom,
  effectiveLookup,
  withCustom,
  withLookup,
  withTime,
} from './draft-edit';
import type { ShowMetadata } from '../../../shared/catalog';

const saved: RecordingDraft = {
  title: 'City Council',
  cgTitle: 'City Council – March 4',
  description: 'Regular meeting.',
  tags: ['council', 'budget'],
  chapters: [
    { offsetSec: 0, title: 'Call to order' },
    { offsetSec: 312.646, title: 'Public comment' },
  ],
  chaptersSource: 'summary',
  updatedAt: '2026-03-05T10:00:00Z',
  notes: [],
  fields: {},
  base: null,
  approvedAt: null,
};

describe('editFromDraft / isDirty', () => {
  it('starts clean, with times as h:mm:ss', () => {
    const edit = editFromDraft(saved);
    expect(edit.tags).toBe('council, budget');
    expect(edit.chapters.map((c) => c.time)).toEqual(['0:00:00', '0:05:13']);
    expect(isDirty(edit, saved)).toBe(false);
  });

  it('keeps a frame-snapped offset exactly until its time is retyped', () => {
    const edit = editFromDraft(saved);
    expect(edit.chapters[1]?.offsetSec).toBe(312.646);
    const retyped = {
      ...edit,
      chapters: edit.chapters.map((c, i) => (i === 1 ? withTime(c, '0:05:13') : c)),
    };
    expect(retyped.chapters[1]?.offsetSec).toBe(313);
    expect(isDirty(retyped, saved)).toBe(true);
  });

  it('notices every kind of change', () => {
    const edit = editFromDraft(saved);
    expect(isDirty({ ...edit, title: 'Other' }, saved)).toBe(true);
    expect(isDirty({ ...edit, tags: 'council' }, saved)).toBe(true);
    expect(isDirty({ ...edit, tags: ' council ,budget, ' }, saved)).toBe(false);
    expect(isDirty({ ...edit, chapters: edit.chapters.slice(1) }, saved)).toBe(true);
    const renamed = edit.chapters.map((c, i) => (i === 0 ? { ...c, title: 'Opening' } : c));
    expect(isDirty({ ...edit, chapters: renamed }, saved)).toBe(true);
    // Approving (or withdrawing approval) is a change to save.
    expect(edit.approved).toBe(false);
    expect(isDirty({ ...edit, approved: true }, saved)).toBe(true);
    const approved = { ...saved, approvedAt: '2026-12-04T10:00:00.000Z' };
    expect(editFromDraft(approved).approved).toBe(true);
    expect(isDirty({ ...editFromDraft(approved), approved: false }, approved)).toBe(true);
  });
});

describe('parseTags', () => {
  it('splits on commas, trims, drops blanks and repeats', () => {
    expect(parseTags('council, budget , ,Budget;  parks  dept')).toEqual([
      'council',
      'budget',
      'parks dept',
    ]);
    expect(parseTags('')).toEqual([]);
  });
});

describe('chapter order', () => {
  it('sorts by time, leaving untimed chapters in place', () => {
    const edit = editFromDraft(saved);
    const [a, b] = edit.chapters;
    const moved = withTime(a!, '0:10:00');
    const broken = { ...withTime(b!, 'x'), key: 'broken' };
    const extra = withTime({ key: 'e', time: '', offsetSec: null, title: 'E' }, '0:01:00');
    const sorted = sortChapters([moved, broken, extra]);
    expect(sorted.map((c) => c.key)).toEqual(['e', 'broken', moved.key]);
  });

  it('inserts a new chapter in time order', () => {
    const edit = editFromDraft(saved);
    const { chapters, key } = insertChapter(edit.chapters, 100);
    expect(chapters.map((c) => c.offsetSec)).toEqual([0, 100, 312.646]);
    expect(chapters[1]?.key).toBe(key);
    expect(chapters[1]?.time).toBe('0:01:40');
    expect(insertChapter(edit.chapters, 9999).chapters.at(-1)?.offsetSec).toBe(9999);
  });
});

describe('draftProblems', () => {
  it('names what stops saving', () => {
    const edit = editFromDraft(saved);
    const chapters = [
      { ...edit.chapters[0]!, title: '  ' },
      withTime(edit.chapters[1]!, '0:99:00'),
    ];
    const problems = draftProblems({ ...edit, chapters, title: 'x'.repeat(300) }, 3600);
    expect(problems.count).toBe(3);
    expect(problems.fields.title).toMatch(/255/);
    expect(problems.chapters[chapters[0]!.key]?.title).toBe('A chapter needs a title.');
    expect(problems.chapters[chapters[1]!.key]?.time).toMatch(/59/);
  });

  it('warns of chapters after the end, which saving drops', () => {
    const edit = editFromDraft(saved);
    const problems = draftProblems(edit, 300);
    expect(problems.count).toBe(0);
    expect(problems.chapterWarnings[edit.chapters[1]!.key]).toMatch(/after the end.*0:05:00/i);
    expect(draftProblems(edit, null).chapterWarnings).toEqual({});
  });

  it('limits tags', () => {
    const edit = editFromDraft(saved);
    expect(draftProblems({ ...edit, tags: 'y'.repeat(70) }, null).fields.tags).toMatch(/64/);
  });
});

describe('saveInput', () => {
  it('sends the chapters sorted and trimmed, and the tags as a list', () => {
    const edit = editFromDraft(saved);
    const chapters = [
      withTime(edit.chapters[0]!, '0:20:00'),
      { ...edit.chapters[1]!, title: ' PC ' },
    ];
    expect(saveInput(7, { ...edit, chapters, chaptersSource: 'manual' })).toEqual({
      id: 7,
      title: 'City Council',
      cgTitle: 'City Council – March 4',
      description: 'Regular meeting.',
      tags: ['council', 'budget'],
      chapters: [
        { offsetSec: 312.646, title: 'PC' },
        { offsetSec: 1200, title: 'Call to order' },
      ],
      chaptersSource: 'manual',
      fields: {},
      approved: false,
    });
  });

  it('says "none" when there are no chapters', () => {
    const edit = editFromDraft(saved);
    expect(saveInput(7, { ...edit, chapters: [] }).chaptersSource).toBe('none');
  });
});

describe('the show fields in the editor', () => {
  const show: ShowMetadata = {
    showId: 870,
    title: 'Council',
    cgTitle: null,
    comments: null,
    categoryId: 7,
    producerId: null,
    projectId: 3,
    thumbnailId: 2894,
    customFields: [
      { showField: 3, value: null },
      { showField: 4, value: 11 },
    ],
    lastModified: null,
  };

  it("keeps only what differs from the show's own values", () => {
    let fields = withLookup({}, show, 'categoryId', 9);
    expect(fields).toEqual({ categoryId: 9 });
    expect(effectiveLookup(fields, show, 'categoryId')).toBe(9);
    expect(effectiveLookup(fields, show, 'projectId')).toBe(3);
    fields = withLookup(fields, show, 'categoryId', 7);
    expect(fields).toEqual({});
    fields = withLookup(fields, show, 'projectId', null);
    expect(fields).toEqual({ projectId: null });

    fields = withCustom({}, show, 3, 'Budget');
    expect(fields).toEqual({ customFields: [{ showField: 3, value: 'Budget' }] });
    expect(effectiveCustom(fields, show, 3)).toBe('Budget');
    fields = withCustom(fields, show, 4, 12);
    fields = withCustom(fields, show, 3, '  ');
    expect(fields).toEqual({ customFields: [{ showField: 4, value: 12 }] });
    expect(effectiveCustom(fields, show, 3)).toBeNull();
  });

  it('makes the editor dirty, and clean again when set back', () => {
    const edit = editFromDraft(saved);
    const changed = { ...edit, fields: withLookup(edit.fields, show, 'thumbnailId', 2895) };
    expect(isDirty(changed, saved)).toBe(true);
    expect(isDirty({ ...changed, fields: {} }, saved)).toBe(false);
    expect(saveInput(7, changed).fields).toEqual({ thumbnailId: 2895 });
  });
});
