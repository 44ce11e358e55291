import { errorMessage } from '../../shared/errors';
import { join, resolve } from 'node:path';
import {
  app,
  type BrowserWindow,
  dialog,
  Notification,
  powerMonitor,
  protocol,
  screen,
  session,
  shell,
  type WebContents,
} from 'electron';
import type { AppEvents, EventName } from '../../shared/contract';
import type { PublishQueueStatus } from '../../shared/publishing';
import type { DesktopSettings } from '../../shared/settings';
import type { DataLock, DataLockOptions } from '../app/data-lock';
import type { Dispatcher } from '../contract';
import type { MediaSource } from '../library/media-source';
import { APP_ENTRY_URL, MEDIA_SCHEME } from '../../shared/app-origin';
import { DATA_FOLDER_NAME } from '../app/paths';
import { applyWebContentsGuards, denyAllPermissions, type GuardOptions } from './guards';
import type { SignInService } from '../access/sign-in.service';
import type { LocalApi } from '../host/local-api';
import { processProber, type StorageProber } from '../health/storage-probe';
import { DesktopIdentity } from './desktop-identity';
import { callAsDesktopUser } from './desktop-user';
import { applyStartAtLogin, startedHidden } from './login-item';
import { confirmQuit, jobsInFlight, keepInTrayWhileBusy } from './quit-guard';
import {
  createUpdateService,
  updateStatusText,
  type CancellationLike,
  type UpdateService,
  type UpdaterPort,
} from './updater';
import { placeWindow, readWindowState, trackWindowState, writeWindowState } from './window-state';
import { utilityProbeLauncher } from './storage-probe-launcher';
import { createTrustedWebContents, registerIpc } from './ipc';
import { handleMediaProtocol } from './media-protocol';
import { handleAppProtocol, registerPrivilegedSchemes } from './protocol';
import { notifyPublishing, publishJobHash } from './publish-notifications';
import { watchPublishQueue } from './publish-queue';
import { createAppTray, type AppTray } from './tray';
import { createMainWindow, DEFAULT_WINDOW_SIZE } from './window';

export interface ShellLogger {
  info?(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** What the Electron shell hands the core: the core never imports `electron`. */
export interface ElectronPlatform {
  dataDir: string;
  host: 'electron';
  appVersion: string;
  env: NodeJS.ProcessEnv;
  /** The platform's folder for the app's logs (`app.getPath('logs')`). */
  logsDir: string;
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
  /** Where the core writes its logs; the tray opens it. */
  readonly logsDir?: string;
  dispose(): Promise<void>;
}

/** electron-updater's `autoUpdater` and its cancellation tokens; a test hands in a fake. */
export interface UpdaterHandle {
  updater: UpdaterPort;
  newCancellation: () => CancellationLike;
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
  /** The updater, created once the app is ready; none: updates are not offered. */
  createUpdater?(): UpdaterHandle | null;
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
  // The installed app names its folder as a clone and `archivist serve` do (`archivist-desktop`),
  // not by the product name electron-builder gives it, so all of them share one data folder.
  else if (app.isPackaged) app.setPath('userData', join(app.getPath('appData'), DATA_FOLDER_NAME));

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
  // Started by the login item: the tray only, until the operator opens the window.
  const startHidden = startedHidden();

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
  /** The queue as the core last reported it; null until it has. */
  let queueStatus: PublishQueueStatus | null = null;
  /** The operator said "Quit anyway", or the computer is shutting down: no more questions. */
  let quitConfirmed = false;
  let askingToQuit = false;
  let windowStateFile: string | null = null;
  const stayInTray = keepInTrayWhileBusy({
    inFlight: () => jobsInFlight(queueStatus),
    quitting: () => quitConfirmed || quitState !== 'running',
    iconPath: paths.windowIcon,
  });

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
    const stateFile = windowStateFile;
    const placement = placeWindow(
      stateFile === null ? null : readWindowState(stateFile),
      screen.getAllDisplays(),
      screen.getPrimaryDisplay(),
      DEFAULT_WINDOW_SIZE,
    );
    const window = createMainWindow({
      ...guardOptions,
      preloadPath: paths.preload,
      iconPath: paths.windowIcon,
      trust: (contents: WebContents) => trusted.add(contents),
      error: (message, fields) => logger.error(message, fields),
      placement,
      ...(url === undefined ? {} : { url }),
    });
    stayInTray(window);
    // Windows is ending the session (shutdown, sign-out): quit without asking.
    window.on('session-end', () => {
      quitConfirmed = true;
    });
    const untrack =
      stateFile === null
        ? () => undefined
        : trackWindowState(window, (state) => writeWindowState(stateFile, state), {
            warn: (message, fields) => logger.warn(message, { ...fields }),
          });
    window.on('closed', () => {
      untrack();
      if (mainWindow === window) mainWindow = null;
    });
    mainWindow = window;
  }

  // Every WebContents, including ones we did not create on purpose, gets the same guards.
  app.on('web-contents-created', (_event, contents) =>
    applyWebContentsGuards(contents, guardOptions),
  );
  app.on('second-instance', () => showMainWindow());
  // macOS: clicking the dock icon brings the window back, whether it was closed or hidden in the
  // tray while publishing.
  app.on('activate', () => showMainWindow());
  app.on('window-all-closed', () => {
    // macOS apps stay in the dock with no window; elsewhere closing the window quits.
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('before-quit', (event) => {
    if (quitState === 'disposed') return;
    // `before-quit` cannot wait for a promise, so the quit is held back and asked for again once
    // the core has closed its database.
    event.preventDefault();
    if (quitState === 'disposing' || askingToQuit) return;
    const inFlight = jobsInFlight(queueStatus);
    if (inFlight > 0 && !quitConfirmed) {
      askingToQuit = true;
      confirmQuit(inFlight, mainWindow)
        .then((quit) => {
          askingToQuit = false;
          if (!quit) return;
          quitConfirmed = true;
          app.quit();
        })
        .catch((error: unknown) => {
          askingToQuit = false;
          logger.warn('the quit question could not be asked', { error });
        });
      return;
    }
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
    windowStateFile = join(dataDir, 'window-state.json');
    const logsDir = app.getPath('logs');
    // The computer is shutting down (Linux, macOS): no question would be answered.
    const onShutdown = () => {
      quitConfirmed = true;
      app.quit();
    };
    powerMonitor.on('shutdown', onShutdown);
    teardown.push(() => powerMonitor.removeListener('shutdown', onShutdown));
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
        logsDir,
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

    const updates = startUpdates();
    // The queue's first answer comes after the tray exists: `publish.list` is awaited.
    const queue = watchPublishQueue({
      dispatcher: core.dispatcher,
      show: (status) => {
        queueStatus = status;
        tray?.showQueue(status);
        updates?.setQueueBusy(jobsInFlight(status) > 0);
      },
      warn: (message, fields) => logger.warn(message, fields),
    });
    teardown.push(() => queue.stop());
    const coreLogs = core.logsDir ?? logsDir;
    const appTray = createAppTray({
      iconPath: paths.trayIcon,
      onOpen: () => showMainWindow(),
      onQuit: () => app.quit(),
      onPauseQueue: (pause) => void queue.setPaused(pause),
      onOpenLogs: () => {
        void shell.openPath(coreLogs).then((problem) => {
          if (problem) logger.warn('the logs folder could not be opened', { problem });
        });
      },
      ...(updates ? { onCheckUpdates: () => updates.checkNow() } : {}),
      initialStatus: 'Ready',
    });
    tray = appTray;
    // Electron lists no trays: the packaged app's smoke test reads this one, and only it.
    if (process.env.ARCHIVIST_E2E === '1') Object.assign(globalThis, { __archivistTray: appTray });
    if (updates) appTray.showUpdate(...trayUpdateLine(updates));

    // The desktop section of the settings: start at login, updates.
    const applyDesktop = followDesktopSettings(updates);
    void callAsDesktopUser(core.dispatcher, 'settings.get', {}).then((result) => {
      if (result.ok) applyDesktop(result.value.settings.desktop);
      else logger.warn('the desktop settings could not be read', { error: result.error });
    });
    teardown.push(
      core.dispatcher.subscribe(<E extends EventName>(name: E, payload: AppEvents[E]) => {
        if (name === 'settings.changed') {
          applyDesktop((payload as AppEvents['settings.changed']).settings.desktop);
        }
      }),
    );
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
    if (!startHidden) showMainWindow();
  }

  function trayUpdateLine(updates: UpdateService): [string | null, boolean] {
    const state = updates.state();
    return [updateStatusText(state), state.state !== 'off' && state.state !== 'no-feed'];
  }

  /** The updater, following the queue and the settings; null when none was given. */
  function startUpdates(): UpdateService | null {
    let handle: UpdaterHandle | null = null;
    try {
      handle = options.createUpdater?.() ?? null;
    } catch (error) {
      logger.warn('the updater could not be created', { error });
    }
    if (handle === null) return null;
    let announced: string | null = null;
    const service: UpdateService = createUpdateService({
      updater: handle.updater,
      newCancellation: handle.newCancellation,
      warn: (message, fields) => logger.warn(message, fields),
      info: (message, fields) => logger.info?.(message, fields),
      log: {
        info: (message) => logger.info?.('updater', { message: String(message) }),
        warn: (message) => logger.warn('updater', { message: String(message) }),
        error: (message) => logger.warn('updater', { message: String(message) }),
      },
      onState: (state) => {
        tray?.showUpdate(...trayUpdateLine(service));
        if (state.state !== 'ready' || announced === state.version) return;
        announced = state.version;
        if (!Notification.isSupported()) return;
        new Notification({
          title: `Archivist ${state.version} is ready`,
          body: 'It installs the next time Archivist quits with nothing left to publish.',
          icon: paths.windowIcon,
        }).show();
      },
    });
    teardown.push(() => service.stop());
    return service;
  }

  /** Applies the desktop settings as they are read and changed. */
  function followDesktopSettings(
    updates: UpdateService | null,
  ): (desktop: DesktopSettings) => void {
    let startAtLogin: boolean | null = null;
    return (desktop) => {
      // Only an installed app registers itself: a clone's login item would start a build that
      // moves under it.
      if (app.isPackaged && desktop.startAtLogin !== startAtLogin) {
        try {
          applyStartAtLogin(desktop.startAtLogin);
          startAtLogin = desktop.startAtLogin;
        } catch (error) {
          logger.warn('starting at login could not be changed', { error });
        }
      }
      updates?.apply(desktop);
    };
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
