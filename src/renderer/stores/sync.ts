import { create } from 'zustand';
import type { SyncMode, SyncStatus } from '../../shared/catalog';
import type { ErrorCode } from '../../shared/result';
import { isNewerStatus } from '../features/shows/sync-order';
import type { Api } from '../lib/api';
import { ApiError, errorMessage } from '../lib/api-error';

interface SyncProblem {
  message: string;
  code: ErrorCode | null;
}

interface SyncState {
  status: SyncStatus | null;
  /** Reading the status failed (the core is not answering). */
  loadError: string | null;
  /** Starting or cancelling was refused. */
  actionError: SyncProblem | null;
  starting: boolean;
  cancelling: boolean;
  load: () => Promise<void>;
  /** `Sync now`: incremental, or full while the catalog is empty. */
  syncNow: () => Promise<void>;
  start: (mode: SyncMode) => Promise<void>;
  cancel: () => Promise<void>;
}

function problemOf(error: unknown): SyncProblem {
  return {
    message: errorMessage(error),
    code: error instanceof ApiError ? error.code : null,
  };
}

/** The catalog sync's store (the Shows screen's sync bar), talking to the core through `api`. */
export function createSyncStore(api: Api) {
  const store = create<SyncState>()((set, get) => ({
    status: null,
    loadError: null,
    actionError: null,
    starting: false,
    cancelling: false,

    async load() {
      try {
        const status = await api.call('sync.status', {});
        set((s) =>
          isNewerStatus(status, s.status) ? { status, loadError: null } : { loadError: null },
        );
      } catch (error) {
        set({ loadError: errorMessage(error) });
      }
    },

    async syncNow() {
      const status = get().status;
      await get().start(!status || status.showCount === 0 ? 'full' : 'incremental');
    },

    async start(mode) {
      if (get().starting) return;
      set({ starting: true, actionError: null });
      try {
        const status = await api.call('sync.start', { mode });
        set((s) =>
          isNewerStatus(status, s.status) ? { status, starting: false } : { starting: false },
        );
      } catch (error) {
        set({ starting: false, actionError: problemOf(error) });
        // CONFLICT: one is already running; show that one.
        if (error instanceof ApiError && error.code === 'CONFLICT') await get().load();
      }
    },

    async cancel() {
      set({ cancelling: true, actionError: null });
      try {
        const status = await api.call('sync.cancel', {});
        set((s) =>
          isNewerStatus(status, s.status) ? { status, cancelling: false } : { cancelling: false },
        );
      } catch (error) {
        set({ cancelling: false, actionError: problemOf(error) });
      }
    },
  }));

  // Events from the core are subscribed once, here, not in components.
  const dispose = api.on('sync.progress', (status) => {
    store.setState((s) =>
      isNewerStatus(status, s.status)
        ? { status, cancelling: status.running ? s.cancelling : false }
        : {},
    );
  });

  return Object.assign(store, { dispose });
}

export type SyncStore = ReturnType<typeof createSyncStore>;
