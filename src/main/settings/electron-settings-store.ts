import { ConfSettingsStore, confOptions, type ConfLike } from './conf-settings-store';

/** The constructor options electron-store takes (it renames conf's `configName` to `name`). */
export interface ElectronStoreOptions {
  name: string;
  cwd: string;
  fileExtension: string;
  accessPropertiesByDotNotation: boolean;
  clearInvalidConfig: boolean;
  watch: boolean;
  configFileMode: number;
}

export type ElectronStoreConstructor = new (options: ElectronStoreOptions) => ConfLike;

/**
 * The same settings file through electron-store, for the Electron shell. electron-store imports
 * `electron` when loaded, so the shell passes its class in rather than this module importing it,
 * which keeps the settings core loadable (and testable) under plain Node.
 *
 *   import ElectronStore from 'electron-store';
 *   const store = createElectronSettingsStore(ElectronStore, app.getPath('userData'));
 */
export function createElectronSettingsStore(
  ElectronStore: ElectronStoreConstructor,
  dataDir: string,
): ConfSettingsStore {
  return new ConfSettingsStore({
    dataDir,
    // Same options as the conf store (see confOptions), with electron-store's name for configName.
    // The data folder is absolute, so electron-store does not resolve it against userData.
    factory: (options) => {
      const { configName, ...rest } = confOptions(options);
      return new ElectronStore({ ...rest, name: configName });
    },
  });
}
