import { AppError } from '../../shared/result';
import { assertSecretKey, type SecretStore } from './secret-store';

/**
 * A SecretStore in a Map, for other modules' unit tests only; the app always uses the keychain.
 * `unavailable` makes every call fail the way a missing Secret Service does, so callers' fallback
 * paths can be tested without one.
 */
export class MemorySecretStore implements SecretStore {
  readonly entries = new Map<string, string>();
  unavailable = false;

  constructor(initial: Record<string, string> = {}) {
    for (const [key, value] of Object.entries(initial)) this.entries.set(key, value);
  }

  private check(key: string): void {
    assertSecretKey(key);
    if (this.unavailable) {
      throw new AppError(
        'UNAVAILABLE',
        'The system keychain is not available (simulated by MemorySecretStore).',
      );
    }
  }

  // Promise-returning rather than `async`: nothing here awaits, and callers must still see
  // failures as rejections, as they would from the real keychain.
  private attempt<T>(key: string, fn: () => T): Promise<T> {
    try {
      this.check(key);
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  get(key: string): Promise<string | null> {
    return this.attempt(key, () => this.entries.get(key) ?? null);
  }

  set(key: string, value: string): Promise<void> {
    return this.attempt(key, () => {
      this.entries.set(key, value);
    });
  }

  delete(key: string): Promise<boolean> {
    return this.attempt(key, () => this.entries.delete(key));
  }
}
