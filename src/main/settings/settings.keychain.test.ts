import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionChecksRepo } from '../connection/connection-checks.repo';
import { defaultMigrationsDir, openDatabase } from '../db/database';
import { KeyringSecretStore } from '../secrets/keyring-secret-store';
import { SECRET_KEYS } from '../secrets/secret-store';
import { ConfSettingsStore } from './conf-settings-store';
import { SettingsService } from './settings.service';

/**
 * End to end with the REAL keychain (run under scripts/with-secret-service.sh): a planted
 * CABLECAST_PASSWORD must come back from the keychain and appear in no file the app wrote.
 */
const realKeychain = Boolean(process.env.ARCHIVIST_SECRET_SERVICE);

/** Every file under `dir`, recursively, as raw bytes. */
function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { path, bytes: readFileSync(path) };
    });
}

describe.skipIf(!realKeychain)('settings with the real keychain: no secret on disk', () => {
  // Made in beforeAll, not here: describe bodies run even when the suite is skipped.
  let dataDir = '';
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'archivist-e2e-secrets-'));
  });
  const keychain = new KeyringSecretStore({
    service: `archivist-desktop-test-${process.pid}-${randomUUID()}`,
  });
  const planted = `planted-${randomBytes(12).toString('hex')}-é🔑`;
  const username = `ops-${randomUUID()}`;
  const env = {
    CABLECAST_API_URL: 'https://station.example',
    CABLECAST_USER_ID: username,
    CABLECAST_PASSWORD: planted,
    CABLECAST_TIMEOUT: '30',
  };
  const key = SECRET_KEYS.cablecastPassword({ serverUrl: env.CABLECAST_API_URL, username });

  afterAll(async () => {
    if (key !== null) await keychain.delete(key);
    if (dataDir !== '') rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores CABLECAST_PASSWORD in the keychain and in no file under the data folder', async () => {
    const database = openDatabase({
      file: join(dataDir, 'archivist.sqlite'),
      migrationsDir: defaultMigrationsDir(),
    });
    const service = new SettingsService({
      store: new ConfSettingsStore({ dataDir }),
      secrets: keychain,
      env,
    });
    expect(await service.init()).toEqual([]);
    await service.update({ cablecast: { locationId: 3, maxRetries: 5 } });
    await service.update({ cablecast: { offsetMode: 'page', timeoutMs: 15_000 } });
    const view = await service.view();
    expect(view).toMatchObject({ passwordSet: true, passwordFromEnvironment: true });

    // What the app would do next: use the password and log the result in the database.
    const password = await service.getPassword();
    expect(password).toBe(planted);
    new ConnectionChecksRepo(database).record({
      ok: true,
      apiBase: 'https://station.example/cablecastapi/v1',
      serverVersion: '7.5',
      siteName: null,
      user: username,
      canWrite: true,
      rights: `Signed in as ${username}.`,
      problem: null,
      elapsedMs: 10,
      testedAt: new Date().toISOString(),
    });
    database.close();

    // A fresh keychain client (as after a restart) reads it back.
    expect(key).not.toBeNull();
    expect(await new KeyringSecretStore({ service: keychain.service }).get(key ?? '')).toBe(
      planted,
    );

    const files = filesUnder(dataDir);
    expect(files.map((f) => f.path).some((p) => p.endsWith('settings.json'))).toBe(true);
    expect(files.map((f) => f.path).some((p) => p.endsWith('archivist.sqlite'))).toBe(true);
    const needles = [
      Buffer.from(planted, 'utf8'),
      Buffer.from(planted, 'utf16le'),
      Buffer.from(Buffer.from(planted, 'utf8').toString('base64')),
      // The ASCII core alone, in case some layer escaped the non-ASCII tail.
      Buffer.from(planted.slice(0, 'planted-'.length + 24)),
    ];
    for (const { path, bytes } of files) {
      for (const needle of needles)
        expect(bytes.includes(needle), `${path} contains the password`).toBe(false);
    }
    // And the settings file really was written with the changes (the scan looked at real content).
    expect(readFileSync(join(dataDir, 'settings.json'), 'utf8')).toContain('"offsetMode": "page"');
  });
});
