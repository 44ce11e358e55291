import { errorMessage } from '../../shared/errors';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import { AppError } from '../../shared/result';
import {
  fileTimestamp,
  SettingsFileUnreadableError,
  type SettingsDocument,
  type SettingsStore,
} from './settings-store';

export const SETTINGS_FILE_NAME = 'settings.json';
const CONFIG_NAME = 'settings';

/** The part of conf's (and electron-store's) API this store uses. */
export interface ConfLike {
  store: Record<string, unknown>;
}

interface ConfFactoryOptions {
  cwd: string;
  configName: string;
}

type ConfFactory = (options: ConfFactoryOptions) => ConfLike;

/**
 * Options that make conf a plain atomic JSON file: an explicit folder (so conf never derives a
 * home-directory path from a project name), no dot-path magic, no silent reset of a damaged file
 * (the service keeps a copy and tells the operator), and owner-only permissions.
 */
export function confOptions(options: ConfFactoryOptions) {
  return {
    cwd: options.cwd,
    configName: options.configName,
    fileExtension: 'json',
    accessPropertiesByDotNotation: false,
    clearInvalidConfig: false,
    watch: false,
    configFileMode: 0o600,
  } as const;
}

const createConf: ConfFactory = (options) =>
  new Conf<Record<string, unknown>>(confOptions(options));

interface ConfSettingsStoreOptions {
  /** The app's data folder; the file is `<dataDir>/settings.json`. */
  dataDir: string;
  /** Lets the Electron shell substitute electron-store (see electron-settings-store.ts). */
  factory?: ConfFactory;
}

/** settings.json in the data folder, through `conf` (written atomically: a temp file, then a rename). */
export class ConfSettingsStore implements SettingsStore {
  readonly path: string;
  private readonly dataDir: string;
  private readonly factory: ConfFactory;
  private conf: ConfLike | null = null;

  constructor(options: ConfSettingsStoreOptions) {
    this.dataDir = options.dataDir;
    this.factory = options.factory ?? createConf;
    this.path = join(options.dataDir, SETTINGS_FILE_NAME);
  }

  /**
   * conf parses the file in its constructor and throws on bad JSON, so the instance is made on
   * first use, and made again after a damaged file has been moved aside.
   */
  private open(): ConfLike {
    this.conf ??= this.factory({ cwd: this.dataDir, configName: CONFIG_NAME });
    return this.conf;
  }

  read(): unknown {
    if (!existsSync(this.path)) return undefined;
    try {
      return this.open().store;
    } catch (error) {
      if (error instanceof SyntaxError) {
        throw new SettingsFileUnreadableError(this.path, error.message, { cause: error });
      }
      throw new AppError(
        'UNAVAILABLE',
        `The settings file ${this.path} cannot be read (${errorMessage(error)}). Check the data folder's permissions.`,
        undefined,
        { cause: error },
      );
    }
  }

  write(document: SettingsDocument): void {
    try {
      // A copy: conf may add its own bookkeeping key to the object it is handed.
      this.open().store = structuredClone(document);
    } catch (error) {
      throw new AppError(
        'UNAVAILABLE',
        `The settings could not be saved to ${this.path} (${errorMessage(error)}). Check that the data folder is writable and the disk is not full.`,
        undefined,
        { cause: error },
      );
    }
  }

  setAside(now: Date): string | null {
    if (!existsSync(this.path)) return null;
    const backup = `${this.path}.corrupt-${fileTimestamp(now)}`;
    try {
      renameSync(this.path, backup);
    } catch (error) {
      throw new AppError(
        'UNAVAILABLE',
        `The damaged settings file ${this.path} could not be moved aside (${errorMessage(error)}).`,
        undefined,
        { cause: error },
      );
    }
    this.conf = null;
    return backup;
  }
}
