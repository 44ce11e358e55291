import { create } from 'zustand';
import type { HealthReport, HealthTimeline } from '../../shared/health';
import type { Api } from '../lib/api';
import { errorMessage } from '../lib/api-error';

interface HealthState {
  report: HealthReport | null;
  timeline: HealthTimeline | null;
  loadError: string | null;
  checking: boolean;
  load: () => Promise<void>;
  checkNow: () => Promise<void>;
  /** "Copy diagnostics": the report for station IT, as text (throws when it cannot be made). */
  diagnostics: () => Promise<string>;
}

/** The Health screen: the last report, the 24-hour timeline, "Check now" and the diagnostics. */
export function createHealthStore(api: Api) {
  const store = create<HealthState>()((set, get) => ({
    report: null,
    timeline: null,
    loadError: null,
    checking: false,

    async load() {
      try {
        const [report, timeline] = await Promise.all([
          api.call('health.status', {}),
          api.call('health.timeline', { hours: 24 }),
        ]);
        set({ report, timeline, loadError: null });
      } catch (error) {
        set({ loadError: errorMessage(error) });
      }
    },

    async checkNow() {
      if (get().checking) return;
      set({ checking: true });
      try {
        const report = await api.call('health.check', {});
        const timeline = await api.call('health.timeline', { hours: 24 });
        set({ report, timeline, loadError: null });
      } catch (error) {
        set({ loadError: errorMessage(error) });
      } finally {
        set({ checking: false });
      }
    },

    async diagnostics() {
      const { text } = await api.call('health.diagnostics', {});
      return text;
    },
  }));
  const off = api.on('health.changed', () => {
    if (store.getState().report !== null) void store.getState().load();
  });
  return Object.assign(store, { dispose: off });
}

export type HealthStore = ReturnType<typeof createHealthStore>;
