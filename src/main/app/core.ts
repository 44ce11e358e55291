import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AppInfo } from '../../shared/contract';
import { createCatalogModule, type CatalogModule } from '../catalog/catalog.module';
import { ServerChangeWatch, serverIdentity } from './server-change';
import { createWebhooksModule } from '../webhooks/webhooks.module';
import { createAccessModule, type AccessModule } from '../access/access.module';
import { createAnalyticsModule } from '../analytics/analytics.module';
import { createHealthModule, type HealthModule } from '../health/health.module';
import { childProcessProber, type StorageProber } from '../health/storage-probe';
import { testConnection } from '../cablecast';
import { transcriptionCompletedData, vodPublishedData } from '../webhooks/webhook-events';
import { createConnectionModule } from '../connection/connection.module';
import type { ConnectionService } from '../connection/connection.service';
import {
  createDispatcher,
  EventHub,
  type CoreModule,
  type Dispatcher,
  type Handlers,
} from '../contract';
import { defaultMigrationsDir, openDatabase, type AppDatabase } from '../db/database';
import { JobRunner, machineTimeZone, Scheduler } from '../jobs';
import { createSchedulesModule, type SchedulesModule } from '../jobs/schedules.module';
import { createDemoModules } from '../demo/demo.module';
import type { DemoServer } from '../demo/demo-server';
import {
  createLibraryModule,
  RESCAN_SCHEDULE,
  type LibraryModule,
} from '../library/library.module';
import {
  createPublishingModule,
  type PublishingModule,
  type PublishingModuleOptions,
} from '../publishing/publishing.module';
import type { Prober } from '../library/library.service';
import { createVideoProber, locateFfprobe } from '../library/probe';
import { createFileLogger, LOG_FILE_NAME, logFileOf, type Logger } from '../logging/logger';
import { KeyringSecretStore } from '../secrets/keyring-secret-store';
import type { SecretStore } from '../secrets/secret-store';
import { ConfSettingsStore } from '../settings/conf-settings-store';
import { createSettingsModule } from '../settings/settings.module';
import type { SettingsService } from '../settings/settings.service';
import type { SettingsStore } from '../settings/settings-store';

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
  /**
   * Where the log files go (the desktop app: the platform's logs folder, `app.getPath('logs')`);
   * default `logs` in the data folder.
   */
  logsDir?: string;
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
  /** How storage folders are probed for the health checks (a child process by default). */
  storageProber?: StorageProber;
  prober?: Prober;
  /** Add sample recordings of the demo catalog as a storage folder in demo mode (default true). */
  demoSamples?: boolean;
  /** How long a video's size must stay put before it is used (default 5000 ms). */
  settleMs?: number;
  /** The publish queue's timings (tests and the crash test shorten them). */
  publishingTuning?: PublishingModuleOptions['tuning'];
  /** Epoch ms for the job runner and the scheduler; tests move it. Default: the system clock. */
  now?: () => number;
  /**
   * False for the command line: no schedule runs in this process (not even one the app left
   * queued), so `archivist publish` does only what it was asked. Default true.
   */
  runSchedules?: boolean;
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
  readonly publishing: PublishingModule;
  readonly schedules: SchedulesModule;
  /** The one durable job runner: publishing, scheduled runs (and later webhook deliveries). */
  readonly runner: JobRunner;
  readonly health: HealthModule;
  /** API tokens and the audit trail: the browser host asks it who a bearer is. */
  readonly access: AccessModule;
  readonly logger: Logger;
  /** The folder of the log files (`archivist.log` and its rotated `.1` … `.5`), to open for IT. */
  readonly logsDir: string;
  /** The modules in start order. */
  readonly modules: readonly CoreModule<never>[];
  dispose(): Promise<void>;
}

/**
 * The composition root: opens the store, builds each domain's module, merges their handlers into
 * the dispatcher, and starts them in order (disposing them in reverse). It only wires; the shells
 * (Electron, browser host, CLI) decide how calls arrive and who makes them.
 */
export async function createCore(platform: CorePlatform): Promise<Core> {
  mkdirSync(platform.dataDir, { recursive: true });
  const logger =
    platform.logger ??
    createFileLogger({
      file: join(platform.logsDir ?? join(platform.dataDir, 'logs'), LOG_FILE_NAME),
      echo: true,
    });
  // The file the logger says it writes (a command passes its own), else where ours would be.
  const logFile =
    logFileOf(logger) ?? join(platform.logsDir ?? join(platform.dataDir, 'logs'), LOG_FILE_NAME);
  const logsDir = dirname(logFile);
  const hub = new EventHub();
  const database = openDatabase({
    file: join(platform.dataDir, 'archivist.sqlite'),
    migrationsDir: platform.migrationsDir ?? defaultMigrationsDir(),
  });

  const now = platform.now ?? Date.now;
  // One runner for every kind of durable work; each module registers its kinds while it is built,
  // and the runner starts last, once a paused queue has been paused.
  const runner = new JobRunner({
    database,
    logger,
    now,
    ...(platform.publishingTuning?.runnerPollMs === undefined
      ? {}
      : { pollMs: platform.publishingTuning.runnerPollMs }),
  });
  const secrets = platform.secrets ?? new KeyringSecretStore();
  const settings = createSettingsModule({
    store: platform.settingsStore ?? new ConfSettingsStore({ dataDir: platform.dataDir }),
    secrets,
    env: platform.env,
    hub,
    logger,
    present: (view) => demo.present(view),
    applied: async () => {
      await demo.ensureRunning();
      return serverChange.check();
    },
    schedules: () => ({
      list: () => scheduler.settings(),
      check: (list) => scheduler.checkSettings(list),
      apply: (list) => scheduler.applySettings(list),
    }),
    now: () => new Date(now()),
  });
  const connection = createConnectionModule({
    database,
    settings: settings.service,
    view: () => settings.view(),
    demoEndpoint: () => demo.demo.start(),
    hub,
    logger,
  });
  const catalog = createCatalogModule({
    database,
    hub,
    logger,
    client: () => connection.service.client(),
    locationId: () => settings.service.get().cablecast.locationId,
    serverKey: () => serverIdentity(settings.service.get().cablecast),
    now: () => new Date(now()),
  });
  const webhooks = createWebhooksModule({
    database,
    runner,
    secrets,
    settings: () => settings.service.get().webhooks,
    hub,
    logger,
    env: platform.env,
    now,
  });
  const library = createLibraryModule({
    database,
    hub,
    logger,
    shows: catalog.shows,
    prober: platform.prober ?? defaultProber(platform.env, logger),
    ...(platform.settleMs === undefined ? {} : { settleMs: platform.settleMs }),
    // The Transcriptions screen's rescan choice is the schedule's interval.
    rescan: {
      intervalSec: () => {
        const spec = scheduler.view(RESCAN_SCHEDULE).spec;
        return spec.kind === 'interval' ? spec.seconds : null;
      },
      setIntervalSec: (seconds) =>
        void scheduler.setSpec(RESCAN_SCHEDULE, { kind: 'interval', seconds }),
    },
    announce: (event) =>
      void webhooks.service.record('transcription.completed', transcriptionCompletedData(event)),
  });
  const demo = createDemoModules({
    dataDir: platform.dataDir,
    shows: platform.demoShows ?? 2_000,
    samples: platform.demoSamples !== false,
    settings: settings.service,
    view: () => settings.view(),
    library: library.service,
    logger,
    switched: () => serverChange.check(),
  });
  const publishing = createPublishingModule({
    database,
    runner,
    hub,
    logger,
    dataDir: platform.dataDir,
    library: library.service.publishing,
    catalog: catalog.repo,
    shows: catalog.shows,
    settings: settings.service,
    client: () => connection.service.client(),
    ...(platform.publishingTuning === undefined ? {} : { tuning: platform.publishingTuning }),
    announce: (event) => void webhooks.service.record('vod.published', vodPublishedData(event)),
  });
  const health = createHealthModule({
    database,
    dataDir: platform.dataDir,
    databaseFile: join(platform.dataDir, 'archivist.sqlite'),
    settings: () => settings.service.get().health,
    cablecast: async () => {
      const client = await connection.service.client();
      return client ? testConnection(client, { configured: true }) : null;
    },
    vod: () => publishing.service.pipelineHealth(),
    webhooks: () => webhooks.service.health(),
    storageFolders: () => library.service.status().folders.map((f) => f.path),
    prober: platform.storageProber ?? childProcessProber(),
    hub,
    logger,
    now,
    alert: (alert) => void webhooks.service.record('system.alert', alert),
    diagnostics: {
      appVersion: platform.appVersion,
      host: platform.host,
      logFile,
      // As `settings.get` answers them: no password, client secret, webhook secret or token.
      settings: () => settings.view(),
    },
  });
  const access = createAccessModule({
    database,
    logger,
    now,
    settings: () => settings.service.get().sso,
    secrets,
    env: platform.env,
  });
  const analytics = createAnalyticsModule({
    history: (from, to) => publishing.service.history(from, to),
    recordings: () => library.service.coverage(),
    shows: catalog.shows,
    views: catalog.views,
    lastSyncAt: () => {
      const status = catalog.sync.status();
      const times = [status.lastFullSyncAt, status.lastIncrementalSyncAt].filter(
        (t): t is string => t !== null,
      );
      return times.sort().at(-1) ?? null;
    },
    timeZone: () => settings.service.get().schedules.timeZone || machineTimeZone(),
    now: () => new Date(now()),
  });
  const serverChange = new ServerChangeWatch({
    settings: () => settings.service.get().cablecast,
    logger,
    work: {
      syncRunning: () => catalog.sync.status().running,
      cancelSync: async () => {
        catalog.sync.cancel();
        await catalog.sync.whenIdle();
      },
      cancelMetadataSync: (reason) => catalog.edits.cancelRun(reason),
      holdPublishing: () => publishing.service.holdForServerChange(),
    },
  });
  const app: CoreModule<'app.info'> = {
    name: 'app',
    handlers: {
      'app.info': (): AppInfo => ({
        name: 'Archivist Desktop',
        version: platform.appVersion,
        host: platform.host,
        dataDir: platform.dataDir,
        demoServerUrl: demo.demo.url,
      }),
    },
    start() {},
    async dispose() {},
  };

  const scheduler = new Scheduler({
    database,
    runner,
    logger,
    now,
    timeZone: () => settings.service.get().schedules.timeZone || machineTimeZone(),
    onChange: () => hub.emit('schedules.changed', scheduler.status()),
  });
  const schedules = createSchedulesModule({
    scheduler,
    hub,
    run: platform.runSchedules !== false,
  });
  const jobs: CoreModule = {
    name: 'jobs',
    handlers: {},
    start: () => runner.start(),
    dispose: () => runner.dispose(),
  };

  // Start order; disposal runs in reverse, so the job runner stops its running jobs first, then a
  // running sync or scan stops between batches before the demo server it talks to stops and the
  // database it writes to closes.
  const modules = [
    app,
    settings,
    connection,
    demo.server,
    catalog,
    library,
    publishing,
    webhooks,
    health,
    analytics,
    access,
    demo.recordings,
    schedules,
    jobs,
  ] as const;

  const handlers: Handlers = {
    ...app.handlers,
    ...settings.handlers,
    ...connection.handlers,
    ...demo.server.handlers,
    ...catalog.handlers,
    ...library.handlers,
    ...publishing.handlers,
    ...schedules.handlers,
    ...webhooks.handlers,
    ...health.handlers,
    ...analytics.handlers,
    ...access.handlers,
  };

  const started: CoreModule<never>[] = [];
  async function dispose(): Promise<void> {
    for (const module of started.reverse()) {
      try {
        await module.dispose();
      } catch (error) {
        logger.error('module dispose failed', { module: module.name, error });
      }
    }
    database.close();
  }
  try {
    for (const module of modules) {
      for (const definition of 'schedules' in module ? (module.schedules ?? []) : []) {
        scheduler.define(definition);
      }
    }
    // An interval an earlier version kept for the rescan becomes the schedule's, once.
    const savedRescan = library.service.takeSavedRescanInterval();
    if (savedRescan !== null && scheduler.view(RESCAN_SCHEDULE).isDefault) {
      scheduler.setSpec(RESCAN_SCHEDULE, { kind: 'interval', seconds: savedRescan });
    }
    for (const module of modules) {
      started.push(module);
      await module.start();
    }
  } catch (error) {
    await dispose();
    throw error;
  }

  const dispatcher = createDispatcher(handlers, hub, {
    onError: (method, info, error) => {
      if (info.code === 'INTERNAL') logger.error('handler failed', { method, error });
    },
    audit: (call) => access.service.recordCall(call),
  });

  return {
    dispatcher,
    hub,
    settings: settings.service,
    connection: connection.service,
    demo: demo.demo,
    database,
    catalog,
    library,
    publishing,
    schedules,
    runner,
    health,
    access,
    logger,
    logsDir,
    modules,
    dispose,
  };
}
