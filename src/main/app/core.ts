import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppInfo } from '../../shared/contract';
import type { SettingsView } from '../../shared/settings';
import { createCatalogModule, type CatalogModule } from '../catalog/catalog.module';
import { ConnectionService } from '../connection/connection.service';
import { ConnectionChecksRepo } from '../db/connection-checks.repo';
import { defaultMigrationsDir, openDatabase, type AppDatabase } from '../db/database';
import { ensureDemoLibrary } from '../demo/demo-library';
import { DemoServer } from '../demo/demo-server';
import { createLibraryModule, type LibraryModule } from '../library/library.module';
import type { Prober } from '../library/library.service';
import { createVideoProber, locateFfprobe } from '../library/probe';
import { createFileLogger, type Logger } from '../logging/logger';
import { KeyringSecretStore } from '../secrets/keyring-secret-store';
import type { SecretStore } from '../secrets/secret-store';
import { ConfSettingsStore } from '../settings/conf-settings-store';
import { SettingsService } from '../settings/settings.service';
import type { SettingsStore } from '../settings/settings-store';
import { createDispatcher, EventHub, type Dispatcher, type Handlers } from './dispatcher';

/** ffprobe as found on this machine; a skipped ARCHIVIST_FFPROBE is logged, not fatal. */
function defaultProber(env: Record<string, string | undefined>, logger: Logger): Prober {
  const found = locateFfprobe(env);
  if (found.path !== null && found.message !== null)
    logger.warn('ffprobe', { message: found.message });
  return createVideoProber(found.path, { unavailableMessage: found.message });
}

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
  /** Reads video facts; default: ffprobe found by `locateFfprobe`. */
  prober?: Prober;
  /** Add sample recordings of the demo catalog as a storage folder in demo mode (default true). */
  demoSamples?: boolean;
  /** How long a video's size must stay put before it is used (default 5000 ms). */
  settleMs?: number;
}

export interface Core {
  readonly dispatcher: Dispatcher;
  readonly hub: EventHub;
  readonly settings: SettingsService;
  readonly connection: ConnectionService;
  readonly demo: DemoServer;
  readonly database: AppDatabase;
  readonly catalog: CatalogModule;
  readonly library: LibraryModule;
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

  const library = createLibraryModule({
    database,
    hub,
    logger,
    prober: platform.prober ?? defaultProber(platform.env, logger),
    ...(platform.settleMs === undefined ? {} : { settleMs: platform.settleMs }),
  });

  let demoLibrary: Promise<void> | null = null;
  async function ensureDemoRunning(): Promise<void> {
    if (settings.get().cablecast.mode !== 'demo') return;
    await demo.start();
    if (platform.demoSamples === false || demoLibrary !== null) return;
    // In the background: writing the sample videos takes a few seconds.
    demoLibrary = ensureDemoLibrary({
      dataDir: platform.dataDir,
      demo,
      library: library.service,
      logger,
    }).catch((error: unknown) => logger.warn('demo recordings could not be made', { error }));
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
      await ensureDemoRunning();
      return view();
    },
    ...catalog.handlers,
    ...library.handlers,
  };

  // Storage folders are rescanned in the background from the start.
  library.start();

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
    library,
    logger,
    async dispose() {
      // A running sync or scan stops between batches before the database it writes to closes.
      await catalog.dispose();
      await demoLibrary;
      await library.dispose();
      await demo.stop();
      database.close();
    },
  };
}
