import { errorMessage } from '../../shared/errors';
import type * as Keyring from '@napi-rs/keyring';
import type { AsyncEntry, EntryOptions, LinuxStore } from '@napi-rs/keyring';
import { AppError } from '../../shared/result';
import { assertSecretKey, type SecretStore } from './secret-store';

const DEFAULT_KEYCHAIN_SERVICE = 'archivist-desktop';
const DEFAULT_TIMEOUT_MS = 60_000;

interface KeyringSecretStoreOptions {
  /** The keychain's "service" (grouping) name. Tests pass a unique one so they never touch a user's entries. */
  service?: string;
  /**
   * How long to wait for the keychain. Generous by default, because a desktop keychain may be
   * waiting for the person to type their login password into an unlock prompt.
   */
  timeoutMs?: number;
  /**
   * Linux only. The library's default silently falls back from the Secret Service to the kernel
   * keyring, which forgets everything at reboot: a password that vanishes overnight is worse than a
   * clear error now, so the app pins the Secret Service.
   */
  linuxStore?: LinuxStore;
  /** For the wording of hints; defaults to this machine's. */
  platform?: NodeJS.Platform;
}

type KeyringModule = typeof Keyring;

let keyringModule: Promise<KeyringModule> | null = null;
/**
 * Loaded on first use rather than at import: a native module that cannot load on some machine
 * should fail the keychain call with a message, not the whole app at start-up.
 */
function loadKeyring(): Promise<KeyringModule> {
  keyringModule ??= import('@napi-rs/keyring');
  return keyringModule;
}

function unavailableHint(platform: NodeJS.Platform): string {
  switch (platform) {
    case 'darwin':
      return 'Unlock the login keychain (Keychain Access) and allow Archivist Desktop to use it.';
    case 'win32':
      return 'Check that Windows Credential Manager is available for this user.';
    default:
      return (
        'No Secret Service answered on D-Bus, or its keyring is locked. On a desktop, sign in to a ' +
        "session with GNOME Keyring or KWallet (or enable KeePassXC's Secret Service) and unlock it. " +
        'On a server or in a container: apt-get install dbus gnome-keyring, then run the app under ' +
        'scripts/with-secret-service.sh.'
      );
  }
}

const UNAVAILABLE_PATTERN =
  /platform storage|platform failure|no storage access|d-?bus|org\.freedesktop|secret service|no result found|locked|not available|cannot autolaunch/i;

/** Keychain errors say little; these are the ones a person can act on. Never includes a secret. */
function explain(error: unknown, action: string, key: string, platform: NodeJS.Platform): AppError {
  if (error instanceof AppError) return error;
  const reason = errorMessage(error);
  if (UNAVAILABLE_PATTERN.test(reason) || /cannot find module|failed to load/i.test(reason)) {
    return new AppError(
      'UNAVAILABLE',
      `The system keychain is not available, so the ${action} of "${key}" failed (${reason}). ${unavailableHint(platform)}`,
      undefined,
      { cause: error },
    );
  }
  if (/ambiguous/i.test(reason)) {
    return new AppError(
      'CONFLICT',
      `More than one keychain entry matches "${key}"; remove the extra ones in the system's keychain manager.`,
      undefined,
      { cause: error },
    );
  }
  if (/too long|invalid/i.test(reason)) {
    return new AppError('INVALID_ARGUMENT', `The keychain refused "${key}": ${reason}.`, 'key', {
      cause: error,
    });
  }
  return new AppError(
    'INTERNAL',
    `The keychain ${action} of "${key}" failed: ${reason}`,
    undefined,
    { cause: error },
  );
}

/** The OS keychain through @napi-rs/keyring: macOS Keychain, Windows Credential Manager, Linux Secret Service. */
export class KeyringSecretStore implements SecretStore {
  readonly service: string;
  private readonly timeoutMs: number;
  private readonly entryOptions: EntryOptions;
  private readonly platform: NodeJS.Platform;

  constructor(options: KeyringSecretStoreOptions = {}) {
    this.service = options.service ?? DEFAULT_KEYCHAIN_SERVICE;
    if (this.service === '')
      throw new AppError('INVALID_ARGUMENT', 'The keychain service name is empty.', 'service');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.entryOptions = { linux: { store: options.linuxStore ?? 'secret-service' } };
    this.platform = options.platform ?? process.platform;
  }

  private async run<T>(
    key: string,
    action: string,
    fn: (entry: AsyncEntry, signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    assertSecretKey(key);
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const { AsyncEntry: Entry } = await loadKeyring();
      return await fn(new Entry(this.service, key, this.entryOptions), signal);
    } catch (error) {
      if (signal.aborted) {
        throw new AppError(
          'TIMEOUT',
          `The system keychain did not answer within ${Math.round(this.timeoutMs / 1000)} s (${action} of "${key}"). It may be waiting for you to unlock it.`,
          undefined,
          { cause: error },
        );
      }
      throw explain(error, action, key, this.platform);
    }
  }

  get(key: string): Promise<string | null> {
    return this.run(key, 'reading', (entry, signal) => entry.getPassword(signal));
  }

  set(key: string, value: string): Promise<void> {
    return this.run(key, 'saving', (entry, signal) => entry.setPassword(value, signal));
  }

  delete(key: string): Promise<boolean> {
    return this.run(key, 'removal', (entry, signal) => entry.deleteCredential(signal));
  }
}
