import { errorMessage } from '../../shared/errors';
import { join, resolve } from 'node:path';
import { app, BrowserWindow, dialog, protocol, session, shell, type WebContents } from 'electron';
import type { AppEvents, EventName } from '../../shared/contract';
import type { DataLock, DataLockOptions } from '../app/data-lock';
import type { Dispatcher } from '../contract';
import type { MediaSource } from '../library/media-source';
import { APP_ENTRY_URL, MEDIA_SCHEME } from '../../shared/app-origin';
import { applyWebContentsGuards, denyAllPermissions, type GuardOptions } from './guards';
import type { SignInService } from '../access/sign-in.service';
import type { LocalApi } from '../host/local-api';
import { processProber, type StorageProber } from '../health/storage-probe';
import { DesktopIdentity } from './desktop-identity';
import { utilityProbeLauncher } from './storage-probe-launcher';
import { createTrustedWebContents, registerIpc } from './ipc';
import { handleMediaProtocol } from './media-protocol';
import { handleAppProtocol, registerPrivilegedSchemes } from './protocol';
import { notifyPublishing, publishJobHash } from './publish-notifications';
import { watchPublishQueue } from './publish-queue';
import { createAppTray, type AppTray } from './tray';
import { createMainWindow } from './window';

export interface ShellLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** What the Electron shell hands the core: the core never imports `electron`. */
export interface ElectronPlatform {
  dataDir: string;
  host: 'electron';
  appVersion: string;
  env: NodeJS.ProcessEnv;
  /** Storage folders are probed in Electron's utility process (no ELECTRON_RUN_AS_NODE). */
  storageProber?: StorageProber;
}

/** The part of the core the shell uses; `createCore` in `src/main/app/core.ts` returns more. */
export interface ShellCore {
  readonly dispatcher: Dispatcher;
  readonly logger?: ShellLogger;
  /** Where `archivist-media://recording/<id>` finds a recording's video. */
  readonly library: { readonly media: MediaSource };
  /** Single sign-on: with it, the desktop user signs in through the system browser when it is on. */
  readonly access?: { readonly signIn: SignInService };
  /** The REST API on 127.0.0.1, when Settings › Station host switches it on. */
  readonly localApi?: LocalApi;
  dispose(): Promise<void>;
}

export interface ShellOptions {
  createCore(platform: ElectronPlatform): Promise<ShellCore>;
  /**
   * Takes the data folder's lock (`acquireDataLock`), so the browser host or `archivist sync`
   * never write the folder while the app does; Electron's single-instance lock only keeps out
   * other copies of the app.
   */
  lockDataFolder(options: DataLockOptions): Promise<Pick<DataLock, 'release'>>;
  /** How long quitting waits for the core to close (the database, the demo server). */
  disposeTimeoutMs?: number;
}

const consoleLogger: ShellLogger = {
  warn: (message, fields) => console.warn(message, fields ?? ''),
  error: (message, fields) => console.error(message, fields ?? ''),
};

/** One line for the tray from a connection test: what an operator glancing at it needs. */
export function connectionStatusText(result: AppEvents['connection.tested']): string {
  if (result.ok) return result.siteName ? `Connected to ${result.siteName}` : 'Connected';
  return `Connection problem: ${result.problem?.message ?? 'the server did not answer'}`;
}

/** One line for the tray from a health report: healthy, or which services are down. */
export function healthStatusText(report: AppEvents['health.changed']['report']): string {
  const down = Object.entries(report.details)
    .filter(([, detail]) => detail.state === 'down')
    .map(([service]) => service);
  return down.length === 0 ? 'Healthy' : `Not healthy: ${down.join(', ')} down`;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Starts the desktop app: the order of the steps before `ready` is fixed by Electron (sandbox,
 * privileged schemes, single-instance lock); after `ready` it wires `app://`, the permission
 * handlers, the data folder's lock, the core, then the core's videos (`archivist-media://`), IPC,
 * the tray and the window.
 * It only wires; behaviour lives in the modules.
 */
export function startElectronShell(options: ShellOptions): void {
  // An explicit data folder (e2e tests give each test its own) moves Chromium's storage too, and
  // must be set before the single-instance lock, which is taken per data folder.
  const dataDirOverride = process.env.ARCHIVIST_DATA_DIR;
  if (dataDirOverride) app.setPath('userData', resolve(dataDirOverride));

  app.enableSandbox();
  registerPrivilegedSchemes(protocol);

  if (!app.requestSingleInstanceLock()) {
    // Another Archivist owns this data folder; it has been told to show its window.
    app.quit();
    return;
  }

  const appRoot = app.getAppPath();
  const paths = {
    renderer: join(appRoot, 'out', 'renderer'),
    preload: join(appRoot, 'out', 'preload', 'index.cjs'),
    trayIcon: join(appRoot, 'resources', 'tray-icon.png'),
    windowIcon: join(appRoot, 'resources', 'icon.png'),
  };

  let logger: ShellLogger = consoleLogger;
  const guardOptions: GuardOptions = {
    openExternal: (url) => shell.openExternal(url),
    warn: (message, fields) => logger.warn(message, fields),
  };
  const trusted = createTrustedWebContents();
  let corePromise: Promise<ShellCore | null> | null = null;
  let dataLock: Pick<DataLock, 'release'> | null = null;
  let booted = false;
  let mainWindow: BrowserWindow | null = null;
  let tray: AppTray | null = null;
  const teardown: Array<() => void> = [];
  let quitState: 'running' | 'disposing' | 'disposed' = 'running';

  /** Brings the window forward, opening it if needed; `hash` (`#/publish?job=7`) picks the screen. */
  function showMainWindow(hash?: string): void {
    // Before the core is up there is nothing to show; while quitting, a new window would be orphaned.
    if (!booted || quitState !== 'running') return;
    const url = hash === undefined ? undefined : `${APP_ENTRY_URL}${hash}`;
    if (mainWindow !== null && !mainWindow.isDestroyed()) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.show();
      mainWindow.focus();
      // Only the fragment differs from the page's address: Chromium moves within the page (the
      // renderer hears `popstate`), it does not reload it.
      if (url !== undefined) {
        mainWindow.loadURL(url).catch((error: unknown) => {
          logger.warn('the window could not show the screen asked for', { url, error });
        });
      }
      return;
    }
    const window = createMainWindow({
      ...guardOptions,
      preloadPath: paths.preload,
      iconPath: paths.windowIcon,
      trust: (contents: WebContents) => trusted.add(contents),
      error: (message, fields) => logger.error(message, fields),
      ...(url === undefined ? {} : { url }),
    });
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    mainWindow = window;
  }

  // Every WebContents, including ones we did not create on purpose, gets the same guards.
  app.on('web-contents-created', (_event, contents) =>
    applyWebContentsGuards(contents, guardOptions),
  );
  app.on('second-instance', () => showMainWindow());
  // macOS: clicking the dock icon with no window open brings one back.
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) showMainWindow();
  });
  app.on('window-all-closed', () => {
    // macOS apps stay in the dock with no window; elsewhere closing the window quits.
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('before-quit', (event) => {
    if (quitState === 'disposed') return;
    // `before-quit` cannot wait for a promise, so the quit is held back and asked for again once
    // the core has closed its database.
    event.preventDefault();
    if (quitState === 'disposing') return;
    quitState = 'disposing';
    void shutdown().finally(() => {
      quitState = 'disposed';
      app.quit();
    });
  });

  async function shutdown(): Promise<void> {
    for (const undo of teardown.splice(0).reverse()) {
      try {
        undo();
      } catch (error) {
        logger.warn('teardown step failed', { error });
      }
    }
    tray?.destroy();
    tray = null;
    const core = await (corePromise ?? Promise.resolve(null));
    if (core !== null) {
      try {
        // The REST API stops taking calls before the core it calls closes.
        await core.localApi?.close();
        await withTimeout(core.dispose(), options.disposeTimeoutMs ?? 10_000, 'Closing the core');
      } catch (error) {
        logger.error('the core did not close cleanly', { error });
      }
    }
    releaseDataFolder();
  }

  function releaseDataFolder(): void {
    try {
      dataLock?.release();
    } catch (error) {
      logger.warn('the data folder lock could not be removed', { error });
    }
    dataLock = null;
  }

  async function boot(): Promise<void> {
    denyAllPermissions(session.defaultSession);
    handleAppProtocol(protocol, paths.renderer);

    const dataDir = app.getPath('userData');
    corePromise = (async () => {
      // Before the core opens the folder; a refusal names the process that holds it.
      dataLock = await options.lockDataFolder({
        dataDir,
        command: 'desktop app',
        remedy: 'Stop it first, then open Archivist again.',
      });
      return options.createCore({
        dataDir,
        host: 'electron',
        appVersion: app.getVersion(),
        env: process.env,
        storageProber: processProber(utilityProbeLauncher(dataDir)),
      });
    })().catch((error: unknown) => {
      releaseDataFolder();
      fail(error);
      return null;
    });
    const core = await corePromise;
    if (core === null) return;
    if (core.logger) logger = core.logger;
    if (quitState !== 'running') return;

    handleMediaProtocol(protocol, core.library.media);
    // Once the core is closing, its library can no longer answer for a recording.
    teardown.push(() => protocol.unhandle(MEDIA_SCHEME));
    teardown.push(
      registerIpc({
        dispatcher: core.dispatcher,
        trusted,
        warn: (message, fields) => logger.warn(message, fields),
        ...(core.access
          ? {
              identity: new DesktopIdentity(core.access.signIn, (url) => shell.openExternal(url)),
            }
          : {}),
      }),
    );

    const localApi = core.localApi;
    if (localApi) {
      void localApi.apply();
      teardown.push(
        core.dispatcher.subscribe((name) => {
          if (name === 'settings.changed') void localApi.apply();
        }),
      );
    }

    // The queue's first answer comes after the tray exists: `publish.list` is awaited.
    const queue = watchPublishQueue({
      dispatcher: core.dispatcher,
      show: (status) => tray?.showQueue(status),
      warn: (message, fields) => logger.warn(message, fields),
    });
    teardown.push(() => queue.stop());
    const appTray = createAppTray({
      iconPath: paths.trayIcon,
      onOpen: () => showMainWindow(),
      onQuit: () => app.quit(),
      onPauseQueue: (pause) => void queue.setPaused(pause),
      initialStatus: 'Ready',
    });
    tray = appTray;
    teardown.push(
      notifyPublishing({
        dispatcher: core.dispatcher,
        openJob: (jobId) => showMainWindow(publishJobHash(jobId)),
        openShows: () => showMainWindow('#/shows'),
        openHealth: () => showMainWindow('#/health'),
        iconPath: paths.windowIcon,
        warn: (message, fields) => logger.warn(message, fields),
      }),
    );
    teardown.push(
      core.dispatcher.subscribe(<E extends EventName>(name: E, payload: AppEvents[E]) => {
        if (name === 'connection.tested') {
          appTray.updateTrayStatus(connectionStatusText(payload as AppEvents['connection.tested']));
        }
        if (name === 'health.changed') {
          appTray.updateTrayStatus(
            healthStatusText((payload as AppEvents['health.changed']).report),
          );
        }
      }),
    );

    booted = true;
    showMainWindow();
  }

  function fail(error: unknown): void {
    const message = errorMessage(error);
    logger.error('Archivist could not start', { error });
    // The operator sees why (a database from a newer version, a locked folder) instead of nothing.
    dialog.showErrorBox('Archivist could not start', message);
    app.exit(1);
  }

  app
    .whenReady()
    .then(boot)
    .catch((error: unknown) => fail(error));
}
