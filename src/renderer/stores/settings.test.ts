import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
