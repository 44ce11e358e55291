import { describe, expect, it } from 'vitest';
import { ReelSchema, ShowSchema, VodSchema, type Reel, type Vod } from '../cablecast';
import { URBANA_SHOW_870, URBANA_VOD_1207, clone } from '../cablecast/testing/fixtures';
import { instantOf, localDayOf, toCatalogShow } from './show-record';

const show = ShowSchema.parse(clone(URBANA_SHOW_870.show));
const vod = VodSchema.parse(clone(URBANA_VOD_1207.vod));
const reel = ReelSchema.parse({ id: 871, show: 870, reelNumber: 1, length: 4346, cue: 0 });

function maps(reels: Reel[] = [reel], vods: Vod[] = [vod]) {
  return [new Map(reels.map((r) => [r.id, r])), new Map(vods.map((v) => [v.id, v]))] as const;
}

describe('toCatalogShow', () => {
  it('flattens a real show with its sideloaded reel and VOD', () => {
    const row = toCatalogShow(show, ...maps());
    expect(row).toMatchObject({
      id: 870,
      locationId: 1,
      title: 'City Council Regular meeting - 8/24/2026 6:30:00 PM',
      cgTitle: 'Cunningham Township Board/City Council Regular meeting 08/24/26',
      comments: null,
      eventDate: '2026-08-24T18:30:00-05:00',
      eventAt: Date.parse('2026-08-24T23:30:00Z'),
      eventDay: '2026-08-24',
      lastModified: '2026-08-29T02:00:05.733-05:00',
      lastModifiedAt: Date.parse('2026-08-29T07:00:05.733Z'),
      categoryId: 7,
      producerId: null,
      projectId: 3,
      totalRunTime: 4346,
      hasCaptions: false,
      reels: [{ id: 871, reelNumber: 1, length: 4346, cue: 0 }],
      vodId: 1207,
      vodState: 'complete',
      vodPercent: 1,
      vodUrl: 'https://urbana.cablecast.tv/store-3/870-City-Council-Regular-v1/vod.mp4',
      vodChaptersPublished: false,
      vodIsWatchable: true,
      thumbnailUrl: 'https://urbana.cablecast.tv/cablecastapi/dynamicthumbnails/2894',
      thumbnailId: 2894,
      thumbnailOptions: [2894, 2895, 2896, 2897, 2898],
    });
    expect(row.vodEmbed).toContain('embed?show_id=870');
  });

  it('keeps custom fields with their names; ids of files and options are references', () => {
    const input = clone(URBANA_SHOW_870.show) as unknown as Record<string, unknown>;
    input.customFields = [
      {
        id: 1,
        showField: 1,
        value: 'budget,zoning',
        type: 'tag',
        fieldName: 'Tags',
        fieldValueString: null,
      },
      {
        id: 2,
        showField: 2,
        value: 15190,
        type: 'file',
        fieldName: 'Agenda',
        fieldValueString: 'agenda.pdf',
      },
      { id: 3, showField: 4, value: 12, type: 'select', fieldName: 'Room', fieldValueString: null },
      {
        id: 4,
        showField: 3,
        value: '',
        type: 'string',
        fieldName: 'Sub-Category',
        fieldValueString: null,
      },
      {
        id: 5,
        showField: 5,
        value: 42,
        type: 'number',
        fieldName: 'Seats',
        fieldValueString: null,
      },
    ];
    input.custom1 = 'Council Chambers';
    const row = toCatalogShow(ShowSchema.parse(input), ...maps());
    expect(row.customFields).toEqual([
      { showField: 1, fieldName: 'Tags', type: 'tag', value: 'budget,zoning', refId: null },
      { showField: 2, fieldName: 'Agenda', type: 'file', value: 'agenda.pdf', refId: 15190 },
      { showField: 4, fieldName: 'Room', type: 'select', value: null, refId: 12 },
      { showField: 3, fieldName: 'Sub-Category', type: 'string', value: null, refId: null },
      { showField: 5, fieldName: 'Seats', type: 'number', value: '42', refId: null },
      {
        showField: null,
        fieldName: 'Custom 1',
        type: 'string',
        value: 'Council Chambers',
        refId: null,
      },
    ]);
    // Searchable text: the values, never bare ids.
    expect(row.customText).toBe('budget,zoning agenda.pdf 42 Council Chambers');
  });

  it('still records a VOD the answer did not sideload, and an unknown state as unknown', () => {
    expect(toCatalogShow(show, ...maps([], []))).toMatchObject({
      vodId: 1207,
      vodState: null,
      reels: [{ id: 871, reelNumber: null, length: null, cue: null }],
    });
    const newer = VodSchema.parse({ ...clone(URBANA_VOD_1207.vod), vodState: 'archived' });
    expect(toCatalogShow(show, ...maps([reel], [newer])).vodState).toBe('unknown');
  });

  it('has no VOD when the show lists none', () => {
    const none = ShowSchema.parse({ ...clone(URBANA_SHOW_870.show), vods: [] });
    expect(toCatalogShow(none, ...maps())).toMatchObject({ vodId: null, vodState: null });
  });
});

describe('dates', () => {
  it('reads the local day from the server-written text, not through this machine', () => {
    expect(localDayOf('2026-08-24T23:30:00-05:00')).toBe('2026-08-24');
    expect(localDayOf('2026-08-24T00:30:00+10:00')).toBe('2026-08-24');
    expect(localDayOf('7/4/2026 12:00:00 AM')).toBe('2026-07-04');
    expect(localDayOf('no date')).toBeNull();
    expect(localDayOf(null)).toBeNull();
  });

  it('turns any offset into the same instant', () => {
    expect(instantOf('2026-08-29T02:00:05.733-05:00')).toBe(instantOf('2026-08-29T07:00:05.733Z'));
    expect(instantOf('2026-08-29T02:00:05.7331234-05:00')).toBe(
      instantOf('2026-08-29T07:00:05.733Z'),
    );
    expect(instantOf('garbage')).toBeNull();
    expect(instantOf(null)).toBeNull();
  });
});
