import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyringSecretStore } from './keyring-secret-store';
import { SECRET_KEYS } from './secret-store';

/**
 * Against the REAL Secret Service: run with
 *   bash scripts/with-secret-service.sh npx vitest run src/main/secrets
 * Skipped only when ARCHIVIST_SECRET_SERVICE is unset; when it is set, a keyring that does not
 * work fails these tests rather than skipping them.
 */
const realKeychain = Boolean(process.env.ARCHIVIST_SECRET_SERVICE);

describe.skipIf(!realKeychain)('KeyringSecretStore against the real Secret Service', () => {
  // A service name of its own per run, so a developer's real entries are never read or clobbered.
  const service = `archivist-desktop-test-${process.pid}-${randomUUID()}`;
  const store = new KeyringSecretStore({ service, timeoutMs: 15_000 });
  const used = new Set<string>();
  function key(name: string): string {
    const k = `${name}-${randomUUID()}`;
    used.add(k);
    return k;
  }
  afterAll(async () => {
    for (const k of used) await store.delete(k);
  });

  it('returns null for a missing key, and delete reports false', async () => {
    const k = key('missing');
    expect(await store.get(k)).toBeNull();
    expect(await store.delete(k)).toBe(false);
  });

  it('sets, gets, overwrites and deletes', async () => {
    const k = key('cycle');
    await store.set(k, 'first secret');
    expect(await store.get(k)).toBe('first secret');
    await store.set(k, 'second secret');
    expect(await store.get(k)).toBe('second secret');
    expect(await store.delete(k)).toBe(true);
    expect(await store.get(k)).toBeNull();
    expect(await store.delete(k)).toBe(false);
  });

  it('keeps unicode, whitespace and long values exactly, under unicode keys', async () => {
    const k = key('ключ-密钥-🔑');
    const value = 'pässwörd 🔐 密码 e\u0301 \t line1\nline2 ' + 'x'.repeat(4_000);
    await store.set(k, value);
    expect(await store.get(k)).toBe(value);
  });

  it('is persistent across store instances (what a restart of the app sees)', async () => {
    const k = SECRET_KEYS.cablecastPassword({
      serverUrl: 'station.example',
      username: `ops-${randomUUID()}`,
    });
    expect(k).not.toBeNull();
    used.add(k ?? '');
    await store.set(k ?? '', 'persisted');
    expect(await new KeyringSecretStore({ service }).get(k ?? '')).toBe('persisted');
  });

  it('keeps services apart: the same key under another service is a different entry', async () => {
    const k = key('shared-name');
    await store.set(k, 'mine');
    const other = new KeyringSecretStore({ service: `${service}-other` });
    expect(await other.get(k)).toBeNull();
    await other.set(k, 'theirs');
    expect(await store.get(k)).toBe('mine');
    expect(await other.delete(k)).toBe(true);
  });

  it('rejects an empty key before touching the keychain', async () => {
    await expect(store.get('')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
