import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
// eslint-disable-next-line no-restricted-imports -- types only (nothing is loaded): checks the real class fits the adapter.
import type ElectronStore from 'electron-store';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { AppError } from '../../shared/result';
import { ConfSettingsStore, SETTINGS_FILE_NAME } from './conf-settings-store';
import {
  createElectronSettingsStore,
  type ElectronStoreConstructor,
  type ElectronStoreOptions,
} from './electron-settings-store';
import {
  emptySettingsDocument,
  SettingsFileUnreadableError,
  type SettingsDocument,
} from './settings-store';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'archivist-settings-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const sample: SettingsDocument = {
  version: 1,
  cablecast: { serverUrl: 'https://station.example', timeoutMs: 20_000 },
  keychain: { cablecastPasswordFromEnvironment: null },
};

describe('ConfSettingsStore', () => {
  it('reads nothing (undefined) before anything is saved, and creates no file by reading', () => {
    const dataDir = tempDir();
    const store = new ConfSettingsStore({ dataDir });
    expect(store.path).toBe(join(dataDir, SETTINGS_FILE_NAME));
    expect(store.read()).toBeUndefined();
    expect(existsSync(store.path)).toBe(false);
  });

  it('writes settings.json in the data folder, readable by a new instance', () => {
    const dataDir = tempDir();
    new ConfSettingsStore({ dataDir }).write(sample);
    const onDisk = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as unknown;
    expect(onDisk).toEqual(sample);
    expect({ ...(new ConfSettingsStore({ dataDir }).read() as object) }).toEqual(sample);
    // Owner-only: the file names the server and user.
    expect(statSync(join(dataDir, 'settings.json')).mode & 0o777).toBe(0o600);
  });

  it('creates a missing data folder when writing', () => {
    const dataDir = join(tempDir(), 'not', 'yet');
    new ConfSettingsStore({ dataDir }).write(sample);
    expect(existsSync(join(dataDir, 'settings.json'))).toBe(true);
  });

  it('does not alias the document it was given', () => {
    const dataDir = tempDir();
    const store = new ConfSettingsStore({ dataDir });
    const document = emptySettingsDocument();
    store.write(document);
    document.cablecast.username = 'changed later';
    expect(JSON.parse(readFileSync(store.path, 'utf8'))).toEqual(emptySettingsDocument());
  });

  it('throws SettingsFileUnreadableError for a file that is not JSON, and works again once it is set aside', () => {
    const dataDir = tempDir();
    const store = new ConfSettingsStore({ dataDir });
    writeFileSync(store.path, '{"version": 1, "cablecast": {');
    expect(() => store.read()).toThrow(SettingsFileUnreadableError);

    const backup = store.setAside(new Date('2025-06-07T08:09:10.123Z'));
    expect(backup).toBe(join(dataDir, 'settings.json.corrupt-2025-06-07T08-09-10-123Z'));
    expect(readFileSync(backup ?? '', 'utf8')).toBe('{"version": 1, "cablecast": {');
    expect(store.read()).toBeUndefined();
    store.write(sample);
    expect({ ...(store.read() as object) }).toEqual(sample);
  });

  it('treats an empty (truncated) file as unreadable', () => {
    const dataDir = tempDir();
    const store = new ConfSettingsStore({ dataDir });
    writeFileSync(store.path, '');
    expect(() => store.read()).toThrow(SettingsFileUnreadableError);
  });

  it('setAside returns null when there is no file', () => {
    expect(new ConfSettingsStore({ dataDir: tempDir() }).setAside(new Date())).toBeNull();
  });

  it('reports an unwritable folder as UNAVAILABLE', () => {
    const parent = tempDir();
    const blocker = join(parent, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const store = new ConfSettingsStore({ dataDir: join(blocker, 'data') });
    expect(() => store.write(sample)).toThrow(AppError);
    try {
      store.write(sample);
    } catch (error) {
      expect((error as AppError).code).toBe('UNAVAILABLE');
      expect((error as AppError).message).toMatch(/could not be saved/);
    }
  });

  it('never touches the home folder when given a data folder', () => {
    const home = tempDir();
    const saved = { HOME: process.env.HOME, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME };
    process.env.HOME = home;
    process.env.XDG_CONFIG_HOME = join(home, '.config');
    try {
      const store = new ConfSettingsStore({ dataDir: tempDir() });
      store.write(sample);
      store.read();
    } finally {
      process.env.HOME = saved.HOME;
      process.env.XDG_CONFIG_HOME = saved.XDG_CONFIG_HOME;
      if (saved.XDG_CONFIG_HOME === undefined) delete process.env.XDG_CONFIG_HOME;
    }
    expect(readdirSync(home)).toEqual([]);
  });
});

describe('createElectronSettingsStore', () => {
  it('accepts the real electron-store class (types only: importing it needs Electron)', () => {
    expectTypeOf<typeof ElectronStore>().toExtend<ElectronStoreConstructor>();
  });

  it("maps conf's options to electron-store's and stores the same file", () => {
    const seen: ElectronStoreOptions[] = [];
    // Stands in for electron-store, which is conf with `name` for `configName`.
    class FakeElectronStore extends Conf<Record<string, unknown>> {
      constructor(options: ElectronStoreOptions) {
        seen.push(options);
        const { name, ...rest } = options;
        super({ ...rest, configName: name });
      }
    }
    const dataDir = tempDir();
    const store = createElectronSettingsStore(FakeElectronStore, dataDir);
    store.write(sample);
    expect(seen[0]).toMatchObject({
      name: 'settings',
      cwd: dataDir,
      accessPropertiesByDotNotation: false,
      clearInvalidConfig: false,
    });
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'))).toEqual(sample);
  });
});
