import { api } from '../lib/api';
import { createBrowserNotifier } from '../lib/browser-notifier';
import { createAccessStore } from './access';
import { createAnalyticsStore } from './analytics';
import { createAppStore } from './app';
import { createHealthStore } from './health';
import { createLibraryStore } from './library';
import { createNoticesStore } from './notices';
import { createPublishStore } from './publish';
import { createSchedulesStore } from './schedules';
import { createSettingsStore } from './settings';
import { createShowEditsStore } from './show-edits';
import { createShowsStore } from './shows';
import { createSyncStore } from './sync';
import { createWebhooksStore } from './webhooks';

// The app's one instance of each store, on the real core. Tests build their own from the
// factories with a fake API, so nothing here runs under them.
export const useAppStore = createAppStore(api);
export const useSettingsStore = createSettingsStore(api);
export const useSyncStore = createSyncStore(api);
export const useShowsStore = createShowsStore(api);
export const useShowEditsStore = createShowEditsStore(api);
export const useLibraryStore = createLibraryStore(api);
export const usePublishStore = createPublishStore(api);
export const useSchedulesStore = createSchedulesStore(api);
export const useWebhooksStore = createWebhooksStore(api);
export const useHealthStore = createHealthStore(api);
export const useAccessStore = createAccessStore(api);
export const useAnalyticsStore = createAnalyticsStore(api, {
  // The station's zone once the settings are read; until then this computer's.
  timeZone: () =>
    useSettingsStore.getState().view?.settings.schedules.timeZone ||
    Intl.DateTimeFormat().resolvedOptions().timeZone,
});
export const useNoticesStore = createNoticesStore(api, {
  notifier: createBrowserNotifier(),
  open(jobId) {
    useAppStore.getState().go('publish');
    usePublishStore.getState().select(jobId);
  },
  openHealth() {
    useAppStore.getState().go('health');
  },
  openShows() {
    useAppStore.getState().go('shows');
    useShowsStore.getState().setFilter({ edits: 'conflict' });
  },
  // Until the settings are read, every kind is wanted (the built-in defaults).
  wants: (kind) => useSettingsStore.getState().view?.settings.notifications[kind] ?? true,
});

// A link to a publish job (an OS notification's click in the desktop app) opens it.
function openLinkedJob(): void {
  const job = useAppStore.getState().linkedJob;
  if (job !== null && usePublishStore.getState().selectedJobId !== job) {
    usePublishStore.getState().select(job);
  }
}
openLinkedJob();
useAppStore.subscribe(openLinkedJob);
