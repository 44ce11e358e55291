import { describe, expect, it } from 'vitest';
import type { ShowMetadata } from '../../shared/catalog';
import type { RecordingDraft } from '../../shared/library';
import type { Show } from '../cablecast';
import { conflictMessage, planShowUpdate, splitTags } from './show-update';

const TAGS = 1;
const SUB = 3;
const ROOM = 4;

function server(patch: Partial<Show> = {}): Show {
  return {
    id: 870,
    title: 'City Council Regular meeting',
    cgTitle: 'City Council 08/24/26',
    comments: null,
    category: 7,
    producer: null,
    project: 3,
    thumbnail: 2894,
    thumbnailOptions: [2894, 2895],
    customFields: [
      { id: 1, showField: TAGS, value: 'council', type: 'tag', fieldName: 'Tags' },
      { id: 2, showField: 2, value: 15190, type: 'file', fieldName: 'Agenda' },
      { id: 3, showField: SUB, value: '', type: 'string', fieldName: 'Sub-Category' },
      { id: 4, showField: ROOM, value: 11, type: 'select', fieldName: 'Room' },
    ],
    ...patch,
  } as unknown as Show;
}

/** The catalog's copy of `server()` when the draft was saved. */
function base(patch: Partial<ShowMetadata> = {}): ShowMetadata {
  return {
    showId: 870,
    title: 'City Council Regular meeting',
    cgTitle: 'City Council 08/24/26',
    comments: null,
    categoryId: 7,
    producerId: null,
    projectId: 3,
    thumbnailId: 2894,
    customFields: [
      { showField: TAGS, value: 'council' },
      { showField: 2, value: 15190 },
      { showField: SUB, value: null },
      { showField: ROOM, value: 11 },
    ],
    lastModified: null,
    ...patch,
  };
}

function draft(patch: Partial<RecordingDraft> = {}): RecordingDraft {
  return {
    title: '',
    cgTitle: '',
    description: '',
    tags: [],
    chapters: [],
    chaptersSource: 'none',
    updatedAt: 'x',
    notes: [],
    fields: {},
    base: null,
    approvedAt: null,
    ...patch,
  };
}

const plan = (
  s: Show,
  d: RecordingDraft,
  b: ShowMetadata | null = base(),
  tagsToAdd: string[] = [],
) => planShowUpdate({ server: s, draft: d, base: b, tagsToAdd, choices: null });

describe('the metadata step: what a publish writes to the show', () => {
  it('sends only the fields the draft changes, the custom fields as a whole list', () => {
    const update = plan(
      server(),
      draft({
        cgTitle: 'Council, August 24',
        fields: {
          categoryId: 9,
          thumbnailId: 2895,
          customFields: [
            { showField: SUB, value: 'Budget' },
            { showField: ROOM, value: 12 },
          ],
        },
      }),
    );
    expect(update.conflicts).toEqual([]);
    expect(update.changed).toEqual([
      'public title',
      'category',
      'thumbnail',
      'Sub-Category',
      'Room',
    ]);
    expect(Object.keys(update.patch).sort()).toEqual(
      ['category', 'cgTitle', 'customFields', 'thumbnail'].sort(),
    );
    const fields = update.patch.customFields as { showField: number; value: unknown }[];
    expect(fields.map((f) => [f.showField, f.value])).toEqual([
      [TAGS, 'council'],
      [2, 15190],
      [SUB, 'Budget'],
      [ROOM, 12],
    ]);
  });

  it('leaves alone a field the draft did not change, even when Cablecast changed it since', () => {
    const update = plan(
      server({ cgTitle: 'Renamed on the server', category: 8 }),
      draft({ cgTitle: 'City Council 08/24/26', fields: { categoryId: 7 } }),
    );
    expect(update).toMatchObject({ changed: [], conflicts: [], patch: {} });
  });

  it('skips a field the server already has as the draft says (a re-run after a kill)', () => {
    const update = plan(server({ category: 9 }), draft({ fields: { categoryId: 9 } }));
    expect(update).toMatchObject({ changed: [], conflicts: [] });
  });

  it('stops on a field both changed, with the three versions in words', () => {
    const update = planShowUpdate({
      server: server({ category: 8, comments: 'Edited on the server' }),
      draft: draft({ description: 'From the summary', fields: { categoryId: 9 } }),
      base: base(),
      tagsToAdd: [],
      choices: {
        categories: [
          { id: 7, name: 'Government' },
          { id: 8, name: 'Sports' },
          { id: 9, name: 'Meetings' },
        ],
        producers: [],
        projects: [],
        thumbnails: [],
        fields: [],
      },
    });
    expect(update.conflicts).toEqual([
      {
        label: 'description',
        server: '"Edited on the server"',
        base: '(empty)',
        draft: '"From the summary"',
      },
      {
        label: 'category',
        server: 'Sports (8)',
        base: 'Government (7)',
        draft: 'Meetings (9)',
      },
    ]);
    expect(conflictMessage(870, update.conflicts)).toMatch(
      /^Show 870 changed on Cablecast since the draft was made \(description: Cablecast has "Edited on the server", the draft was made from \(empty\) and says "From the summary"; category: Cablecast has Sports \(8\)/,
    );
  });

  it('without a base, writes every field that differs from the server', () => {
    const update = plan(
      server({ category: 8 }),
      draft({ title: 'City Council Regular meeting', fields: { categoryId: 9 } }),
      null,
    );
    expect(update).toMatchObject({ changed: ['category'], conflicts: [], patch: { category: 9 } });
  });

  it("replaces the tags with the draft's, adds the batch's, and keeps their case", () => {
    const replaced = plan(server(), draft({ tags: ['budget', 'zoning'] }), base(), ['Archive']);
    expect(replaced.changed).toEqual(['3 tags']);
    const tags = (replaced.patch.customFields as { showField: number; value: unknown }[]).find(
      (f) => f.showField === TAGS,
    );
    expect(tags?.value).toBe('budget,zoning,Archive');

    // The draft keeps the base's tags: only the batch's are added to the server's own.
    const added = plan(
      server({
        customFields: [{ id: 1, showField: TAGS, value: 'Council,Parks', type: 'tag' }],
      }),
      draft({ tags: ['council'] }),
      base(),
      ['council', 'archive'],
    );
    expect(added.conflicts).toEqual([]);
    const value = (added.patch.customFields as { value: unknown }[])[0]?.value;
    expect(value).toBe('Council,Parks,archive');
  });

  it('stops when the tags changed on both sides, and says when a show has no tags field', () => {
    const both = plan(
      server({
        customFields: [{ id: 1, showField: TAGS, value: 'parks', type: 'tag', fieldName: 'Tags' }],
      }),
      draft({ tags: ['budget'] }),
    );
    expect(both.conflicts).toEqual([
      { label: 'Tags', server: '"parks"', base: '"council"', draft: '"budget"' },
    ]);
    expect(both.patch).toEqual({});

    const none = plan(server({ customFields: [] }), draft({ tags: ['budget'] }));
    expect(none.changed).toEqual([]);
    expect(none.notes).toEqual([
      'The show has no tags field on Cablecast, so the tags were not written.',
    ]);
  });

  it('ignores a base that belongs to another show', () => {
    const update = plan(server({ category: 8 }), draft({ fields: { categoryId: 9 } }), {
      ...base(),
      showId: 1,
    });
    expect(update.conflicts).toEqual([]);
    expect(update.changed).toEqual(['category']);
  });

  it('splits tags as Cablecast stores them', () => {
    expect(splitTags(' budget, Zoning,,budget ,')).toEqual(['budget', 'Zoning']);
    expect(splitTags(null)).toEqual([]);
    expect(splitTags(12)).toEqual([]);
  });
});
