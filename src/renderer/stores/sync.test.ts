import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../lib/api-error';
import { FakeApi, settle } from '../lib/testing/fake-api';
import { syncStatus as status } from '../lib/testing/sync-status';
import { createSyncStore, type SyncStore } from './sync';

const STARTED = '2025-03-01T10:00:00.000Z';

let api: FakeApi;
let store: SyncStore;
const s = () => store.getState();

beforeEach(() => {
  api = new FakeApi();
  store = createSyncStore(api);
});

afterEach(() => store.dispose());

describe('sync progress', () => {
  it('shows the newest progress, whichever road it came by', async () => {
    void s().start('full');
    api.emit(
      'sync.progress',
      status({ running: true, mode: 'full', phase: 'fetching', done: 40, startedAt: STARTED }),
    );
    // The answer to sync.start ("just started") arrives after the event that is further on.
    api
      .next('sync.start')
      .resolve(status({ running: true, mode: 'full', phase: 'lookups', startedAt: STARTED }));
    await settle();
    expect(s().status).toMatchObject({ phase: 'fetching', done: 40 });
    expect(s().starting).toBe(false);

    api.emit(
      'sync.progress',
      status({ running: true, mode: 'full', phase: 'fetching', done: 20, startedAt: STARTED }),
    );
    expect(s().status?.done).toBe(40);
  });

  it('a sync that stops ends the cancelling state', async () => {
    api.emit('sync.progress', status({ running: true, phase: 'fetching', startedAt: STARTED }));
    void s().cancel();
    expect(s().cancelling).toBe(true);
    api.emit('sync.progress', status({ running: false, phase: 'cancelled', startedAt: STARTED }));
    expect(s().cancelling).toBe(false);
    expect(s().status?.phase).toBe('cancelled');
    api.next('sync.cancel').resolve(status({ phase: 'cancelled', startedAt: STARTED }));
    await settle();
    expect(s().cancelling).toBe(false);
  });

  it('a start refused because one runs shows the running one', async () => {
    void s().syncNow();
    expect(api.next('sync.start').input.mode).toBe('full');
    api
      .next('sync.start')
      .reject(new ApiError({ code: 'CONFLICT', message: 'A sync is already running.' }));
    await settle();
    expect(s().actionError).toEqual({ message: 'A sync is already running.', code: 'CONFLICT' });
    api
      .next('sync.status')
      .resolve(status({ running: true, phase: 'listing', startedAt: STARTED }));
    await settle();
    expect(s().status?.running).toBe(true);
  });

  it('stops listening once disposed', () => {
    store.dispose();
    api.emit('sync.progress', status({ running: true, startedAt: STARTED }));
    expect(s().status).toBeNull();
  });
});
