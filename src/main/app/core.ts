import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppInfo } from '../../shared/contract';
import type { SettingsView } from '../../shared/settings';
import { createCatalogModule, type CatalogModule } from '../catalog/catalog.module';
import { ConnectionService } from '../connection/connection.service';
import { ConnectionChecksRepo } from '../db/connection-checks.repo';
import { defaultMigrationsDir, openDatabase, type AppDatabase } from '../db/database';
import { DemoServer } from '../demo/demo-server';
import { createFileLogger, type Logger } from '../logging/logger';
import { KeyringSecretStore } from '../secrets/keyring-secret-store';
import type { SecretStore } from '../secrets/secret-store';
import { ConfSettingsStore } from '../settings/conf-settings-store';
import { SettingsService } from '../settings/settings.service';
import type { SettingsStore } from '../settings/settings-store';
import { createDispatcher, EventHub, type Dispatcher, type Handlers } from './dispatcher';

/** What the platform (Electron, the browser host, a test) hands the core. */
export interface CorePlatform {
  dataDir: string;
  host: 'electron' | 'browser';
  appVersion: string;
  env: Record<string, string | undefined>;
  secrets?: SecretStore;
  settingsStore?: SettingsStore;
  migrationsDir?: string;
  logger?: Logger;
  /** Shows seeded into the demo server. */
  demoShows?: number;
}

export interface Core {
  readonly dispatcher: Dispatcher;
  readonly hub: EventHub;
  readonly settings: SettingsService;
  readonly connection: ConnectionService;
  readonly demo: DemoServer;
  readonly database: AppDatabase;
  readonly catalog: CatalogModule;
  readonly logger: Logger;
  dispose(): Promise<void>;
}

/**
 * The composition root: opens the store, builds the services, and registers the contract's
 * handlers. It only wires; the shells (Electron, browser host, CLI) decide how calls arrive.
 */
export async function createCore(platform: CorePlatform): Promise<Core> {
  mkdirSync(platform.dataDir, { recursive: true });
  const logger =
    platform.logger ??
    createFileLogger({ file: join(platform.dataDir, 'logs', 'archivist.log'), echo: true });
  const hub = new EventHub();
  const database = openDatabase({
    file: join(platform.dataDir, 'archivist.sqlite'),
    migrationsDir: platform.migrationsDir ?? defaultMigrationsDir(),
  });
  const secrets = platform.secrets ?? new KeyringSecretStore();
  const demo = new DemoServer({ shows: platform.demoShows ?? 2_000 });
  const settings = new SettingsService({
    store: platform.settingsStore ?? new ConfSettingsStore({ dataDir: platform.dataDir }),
    secrets,
    env: platform.env,
    // Subscribers get the view the renderer would ask for (with the demo server's live address).
    onChange: () => {
      view().then(
        (v) => hub.emit('settings.changed', v),
        (error: unknown) => logger.warn('settings view failed', { error }),
      );
    },
  });
  try {
    const warnings = await settings.init();
    for (const warning of warnings) logger.warn('settings', { warning });
  } catch (error) {
    database.close();
    throw error;
  }
  const connection = new ConnectionService({
    settings,
    demo,
    checks: new ConnectionChecksRepo(database),
    hub,
    logger,
  });

  const catalog = createCatalogModule({
    database,
    hub,
    logger,
    client: () => connection.client(),
    locationId: () => settings.get().cablecast.locationId,
  });

  async function ensureDemoRunning(): Promise<void> {
    if (settings.get().cablecast.mode === 'demo') await demo.start();
  }
  await ensureDemoRunning();

  async function view(): Promise<SettingsView> {
    const v = await settings.view();
    // The demo server's address changes every run, so it is shown, never saved.
    if (v.settings.cablecast.mode === 'demo' && demo.url) {
      v.settings.cablecast.serverUrl = demo.url;
      v.settings.cablecast.username = 'demo';
    }
    return v;
  }

  const handlers: Handlers = {
    'app.info': (): AppInfo => ({
      name: 'Archivist Desktop',
      version: platform.appVersion,
      host: platform.host,
      dataDir: platform.dataDir,
      demoServerUrl: demo.url,
    }),
    'settings.get': () => view(),
    'settings.update': async (patch) => {
      await settings.update(patch);
      await ensureDemoRunning();
      return view();
    },
    'connection.setPassword': async ({ password }) => {
      await settings.setPassword(password);
      return view();
    },
    'connection.clearPassword': async () => {
      await settings.clearPassword();
      return view();
    },
    'connection.test': () => connection.test(),
    'demo.use': async () => {
      await demo.start();
      await settings.update({ cablecast: { mode: 'demo' } });
      return view();
    },
    ...catalog.handlers,
  };

  const dispatcher = createDispatcher(handlers, hub, (method, info, error) => {
    if (info.code === 'INTERNAL') logger.error('handler failed', { method, error });
  });

  return {
    dispatcher,
    hub,
    settings,
    connection,
    demo,
    database,
    catalog,
    logger,
    async dispose() {
      // A running sync stops between batches before the database it writes to closes.
      await catalog.dispose();
      await demo.stop();
      database.close();
    },
  };
}
