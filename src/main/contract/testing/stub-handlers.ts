import { DEFAULT_SETTINGS, type SettingsView } from '../../../shared/settings';
import { METHOD_NAMES } from '../../../shared/contract';
import { localCaller, type Caller } from '../caller';
import type { Handlers } from '../dispatcher';

/** A settings view with the built-in defaults, for tests and benchmarks of the shells. */
export const sampleSettingsView: SettingsView = {
  settings: DEFAULT_SETTINGS,
  fromEnvironment: {},
  sources: {},
  passwordSet: false,
  passwordFromEnvironment: false,
  warnings: [],
};

/**
 * Handlers for testing a shell (IPC, HTTP) without the core: settings calls answer the sample
 * view, every other method throws unless a test overrides it.
 */
export function stubHandlers(overrides: Partial<Handlers> = {}): Handlers {
  const all = Object.fromEntries(
    METHOD_NAMES.map((method) => [
      method,
      () => {
        throw new Error(`${method} is not used in this test`);
      },
    ]),
  ) as unknown as Handlers;
  return {
    ...all,
    'settings.get': () => sampleSettingsView,
    'settings.update': () => sampleSettingsView,
    ...overrides,
  };
}

/** The desktop app's user, as the tests of the core and the shells call with. */
export const desktopUser: Caller = localCaller('desktop-user', 'ipc');
