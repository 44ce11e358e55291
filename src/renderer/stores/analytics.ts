import { create } from 'zustand';
import type { AnalyticsReport } from '../../shared/analytics';
import type { Api } from '../lib/api';
import { errorMessage } from '../lib/api-error';

/** The periods offered, as the last N weeks to today; `custom` is a range of dates. */
export const ANALYTICS_PERIODS = [
  { id: '4w', label: 'Last 4 weeks', weeks: 4 },
  { id: '12w', label: 'Last 12 weeks', weeks: 12 },
  { id: '26w', label: 'Last 26 weeks', weeks: 26 },
  { id: '52w', label: 'Last 52 weeks', weeks: 52 },
] as const;
export type AnalyticsPeriod = (typeof ANALYTICS_PERIODS)[number]['id'] | 'custom';

interface AnalyticsState {
  period: AnalyticsPeriod;
  from: string;
  to: string;
  report: AnalyticsReport | null;
  loading: boolean;
  error: string | null;
  /** The report is being looked at: new publishes and syncs refresh it. */
  watching: boolean;
  setPeriod: (period: Exclude<AnalyticsPeriod, 'custom'>) => Promise<void>;
  setRange: (from: string, to: string) => Promise<void>;
  load: () => Promise<void>;
  watch: (on: boolean) => void;
}

/** Today's date in a time zone (`YYYY-MM-DD`). */
export function todayIn(timeZone: string, now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The last `weeks` weeks to today, today included. */
export function lastWeeks(weeks: number, today: string): { from: string; to: string } {
  return { from: addDays(today, -(weeks * 7 - 1)), to: today };
}

/** What changes the report: a VOD live, a failure, a rescan, a sync. */
const REFRESHING_EVENTS = [
  'vod.published',
  'publish.failed',
  'library.changed',
  'catalog.changed',
] as const;

/**
 * The Analytics screen: the chosen period (station dates) and its report. `timeZone` gives the
 * station's zone, for "today".
 */
export function createAnalyticsStore(api: Api, options: { timeZone: () => string }) {
  const initial = lastWeeks(12, todayIn(options.timeZone()));
  let requested = 0;
  const store = create<AnalyticsState>()((set, get) => ({
    period: '12w',
    from: initial.from,
    to: initial.to,
    report: null,
    loading: false,
    error: null,
    watching: false,

    async setPeriod(period) {
      const weeks = ANALYTICS_PERIODS.find((p) => p.id === period)?.weeks ?? 12;
      set({ period, ...lastWeeks(weeks, todayIn(options.timeZone())) });
      await get().load();
    },

    async setRange(from, to) {
      set({ period: 'custom', from, to });
      await get().load();
    },

    async load() {
      const { from, to } = get();
      const mine = ++requested;
      set({ loading: true });
      try {
        const report = await api.call('analytics.report', { from, to });
        // A later request (another period chosen meanwhile) wins.
        if (mine === requested) set({ report, error: null });
      } catch (error) {
        if (mine === requested) set({ error: errorMessage(error) });
      } finally {
        if (mine === requested) set({ loading: false });
      }
    },

    watch(on) {
      set({ watching: on });
    },
  }));

  let timer: ReturnType<typeof setTimeout> | null = null;
  const offs = REFRESHING_EVENTS.map((event) =>
    api.on(event, () => {
      if (!store.getState().watching || timer) return;
      // A burst (a batch going live, a rescan) makes one refresh.
      timer = setTimeout(() => {
        timer = null;
        const state = store.getState();
        // A preset period follows the calendar: "the last 4 weeks" ends today.
        if (state.period !== 'custom') void state.setPeriod(state.period);
        else void state.load();
      }, 1_000);
    }),
  );
  return Object.assign(store, {
    dispose: () => {
      for (const off of offs) off();
      if (timer) clearTimeout(timer);
    },
  });
}

export type AnalyticsStore = ReturnType<typeof createAnalyticsStore>;
