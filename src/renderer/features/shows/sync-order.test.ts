import { describe, expect, it } from 'vitest';
import { syncStatus as status } from '../../lib/testing/sync-status';
import { isNewerStatus } from './sync-order';

const T1 = '2026-01-10T12:00:00.000Z';
const T2 = '2026-01-10T12:05:00.000Z';

describe('which sync status is later news', () => {
  it('the answer to sync.start, arriving after the event saying that run is done, is older', () => {
    const done = status({ startedAt: T1, phase: 'done', running: false, done: 300, total: 300 });
    const started = status({ startedAt: T1, phase: 'lookups', running: true });
    expect(isNewerStatus(started, done)).toBe(false);
    expect(isNewerStatus(done, started)).toBe(true);
  });

  it('within a run, a later phase wins even when its count restarts', () => {
    const fetching = status({ startedAt: T1, phase: 'fetching', running: true, done: 900 });
    const deleting = status({ startedAt: T1, phase: 'deleting', running: true, done: 0 });
    expect(isNewerStatus(deleting, fetching)).toBe(true);
    expect(isNewerStatus(fetching, deleting)).toBe(false);
    const more = status({ startedAt: T1, phase: 'fetching', running: true, done: 1000 });
    expect(isNewerStatus(more, fetching)).toBe(true);
    expect(isNewerStatus(fetching, more)).toBe(false);
  });

  it('a new run beats anything from the run before', () => {
    const oldDone = status({ startedAt: T1, phase: 'done' });
    const next = status({ startedAt: T2, phase: 'lookups', running: true });
    expect(isNewerStatus(next, oldDone)).toBe(true);
    expect(isNewerStatus(oldDone, next)).toBe(false);
    expect(isNewerStatus(next, status({}))).toBe(true);
    expect(isNewerStatus(next, null)).toBe(true);
  });
});
