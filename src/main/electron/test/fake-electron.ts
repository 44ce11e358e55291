import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';

/*
 * One stand-in for the `electron` module, shared by every test of the shell and the preload
 * (Electron itself cannot run here). Use it as the module itself:
 *
 *   vi.mock('electron', () => import('./test/fake-electron'));
 *
 * It records what the code under test asked of Electron and lets a test play Electron's part:
 * fire `ready`, navigate a page, invoke an IPC handler as a given frame, push an event to the
 * preload. `resetFakeElectron()` in `beforeEach` clears everything.
 */

// ---------------------------------------------------------------------------------------------
// Events that can be prevented, as Electron passes them to listeners.

export class FakeEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeNavigationEvent extends FakeEvent {
  constructor(
    readonly url: string,
    readonly isMainFrame = true,
  ) {
    super();
  }
}

// ---------------------------------------------------------------------------------------------
// Frames, WebContents, windows

export class FakeWebFrameMain {
  private static nextRoutingId = 1;
  readonly frames: FakeWebFrameMain[] = [];
  constructor(
    public url: string,
    readonly parent: FakeWebFrameMain | null = null,
    readonly processId = 1,
    // Chromium's routing ids are unique only within one renderer process.
    readonly routingId = FakeWebFrameMain.nextRoutingId++,
  ) {}

  /** A child frame (an `<iframe>`) showing `url`. */
  addChild(url: string): FakeWebFrameMain {
    const child = new FakeWebFrameMain(url, this, this.processId);
    this.frames.push(child);
    return child;
  }
}

export type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

export interface FakeSession {
  permissionRequestHandler:
    | ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void)
    | null;
  permissionCheckHandler: ((webContents: unknown, permission: string) => boolean) | null;
  devicePermissionHandler: ((details: unknown) => boolean) | null;
  setPermissionRequestHandler(handler: FakeSession['permissionRequestHandler']): void;
  setPermissionCheckHandler(handler: FakeSession['permissionCheckHandler']): void;
  setDevicePermissionHandler(handler: FakeSession['devicePermissionHandler']): void;
}

function createFakeSession(): FakeSession {
  return {
    permissionRequestHandler: null,
    permissionCheckHandler: null,
    devicePermissionHandler: null,
    setPermissionRequestHandler(handler) {
      this.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler) {
      this.permissionCheckHandler = handler;
    },
    setDevicePermissionHandler(handler) {
      this.devicePermissionHandler = handler;
    },
  };
}

export class FakeWebContents extends EventEmitter {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  mainFrame: FakeWebFrameMain;
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  windowOpenHandler: WindowOpenHandler | null = null;
  private destroyed = false;

  constructor(
    url = '',
    readonly session: FakeSession = fake.session.defaultSession,
  ) {
    super();
    this.mainFrame = new FakeWebFrameMain(url, null, 100 + this.id);
  }

  getURL(): string {
    return this.mainFrame.url;
  }

  async loadURL(url: string): Promise<void> {
    // A new document is a new main frame, as in Chromium.
    this.mainFrame = new FakeWebFrameMain(url, null, this.mainFrame.processId);
    await Promise.resolve();
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args });
  }

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('destroyed');
  }

  // --- what a page or the user would do -------------------------------------------------------

  /** The page navigates its main frame (a link, `location = ...`); true if it was prevented. */
  attemptNavigation(url: string): boolean {
    const event = new FakeNavigationEvent(url);
    this.emit('will-navigate', event, url, false, true, 0, 0);
    this.emit('will-frame-navigate', event);
    return event.defaultPrevented;
  }

  /** A subframe navigates; true if it was prevented. */
  attemptFrameNavigation(url: string): boolean {
    const event = new FakeNavigationEvent(url, false);
    this.emit('will-frame-navigate', event);
    return event.defaultPrevented;
  }

  /** A server redirect during a navigation; true if it was prevented. */
  attemptRedirect(url: string): boolean {
    const event = new FakeNavigationEvent(url);
    this.emit('will-redirect', event, url, false, true, 0, 0);
    return event.defaultPrevented;
  }

  /** `window.open(url)` or a `target=_blank` link. With no handler Electron would allow it. */
  attemptWindowOpen(url: string): { action: 'allow' | 'deny' } {
    return this.windowOpenHandler?.({ url }) ?? { action: 'allow' };
  }

  /** A `<webview>` is about to attach; true if it was prevented. */
  attemptAttachWebview(src = 'https://example.com/'): boolean {
    const event = new FakeEvent();
    this.emit('will-attach-webview', event, {}, { src });
    return event.defaultPrevented;
  }
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.instances.filter((w) => !w.isDestroyed());
  }

  readonly webContents = new FakeWebContents();
  visible = false;
  minimized = false;
  focused = false;
  loadedUrl: string | null = null;
  /** Makes the next `loadURL` fail, as a missing `out/renderer` would. */
  static failNextLoad: Error | null = null;
  private destroyed = false;

  constructor(readonly options: Record<string, unknown>) {
    super();
    const number = (key: string, fallback: number) =>
      typeof options[key] === 'number' ? options[key] : fallback;
    this.bounds = {
      x: number('x', 0),
      y: number('y', 0),
      width: number('width', 800),
      height: number('height', 600),
    };
    BrowserWindow.instances.push(this);
  }

  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    const failure = BrowserWindow.failNextLoad;
    BrowserWindow.failNextLoad = null;
    if (failure) throw failure;
    await this.webContents.loadURL(url);
  }

  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  isVisible(): boolean {
    return this.visible;
  }
  focus(): void {
    this.focused = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  /** Where the window is when neither maximized nor minimized; from the options at first. */
  bounds: { x: number; y: number; width: number; height: number };
  maximized = false;
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    return { ...this.bounds };
  }
  /** The operator drags or resizes the window. */
  moveTo(bounds: Partial<BrowserWindow['bounds']>): void {
    const resized = bounds.width !== undefined || bounds.height !== undefined;
    this.bounds = { ...this.bounds, ...bounds };
    this.emit(resized ? 'resize' : 'move');
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** The user (or `app.quit`) closes the window; a `close` listener may keep it open. */
  close(): void {
    if (this.destroyed) return;
    const event = new FakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroy();
  }
  /** Closes without asking (`close` is not emitted), as Electron's `destroy`. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroy();
    this.emit('closed');
  }
}

// ---------------------------------------------------------------------------------------------
// IPC

/** What Electron hands an `ipcMain.handle` listener (the fields our code reads, and a few more). */
export interface FakeInvokeEvent {
  sender: FakeWebContents;
  senderFrame: FakeWebFrameMain | null;
  frameId: number;
  processId: number;
  type: 'frame';
}

type InvokeHandler = (event: FakeInvokeEvent, ...args: unknown[]) => unknown;

export interface InvokeAs {
  sender: FakeWebContents;
  /** Defaults to the sender's main frame. */
  senderFrame?: FakeWebFrameMain | null;
}

class FakeIpcMain {
  readonly handlers = new Map<string, InvokeHandler>();

  handle(channel: string, handler: InvokeHandler): void {
    // Electron refuses a second handler for a channel; so does the fake.
    if (this.handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    this.handlers.set(channel, handler);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** Calls the handler for `channel` as Electron would for a message from `from`. */
  async invokeAs(channel: string, from: InvokeAs, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const senderFrame = from.senderFrame === undefined ? from.sender.mainFrame : from.senderFrame;
    const event: FakeInvokeEvent = {
      sender: from.sender,
      senderFrame,
      frameId: senderFrame?.routingId ?? 0,
      processId: senderFrame?.processId ?? 0,
      type: 'frame',
    };
    return await handler(event, ...args);
  }
}

export interface FakeIpcRendererEvent {
  sender: unknown;
  ports: unknown[];
  /** Present so a test can see whether the page ever received it. */
  secret: 'ipc-event-object';
}

class FakeIpcRenderer extends EventEmitter {
  readonly invocations: Array<{ channel: string; args: unknown[] }> = [];
  /** What `invoke` answers; replace per test. */
  invokeImpl: (channel: string, ...args: unknown[]) => Promise<unknown> = () =>
    Promise.resolve({ ok: true, value: null });

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invocations.push({ channel, args });
    return this.invokeImpl(channel, ...args);
  }

  /** Main sends on `channel` (`webContents.send`). */
  emitFromMain(channel: string, ...args: unknown[]): void {
    const event: FakeIpcRendererEvent = { sender: this, ports: [], secret: 'ipc-event-object' };
    this.emit(channel, event, ...args);
  }
}

class FakeContextBridge {
  readonly exposed = new Map<string, unknown>();
  exposeInMainWorld(key: string, api: unknown): void {
    if (this.exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property`);
    this.exposed.set(key, api);
  }
}

// ---------------------------------------------------------------------------------------------
// app, protocol, shell, tray, menus, dialogs

export type AppCall =
  | 'enableSandbox'
  | 'registerSchemesAsPrivileged'
  | 'requestSingleInstanceLock'
  | 'protocol.handle'
  | 'quit'
  | 'exit';

class FakeApp extends EventEmitter {
  ready = false;
  singleInstanceLock = true;
  platformPaths = new Map<string, string>([
    ['userData', '/fake/user-data'],
    ['logs', '/fake/logs'],
    ['appData', '/fake/app-data'],
  ]);
  readonly calls: Array<{ call: AppCall; beforeReady: boolean; arg?: unknown }> = [];
  private resolveReady: () => void = () => undefined;
  private readyPromise = new Promise<void>((resolve) => (this.resolveReady = resolve));

  record(call: AppCall, arg?: unknown): void {
    this.calls.push({ call, beforeReady: !this.ready, arg });
  }

  /** Electron reaches `ready`; resolves once `whenReady` continuations have run. */
  async fireReady(): Promise<void> {
    this.ready = true;
    this.emit('ready');
    this.resolveReady();
    await flush();
  }

  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  isReady(): boolean {
    return this.ready;
  }
  enableSandbox(): void {
    this.record('enableSandbox');
  }
  requestSingleInstanceLock(): boolean {
    this.record('requestSingleInstanceLock');
    return this.singleInstanceLock;
  }
  getPath(name: string): string {
    const path = this.platformPaths.get(name);
    if (path === undefined) throw new Error(`Failed to get '${name}' path`);
    return path;
  }
  setPath(name: string, path: string): void {
    this.platformPaths.set(name, path);
  }
  getAppPath(): string {
    return '/fake/app';
  }
  getVersion(): string {
    return '0.1.0-test';
  }
  isPackaged = false;
  loginItem: { openAtLogin: boolean; args?: string[]; path?: string; wasOpenedAtLogin?: boolean } =
    { openAtLogin: false };
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[]; path?: string }): void {
    this.loginItem = { ...settings };
  }
  getLoginItemSettings(): { openAtLogin: boolean; wasOpenedAtLogin?: boolean } {
    return { ...this.loginItem };
  }
  /** Like Electron: `before-quit` can cancel; otherwise windows close and `will-quit` follows. */
  quit(): void {
    this.record('quit');
    const event = new FakeEvent();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    for (const window of BrowserWindow.getAllWindows()) window.close();
    this.emit('will-quit', new FakeEvent());
  }
  exit(code = 0): void {
    this.record('exit', code);
  }

  reset(): void {
    this.removeAllListeners();
    this.ready = false;
    this.singleInstanceLock = true;
    this.isPackaged = false;
    this.loginItem = { openAtLogin: false };
    this.platformPaths = new Map([
      ['userData', '/fake/user-data'],
      ['logs', '/fake/logs'],
      ['appData', '/fake/app-data'],
    ]);
    this.calls.length = 0;
    this.readyPromise = new Promise<void>((resolve) => (this.resolveReady = resolve));
  }
}

class FakeProtocol {
  readonly privileged: Array<{ scheme: string; privileges?: Record<string, boolean> }> = [];
  readonly handlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  registerSchemesAsPrivileged(
    schemes: Array<{ scheme: string; privileges?: Record<string, boolean> }>,
  ): void {
    fake.app.record('registerSchemesAsPrivileged', schemes);
    this.privileged.push(...schemes);
  }
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    fake.app.record('protocol.handle', scheme);
    this.handlers.set(scheme, handler);
  }
  unhandle(scheme: string): void {
    this.handlers.delete(scheme);
  }
}

export interface FakeNativeImage {
  path: string;
  isEmpty(): boolean;
}

export interface FakeMenuItem {
  label?: string;
  type?: string;
  enabled?: boolean;
  click?: () => void;
}

export class Menu {
  constructor(readonly items: FakeMenuItem[]) {}
  static buildFromTemplate(template: FakeMenuItem[]): Menu {
    return new Menu(template);
  }
}

export class Tray extends EventEmitter {
  static instances: Tray[] = [];
  toolTip = '';
  /** The text beside the icon (macOS only in Electron). */
  title = '';
  contextMenu: Menu | null = null;
  private destroyed = false;
  constructor(readonly image: FakeNativeImage) {
    super();
    Tray.instances.push(this);
  }
  setToolTip(text: string): void {
    this.toolTip = text;
  }
  setTitle(title: string): void {
    this.title = title;
  }
  setContextMenu(menu: Menu | null): void {
    this.contextMenu = menu;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
  }
  /** The item with this label in the current menu. */
  item(label: string): FakeMenuItem | undefined {
    return this.contextMenu?.items.find((item) => item.label === label);
  }
}

export interface FakeNotificationOptions {
  title?: string;
  body?: string;
  icon?: string;
  silent?: boolean;
}

/** Electron's `Notification`: a test reads what was shown and plays the operator's click. */
export class Notification extends EventEmitter {
  static instances: Notification[] = [];
  /** What `Notification.isSupported()` answers (false on a Linux desktop without a notifier). */
  static supported = true;
  static isSupported(): boolean {
    return Notification.supported;
  }

  shown = false;
  closed = false;
  constructor(readonly options: FakeNotificationOptions = {}) {
    super();
    Notification.instances.push(this);
  }
  get title(): string {
    return this.options.title ?? '';
  }
  get body(): string {
    return this.options.body ?? '';
  }
  show(): void {
    this.shown = true;
    this.emit('show', new FakeEvent());
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close', new FakeEvent());
  }
  /** The operator clicks it; the system then takes it away. */
  click(): void {
    this.emit('click', new FakeEvent());
    this.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The module's exports, named as Electron names them.

const fake = {
  app: new FakeApp(),
  ipcMain: new FakeIpcMain(),
  ipcRenderer: new FakeIpcRenderer(),
  contextBridge: new FakeContextBridge(),
  protocol: new FakeProtocol(),
  session: { defaultSession: createFakeSession() },
  shell: {
    opened: [] as string[],
    openExternal(url: string): Promise<void> {
      this.opened.push(url);
      return Promise.resolve();
    },
    /** Folders and files opened in the system's file manager or their app. */
    openedPaths: [] as string[],
    openPath(path: string): Promise<string> {
      this.openedPaths.push(path);
      return Promise.resolve('');
    },
  },
  nativeImage: {
    createFromPath(path: string): FakeNativeImage {
      return { path, isEmpty: () => false };
    },
  },
  dialog: {
    errors: [] as Array<{ title: string; content: string }>,
    showErrorBox(title: string, content: string): void {
      this.errors.push({ title, content });
    },
    /** The message boxes shown, each with the window it was shown over (if any). */
    boxes: [] as Array<{ options: FakeMessageBoxOptions; window: unknown }>,
    /** Answers to the next message boxes, in order (a button's index); by default the cancel one. */
    answers: [] as number[],
    showMessageBox(
      windowOrOptions: unknown,
      maybeOptions?: FakeMessageBoxOptions,
    ): Promise<{ response: number; checkboxChecked: boolean }> {
      const options = (maybeOptions ?? windowOrOptions) as FakeMessageBoxOptions;
      this.boxes.push({ options, window: maybeOptions === undefined ? null : windowOrOptions });
      const response = this.answers.shift() ?? options.cancelId ?? 0;
      return Promise.resolve({ response, checkboxChecked: false });
    },
  },
  screen: {
    displays: [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }] as FakeDisplay[],
    getAllDisplays(): FakeDisplay[] {
      return this.displays;
    },
    getPrimaryDisplay(): FakeDisplay {
      return this.displays[0] as FakeDisplay;
    },
  },
  powerMonitor: new EventEmitter(),
  webUtils: {
    /** The disk path of each `File` a test "dropped"; any other file is not on disk. */
    paths: new Map<unknown, string>(),
    getPathForFile(file: unknown): string {
      return this.paths.get(file) ?? '';
    },
  },
};

// ---------------------------------------------------------------------------------------------
// utilityProcess: a real Node child runs the module, as Electron's utility process would.

export const utilityProcess = {
  forks: [] as { modulePath: string; args: string[] }[],
  fork(modulePath: string, args: string[] = [], options: { stdio?: string } = {}) {
    utilityProcess.forks.push({ modulePath, args });
    const child = spawn(process.execPath, [modulePath, ...args], {
      stdio: options.stdio === 'pipe' ? ['ignore', 'pipe', 'pipe'] : 'ignore',
    });
    const emitter = new EventEmitter();
    child.once('exit', (code) => emitter.emit('exit', code ?? 1));
    return Object.assign(emitter, {
      stdout: child.stdout,
      stderr: child.stderr,
      kill: () => child.kill('SIGKILL'),
    });
  },
};

export const app = fake.app;
export const ipcMain = fake.ipcMain;
export const ipcRenderer = fake.ipcRenderer;
export const contextBridge = fake.contextBridge;
export const protocol = fake.protocol;
export const session = fake.session;
export const shell = fake.shell;
export const nativeImage = fake.nativeImage;
export const dialog = fake.dialog;
export const webUtils = fake.webUtils;
export const screen = fake.screen;
export const powerMonitor = fake.powerMonitor;

export interface FakeMessageBoxOptions {
  type?: string;
  title?: string;
  message: string;
  detail?: string;
  buttons?: string[];
  defaultId?: number;
  cancelId?: number;
}

export interface FakeDisplay {
  id: number;
  workArea: { x: number; y: number; width: number; height: number };
}

/** Lets queued promise continuations (and a macrotask's worth of follow-ups) run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export function resetFakeElectron(): void {
  utilityProcess.forks.length = 0;
  fake.app.reset();
  fake.ipcMain.handlers.clear();
  fake.ipcRenderer.removeAllListeners();
  fake.ipcRenderer.invocations.length = 0;
  fake.ipcRenderer.invokeImpl = () => Promise.resolve({ ok: true, value: null });
  fake.contextBridge.exposed.clear();
  fake.protocol.privileged.length = 0;
  fake.protocol.handlers.clear();
  fake.session.defaultSession = createFakeSession();
  fake.shell.opened.length = 0;
  fake.dialog.errors.length = 0;
  fake.dialog.boxes.length = 0;
  fake.dialog.answers.length = 0;
  fake.screen.displays = [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }];
  fake.powerMonitor.removeAllListeners();
  fake.shell.openedPaths.length = 0;
  fake.webUtils.paths.clear();
  BrowserWindow.instances = [];
  BrowserWindow.failNextLoad = null;
  Tray.instances = [];
  Notification.instances = [];
  Notification.supported = true;
}
