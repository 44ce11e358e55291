import { create } from 'zustand';
import type { AppInfo } from '../../shared/contract';
import type { Api } from '../lib/api';
import { errorMessage } from '../lib/api-error';

export const SCREENS = [
  { id: 'shows', label: 'Shows', key: '1' },
  { id: 'transcriptions', label: 'Transcriptions', key: '2' },
  { id: 'publish', label: 'Publish queue', key: '3' },
  { id: 'health', label: 'Health', key: '4' },
  { id: 'settings', label: 'Settings', key: '5' },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];

function screenFromHash(): ScreenId | null {
  const id = window.location.hash.replace(/^#\/?/, '');
  return SCREENS.find((s) => s.id === id)?.id ?? null;
}

interface AppState {
  screen: ScreenId;
  info: AppInfo | null;
  infoError: string | null;
  go: (screen: ScreenId) => void;
  loadInfo: () => Promise<void>;
}

/** Which screen is open (kept in the address's hash) and what the core says about itself. */
export function createAppStore(api: Api) {
  const store = create<AppState>()((set) => ({
    screen: screenFromHash() ?? 'shows',
    info: null,
    infoError: null,
    go(screen) {
      if (window.location.hash !== `#/${screen}`) window.history.pushState(null, '', `#/${screen}`);
      set({ screen });
    },
    async loadInfo() {
      try {
        set({ info: await api.call('app.info', {}), infoError: null });
      } catch (error) {
        set({ infoError: errorMessage(error) });
      }
    },
  }));

  function onPopState(): void {
    const screen = screenFromHash();
    if (screen) store.setState({ screen });
  }
  window.addEventListener('popstate', onPopState);

  function dispose(): void {
    window.removeEventListener('popstate', onPopState);
  }

  return Object.assign(store, { dispose });
}
