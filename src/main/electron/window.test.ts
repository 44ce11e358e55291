import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./test/fake-electron'));

import { APP_ENTRY_URL } from '../../shared/app-origin';
import { BrowserWindow, flush, resetFakeElectron, shell } from './test/fake-electron';
import { createMainWindow, mainWindowOptions, WINDOW_BACKGROUND } from './window';

beforeEach(() => resetFakeElectron());

function open(overrides: { warn?: (m: string) => void; error?: (m: string) => void } = {}) {
  const trusted: unknown[] = [];
  const created = createMainWindow({
    preloadPath: '/app/out/preload/index.cjs',
    iconPath: '/app/resources/icon.png',
    openExternal: (url) => shell.openExternal(url),
    trust: (contents) => trusted.push(contents),
    ...overrides,
  });
  const window = BrowserWindow.instances.at(-1);
  if (!window || (window as unknown) !== created) throw new Error('no window was created');
  return { window, trusted };
}

describe('mainWindowOptions', () => {
  it('writes out every security-relevant web preference with its safe value', () => {
    const prefs = mainWindowOptions('/preload.cjs').webPreferences;
    expect(prefs).toMatchObject({
      preload: '/preload.cjs',
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
      navigateOnDragDrop: false,
    });
    // Present as own keys, not merely defaulted: scanners read the literal options.
    for (const key of [
      'contextIsolation',
      'sandbox',
      'nodeIntegration',
      'nodeIntegrationInWorker',
      'nodeIntegrationInSubFrames',
      'webSecurity',
      'webviewTag',
      'allowRunningInsecureContent',
      'experimentalFeatures',
      'spellcheck',
    ]) {
      expect(Object.hasOwn(prefs ?? {}, key), key).toBe(true);
    }
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });

  it('starts hidden on a dark background with a usable minimum size', () => {
    const options = mainWindowOptions('/preload.cjs', '/icon.png');
    expect(options.show).toBe(false);
    expect(options.backgroundColor).toBe(WINDOW_BACKGROUND);
    expect(options.icon).toBe('/icon.png');
    expect(options.minWidth).toBeGreaterThanOrEqual(800);
    expect(options.minHeight).toBeGreaterThanOrEqual(500);
    expect(options.title).toBe('Archivist');
    expect(mainWindowOptions('/preload.cjs')).not.toHaveProperty('icon');
  });
});

describe('createMainWindow', () => {
  it('creates the window with those options, trusts it before loading, and shows it when ready', async () => {
    const { window, trusted } = open();
    expect(window.options).toEqual(
      mainWindowOptions('/app/out/preload/index.cjs', '/app/resources/icon.png'),
    );
    expect(trusted).toEqual([window.webContents]);
    expect(window.loadedUrl).toBe(APP_ENTRY_URL);
    await flush();
    expect(window.visible).toBe(false);
    window.emit('ready-to-show');
    expect(window.visible).toBe(true);
  });

  it('still shows the window, and reports, when the page cannot load', async () => {
    BrowserWindow.failNextLoad = new Error('ERR_FILE_NOT_FOUND (-6) loading app://archivist/');
    const error = vi.fn();
    const { window } = open({ error });
    await flush();
    expect(error).toHaveBeenCalledWith('the window could not load its page', expect.anything());
    expect(window.visible).toBe(true);
  });

  it('blocks navigation and redirects away from the app origin', async () => {
    const { window } = open();
    await flush();
    const contents = window.webContents;
    expect(contents.attemptNavigation('https://evil.example/')).toBe(true);
    expect(contents.attemptNavigation('file:///etc/passwd')).toBe(true);
    expect(contents.attemptNavigation('app://archivist.evil/index.html')).toBe(true);
    expect(contents.attemptNavigation('app://archivist/index.html#/settings')).toBe(false);
    expect(contents.attemptFrameNavigation('https://evil.example/')).toBe(true);
    expect(contents.attemptRedirect('https://evil.example/')).toBe(true);
    expect(contents.attemptRedirect('app://archivist/index.html')).toBe(false);
  });

  it('denies every new window and opens only https links in the system browser', () => {
    const { window } = open();
    const contents = window.webContents;
    for (const url of [
      'https://cablecast.example/shows/1',
      'http://cablecast.example/',
      'file:///C:/Windows/system32/calc.exe',
      'javascript:alert(1)',
      'smb://server/share',
      'https://user:pass@evil.example/',
      'app://archivist/index.html',
      'not a url',
    ]) {
      expect(contents.attemptWindowOpen(url), url).toEqual({ action: 'deny' });
    }
    expect(shell.opened).toEqual(['https://cablecast.example/shows/1']);
  });

  it('refuses to attach a webview', () => {
    const { window } = open();
    expect(window.webContents.attemptAttachWebview()).toBe(true);
  });
});
