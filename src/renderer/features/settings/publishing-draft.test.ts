import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import { fileStoreChoices, publishingDraft, publishingPatch } from './publishing-draft';

describe('the Publishing form', () => {
  it('shows the settings as typed text, durations in seconds and no id as empty', () => {
    expect(publishingDraft(DEFAULT_SETTINGS.publishing)).toEqual({
      concurrency: '2',
      defaultQuality: '',
      uploadTimeoutSeconds: '120',
      uploadChunkMb: '5',
      vodConfigurationId: '',
      destinationStoreId: '',
      captions: true,
      chapters: true,
      contentShare: '',
      autoPublish: false,
      autoPublishApproval: 'required',
    });
  });

  it('sends back what it showed, unchanged', () => {
    const settings = {
      ...DEFAULT_SETTINGS.publishing,
      defaultQuality: 7,
      vodConfigurationId: 3,
      destinationStoreId: 2,
      uploadTimeoutMs: 90_500,
      captions: false,
      contentShare: '/mnt/content',
    };
    expect(publishingPatch(publishingDraft(settings))).toEqual({ ok: true, settings });
  });

  it('reads a decimal comma, trims the share, and empties an id to "none chosen"', () => {
    const draft = {
      ...publishingDraft(DEFAULT_SETTINGS.publishing),
      uploadTimeoutSeconds: '30,5',
      defaultQuality: ' ',
      contentShare: '  \\\\flex\\content ',
    };
    expect(publishingPatch(draft)).toMatchObject({
      ok: true,
      settings: {
        uploadTimeoutMs: 30_500,
        defaultQuality: null,
        contentShare: '\\\\flex\\content',
      },
    });
  });

  it.each([
    [
      'concurrency',
      'many',
      'publishing.concurrency',
      'Publishes at once: "many" is not a number of publishes.',
    ],
    [
      'uploadTimeoutSeconds',
      '2 min',
      'publishing.uploadTimeoutMs',
      'Upload timeout per chunk: "2 min" is not a number of seconds.',
    ],
    [
      'uploadChunkMb',
      '',
      'publishing.uploadChunkMb',
      'Upload chunk size: "" is not a number of MB.',
    ],
    [
      'defaultQuality',
      '720p',
      'publishing.defaultQuality',
      'Default quality ID: "720p" is not a number.',
    ],
  ] as const)(
    'refuses %s=%j before asking the core, naming the field',
    (name, text, path, message) => {
      const draft = { ...publishingDraft(DEFAULT_SETTINGS.publishing), [name]: text };
      expect(publishingPatch(draft)).toEqual({ ok: false, error: { path, message } });
    },
  );
});

describe('the file store choice', () => {
  const stores = [
    { id: 1, name: 'Primary Content' },
    { id: 2, name: 'Archive' },
  ];

  it('offers the first synced store by default, then every synced store', () => {
    expect(fileStoreChoices(stores, '')).toEqual([
      { value: '', label: 'The first synced store (Primary Content)' },
      { value: '1', label: 'Primary Content (1)' },
      { value: '2', label: 'Archive (2)' },
    ]);
  });

  it('keeps a saved store the last sync did not find, and says so', () => {
    expect(fileStoreChoices([], '7')).toEqual([
      { value: '', label: 'The first synced store (store 1 until a sync finds the stores)' },
      { value: '7', label: 'Store 7 (not in the last sync)' },
    ]);
  });

  it('sends the chosen store, or null for the first synced one', () => {
    const draft = publishingDraft(DEFAULT_SETTINGS.publishing);
    expect(publishingPatch({ ...draft, destinationStoreId: '2' })).toMatchObject({
      ok: true,
      settings: { destinationStoreId: 2 },
    });
    expect(publishingPatch(draft)).toMatchObject({
      ok: true,
      settings: { destinationStoreId: null },
    });
  });
});
