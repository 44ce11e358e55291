import { describe, expect, it } from 'vitest';
import type { ShowEdits, ShowMetadataView } from '../../../shared/catalog';
import { changesOf, formValuesOf, fromLocalInput, toLocalInput } from './metadata-form';

const metadata: ShowMetadataView = {
  current: {
    showId: 7,
    title: 'Council',
    cgTitle: 'City Council',
    comments: null,
    categoryId: 3,
    producerId: null,
    projectId: 9,
    thumbnailId: null,
    customFields: [
      { showField: 11, value: 'budget,zoning' },
      { showField: 12, value: 5150 },
      { showField: 13, value: 2 },
    ],
    lastModified: '2026-03-03T10:00:00-05:00',
    eventDate: '2026-03-02T19:00:00-05:00',
  },
  choices: {
    categories: [{ id: 3, name: 'Government' }],
    producers: [],
    projects: [{ id: 9, name: 'City Council' }],
    thumbnails: [],
    fields: [
      { showField: 11, name: 'Tags', type: 'tag', options: null },
      { showField: 12, name: 'Agenda', type: 'file', options: null },
      {
        showField: 13,
        name: 'Kind',
        type: 'select',
        options: [
          { id: 1, name: 'Regular' },
          { id: 2, name: 'Special' },
        ],
      },
    ],
  },
};

describe('the metadata form', () => {
  it('starts from the catalog’s copy with the edits on top, leaving file fields out', () => {
    const edits: ShowEdits = {
      showId: 7,
      state: 'pending',
      fields: [
        { key: 'cgTitle', label: 'Public title', value: 'Mine', local: '', base: '', server: null },
        {
          key: 'eventDate',
          label: 'Event date',
          value: '2026-03-02T18:30:00-05:00',
          local: '',
          base: '',
          server: null,
        },
      ],
      editedAt: '2026-03-04T00:00:00.000Z',
      checkedAt: null,
      error: null,
    };
    expect(formValuesOf(metadata, edits)).toEqual({
      cgTitle: 'Mine',
      comments: '',
      categoryId: '3',
      producerId: '',
      projectId: '9',
      eventDate: '2026-03-02T18:30',
      'field:11': 'budget,zoning',
      'field:13': '2',
    });
  });

  it('sends only what was changed, typed as the contract wants it', () => {
    const initial = formValuesOf(metadata, null);
    expect(changesOf(metadata, initial, initial)).toEqual({});
    const values = {
      ...initial,
      comments: 'Budget hearing',
      categoryId: '',
      eventDate: '2026-03-02T19:15',
      'field:13': '1',
    };
    expect(changesOf(metadata, initial, values)).toEqual({
      comments: 'Budget hearing',
      categoryId: null,
      eventDate: '2026-03-02T19:15:00-05:00',
      customFields: [{ showField: 13, value: 1 }],
    });
  });

  it('keeps the station’s wall clock and offset for the event date', () => {
    expect(toLocalInput('2026-03-02T19:00:00-05:00')).toBe('2026-03-02T19:00');
    expect(toLocalInput(null)).toBe('');
    expect(fromLocalInput('2026-07-04T21:30', '2026-03-02T19:00:00+02:00')).toBe(
      '2026-07-04T21:30:00+02:00',
    );
    expect(fromLocalInput('2026-07-04T21:30', '2026-03-02T19:00:00Z')).toBe(
      '2026-07-04T21:30:00+00:00',
    );
    expect(fromLocalInput('', '2026-03-02T19:00:00Z')).toBeNull();
    // No date to take an offset from: this computer's, in the contract's form.
    expect(fromLocalInput('2026-07-04T21:30', null)).toMatch(/^2026-07-04T21:30:00[+-]\d\d:\d\d$/);
  });
});
