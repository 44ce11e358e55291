import { BrowserWindow, type BrowserWindowConstructorOptions, type WebContents } from 'electron';
import { APP_ENTRY_URL } from '../../shared/app-origin';
import { applyWebContentsGuards, type GuardOptions } from './guards';
import type { WindowPlacement } from './window-state';

/** Matches the renderer's dark theme, so the window does not flash white while it loads. */
export const WINDOW_BACKGROUND = '#111318';

/**
 * The main window's options. Every security-relevant web preference is written out even where it
 * equals Electron's default: scanners (Electronegativity) flag omitted keys, and a reader should
 * not have to know which defaults changed in which Electron release.
 */
export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 };

export function mainWindowOptions(
  preloadPath: string,
  iconPath?: string,
  placement?: Omit<WindowPlacement, 'maximized'>,
): BrowserWindowConstructorOptions {
  return {
    title: 'Archivist',
    ...DEFAULT_WINDOW_SIZE,
    // Where the operator left it, when that is still on a screen (`placeWindow`); else centred.
    ...(placement === undefined
      ? {}
      : {
          width: placement.width,
          height: placement.height,
          ...(placement.x === undefined || placement.y === undefined
            ? {}
            : { x: placement.x, y: placement.y }),
        }),
    minWidth: 960,
    minHeight: 600,
    backgroundColor: WINDOW_BACKGROUND,
    // Shown on `ready-to-show`, so the operator never sees a half-painted window.
    show: false,
    ...(iconPath === undefined ? {} : { icon: iconPath }),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      // A file dropped on the window would otherwise navigate to it (the guard would also stop it).
      navigateOnDragDrop: false,
      // Middle-click opens links in new windows; the app has no use for it, and Electronegativity's
      // AUXCLICK check asks for it to be off.
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
    },
  };
}

interface MainWindowDeps extends GuardOptions {
  preloadPath: string;
  iconPath?: string;
  /** Called before the page loads, so its first IPC call already comes from a trusted sender. */
  trust(contents: WebContents): void;
  /** Where a page that fails to load is reported. */
  error?(message: string, fields?: Record<string, unknown>): void;
  url?: string;
  /** The size and place the window opens at; the defaults, centred, without it. */
  placement?: WindowPlacement;
}

export function createMainWindow(deps: MainWindowDeps): BrowserWindow {
  const window = new BrowserWindow(
    mainWindowOptions(deps.preloadPath, deps.iconPath, deps.placement),
  );
  applyWebContentsGuards(window.webContents, deps);
  deps.trust(window.webContents);
  window.once('ready-to-show', () => {
    if (deps.placement?.maximized) window.maximize();
    window.show();
  });
  const url = deps.url ?? APP_ENTRY_URL;
  window.loadURL(url).catch((error: unknown) => {
    // Usually the renderer was not built (`out/renderer` is missing). Show the window anyway so
    // the operator is not left with an app that runs but never appears.
    deps.error?.('the window could not load its page', { url, error });
    if (!window.isDestroyed()) window.show();
  });
  return window;
}
