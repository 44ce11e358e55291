import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScheduleView, SchedulesStatus } from '../../shared/schedules';
import { ApiError } from '../lib/api-error';
import { FakeApi, settle } from '../lib/testing/fake-api';
import { createSchedulesStore, type SchedulesStore } from './schedules';

function schedule(overrides: Partial<ScheduleView> = {}): ScheduleView {
  return {
    id: 'catalog.sync',
    title: 'Catalog sync',
    description: 'Fetches changes.',
    spec: { kind: 'interval', seconds: 900 },
    summary: 'Every 15 minutes',
    isDefault: true,
    paused: false,
    disabled: null,
    state: 'idle',
    nextRunAt: '2026-12-04T18:15:00.000Z',
    lastRun: null,
    ...overrides,
  };
}

function status(...schedules: ScheduleView[]): SchedulesStatus {
  return { timeZone: 'America/Chicago', schedules };
}

let api: FakeApi;
let store: SchedulesStore;
const s = () => store.getState();

beforeEach(() => {
  api = new FakeApi();
  store = createSchedulesStore(api);
});
afterEach(() => store.dispose());

describe('the schedules store', () => {
  it('replaces a row with the answer to its action, and the list with each event', async () => {
    void s().load();
    api.next('schedules.list').resolve(status(schedule(), schedule({ id: 'catalog.fullSync' })));
    await settle();
    void s().pause('catalog.sync');
    expect(s().busy['catalog.sync']).toBe(true);
    api.next('schedules.pause').resolve(schedule({ paused: true, nextRunAt: null }));
    await settle();
    expect(s().busy['catalog.sync']).toBeUndefined();
    expect(s().status?.schedules.map((row) => row.paused)).toEqual([true, false]);

    api.emit('schedules.changed', status(schedule({ state: 'running' })));
    expect(s().status?.schedules).toHaveLength(1);
    expect(s().status?.schedules[0]?.state).toBe('running');
  });

  it('keeps a refused action on its row, with the field it names', async () => {
    void s().load();
    api.next('schedules.list').resolve(status(schedule()));
    await settle();
    const saving = s().update('catalog.sync', { kind: 'cron', expression: '0 25 * * *' });
    api.next('schedules.update').reject(
      new ApiError({
        code: 'INVALID_ARGUMENT',
        message: 'The cron expression "0 25 * * *" cannot be read.',
        path: 'spec.expression',
      }),
    );
    expect(await saving).toBe(false);
    expect(s().problems['catalog.sync']).toEqual({
      message: 'The cron expression "0 25 * * *" cannot be read.',
      path: 'spec.expression',
    });
    // The next action on the row clears it.
    void s().runNow('catalog.sync');
    expect(s().problems['catalog.sync']).toBeUndefined();
  });
});
