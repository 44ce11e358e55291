import { desktopUser } from '../contract/testing/stub-handlers';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConnectionTestResult } from '../../shared/connection';
import { createFileLogger } from '../logging/logger';
import { KeyringSecretStore } from '../secrets/keyring-secret-store';
import { startSimulator } from '../simulator';
import { createCore } from './core';

/**
 * The whole app with the REAL keychain (scripts/with-secret-service.sh): known passwords, one from
 * CABLECAST_PASSWORD and one typed into Settings, are used to talk to Cablecast, and then neither
 * appears in any file the app wrote: database, WAL, settings, logs.
 */
const realKeychain = Boolean(process.env.ARCHIVIST_SECRET_SERVICE);

function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { path, bytes: readFileSync(path) };
    });
}

describe.skipIf(!realKeychain)('the app with the real keychain', () => {
  const dirs: string[] = [];
  const service = `archivist-desktop-test-${randomUUID()}`;
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('writes no planted password to any file it creates', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'archivist-core-secrets-'));
    dirs.push(dataDir);
    const fromEnv = `env-${randomBytes(10).toString('hex')}`;
    const typed = `typed-${randomBytes(10).toString('hex')}`;
    const sim = await startSimulator({
      seed: { shows: 20, randomSeed: 1 },
      users: [
        { username: 'envuser', password: fromEnv, isAdmin: true, canWrite: true },
        { username: 'typeduser', password: typed, isAdmin: false, canWrite: true },
      ],
    });
    const secrets = new KeyringSecretStore({ service });
    const core = await createCore({
      dataDir,
      host: 'browser',
      appVersion: '0.0.0',
      env: {
        CABLECAST_API_URL: sim.url,
        CABLECAST_USER_ID: 'envuser',
        CABLECAST_PASSWORD: fromEnv,
      },
      secrets,
      // The real file logger at debug level: the most the app would ever write.
      logger: createFileLogger({ file: join(dataDir, 'logs', 'archivist.log'), level: 'debug' }),
    });
    try {
      const first = await core.dispatcher.dispatch('connection.test', {}, desktopUser);
      expect(first.ok && (first.value as ConnectionTestResult).ok).toBe(true);

      await core.dispatcher.dispatch(
        'settings.update',
        { cablecast: { username: 'typeduser' } },
        desktopUser,
      );
      await core.dispatcher.dispatch('connection.setPassword', { password: typed }, desktopUser);
      const second = await core.dispatcher.dispatch('connection.test', {}, desktopUser);
      expect(second.ok && (second.value as ConnectionTestResult).user).toBe('typeduser');

      // A failing call logs its error: still no secret.
      await core.dispatcher.dispatch('connection.setPassword', { password: '' }, desktopUser);

      // While the app runs, the write-ahead log holds recent writes: look there too.
      const live = filesUnder(dataDir);
      expect(live.some((f) => f.path.endsWith('archivist.sqlite-wal'))).toBe(true);
      for (const file of live) {
        for (const secret of [fromEnv, typed]) {
          expect(file.bytes.includes(Buffer.from(secret)), `${secret} found in ${file.path}`).toBe(
            false,
          );
        }
      }
    } finally {
      await core.dispose();
      await sim.close();
    }
    const files = filesUnder(dataDir);
    const names = files.map((f) => f.path.slice(dataDir.length + 1));
    expect(names).toEqual(
      expect.arrayContaining(['archivist.sqlite', 'settings.json', join('logs', 'archivist.log')]),
    );
    for (const file of files) {
      for (const secret of [fromEnv, typed]) {
        expect(file.bytes.includes(Buffer.from(secret)), `${secret} found in ${file.path}`).toBe(
          false,
        );
      }
    }
    // And both are really in the keychain, so the test is not passing by never storing them.
    const stored = await Promise.all(
      ['envuser', 'typeduser'].map((u) => secrets.get(`cablecast:${sim.url}/cablecastapi/v1:${u}`)),
    );
    expect(stored).toEqual([fromEnv, typed]);
    for (const u of ['envuser', 'typeduser'])
      await secrets.delete(`cablecast:${sim.url}/cablecastapi/v1:${u}`);
  });
});
