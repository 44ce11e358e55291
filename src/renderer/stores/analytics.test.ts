import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnalyticsReport } from '../../shared/analytics';
import { FakeApi, settle } from '../lib/testing/fake-api';
import { createAnalyticsStore, lastWeeks, todayIn, type AnalyticsStore } from './analytics';

function report(from: string, to: string): AnalyticsReport {
  return {
    from,
    to,
    timeZone: 'America/Chicago',
    generatedAt: '2026-12-04T12:00:00.000Z',
    weeks: [],
    published: [],
    successRate: null,
    failureReasons: [],
    leadTime: { buckets: [], medianHours: null, p90Hours: null, items: [] },
    coverage: { weeks: [], rate: null, total: 0 },
    views: { shows: [], withVod: 0, counted: 0, totalViews: 0, asOf: null },
  };
}

let api: FakeApi;
let store: AnalyticsStore;
const s = () => store.getState();

beforeEach(() => {
  api = new FakeApi();
  store = createAnalyticsStore(api, { timeZone: () => 'America/Chicago' });
});
afterEach(() => {
  store.dispose();
  vi.useRealTimers();
});

describe('the analytics store', () => {
  it('counts periods in the station calendar, today included', () => {
    // 03:00 UTC on the 4th is still the evening of the 3rd in Chicago.
    expect(todayIn('America/Chicago', new Date('2026-12-04T03:00:00Z'))).toBe('2026-12-03');
    expect(todayIn('UTC', new Date('2026-12-04T03:00:00Z'))).toBe('2026-12-04');
    expect(lastWeeks(4, '2026-12-03')).toEqual({ from: '2026-11-06', to: '2026-12-03' });
  });

  it('keeps the report of the period chosen last when answers come out of order', async () => {
    void s().setPeriod('4w');
    void s().setRange('2026-01-01', '2026-01-31');
    const [first, second] = api.pending('analytics.report');
    expect(second?.input).toEqual({ from: '2026-01-01', to: '2026-01-31' });
    second?.resolve(report('2026-01-01', '2026-01-31'));
    first?.resolve(report(first.input.from, first.input.to));
    await settle();
    expect(s().report?.from).toBe('2026-01-01');
    expect(s().loading).toBe(false);
    expect(s().period).toBe('custom');
  });

  it('refreshes once for a burst of news while the screen is open, and not when it is closed', async () => {
    vi.useFakeTimers();
    api.emit('vod.published', {} as never);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(api.count('analytics.report')).toBe(0);

    s().watch(true);
    api.emit('vod.published', {} as never);
    api.emit('library.changed', {} as never);
    api.emit('catalog.changed', { showCount: 1 });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(api.count('analytics.report')).toBe(1);
  });
});
