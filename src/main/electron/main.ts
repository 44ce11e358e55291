import { join } from 'node:path';
import { app } from 'electron';
import ElectronStore from 'electron-store';
import electronUpdater from 'electron-updater';
import { createCore } from '../app/core';
import { createLocalApi } from '../host/local-api';
import { acquireDataLock } from '../app/data-lock';
import { createElectronSettingsStore } from '../settings/electron-settings-store';
import { startElectronShell } from './electron-shell';

// The Electron entry point (electron-vite's main bundle). The wiring lives in `electron-shell.ts`
// so a test can drive it with a fake core and a fake `electron`; here only what needs the real
// Electron: where the migrations ship and the electron-store settings backend.
startElectronShell({
  createCore: async (platform) => {
    const core = await createCore({
      ...platform,
      migrationsDir: join(app.getAppPath(), 'drizzle'),
      settingsStore: createElectronSettingsStore(ElectronStore, platform.dataDir),
    });
    const localApi = createLocalApi(core, {
      rendererDir: join(app.getAppPath(), 'out', 'renderer'),
      version: platform.appVersion,
      logger: core.logger,
    });
    return Object.assign(core, { localApi });
  },
  lockDataFolder: acquireDataLock,
  // electron-updater reads no app-update.yml here: the feed comes from Settings › Desktop app.
  createUpdater: () => ({
    updater: electronUpdater.autoUpdater,
    newCancellation: () => new electronUpdater.CancellationToken(),
  }),
});
