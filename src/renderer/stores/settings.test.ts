import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../shared/catalog';
import type { ConnectionTestResult } from '../../shared/connection';
import type { SettingsView } from '../../shared/settings';
import { ApiError } from '../lib/api-error';
import { FakeApi, settle } from '../lib/testing/fake-api';
import { createSettingsStore, type SettingsStore } from './settings';

const VIEW = { settings: { cablecast: { serverUrl: 'http://a' } } } as unknown as SettingsView;
const OTHER = { settings: { cablecast: { serverUrl: 'http://b' } } } as unknown as SettingsView;

let api: FakeApi;
let store: SettingsStore;
const s = () => store.getState();

beforeEach(() => {
  api = new FakeApi();
  store = createSettingsStore(api);
});

afterEach(() => store.dispose());

describe('settings', () => {
  it('follows changes made elsewhere (another window, the command line)', async () => {
    void s().load();
    api.next('settings.get').resolve(VIEW);
    await settle();
    expect(s().view).toBe(VIEW);
    api.emit('settings.changed', OTHER);
    expect(s().view).toBe(OTHER);
    const result = { ok: true } as unknown as ConnectionTestResult;
    api.emit('connection.tested', result);
    expect(s().testResult).toBe(result);
  });

  it('a refused save names the field at fault', async () => {
    const saved = s().save({});
    api.next('settings.update').reject(
      new ApiError({
        code: 'INVALID_ARGUMENT',
        message: 'Enter the server address.',
        path: 'cablecast.serverUrl',
      }),
    );
    expect(await saved).toBe(false);
    expect(s().saveError).toEqual({
      message: 'Enter the server address.',
      path: 'cablecast.serverUrl',
    });
    expect(s().saving).toBe(false);
  });

  it('stops listening once disposed', () => {
    store.dispose();
    api.emit('settings.changed', OTHER);
    expect(s().view).toBeNull();
  });
});

describe('settings: the synced file stores', () => {
  const STORES = [
    { id: 1, name: 'Primary Content' },
    { id: 2, name: 'Archive' },
  ];

  it('reads them with the settings, and again when a sync has finished', async () => {
    void s().load();
    api.next('catalog.fileStores').resolve({ fileStores: STORES });
    api.next('settings.get').resolve(VIEW);
    await settle();
    expect(s().fileStores).toEqual(STORES);

    const running = { running: true, phase: 'fetching' } as unknown as SyncStatus;
    api.emit('sync.progress', running);
    expect(api.pending('catalog.fileStores')).toHaveLength(0);
    api.emit('sync.progress', { running: false, phase: 'done' } as unknown as SyncStatus);
    api.next('catalog.fileStores').resolve({ fileStores: STORES.slice(1) });
    await settle();
    expect(s().fileStores).toEqual(STORES.slice(1));
  });

  it('keeps the last list when they cannot be read, without a load error', async () => {
    void s().load();
    api.next('catalog.fileStores').resolve({ fileStores: STORES });
    api.next('settings.get').resolve(VIEW);
    await settle();
    void s().loadFileStores();
    api.next('catalog.fileStores').reject(new Error('gone'));
    await settle();
    expect(s().fileStores).toEqual(STORES);
    expect(s().loadError).toBeNull();
  });
});

describe('settings: one form per section', () => {
  it('a refused publishing save names its field and belongs to the publishing form', async () => {
    const saved = s().save({ publishing: { concurrency: 9 } });
    expect(s().saveSection).toBe('publishing');
    expect(api.next('settings.update').input).toEqual({ publishing: { concurrency: 9 } });
    api.next('settings.update').reject(
      new ApiError({
        code: 'INVALID_ARGUMENT',
        message: 'The number of publishes at once must be a whole number from 1 to 8.',
        path: 'publishing.concurrency',
      }),
    );
    expect(await saved).toBe(false);
    expect(s().saveError).toEqual({
      message: 'The number of publishes at once must be a whole number from 1 to 8.',
      path: 'publishing.concurrency',
    });
    expect(s().saveSection).toBe('publishing');
  });

  it('a publishing save takes the view it returns, without a password call', async () => {
    const saved = s().save({ publishing: { captions: false } }, '');
    api.next('settings.update').resolve(OTHER);
    expect(await saved).toBe(true);
    expect(s().view).toBe(OTHER);
    expect(s().savedAt).not.toBeNull();
    expect(api.log.map((c) => c.method)).toEqual(['settings.update']);
  });

  it('a Cablecast save, the demo and forgetting the password belong to the connection form', async () => {
    void s().save({ cablecast: { serverUrl: 'http://a' } });
    expect(s().saveSection).toBe('cablecast');
    api.next('settings.update').resolve(VIEW);
    await settle();
    for (const act of [() => s().clearPassword(), () => s().useDemo()]) {
      void s().save({ publishing: { chapters: false } });
      expect(s().saveSection).toBe('publishing');
      api.next('settings.update').resolve(VIEW);
      await settle();
      void act();
      expect(s().saveSection).toBe('cablecast');
    }
  });
});

describe('settings files', () => {
  it('says what an import changed, and takes the view it returns', async () => {
    const importing = s().importFile('{}', 'station.json');
    expect(s().transfer).toMatchObject({ action: 'import', busy: true });
    api.next('settings.import').resolve({
      view: OTHER,
      changed: ['publishing.concurrency', 'schedule catalog.sync'],
    });
    expect(await importing).toBe(true);
    expect(s().view).toBe(OTHER);
    expect(s().transfer).toEqual({
      action: 'import',
      busy: false,
      message: 'Imported station.json: 2 changes: publishing.concurrency, schedule catalog.sync.',
      error: null,
    });
  });

  it('keeps a refused import with its path, and an export failure apart from it', async () => {
    const importing = s().importFile('{}', 'bad.json');
    api.next('settings.import').reject(
      new ApiError({
        code: 'INVALID_ARGUMENT',
        message: 'In the file, settings.publishing.concurrency: too many.',
        path: 'settings.publishing.concurrency',
      }),
    );
    expect(await importing).toBe(false);
    expect(s().transfer.error).toEqual({
      message: 'In the file, settings.publishing.concurrency: too many.',
      path: 'settings.publishing.concurrency',
    });
    const exporting = s().exportFile();
    expect(s().transfer.error).toBeNull();
    api.next('settings.export').reject(new Error('The core is not answering.'));
    expect(await exporting).toBeNull();
    expect(s().transfer).toMatchObject({
      action: 'export',
      error: { message: 'The core is not answering.' },
    });
  });
});
