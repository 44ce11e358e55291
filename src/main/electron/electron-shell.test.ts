import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./test/fake-electron'));

import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type AppInfo } from '../../shared/contract';
import { acquireDataLock } from '../app/data-lock';
import { createDispatcher, EventHub, type Handlers } from '../contract';
import { stubHandlers } from '../contract/testing/stub-handlers';
import type { MediaFile } from '../library/media-source';
import { APP_ENTRY_URL } from '../../shared/app-origin';
import {
  connectionStatusText,
  startElectronShell,
  type ElectronPlatform,
  type ShellCore,
  type ShellOptions,
} from './electron-shell';
import { DEFAULT_SETTINGS, type DesktopSettings } from '../../shared/settings';
import { sampleSettingsView } from '../contract/testing/stub-handlers';
import { readWindowState } from './window-state';
import { FakeToken, FakeUpdater } from './test/fake-updater';
import {
  app,
  BrowserWindow,
  dialog,
  powerMonitor,
  screen,
  shell,
  FakeWebContents,
  flush,
  ipcMain,
  protocol,
  resetFakeElectron,
  session,
  Notification,
  Tray,
} from './test/fake-electron';

function fakeCore(overrides: Partial<Handlers> = {}) {
  const hub = new EventHub();
  const info: AppInfo = {
    name: 'Archivist Desktop',
    version: '0.1.0-test',
    host: 'electron',
    dataDir: '/fake/user-data',
    demoServerUrl: null,
  };
  const handlers = stubHandlers({ 'app.info': () => info, ...overrides });
  const videoFile = vi.fn<(id: number) => MediaFile | null>(() => null);
  const core: ShellCore & { dispose: ReturnType<typeof vi.fn<() => Promise<void>>> } = {
    dispatcher: createDispatcher(handlers, hub),
    logger: { warn: vi.fn(), error: vi.fn() },
    library: { media: { videoFile } },
    dispose: vi.fn(() => Promise.resolve()),
  };
  const platforms: ElectronPlatform[] = [];
  /** What happened to the data folder and the core, in order. */
  const steps: string[] = [];
  const createCore = vi.fn((platform: ElectronPlatform) => {
    steps.push('create core');
    platforms.push(platform);
    return Promise.resolve(core);
  });
  const release = vi.fn(() => void steps.push('release lock'));
  const lockDataFolder = vi.fn<ShellOptions['lockDataFolder']>((options) => {
    steps.push(`lock ${options.dataDir}`);
    return Promise.resolve({ release });
  });
  return { hub, core, createCore, lockDataFolder, release, steps, platforms, info, videoFile };
}

const originalPlatform = process.platform;
function setPlatform(platform: NodeJS.Platform): void {
  Object.defineProperty(process, 'platform', { value: platform });
}

let f: ReturnType<typeof fakeCore>;
beforeEach(() => {
  resetFakeElectron();
  delete process.env.ARCHIVIST_DATA_DIR;
  f = fakeCore();
});
afterEach(() => {
  setPlatform(originalPlatform);
  delete process.env.ARCHIVIST_DATA_DIR;
});

async function started() {
  startElectronShell({ createCore: f.createCore, lockDataFolder: f.lockDataFolder });
  await app.fireReady();
  const window = BrowserWindow.instances[0];
  if (!window) throw new Error('no window');
  return window;
}

describe('before ready', () => {
  it('enables the sandbox, registers app:// and archivist-media:// as privileged, then takes the single-instance lock', () => {
    startElectronShell({ createCore: f.createCore, lockDataFolder: f.lockDataFolder });
    expect(app.calls.map((c) => [c.call, c.beforeReady])).toEqual([
      ['enableSandbox', true],
      ['registerSchemesAsPrivileged', true],
      ['requestSingleInstanceLock', true],
    ]);
    expect(protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
      { scheme: 'archivist-media', privileges: { standard: true, secure: true, stream: true } },
    ]);
    expect(f.createCore).not.toHaveBeenCalled();
    expect(BrowserWindow.instances).toEqual([]);
  });

  it('quits at once, wiring nothing, when another instance holds the lock', async () => {
    app.singleInstanceLock = false;
    startElectronShell({ createCore: f.createCore, lockDataFolder: f.lockDataFolder });
    expect(app.calls.map((c) => c.call)).toContain('quit');
    await app.fireReady();
    expect(f.createCore).not.toHaveBeenCalled();
    expect(BrowserWindow.instances).toEqual([]);
  });

  it('installed, keeps its data in archivist-desktop, as a clone and archivist serve do', async () => {
    app.isPackaged = true;
    await started();
    expect(f.platforms[0]?.dataDir).toBe('/fake/app-data/archivist-desktop');
  });

  it('moves the data folder when ARCHIVIST_DATA_DIR is set', async () => {
    process.env.ARCHIVIST_DATA_DIR = '/tmp/e2e-7';
    await started();
    expect(f.platforms[0]?.dataDir).toBe('/tmp/e2e-7');
  });
});

describe('on ready', () => {
  it('serves app://, denies permissions, builds the core, and opens a trusted window on app://', async () => {
    const window = await started();
    expect(protocol.handlers.has('app')).toBe(true);
    expect(session.defaultSession.permissionCheckHandler?.(null, 'media')).toBe(false);
    expect(f.platforms).toEqual([
      {
        dataDir: '/fake/user-data',
        host: 'electron',
        appVersion: '0.1.0-test',
        env: process.env,
        logsDir: '/fake/logs',
        storageProber: expect.any(Function),
      },
    ]);
    expect(window.options).toMatchObject({
      webPreferences: { preload: '/fake/app/out/preload/index.cjs', sandbox: true },
    });
    expect(window.loadedUrl).toBe(APP_ENTRY_URL);
    expect(Tray.instances[0]?.image.path).toBe('/fake/app/resources/tray-icon.png');

    // The window's own page may call the core …
    await expect(
      ipcMain.invokeAs(IPC_INVOKE_CHANNEL, { sender: window.webContents }, 'app.info', {}),
    ).resolves.toEqual({ ok: true, value: f.info });
    // … a WebContents the app did not open may not.
    await expect(
      ipcMain.invokeAs(
        IPC_INVOKE_CHANNEL,
        { sender: new FakeWebContents(APP_ENTRY_URL) },
        'app.info',
        {},
      ),
    ).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
  });

  it("serves the core's recordings under archivist-media:// once the core is up, until quitting", async () => {
    startElectronShell({ createCore: f.createCore, lockDataFolder: f.lockDataFolder });
    expect(protocol.handlers.has('archivist-media')).toBe(false);
    await app.fireReady();
    const handler = protocol.handlers.get('archivist-media');
    if (!handler) throw new Error('archivist-media:// is not handled');
    const response = await handler(new Request('archivist-media://recording/42'));
    expect(response.status).toBe(404);
    expect(f.videoFile).toHaveBeenCalledWith(42);

    app.quit();
    await flush();
    expect(protocol.handlers.has('archivist-media')).toBe(false);
  });

  it('guards every WebContents created later, not only our window', async () => {
    await started();
    const stray = new FakeWebContents('app://archivist/index.html');
    app.emit('web-contents-created', {}, stray);
    expect(stray.attemptNavigation('https://evil.example/')).toBe(true);
    expect(stray.attemptWindowOpen('http://evil.example/')).toEqual({ action: 'deny' });
    expect(stray.attemptAttachWebview()).toBe(true);
  });

  it('pushes core events to the window and shows connection results in the tray', async () => {
    const window = await started();
    const result = {
      ok: false,
      apiBase: null,
      serverVersion: null,
      siteName: null,
      user: null,
      canWrite: null,
      rights: '',
      problem: { kind: 'unreachable' as const, message: 'The server did not answer.' },
      elapsedMs: 5,
      testedAt: '2025-01-01T00:00:00.000Z',
    };
    f.hub.emit('connection.tested', result);
    expect(window.webContents.sent).toEqual([
      { channel: IPC_EVENT_CHANNEL, args: ['connection.tested', result] },
    ]);
    expect(Tray.instances[0]?.toolTip).toBe(
      'Archivist Desktop\nConnection problem: The server did not answer.',
    );
    // The tray follows the health checks too.
    const service = { state: 'ok' as const, since: '', message: '', action: null, checks: [] };
    const report = {
      healthy: false,
      timestamp: '',
      checkedAt: '',
      services: { cablecast: false, vod: true, webhooks: true, storage: false, database: true },
      details: {
        cablecast: { ...service, state: 'down' as const },
        vod: service,
        webhooks: service,
        storage: { ...service, state: 'down' as const },
        database: service,
      },
    };
    const change = {
      service: 'storage' as const,
      from: 'ok' as const,
      to: 'down' as const,
      message: '',
    };
    f.hub.emit('health.changed', { ...change, report });
    expect(Tray.instances[0]?.toolTip).toBe(
      'Archivist Desktop\nNot healthy: cablecast, storage down',
    );
    f.hub.emit('health.changed', {
      ...change,
      from: 'down',
      to: 'ok',
      report: {
        ...report,
        healthy: true,
        details: { ...report.details, cablecast: service, storage: service },
      },
    });
    expect(Tray.instances[0]?.toolTip).toBe('Archivist Desktop\nHealthy');
  });

  it('shows an error and exits when the core cannot start', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    f.createCore.mockRejectedValueOnce(new Error('The database is from a newer Archivist.'));
    startElectronShell({ createCore: f.createCore, lockDataFolder: f.lockDataFolder });
    await app.fireReady();
    expect(dialog.errors).toEqual([
      { title: 'Archivist could not start', content: 'The database is from a newer Archivist.' },
    ]);
    expect(app.calls.find((c) => c.call === 'exit')?.arg).toBe(1);
    expect(BrowserWindow.instances).toEqual([]);
    expect(consoleError).toHaveBeenCalled();
    consoleError.mockRestore();
  });
});

describe('the data folder', () => {
  it('is locked before the core is built, and freed only after the core is disposed', async () => {
    await started();
    expect(f.lockDataFolder).toHaveBeenCalledWith({
      dataDir: '/fake/user-data',
      command: 'desktop app',
      remedy: 'Stop it first, then open Archivist again.',
    });
    expect(f.steps).toEqual(['lock /fake/user-data', 'create core']);

    f.core.dispose.mockImplementationOnce(() => {
      f.steps.push('dispose core');
      return Promise.resolve();
    });
    app.quit();
    await flush();
    expect(f.steps).toEqual([
      'lock /fake/user-data',
      'create core',
      'dispose core',
      'release lock',
    ]);
    expect(f.release).toHaveBeenCalledTimes(1);
  });

  it('names the process that holds it and exits, building nothing, when another has it', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const dataDir = mkdtempSync(join(tmpdir(), 'archivist-shell-lock-'));
    process.env.ARCHIVIST_DATA_DIR = dataDir;
    const host = await acquireDataLock({ dataDir, command: 'browser host' });
    try {
      startElectronShell({ createCore: f.createCore, lockDataFolder: acquireDataLock });
      await app.fireReady();
      expect(dialog.errors).toHaveLength(1);
      expect(dialog.errors[0]?.title).toBe('Archivist could not start');
      expect(dialog.errors[0]?.content).toMatch(
        new RegExp(
          `^The data folder .* is in use by the browser host \\(process ${process.pid}, since [^)]+\\)\\. Stop it first, then open Archivist again\\.$`,
        ),
      );
      expect(app.calls.find((c) => c.call === 'exit')?.arg).toBe(1);
      expect(f.createCore).not.toHaveBeenCalled();
      expect(BrowserWindow.instances).toEqual([]);
    } finally {
      host.release();
      rmSync(dataDir, { recursive: true, force: true });
      consoleError.mockRestore();
    }
  });

  it('is freed when the core cannot start', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    f.createCore.mockRejectedValueOnce(new Error('The database is from a newer Archivist.'));
    startElectronShell({ createCore: f.createCore, lockDataFolder: f.lockDataFolder });
    await app.fireReady();
    expect(f.release).toHaveBeenCalledTimes(1);
    expect(app.calls.find((c) => c.call === 'exit')?.arg).toBe(1);
    consoleError.mockRestore();
  });
});

describe('windows', () => {
  it('brings the existing window forward for a second instance instead of opening another', async () => {
    const window = await started();
    window.minimized = true;
    app.emit('second-instance', {}, [], '/', {});
    expect(BrowserWindow.instances).toHaveLength(1);
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(true);
  });

  it('opens a new window from the tray after the first was closed (macOS)', async () => {
    setPlatform('darwin');
    const first = await started();
    first.close();
    app.emit('window-all-closed');
    expect(app.calls.map((c) => c.call)).not.toContain('quit');
    Tray.instances[0]?.item('Open Archivist')?.click?.();
    expect(BrowserWindow.instances).toHaveLength(2);
    const second = BrowserWindow.instances[1];
    if (!second) throw new Error('no second window');
    // The new window is trusted; the closed one no longer is.
    await flush();
    await expect(
      ipcMain.invokeAs(IPC_INVOKE_CHANNEL, { sender: second.webContents }, 'app.info', {}),
    ).resolves.toMatchObject({ ok: true });
    await expect(
      ipcMain.invokeAs(IPC_INVOKE_CHANNEL, { sender: first.webContents }, 'app.info', {}),
    ).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
  });
});

describe('quitting', () => {
  it('quits when the last window closes (not macOS), after disposing the core once', async () => {
    setPlatform('linux');
    const window = await started();
    window.close();
    app.emit('window-all-closed');
    await flush();
    expect(f.core.dispose).toHaveBeenCalledTimes(1);
    expect(app.calls.filter((c) => c.call === 'quit')).toHaveLength(2);
    expect(ipcMain.handlers.has(IPC_INVOKE_CHANNEL)).toBe(false);
    expect(Tray.instances[0]?.isDestroyed()).toBe(true);
  });

  it('holds the quit until the core has closed, and asks only once', async () => {
    await started();
    let finish: () => void = () => undefined;
    f.core.dispose.mockImplementationOnce(() => new Promise<void>((r) => (finish = r)));
    app.quit();
    app.quit();
    await flush();
    expect(f.core.dispose).toHaveBeenCalledTimes(1);
    expect(BrowserWindow.getAllWindows()).toHaveLength(1);
    finish();
    await flush();
    expect(BrowserWindow.getAllWindows()).toHaveLength(0);
  });

  it('quits anyway when the core does not close in time', async () => {
    startElectronShell({
      createCore: f.createCore,
      lockDataFolder: f.lockDataFolder,
      disposeTimeoutMs: 20,
    });
    await app.fireReady();
    f.core.dispose.mockImplementationOnce(() => new Promise<void>(() => undefined));
    app.quit();
    await new Promise((r) => setTimeout(r, 50));
    await flush();
    expect(BrowserWindow.getAllWindows()).toHaveLength(0);
    expect(f.core.logger?.error).toHaveBeenCalledWith(
      'the core did not close cleanly',
      expect.anything(),
    );
  });
});

describe('the REST API on this computer', () => {
  it('follows the settings while the app runs, and stops before the core closes', async () => {
    const steps: string[] = [];
    const localApi = {
      url: () => null,
      apply: vi.fn(() => {
        steps.push('apply');
        return Promise.resolve();
      }),
      close: vi.fn(() => {
        steps.push('close');
        return Promise.resolve();
      }),
    };
    Object.assign(f.core, { localApi });
    f.core.dispose.mockImplementationOnce(() => {
      steps.push('dispose');
      return Promise.resolve();
    });
    await started();
    expect(steps).toEqual(['apply']);
    f.hub.emit('settings.changed', {} as never);
    f.hub.emit('sync.progress', {} as never);
    expect(steps).toEqual(['apply', 'apply']);
    app.quit();
    await flush();
    expect(steps).toEqual(['apply', 'apply', 'close', 'dispose']);
  });
});

describe('publishing', () => {
  const counts = { queued: 0, running: 2, unknown: 0, done: 5, failed: 0, cancelled: 0 };
  const published = {
    jobId: 7,
    recordingId: 31,
    showId: 812,
    showTitle: 'Council Meeting',
    vod: { vodId: 1207, url: null, embedCode: null, state: 'Complete' },
    publishedAt: '2025-03-05T10:20:00.000Z',
  };

  beforeEach(() => {
    f = fakeCore({
      'publish.list': () => ({ rows: [], status: { paused: false, counts } }),
      'publish.pause': () => ({ paused: true, counts }),
    });
  });

  it('shows the queue in the tray and pauses it from the menu', async () => {
    await started();
    await flush();
    const tray = Tray.instances[0];
    expect(tray?.toolTip).toBe('Archivist Desktop — Publishing 2\nReady');
    tray?.item('Pause the queue')?.click?.();
    await flush();
    expect(tray?.toolTip).toBe('Archivist Desktop — Paused\nReady');
    expect(tray?.item('Resume the queue')?.enabled).toBe(true);
  });

  it('brings the window forward on the job when a VOD notification is clicked', async () => {
    const window = await started();
    window.minimized = true;
    f.hub.emit('vod.published', published);
    await flush();
    Notification.instances[0]?.click();
    await flush();
    expect(BrowserWindow.instances).toHaveLength(1);
    expect(window.minimized).toBe(false);
    expect(window.visible).toBe(true);
    expect(window.focused).toBe(true);
    expect(window.loadedUrl).toBe(`${APP_ENTRY_URL}#/publish?job=7`);
  });

  it('opens a window on the job when the notification is clicked with none open (macOS)', async () => {
    setPlatform('darwin');
    const first = await started();
    // With nothing in flight the window really closes (publishing keeps it in the tray).
    f.hub.emit('publish.changed', {
      status: { paused: false, counts: { ...counts, running: 0 } },
      jobIds: [],
    });
    first.close();
    f.hub.emit('vod.published', published);
    await flush();
    Notification.instances[0]?.click();
    expect(BrowserWindow.instances).toHaveLength(2);
    expect(BrowserWindow.instances[1]?.loadedUrl).toBe(`${APP_ENTRY_URL}#/publish?job=7`);
  });

  it('stops notifying once quitting has begun', async () => {
    await started();
    await flush();
    dialog.answers.push(1); // "Quit anyway"
    app.quit();
    await flush();
    f.hub.emit('vod.published', published);
    await flush();
    expect(Notification.instances).toEqual([]);
  });
});

describe('connectionStatusText', () => {
  it('names the site when connected', () => {
    const base = {
      apiBase: null,
      serverVersion: null,
      user: null,
      canWrite: null,
      rights: '',
      elapsedMs: 1,
      testedAt: '',
    };
    expect(connectionStatusText({ ...base, ok: true, siteName: 'CTV', problem: null })).toBe(
      'Connected to CTV',
    );
    expect(connectionStatusText({ ...base, ok: true, siteName: null, problem: null })).toBe(
      'Connected',
    );
  });
});

describe('on a workstation', () => {
  const busy = { queued: 1, running: 2, unknown: 0, done: 5, failed: 0, cancelled: 0 };
  const idle = { ...busy, queued: 0, running: 0 };
  let dataDir: string;
  let desktop: DesktopSettings;
  let updater: FakeUpdater;

  function core(counts = busy) {
    return fakeCore({
      'publish.list': () => ({ rows: [], status: { paused: false, counts } }),
      'settings.get': () => ({
        ...sampleSettingsView,
        settings: { ...DEFAULT_SETTINGS, desktop },
      }),
    });
  }

  async function start(argv?: string[]) {
    const before = process.argv;
    if (argv) process.argv = argv;
    try {
      startElectronShell({
        createCore: f.createCore,
        lockDataFolder: f.lockDataFolder,
        createUpdater: () => ({ updater, newCancellation: () => new FakeToken() }),
      });
    } finally {
      process.argv = before;
    }
    await app.fireReady();
    await flush();
    return BrowserWindow.instances[0];
  }

  function queueIs(counts: typeof busy) {
    f.hub.emit('publish.changed', { status: { paused: false, counts }, jobIds: [] });
  }

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'archivist-shell-'));
    process.env.ARCHIVIST_DATA_DIR = dataDir;
    desktop = { ...DEFAULT_SETTINGS.desktop };
    updater = new FakeUpdater();
    f = core();
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps publishing in the tray when the window is closed, and says so once', async () => {
    const window = await start();
    window?.close();
    expect(window?.isDestroyed()).toBe(false);
    expect(window?.visible).toBe(false);
    expect(Notification.instances.map((n) => [n.title, n.body])).toEqual([
      [
        'Archivist is still publishing',
        "3 publishes in flight. Archivist keeps going in the tray; quit from the tray icon's menu.",
      ],
    ]);
    Tray.instances[0]?.item('Open Archivist')?.click?.();
    expect(window?.visible).toBe(true);
    window?.close();
    expect(Notification.instances).toHaveLength(1);
    // Once the queue is empty, closing the window closes it.
    queueIs(idle);
    window?.close();
    expect(window?.isDestroyed()).toBe(true);
  });

  it('shows the hidden window again from the dock (macOS)', async () => {
    setPlatform('darwin');
    const window = await start();
    window?.close();
    expect(window?.visible).toBe(false);
    app.emit('activate');
    expect(window?.visible).toBe(true);
    expect(BrowserWindow.instances).toHaveLength(1);
  });

  it('asks before quitting with publishes in flight, and keeps running on "Keep publishing"', async () => {
    await start();
    app.quit();
    app.quit(); // asked twice while the question is open: one question
    await flush();
    expect(dialog.boxes).toHaveLength(1);
    expect(dialog.boxes[0]?.options).toMatchObject({
      message: '3 publishes are still in flight.',
      buttons: ['Keep publishing', 'Quit anyway'],
      cancelId: 0,
    });
    expect(f.core.dispose).not.toHaveBeenCalled();
    expect(f.release).not.toHaveBeenCalled();

    dialog.answers.push(1);
    app.quit();
    await flush();
    expect(dialog.boxes).toHaveLength(2);
    expect(f.core.dispose).toHaveBeenCalledTimes(1);
    expect(f.release).toHaveBeenCalledTimes(1);
  });

  it('quits without asking when the queue is empty, or the computer shuts down', async () => {
    f = core(idle);
    await start();
    app.quit();
    await flush();
    expect(dialog.boxes).toEqual([]);
    expect(f.core.dispose).toHaveBeenCalledTimes(1);

    resetFakeElectron();
    f = core(busy);
    await start();
    powerMonitor.emit('shutdown');
    await flush();
    expect(dialog.boxes).toEqual([]);
    expect(f.core.dispose).toHaveBeenCalledTimes(1);
  });

  it('started at login (--hidden), shows only the tray until asked', async () => {
    await start(['/opt/archivist', '--hidden']);
    expect(BrowserWindow.instances).toEqual([]);
    expect(Tray.instances).toHaveLength(1);
    app.emit('second-instance');
    expect(BrowserWindow.instances).toHaveLength(1);
  });

  it('registers itself to start at login when the installed app is told to', async () => {
    setPlatform('win32');
    app.isPackaged = true;
    desktop.startAtLogin = true;
    await start();
    expect(app.loginItem).toEqual({ openAtLogin: true, args: ['--hidden'] });
    f.hub.emit('settings.changed', {
      ...sampleSettingsView,
      settings: { ...DEFAULT_SETTINGS, desktop: { ...desktop, startAtLogin: false } },
    });
    expect(app.loginItem.openAtLogin).toBe(false);
  });

  it('opens the window where it was left, or on the primary display once that monitor is gone', async () => {
    f = core(idle);
    screen.displays = [
      { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } },
      { id: 2, workArea: { x: 1920, y: 0, width: 2560, height: 1400 } },
    ];
    const first = await start();
    first?.moveTo({ x: 2000, y: 100, width: 1500, height: 900 });
    first?.close();
    expect(readWindowState(join(dataDir, 'window-state.json'))).toEqual({
      x: 2000,
      y: 100,
      width: 1500,
      height: 900,
      maximized: false,
    });

    app.emit('second-instance');
    expect(BrowserWindow.instances[1]?.options).toMatchObject({ x: 2000, y: 100, width: 1500 });

    screen.displays = [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }];
    BrowserWindow.instances[1]?.close();
    app.emit('second-instance');
    const third = BrowserWindow.instances[2];
    expect(third?.options.x).toBeUndefined();
    expect(third?.options).toMatchObject({ width: 1500, height: 900 });
  });

  it("lets the packaged app's smoke test read the tray, only when ARCHIVIST_E2E=1", async () => {
    const hook = () =>
      (globalThis as { __archivistTray?: { describe(): unknown } }).__archivistTray;
    await start();
    expect(hook()).toBeUndefined();
    resetFakeElectron();
    process.env.ARCHIVIST_E2E = '1';
    try {
      await start();
      expect(hook()?.describe()).toMatchObject({
        destroyed: false,
        tooltip: expect.stringContaining('Archivist Desktop') as unknown,
        menu: expect.arrayContaining(['Open Archivist', 'Open logs folder', 'Quit']) as unknown,
      });
    } finally {
      delete process.env.ARCHIVIST_E2E;
      delete (globalThis as { __archivistTray?: unknown }).__archivistTray;
    }
  });

  it('opens the logs folder from the tray', async () => {
    await start();
    Tray.instances[0]?.item('Open logs folder')?.click?.();
    expect(shell.openedPaths).toEqual(['/fake/logs']);
  });

  describe('updates', () => {
    beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
    afterEach(() => vi.useRealTimers());

    it('are off by default: no feed, nothing offered in the tray, nothing installed on quit', async () => {
      f = core(idle);
      await start();
      await vi.advanceTimersByTimeAsync(2 * 24 * 60 * 60 * 1000);
      expect(updater.feeds).toEqual([]);
      expect(updater.checks).toBe(0);
      expect(updater.autoInstallOnAppQuit).toBe(false);
      expect(Tray.instances[0]?.item('Check for updates')).toBeUndefined();
    });

    it('follow the settings and the queue: checked, downloaded, installed on the next quit', async () => {
      desktop = { ...desktop, updates: true, updateUrl: 'https://archivist.station.example/u' };
      f = core(busy);
      updater.offers('0.2.0');
      await start();
      expect(updater.feeds).toEqual([
        { provider: 'generic', url: 'https://archivist.station.example/u/' },
      ]);
      await vi.advanceTimersByTimeAsync(60_000);
      // The queue has work: nothing is asked of the feed.
      expect(updater.checks).toBe(0);
      const tray = Tray.instances[0];
      expect(tray?.item('Update check waits for the queue to empty')?.enabled).toBe(false);

      queueIs(idle);
      expect(updater.checks).toBe(1);
      expect(updater.downloads).toHaveLength(1);
      updater.completeDownload('0.2.0');
      expect(tray?.item('Update 0.2.0 installs when Archivist quits')).toBeDefined();
      expect(Notification.instances.at(-1)?.title).toBe('Archivist 0.2.0 is ready');
      expect(updater.autoInstallOnAppQuit).toBe(true);

      queueIs(busy);
      expect(updater.autoInstallOnAppQuit).toBe(false);
      queueIs(idle);
      f.hub.emit('settings.changed', {
        ...sampleSettingsView,
        settings: { ...DEFAULT_SETTINGS, desktop: { ...desktop, updates: false } },
      });
      expect(updater.autoInstallOnAppQuit).toBe(false);
      expect(tray?.item('Check for updates')).toBeUndefined();
    });
  });
});
