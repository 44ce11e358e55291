import { create } from 'zustand';
import type { FileStoreOption } from '../../shared/catalog';
import type { ConnectionTestResult } from '../../shared/connection';
import type {
  SettingsExport,
  SettingsPatch,
  SettingsSection,
  SettingsView,
} from '../../shared/settings';
import type { Api } from '../lib/api';
import { ApiError, errorMessage } from '../lib/api-error';

interface SettingsState {
  view: SettingsView | null;
  loading: boolean;
  loadError: string | null;
  saving: boolean;
  saveError: { message: string; path?: string } | null;
  savedAt: number | null;
  /** What the last change did beyond saving (work on a previous server, stopped), in words. */
  applied: string[];
  /**
   * The section whose form made the last save (null for a patch of several sections or none), so
   * that only that form shows its "Saved." or its error.
   */
  saveSection: SettingsSection | null;
  testing: boolean;
  testResult: ConnectionTestResult | null;
  testError: string | null;
  /** The Cablecast file stores of the last sync, for the upload store's choice. */
  fileStores: FileStoreOption[];
  load: () => Promise<void>;
  /** Reads the synced file stores again; a failure keeps the last list (the choice still works). */
  loadFileStores: () => Promise<void>;
  save: (patch: SettingsPatch, password?: string) => Promise<boolean>;
  clearPassword: () => Promise<void>;
  test: () => Promise<void>;
  useDemo: () => Promise<void>;
  /** Export or import in flight, and how the last one went. */
  transfer: {
    /** What the last (or running) one was. */
    action: 'export' | 'import' | null;
    busy: boolean;
    /** What happened, in words ("Imported …: 4 changes."). */
    message: string | null;
    error: { message: string; path?: string } | null;
  };
  /** The settings file's name and text, or null when the core refused (the reason in `transfer`). */
  exportFile: () => Promise<SettingsExport | null>;
  importFile: (content: string, fileName: string) => Promise<boolean>;
}

function problemOf(error: unknown): { message: string; path?: string } {
  return error instanceof ApiError
    ? { message: error.message, ...(error.path ? { path: error.path } : {}) }
    : { message: errorMessage(error) };
}

function sectionOf(patch: SettingsPatch): SettingsSection | null {
  const sections = Object.keys(patch) as SettingsSection[];
  return sections.length === 1 ? (sections[0] ?? null) : null;
}

/** The Settings screen's store, talking to the core through `api`. */
export function createSettingsStore(api: Api) {
  const store = create<SettingsState>()((set, get) => ({
    view: null,
    loading: false,
    loadError: null,
    saving: false,
    saveError: null,
    savedAt: null,
    applied: [],
    saveSection: null,
    testing: false,
    testResult: null,
    testError: null,
    fileStores: [],
    transfer: { action: null, busy: false, message: null, error: null },

    async exportFile() {
      set({ transfer: { action: 'export', busy: true, message: null, error: null } });
      try {
        const file = await api.call('settings.export', {});
        set({
          transfer: {
            action: 'export',
            busy: false,
            message: `Exported to ${file.fileName} (no passwords).`,
            error: null,
          },
        });
        return file;
      } catch (error) {
        set({
          transfer: { action: 'export', busy: false, message: null, error: problemOf(error) },
        });
        return null;
      }
    },

    async importFile(content, fileName) {
      set({ transfer: { action: 'import', busy: true, message: null, error: null } });
      try {
        const { view, changed } = await api.call('settings.import', { content });
        const what =
          changed.length === 0
            ? 'nothing was different'
            : `${changed.length} ${changed.length === 1 ? 'change' : 'changes'}: ${changed.join(', ')}`;
        set({
          view,
          applied: view.applied ?? [],
          transfer: {
            action: 'import',
            busy: false,
            message: `Imported ${fileName}: ${what}.`,
            error: null,
          },
        });
        return true;
      } catch (error) {
        set({
          transfer: { action: 'import', busy: false, message: null, error: problemOf(error) },
        });
        return false;
      }
    },

    async load() {
      void get().loadFileStores();
      set({ loading: true, loadError: null });
      try {
        const view = await api.call('settings.get', {});
        set({ view, loading: false });
      } catch (error) {
        set({ loading: false, loadError: errorMessage(error) });
      }
    },

    async loadFileStores() {
      try {
        const { fileStores } = await api.call('catalog.fileStores', {});
        set({ fileStores });
      } catch {
        // The list only decorates a choice that also works without it.
      }
    },

    async save(patch, password) {
      set({ saving: true, saveError: null, saveSection: sectionOf(patch), applied: [] });
      try {
        let view = await api.call('settings.update', patch);
        const applied = view.applied ?? [];
        if (password !== undefined && password !== '') {
          view = await api.call('connection.setPassword', { password });
        }
        set({ view, saving: false, savedAt: Date.now(), applied });
        return true;
      } catch (error) {
        set({ saving: false, saveError: problemOf(error) });
        return false;
      }
    },

    async clearPassword() {
      set({ saveSection: 'cablecast' });
      try {
        const view = await api.call('connection.clearPassword', {});
        set({ view });
      } catch (error) {
        set({ saveError: { message: errorMessage(error) } });
      }
    },

    async test() {
      if (get().testing) return;
      set({ testing: true, testError: null, testResult: null });
      try {
        const testResult = await api.call('connection.test', {});
        set({ testResult, testing: false });
      } catch (error) {
        set({ testing: false, testError: errorMessage(error) });
      }
    },

    async useDemo() {
      set({
        saving: true,
        saveError: null,
        testResult: null,
        saveSection: 'cablecast',
        applied: [],
      });
      try {
        const view = await api.call('demo.use', {});
        set({ view, saving: false, savedAt: Date.now(), applied: view.applied ?? [] });
      } catch (error) {
        set({ saving: false, saveError: { message: errorMessage(error) } });
      }
    },
  }));

  // Events from the core are subscribed once, here, not in components.
  const unsubscribe = [
    api.on('settings.changed', (view) => store.setState({ view })),
    api.on('connection.tested', (testResult) => store.setState({ testResult })),
    // A finished sync may have found other stores.
    api.on('sync.progress', (status) => {
      if (!status.running && status.phase === 'done') void store.getState().loadFileStores();
    }),
  ];

  function dispose(): void {
    for (const off of unsubscribe) off();
  }

  return Object.assign(store, { dispose });
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
