import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/result';
import { DEFAULT_SETTINGS, type SettingsPatch, type SettingsView } from '../../shared/settings';
import { MemorySecretStore } from '../secrets/memory-secret-store';
import { SECRET_KEYS } from '../secrets/secret-store';
import { ConfSettingsStore } from './conf-settings-store';
import { MemorySettingsStore } from './memory-settings-store';
import { SettingsService } from './settings.service';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'archivist-settings-service-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const SERVER = 'https://station.example';
const KEY = 'cablecast:https://station.example/cablecastapi/v1:ops';

interface Harness {
  dataDir: string;
  secrets: MemorySecretStore;
  events: SettingsView[];
  service: SettingsService;
  file(): unknown;
}

function harness(
  options: {
    env?: Record<string, string | undefined>;
    dataDir?: string;
    secrets?: MemorySecretStore;
  } = {},
): Harness {
  const dataDir = options.dataDir ?? tempDir();
  const secrets = options.secrets ?? new MemorySecretStore();
  const events: SettingsView[] = [];
  const service = new SettingsService({
    store: new ConfSettingsStore({ dataDir }),
    secrets,
    env: options.env ?? {},
    onChange: (view) => events.push(view),
    now: () => new Date('2025-06-07T08:09:10.123Z'),
  });
  return {
    dataDir,
    secrets,
    events,
    service,
    file: () => JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as unknown,
  };
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** Every byte under `dir`, as one buffer per file, for "is the secret anywhere on disk" checks. */
function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { path, bytes: readFileSync(path) };
    });
}

describe('SettingsService: values and where they come from', () => {
  it('starts from the built-in defaults with nothing saved and no environment', async () => {
    const { service, dataDir } = harness();
    expect(await service.init()).toEqual([]);
    expect(service.get()).toEqual(DEFAULT_SETTINGS);
    const view = await service.view();
    expect(Object.values(view.sources).every((source) => source === 'default')).toBe(true);
    expect(Object.keys(view.sources)).toContain('schedules.timeZone');
    expect(view).toEqual({
      settings: DEFAULT_SETTINGS,
      fromEnvironment: {},
      sources: view.sources,
      passwordSet: false,
      passwordFromEnvironment: false,
      warnings: [],
    });
    // Nothing to save yet, so nothing is written.
    expect(existsSync(join(dataDir, 'settings.json'))).toBe(false);
  });

  it('uses the environment where nothing is saved, and says so per field', async () => {
    const { service } = harness({
      env: { CABLECAST_API_URL: SERVER, CABLECAST_TIMEOUT: '30', CABLECAST_LOCATION_ID: '3' },
    });
    await service.init();
    const view = await service.view();
    expect(view.settings.cablecast).toMatchObject({
      serverUrl: SERVER,
      timeoutMs: 30_000,
      locationId: 3,
      maxRetries: 3,
    });
    expect(view.fromEnvironment).toEqual({
      'cablecast.serverUrl': 'CABLECAST_API_URL',
      'cablecast.timeoutMs': 'CABLECAST_TIMEOUT',
      'cablecast.locationId': 'CABLECAST_LOCATION_ID',
    });
    expect(service.sources()).toMatchObject({
      'cablecast.serverUrl': 'environment',
      'cablecast.maxRetries': 'default',
    });
  });

  it('lets a saved value win over the environment, and only for that field', async () => {
    const { service, file } = harness({
      env: { CABLECAST_API_URL: SERVER, CABLECAST_TIMEOUT: '30' },
    });
    await service.init();
    const view = await service.update({ cablecast: { timeoutMs: 5_000 } });
    expect(view.settings.cablecast.timeoutMs).toBe(5_000);
    expect(view.settings.cablecast.serverUrl).toBe(SERVER);
    expect(view.fromEnvironment).toEqual({ 'cablecast.serverUrl': 'CABLECAST_API_URL' });
    expect(file()).toEqual({
      version: 1,
      cablecast: { timeoutMs: 5_000 },
      keychain: { cablecastPasswordFromEnvironment: null },
    });
  });

  it('does not freeze environment or default values into the file when the whole form is submitted unchanged', async () => {
    const { service, file, events } = harness({
      env: { CABLECAST_API_URL: SERVER, CABLECAST_USER_ID: 'ops' },
    });
    await service.init();
    const form = (await service.view()).settings.cablecast;
    const view = await service.update({ cablecast: { ...form, offsetMode: 'page' } });
    expect(file()).toMatchObject({ cablecast: { offsetMode: 'page' } });
    expect(Object.keys((file() as { cablecast: object }).cablecast)).toEqual(['offsetMode']);
    expect(view.fromEnvironment).toEqual({
      'cablecast.serverUrl': 'CABLECAST_API_URL',
      'cablecast.username': 'CABLECAST_USER_ID',
    });
    expect(events).toHaveLength(1);
  });

  it('keeps a saved value saved even when it is set to what the default would be', async () => {
    const { service, file } = harness();
    await service.update({ cablecast: { maxRetries: 5 } });
    await service.update({ cablecast: { maxRetries: DEFAULT_SETTINGS.cablecast.maxRetries } });
    expect(file()).toMatchObject({ cablecast: { maxRetries: 3 } });
    expect(service.sources()['cablecast.maxRetries']).toBe('saved');
  });

  it('persists: a new service on the same data folder sees the saved values', async () => {
    const first = harness();
    await first.service.update({
      cablecast: { serverUrl: SERVER, username: 'ops', locationId: 7 },
    });
    const second = harness({ dataDir: first.dataDir });
    await second.service.init();
    expect(second.service.get().cablecast).toMatchObject({
      serverUrl: SERVER,
      username: 'ops',
      locationId: 7,
    });
  });

  it('returns copies: changing a returned view does not change the settings', async () => {
    const { service } = harness();
    const view = await service.view();
    view.settings.cablecast.serverUrl = 'http://changed.example';
    service.get().cablecast.username = 'changed';
    expect(service.get()).toEqual(DEFAULT_SETTINGS);
  });
});

describe('SettingsService.update: validation and events', () => {
  it.each<[string, unknown, string, RegExp]>([
    [
      'too short a timeout',
      { cablecast: { timeoutMs: 10 } },
      'cablecast.timeoutMs',
      /between 0\.5 s and 300 s/,
    ],
    [
      'a fractional retry count',
      { cablecast: { maxRetries: 1.5 } },
      'cablecast.maxRetries',
      /whole number from 0 to 10/,
    ],
    ['a location of 0', { cablecast: { locationId: 0 } }, 'cablecast.locationId', /1 or more/],
    [
      'an unknown offset mode',
      { cablecast: { offsetMode: 'sideways' } },
      'cablecast.offsetMode',
      /auto, page, index/,
    ],
    ['an unknown field', { cablecast: { colour: 'red' } }, 'cablecast.colour', /is not a setting/],
    ['an unknown section', { theme: {} }, 'theme', /is not a setting/],
    ['a string for a number', { cablecast: { timeoutMs: '30' } }, 'cablecast.timeoutMs', /between/],
    [
      'an address that cannot be a server',
      { cablecast: { serverUrl: 'ftp://station.example' } },
      'cablecast.serverUrl',
      /not a web address/,
    ],
    [
      'an address with no host',
      { cablecast: { serverUrl: 'http://' } },
      'cablecast.serverUrl',
      /not a valid server address/,
    ],
  ])(
    'refuses %s with INVALID_ARGUMENT at the field, saving nothing',
    async (_, patch, path, message) => {
      const { service, dataDir, events } = harness();
      const error = await rejection(service.update(patch as SettingsPatch));
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.path).toBe(path);
      expect(error.message).toMatch(message);
      expect(existsSync(join(dataDir, 'settings.json'))).toBe(false);
      expect(events).toEqual([]);
    },
  );

  it('refuses an address with a password in it, so it never reaches the file', async () => {
    const { service, dataDir } = harness();
    const error = await rejection(
      service.update({ cablecast: { serverUrl: 'https://ops:hunter2@station.example' } }),
    );
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', path: 'cablecast.serverUrl' });
    expect(existsSync(join(dataDir, 'settings.json'))).toBe(false);
  });

  it('emits the new view after a change, and nothing for a change that changes nothing', async () => {
    const { service, events } = harness();
    const view = await service.update({ cablecast: { serverUrl: SERVER } });
    expect(events).toEqual([view]);
    await service.update({ cablecast: { serverUrl: SERVER } });
    await service.update({});
    expect(events).toHaveLength(1);
  });

  it('applies overlapping updates one after the other, losing neither', async () => {
    const { service, file } = harness();
    await Promise.all([
      service.update({ cablecast: { serverUrl: SERVER } }),
      service.update({ cablecast: { username: 'ops' } }),
      service.update({ cablecast: { maxRetries: 7 } }),
    ]);
    expect(file()).toMatchObject({
      cablecast: { serverUrl: SERVER, username: 'ops', maxRetries: 7 },
    });
  });

  it('keeps working after a failed update', async () => {
    const { service } = harness();
    await rejection(service.update({ cablecast: { timeoutMs: -1 } }));
    expect(
      (await service.update({ cablecast: { timeoutMs: 2_000 } })).settings.cablecast.timeoutMs,
    ).toBe(2_000);
  });
});

describe('SettingsService: a damaged settings file', () => {
  it.each([
    ['not JSON', '{"version": 1, "cablecast": {"serverUrl": '],
    ['an empty file', ''],
    ['a value out of range', JSON.stringify({ version: 1, cablecast: { timeoutMs: 1 } })],
    ['no version', JSON.stringify({ cablecast: { serverUrl: SERVER } })],
    ['a JSON array', '[1, 2, 3]'],
  ])(
    '%s: keeps a copy, starts from defaults, warns, and saves normally afterwards',
    async (_, content) => {
      const dataDir = tempDir();
      writeFileSync(join(dataDir, 'settings.json'), content);
      const { service, file } = harness({ dataDir });

      const warnings = await service.init();
      expect(service.get()).toEqual(DEFAULT_SETTINGS);
      const backup = join(dataDir, 'settings.json.corrupt-2025-06-07T08-09-10-123Z');
      expect(readFileSync(backup, 'utf8')).toBe(content);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(
        `The settings file ${join(dataDir, 'settings.json')} could not be used`,
      );
      expect(warnings[0]).toContain(`kept as ${backup}`);
      // The Settings screen shows the same warning.
      expect((await service.view()).warnings).toEqual(warnings);
      expect(file()).toEqual({
        version: 1,
        cablecast: {},
        keychain: { cablecastPasswordFromEnvironment: null },
      });

      await service.update({ cablecast: { username: 'ops' } });
      expect(file()).toMatchObject({ cablecast: { username: 'ops' } });
    },
  );

  it('says so when the file comes from a newer version', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ version: 2, cablecast: {} }));
    const warnings = await harness({ dataDir }).service.init();
    expect(warnings[0]).toMatch(/written by a newer version of Archivist Desktop \(format 2\)/);
  });

  it('drops keys it does not know instead of discarding the file', async () => {
    const dataDir = tempDir();
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({
        version: 1,
        cablecast: { serverUrl: SERVER, futureField: true },
        futureSection: {},
      }),
    );
    const { service } = harness({ dataDir });
    expect(await service.init()).toEqual([]);
    expect(service.get().cablecast.serverUrl).toBe(SERVER);
  });

  it('adds the environment warnings to the list', async () => {
    const warnings = await harness({ env: { CABLECAST_MAX_RETRIES: 'lots' } }).service.init();
    expect(warnings).toEqual([
      'CABLECAST_MAX_RETRIES="lots" was ignored: it is not a whole number.',
    ]);
  });

  it('works with the memory store as well (another store behind the same interface)', async () => {
    const store = new MemorySettingsStore();
    store.raw = 'garbage';
    const service = new SettingsService({ store, secrets: new MemorySecretStore(), env: {} });
    const warnings = await service.init();
    expect(store.setAsideCopies).toEqual(['garbage']);
    expect(warnings[0]).toMatch(/could not be used/);
  });
});

describe('SettingsService: the password', () => {
  it('keeps the password in the keychain for the server and user, never in the file', async () => {
    const { service, secrets, dataDir, events } = harness();
    await service.update({ cablecast: { serverUrl: SERVER, username: 'ops' } });
    const view = await service.setPassword('typed-in-secret');
    expect(view).toMatchObject({ passwordSet: true, passwordFromEnvironment: false });
    expect(events.at(-1)).toEqual(view);
    expect(secrets.entries.get(KEY)).toBe('typed-in-secret');
    expect(await service.getPassword()).toBe('typed-in-secret');
    for (const { path, bytes } of filesUnder(dataDir)) {
      expect(bytes.includes(Buffer.from('typed-in-secret')), path).toBe(false);
    }
  });

  it('asks for the server address and user name first', async () => {
    const { service, secrets } = harness();
    expect(await rejection(service.setPassword('pw'))).toMatchObject({
      code: 'FAILED_PRECONDITION',
      path: 'cablecast.serverUrl',
    });
    await service.update({ cablecast: { serverUrl: SERVER } });
    expect(await rejection(service.setPassword('pw'))).toMatchObject({
      code: 'FAILED_PRECONDITION',
      path: 'cablecast.username',
    });
    expect(secrets.entries.size).toBe(0);
  });

  it('refuses an empty password', async () => {
    const { service } = harness();
    await service.update({ cablecast: { serverUrl: SERVER, username: 'ops' } });
    expect(await rejection(service.setPassword(''))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      path: 'password',
    });
  });

  it('follows the server and user: another server has no password, going back finds it again', async () => {
    const { service } = harness();
    await service.update({ cablecast: { serverUrl: SERVER, username: 'ops' } });
    await service.setPassword('for-station');
    let view = await service.update({ cablecast: { serverUrl: 'https://other.example' } });
    expect(view.passwordSet).toBe(false);
    expect(await service.getPassword()).toBeNull();
    view = await service.update({ cablecast: { serverUrl: 'Station.Example/' } });
    expect(view.passwordSet).toBe(true);
    expect(await service.getPassword()).toBe('for-station');
  });

  it('forgets the password', async () => {
    const { service, secrets, events } = harness();
    await service.update({ cablecast: { serverUrl: SERVER, username: 'ops' } });
    await service.setPassword('pw');
    const view = await service.clearPassword();
    expect(view.passwordSet).toBe(false);
    expect(events.at(-1)).toEqual(view);
    expect(secrets.entries.has(KEY)).toBe(false);
    expect(await service.getPassword()).toBeNull();
  });

  it('reads the keychain once per account for views, and keeps that in step with its own changes', async () => {
    const secrets = new MemorySecretStore();
    let reads = 0;
    const get = secrets.get.bind(secrets);
    secrets.get = (key) => {
      reads += 1;
      return get(key);
    };
    const { service } = harness({
      secrets,
      env: { CABLECAST_API_URL: SERVER, CABLECAST_USER_ID: 'ops' },
    });
    expect((await service.view()).passwordSet).toBe(false);
    expect((await service.view()).passwordSet).toBe(false);
    expect(reads).toBe(1);
    expect((await service.setPassword('pw')).passwordSet).toBe(true);
    expect((await service.clearPassword()).passwordSet).toBe(false);
    expect(reads).toBe(1);
    // The password itself is always read afresh.
    await service.getPassword();
    expect(reads).toBe(2);
  });

  it('a view still opens when the keychain is down, with a warning', async () => {
    const { service, secrets } = harness({
      env: { CABLECAST_API_URL: SERVER, CABLECAST_USER_ID: 'ops' },
    });
    secrets.unavailable = true;
    const view = await service.view();
    expect(view.passwordSet).toBe(false);
    expect(service.warnings().join('\n')).toMatch(/keychain could not be read/);
    await expect(service.setPassword('pw')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    secrets.unavailable = false;
    await service.view();
    expect(service.warnings()).toEqual([]);
  });
});

describe('SettingsService: CABLECAST_PASSWORD', () => {
  const env = {
    CABLECAST_API_URL: SERVER,
    CABLECAST_USER_ID: 'ops',
    CABLECAST_PASSWORD: 'from-env-secret',
  };

  it('puts it in the keychain for the effective server and user, and remembers only where it came from', async () => {
    const { service, secrets, file, dataDir } = harness({ env });
    expect(await service.init()).toEqual([]);
    expect(secrets.entries.get(KEY)).toBe('from-env-secret');
    expect(await service.getPassword()).toBe('from-env-secret');
    expect(await service.view()).toMatchObject({
      passwordSet: true,
      passwordFromEnvironment: true,
    });
    expect(file()).toEqual({
      version: 1,
      cablecast: {},
      keychain: { cablecastPasswordFromEnvironment: KEY },
    });
    for (const { path, bytes } of filesUnder(dataDir)) {
      expect(bytes.includes(Buffer.from('from-env-secret')), path).toBe(false);
    }
  });

  it('uses a server and user saved in the app when the environment gives only the password', async () => {
    const first = harness();
    await first.service.update({ cablecast: { serverUrl: SERVER, username: 'ops' } });
    const { service, secrets } = harness({
      dataDir: first.dataDir,
      secrets: first.secrets,
      env: { CABLECAST_PASSWORD: 'from-env-secret' },
    });
    await service.init();
    expect(secrets.entries.get(KEY)).toBe('from-env-secret');
  });

  it('after a restart with the variable gone, the view still says the password came from the environment', async () => {
    const first = harness({ env });
    await first.service.init();
    const second = harness({
      dataDir: first.dataDir,
      secrets: first.secrets,
      env: { ...env, CABLECAST_PASSWORD: undefined },
    });
    await second.service.init();
    expect(await second.service.view()).toMatchObject({
      passwordSet: true,
      passwordFromEnvironment: true,
    });
  });

  it('follows a changed variable on the next start', async () => {
    const first = harness({ env });
    await first.service.init();
    const second = harness({
      dataDir: first.dataDir,
      secrets: first.secrets,
      env: { ...env, CABLECAST_PASSWORD: 'rotated' },
    });
    await second.service.init();
    expect(first.secrets.entries.get(KEY)).toBe('rotated');
  });

  it('does not replace a password the operator typed into the app, and says why', async () => {
    const first = harness({ env: { CABLECAST_API_URL: SERVER, CABLECAST_USER_ID: 'ops' } });
    await first.service.setPassword('typed-by-operator');
    const second = harness({ dataDir: first.dataDir, secrets: first.secrets, env });
    const warnings = await second.service.init();
    expect(first.secrets.entries.get(KEY)).toBe('typed-by-operator');
    expect(warnings).toEqual([
      "CABLECAST_PASSWORD was not used: a password saved in Archivist Desktop for this server and user takes precedence. Forget the saved password to use the environment's.",
    ]);
    expect(await second.service.view()).toMatchObject({
      passwordSet: true,
      passwordFromEnvironment: false,
    });
  });

  it('typing a password in the app takes it over from the environment', async () => {
    const { service, file } = harness({ env });
    await service.init();
    const view = await service.setPassword('typed-by-operator');
    expect(view).toMatchObject({ passwordSet: true, passwordFromEnvironment: false });
    expect(file()).toMatchObject({ keychain: { cablecastPasswordFromEnvironment: null } });
  });

  it('without a keychain, uses it for this session only, in memory, and warns', async () => {
    const secrets = new MemorySecretStore();
    secrets.unavailable = true;
    const { service, dataDir } = harness({ env, secrets });
    const warnings = await service.init();
    expect(warnings[0]).toMatch(
      /^CABLECAST_PASSWORD is used for this session only, because the system keychain could not store it/,
    );
    expect(warnings.join('\n')).not.toContain('from-env-secret');
    expect(await service.getPassword()).toBe('from-env-secret');
    expect(await service.view()).toMatchObject({
      passwordSet: true,
      passwordFromEnvironment: true,
    });
    for (const { path, bytes } of filesUnder(dataDir)) {
      expect(bytes.includes(Buffer.from('from-env-secret')), path).toBe(false);
    }
  });

  it('warns when there is no server or user to keep it for', async () => {
    const { service, secrets } = harness({ env: { CABLECAST_PASSWORD: 'from-env-secret' } });
    const warnings = await service.init();
    expect(warnings[0]).toMatch(
      /^CABLECAST_PASSWORD is set, but no server address and user name are/,
    );
    expect(secrets.entries.size).toBe(0);
    expect(SECRET_KEYS.cablecastPassword({ serverUrl: '', username: '' })).toBeNull();
  });
});

describe('SettingsService: the publishing section', () => {
  it('uses VOD_* variables where nothing is saved, and says so per field', async () => {
    const { service } = harness({
      env: { VOD_BATCH_SIZE: '4', VOD_DEFAULT_QUALITY: '7', VOD_UPLOAD_TIMEOUT: '300' },
    });
    expect(await service.init()).toEqual([]);
    const view = await service.view();
    expect(view.settings.publishing).toEqual({
      ...DEFAULT_SETTINGS.publishing,
      concurrency: 4,
      defaultQuality: 7,
      uploadTimeoutMs: 300_000,
    });
    expect(view.fromEnvironment).toEqual({
      'publishing.concurrency': 'VOD_BATCH_SIZE',
      'publishing.defaultQuality': 'VOD_DEFAULT_QUALITY',
      'publishing.uploadTimeoutMs': 'VOD_UPLOAD_TIMEOUT',
    });
    expect(service.sources()).toMatchObject({
      'publishing.concurrency': 'environment',
      'publishing.uploadChunkMb': 'default',
      'cablecast.serverUrl': 'default',
    });
  });

  it('saved wins over the environment, which wins over the default, field by field', async () => {
    const { service, file } = harness({ env: { VOD_BATCH_SIZE: '4', VOD_UPLOAD_TIMEOUT: '300' } });
    await service.init();
    const view = await service.update({ publishing: { concurrency: 6, captions: false } });
    expect(view.settings.publishing).toMatchObject({
      concurrency: 6,
      uploadTimeoutMs: 300_000,
      captions: false,
      chapters: true,
      uploadChunkMb: 5,
    });
    expect(view.fromEnvironment).toEqual({ 'publishing.uploadTimeoutMs': 'VOD_UPLOAD_TIMEOUT' });
    expect(service.sources()).toMatchObject({
      'publishing.concurrency': 'saved',
      'publishing.uploadTimeoutMs': 'environment',
      'publishing.chapters': 'default',
    });
    expect(file()).toEqual({
      version: 1,
      cablecast: {},
      publishing: { concurrency: 6, captions: false },
      keychain: { cablecastPasswordFromEnvironment: null },
    });
  });

  it('does not freeze defaults into the file when the whole section is submitted unchanged', async () => {
    const { service, dataDir, events } = harness({ env: { VOD_BATCH_SIZE: '4' } });
    await service.init();
    const form = (await service.view()).settings.publishing;
    await service.update({ publishing: form });
    expect(existsSync(join(dataDir, 'settings.json'))).toBe(false);
    expect(events).toEqual([]);
    const view = await service.update({ publishing: { ...form, contentShare: '/mnt/content' } });
    expect(view.settings.publishing.contentShare).toBe('/mnt/content');
    expect(view.fromEnvironment).toEqual({ 'publishing.concurrency': 'VOD_BATCH_SIZE' });
    expect(events).toHaveLength(1);
  });

  it('saves both sections of one patch together', async () => {
    const { service, file } = harness();
    await service.update({ cablecast: { username: 'ops' }, publishing: { uploadChunkMb: 10 } });
    expect(file()).toMatchObject({
      cablecast: { username: 'ops' },
      publishing: { uploadChunkMb: 10 },
    });
  });

  it('loads a file saved before the section existed with its defaults, and keeps it as it was', async () => {
    const dataDir = tempDir();
    const before = {
      version: 1,
      cablecast: { serverUrl: SERVER, username: 'ops' },
      keychain: { cablecastPasswordFromEnvironment: null },
    };
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(before));
    const { service, file } = harness({ dataDir });
    expect(await service.init()).toEqual([]);
    expect(service.get()).toEqual({
      cablecast: { ...DEFAULT_SETTINGS.cablecast, serverUrl: SERVER, username: 'ops' },
      publishing: DEFAULT_SETTINGS.publishing,
      schedules: DEFAULT_SETTINGS.schedules,
      notifications: DEFAULT_SETTINGS.notifications,
      webhooks: DEFAULT_SETTINGS.webhooks,
      health: DEFAULT_SETTINGS.health,
      sso: DEFAULT_SETTINGS.sso,
      host: DEFAULT_SETTINGS.host,
      desktop: DEFAULT_SETTINGS.desktop,
    });
    await service.update({ cablecast: { locationId: 3 } });
    expect(file()).toEqual({ ...before, cablecast: { ...before.cablecast, locationId: 3 } });
  });

  it("takes the station's time zone by its name, and refuses one it does not know", async () => {
    const { service } = harness();
    await service.update({ schedules: { timeZone: 'America/Chicago' } });
    expect(service.get().schedules.timeZone).toBe('America/Chicago');
    await expect(service.update({ schedules: { timeZone: 'Mars/Olympus' } })).rejects.toMatchObject(
      {
        code: 'INVALID_ARGUMENT',
        path: 'schedules.timeZone',
        message: expect.stringContaining("The station's time zone must be empty") as unknown,
      },
    );
    expect(service.get().schedules.timeZone).toBe('America/Chicago');
  });

  it('persists: a new service on the same data folder sees the saved publishing values', async () => {
    const first = harness();
    await first.service.update({ publishing: { vodConfigurationId: 12, chapters: false } });
    const second = harness({ dataDir: first.dataDir });
    await second.service.init();
    expect(second.service.get().publishing).toMatchObject({
      vodConfigurationId: 12,
      chapters: false,
    });
  });

  it('a saved publishing value out of range counts as a damaged file', async () => {
    const dataDir = tempDir();
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({ version: 1, publishing: { concurrency: 99 } }),
    );
    const { service } = harness({ dataDir });
    const warnings = await service.init();
    expect(warnings[0]).toMatch(/could not be used \(publishing\.concurrency: /);
    expect(service.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('adds the VOD_* warnings to the list, after the Cablecast ones', async () => {
    const warnings = await harness({
      env: { VOD_BATCH_SIZE: 'lots', CABLECAST_MAX_RETRIES: 'lots' },
    }).service.init();
    expect(warnings).toEqual([
      'CABLECAST_MAX_RETRIES="lots" was ignored: it is not a whole number.',
      'VOD_BATCH_SIZE="lots" was ignored: it is not a whole number.',
    ]);
  });

  it.each<[string, unknown, string, RegExp]>([
    [
      'too many at once',
      { publishing: { concurrency: 9 } },
      'publishing.concurrency',
      /publishes at once must be a whole number from 1 to 8/,
    ],
    ['none at once', { publishing: { concurrency: 0 } }, 'publishing.concurrency', /from 1 to 8/],
    [
      'a quality of 0',
      { publishing: { defaultQuality: 0 } },
      'publishing.defaultQuality',
      /default quality must be a whole number of 1 or more \(or empty\)/,
    ],
    [
      'a quality name',
      { publishing: { defaultQuality: '720p' } },
      'publishing.defaultQuality',
      /1 or more/,
    ],
    [
      'too short an upload timeout',
      { publishing: { uploadTimeoutMs: 5_000 } },
      'publishing.uploadTimeoutMs',
      /upload timeout must be between 10 s and 3600 s/,
    ],
    [
      'a VOD configuration of -1',
      { publishing: { vodConfigurationId: -1 } },
      'publishing.vodConfigurationId',
      /VOD configuration must be a whole number of 1 or more/,
    ],
    [
      'a file store of 0',
      { publishing: { destinationStoreId: 0 } },
      'publishing.destinationStoreId',
      /The file store must be a whole number of 1 or more \(or empty\)/,
    ],
    [
      'a toggle that is not one',
      { publishing: { captions: 'yes' } },
      'publishing.captions',
      /Publishing captions must be on or off/,
    ],
    [
      'a relative content share',
      { publishing: { contentShare: 'mnt/content' } },
      'publishing.contentShare',
      /content share must be empty \(to upload\) or a full path/,
    ],
    [
      'a chunk over 100 MB',
      { publishing: { uploadChunkMb: 101 } },
      'publishing.uploadChunkMb',
      /chunk size \(MB\) must be a whole number from 1 to 100/,
    ],
    [
      'an unknown publishing field',
      { publishing: { quality: 3 } },
      'publishing.quality',
      /publishing\.quality is not a setting/,
    ],
    ['a section that is not an object', { publishing: 4 }, 'publishing', /Invalid setting/],
  ])(
    'refuses %s with INVALID_ARGUMENT at the field, saving nothing',
    async (_, patch, path, message) => {
      const { service, dataDir, events } = harness();
      const error = await rejection(service.update(patch as SettingsPatch));
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.path).toBe(path);
      expect(error.message).toMatch(message);
      expect(existsSync(join(dataDir, 'settings.json'))).toBe(false);
      expect(events).toEqual([]);
    },
  );

  it.each(['/mnt/content', 'C:\\Content', 'D:/content', '\\\\flex01\\content', ''])(
    'accepts the content share %j without looking at the disk',
    async (contentShare) => {
      const { service } = harness();
      await service.update({ publishing: { contentShare: '/elsewhere' } });
      const view = await service.update({ publishing: { contentShare } });
      expect(view.settings.publishing.contentShare).toBe(contentShare);
    },
  );

  it('refuses the whole patch when one section is wrong, saving neither', async () => {
    const { service, dataDir } = harness();
    await rejection(
      service.update({ cablecast: { username: 'ops' }, publishing: { uploadChunkMb: 0 } }),
    );
    expect(existsSync(join(dataDir, 'settings.json'))).toBe(false);
  });
});

describe('SettingsService: the sign-in section', () => {
  it("takes the original system's SSO variables as defaults, saved values over them", async () => {
    const { service } = harness({
      env: {
        SSO_ENABLED: 'true',
        SSO_CLIENT_ID: 'archivist',
        SSO_ISSUER_URL: 'https://login.station.test/realms/tv',
        SSO_AUTH_URL: 'https://login.station.test/auth',
        SSO_TOKEN_URL: 'https://login.station.test/token',
        SSO_USERINFO_URL: 'https://login.station.test/userinfo',
        SSO_CLIENT_SECRET: 'not-a-setting',
      },
    });
    await service.init();
    expect(service.get().sso).toMatchObject({
      enabled: true,
      clientId: 'archivist',
      issuerUrl: 'https://login.station.test/realms/tv',
      authUrl: 'https://login.station.test/auth',
      tokenUrl: 'https://login.station.test/token',
      userinfoUrl: 'https://login.station.test/userinfo',
    });
    const view = await service.update({ sso: { enabled: false } });
    expect(view.settings.sso.enabled).toBe(false);
    expect(view.fromEnvironment).toMatchObject({ 'sso.clientId': 'SSO_CLIENT_ID' });
    // The client secret is never a setting.
    expect(JSON.stringify(view)).not.toContain('not-a-setting');
  });
});
