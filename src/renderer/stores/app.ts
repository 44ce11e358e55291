import { create } from 'zustand';
import type { WhoAmI } from '../../shared/access';
import type { AppInfo } from '../../shared/contract';
import type { Api } from '../lib/api';
import { errorMessage } from '../lib/api-error';

export const SCREENS = [
  { id: 'shows', label: 'Shows', key: '1' },
  { id: 'transcriptions', label: 'Transcriptions', key: '2' },
  { id: 'publish', label: 'Publish queue', key: '3' },
  { id: 'analytics', label: 'Analytics', key: '4' },
  { id: 'health', label: 'Health', key: '5' },
  { id: 'settings', label: 'Settings', key: '6' },
  { id: 'audit', label: 'Audit trail', key: '7' },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];

/** `#/publish?job=7`: the screen, and a publish job to open (a notification's link). */
function fromHash(): { screen: ScreenId | null; job: number | null } {
  const [id = '', query = ''] = window.location.hash.replace(/^#\/?/, '').split('?');
  const job = Number(new URLSearchParams(query).get('job'));
  return {
    screen: SCREENS.find((s) => s.id === id)?.id ?? null,
    job: Number.isSafeInteger(job) && job > 0 ? job : null,
  };
}

interface AppState {
  screen: ScreenId;
  /** A publish job the address asked to open (`#/publish?job=7`), or null. */
  linkedJob: number | null;
  info: AppInfo | null;
  infoError: string | null;
  /** Who this page is (a signed-in user, the local user) and what it may do. */
  who: WhoAmI | null;
  go: (screen: ScreenId) => void;
  loadInfo: () => Promise<void>;
}

/** Which screen is open (kept in the address's hash) and what the core says about itself. */
export function createAppStore(api: Api) {
  const store = create<AppState>()((set) => ({
    screen: fromHash().screen ?? 'shows',
    linkedJob: fromHash().job,
    info: null,
    infoError: null,
    who: null,
    go(screen) {
      if (window.location.hash !== `#/${screen}`) window.history.pushState(null, '', `#/${screen}`);
      set({ screen });
    },
    async loadInfo() {
      try {
        const [info, who] = await Promise.all([
          api.call('app.info', {}),
          api.call('session.whoami', {}),
        ]);
        set({ info, who, infoError: null });
      } catch (error) {
        set({ infoError: errorMessage(error) });
      }
    },
  }));

  function onPopState(): void {
    const { screen, job } = fromHash();
    if (screen) store.setState({ screen, linkedJob: job });
  }
  window.addEventListener('popstate', onPopState);

  function dispose(): void {
    window.removeEventListener('popstate', onPopState);
  }

  return Object.assign(store, { dispose });
}
