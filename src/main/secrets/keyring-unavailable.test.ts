import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/result';
import { KeyringSecretStore } from './keyring-secret-store';

// Runs everywhere, in its own worker process (vitest's forks pool), so pointing D-Bus at a dead
// socket here cannot affect the tests that use the real Secret Service.
describe.skipIf(process.platform !== 'linux')('KeyringSecretStore without a Secret Service', () => {
  it('fails with UNAVAILABLE and says what to install or run', async () => {
    process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/archivist-test-bus';
    const store = new KeyringSecretStore({
      service: 'archivist-desktop-test-unavailable',
      timeoutMs: 10_000,
    });
    for (const call of [
      () => store.get('k'),
      () => store.set('k', 'never stored'),
      () => store.delete('k'),
    ]) {
      const error: unknown = await call().then(
        () => new Error('the call succeeded without a Secret Service'),
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('UNAVAILABLE');
      expect((error as AppError).message).toMatch(/system keychain is not available/);
      expect((error as AppError).message).toMatch(/apt-get install dbus gnome-keyring/);
      expect((error as AppError).message).not.toContain('never stored');
    }
  });
});
