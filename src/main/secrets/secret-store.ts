import { normalizeApiBase } from '../cablecast/api-base';
import { AppError } from '../../shared/result';

/**
 * Where secrets live: the OS keychain in the app (`KeyringSecretStore`), a Map in other modules'
 * unit tests (`MemorySecretStore`). No secret is ever written to SQLite, settings.json or a log;
 * the rest of the app holds only the key.
 *
 * Failures throw AppError: UNAVAILABLE when there is no usable keychain (with what to install or
 * unlock), TIMEOUT when it does not answer, INVALID_ARGUMENT for an unusable key.
 */
export interface SecretStore {
  /** The stored value, or null when there is none under `key`. */
  get(key: string): Promise<string | null>;
  /** Creates or replaces. */
  set(key: string, value: string): Promise<void>;
  /** True when something was deleted, false when there was nothing under `key`. */
  delete(key: string): Promise<boolean>;
}

const MAX_SECRET_KEY_LENGTH = 1_024;

export function assertSecretKey(key: string): void {
  if (key === '' || key.length > MAX_SECRET_KEY_LENGTH) {
    throw new AppError(
      'INVALID_ARGUMENT',
      `A keychain entry name must be 1 to ${MAX_SECRET_KEY_LENGTH} characters long.`,
      'key',
    );
  }
}

/**
 * The server part of a Cablecast password's key: scheme, host and port lowercased, default port
 * dropped, and any `/cablecastapi/v1` suffix removed then put back, so every way of writing the
 * same server ("Station.example", "https://station.example/", ".../CablecastAPI/v1") finds the
 * same keychain entry. Bare hosts are taken as https, as the settings screen suggests.
 * Returns null when there is no usable address.
 */
export function cablecastApiBaseForKey(serverUrl: string): string | null {
  if (serverUrl.trim() === '') return null;
  try {
    // The client's own normaliser, so the key and the address the client uses never disagree.
    return normalizeApiBase(serverUrl);
  } catch {
    return null;
  }
}

interface CablecastAccount {
  serverUrl: string;
  username: string;
}

/** Well-known keychain entry names. */
export const SECRET_KEYS = {
  /**
   * The Cablecast password belongs to one user on one server, so pointing the app at another
   * server (or user) never sends it the old password. Null while the address or user is missing.
   */
  cablecastPassword(account: CablecastAccount): string | null {
    const apiBase = cablecastApiBaseForKey(account.serverUrl);
    const username = account.username.trim();
    if (apiBase === null || username === '') return null;
    return `cablecast:${apiBase}:${username}`;
  },
} as const;
