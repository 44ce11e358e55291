import type { SettingsView } from '../../shared/settings';
import type { CoreModule, EventHub } from '../contract';
import type { AppDatabase } from '../db/database';
import type { Logger } from '../logging/logger';
import type { SettingsService } from '../settings/settings.service';
import { ConnectionChecksRepo } from './connection-checks.repo';
import { ConnectionService, type ServerEndpoint } from './connection.service';

type ConnectionMethod = 'connection.setPassword' | 'connection.clearPassword' | 'connection.test';

interface ConnectionModule extends CoreModule<ConnectionMethod> {
  readonly service: ConnectionService;
}

interface ConnectionModuleOptions {
  database: AppDatabase;
  settings: SettingsService;
  /** The settings view after a password change. */
  view: () => Promise<SettingsView>;
  /** The demo server's address and account, started on demand (the demo mode's server). */
  demoEndpoint: () => Promise<ServerEndpoint>;
  hub: EventHub;
  logger: Logger;
}

/** The Cablecast connection: the client built from the settings, the password, Test connection. */
export function createConnectionModule(options: ConnectionModuleOptions): ConnectionModule {
  const { settings, view } = options;
  const service = new ConnectionService({
    settings,
    demoEndpoint: options.demoEndpoint,
    checks: new ConnectionChecksRepo(options.database),
    hub: options.hub,
    logger: options.logger,
  });
  return {
    name: 'connection',
    service,
    handlers: {
      'connection.setPassword': async ({ password }) => {
        await settings.setPassword(password);
        return view();
      },
      'connection.clearPassword': async () => {
        await settings.clearPassword();
        return view();
      },
      'connection.test': () => service.test(),
    },
    start() {},
    async dispose() {},
  };
}
