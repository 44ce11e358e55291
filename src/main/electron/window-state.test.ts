import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./test/fake-electron'));

import { BrowserWindow, resetFakeElectron, shell } from './test/fake-electron';
import { createMainWindow } from './window';
import {
  placeWindow,
  readWindowState,
  trackWindowState,
  writeWindowState,
  type WindowState,
} from './window-state';

const PRIMARY = { workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
// A second monitor to the right of the first.
const RIGHT = { workArea: { x: 1920, y: 0, width: 2560, height: 1400 } };
const DEFAULTS = { width: 1280, height: 820 };

let dir: string;
beforeEach(() => {
  resetFakeElectron();
  dir = mkdtempSync(join(tmpdir(), 'archivist-window-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('placing the window', () => {
  const saved: WindowState = { x: 2100, y: 120, width: 1500, height: 900, maximized: false };

  it('opens at the defaults, centred, the first time', () => {
    expect(placeWindow(null, [PRIMARY], PRIMARY, DEFAULTS)).toEqual({
      width: 1280,
      height: 820,
      maximized: false,
    });
  });

  it('goes back where it was on the second monitor while that monitor is there', () => {
    expect(placeWindow(saved, [PRIMARY, RIGHT], PRIMARY, DEFAULTS)).toEqual({
      x: 2100,
      y: 120,
      width: 1500,
      height: 900,
      maximized: false,
    });
  });

  it('opens centred on the primary display, no larger than it, once that monitor is gone', () => {
    const big = { ...saved, width: 2400, height: 1300, maximized: true };
    expect(placeWindow(big, [PRIMARY], PRIMARY, DEFAULTS)).toEqual({
      width: 1920,
      height: 1040,
      maximized: true,
    });
  });

  it('is brought back when only a sliver of its title bar would be on a screen', () => {
    // 40 px of it to the left of the primary display's right edge: too little to grab.
    const sliver = { ...saved, x: 1880, y: 100 };
    expect(placeWindow(sliver, [PRIMARY], PRIMARY, DEFAULTS).x).toBeUndefined();
    // Its title bar above the top of every screen.
    const above = { ...saved, x: 100, y: -500 };
    expect(placeWindow(above, [PRIMARY], PRIMARY, DEFAULTS).x).toBeUndefined();
    const reachable = { ...saved, x: 1700, y: 100 };
    expect(placeWindow(reachable, [PRIMARY], PRIMARY, DEFAULTS).x).toBe(1700);
  });
});

describe('the saved window state', () => {
  it('round-trips through its file, and a damaged or foreign file reads as none', () => {
    const file = join(dir, 'window-state.json');
    expect(readWindowState(file)).toBeNull();
    writeWindowState(file, { x: 10, y: 20, width: 1000, height: 700, maximized: true });
    expect(readWindowState(file)).toEqual({
      x: 10,
      y: 20,
      width: 1000,
      height: 700,
      maximized: true,
    });
    writeFileSync(file, '{"x": 10, "y":');
    expect(readWindowState(file)).toBeNull();
    writeFileSync(file, JSON.stringify({ x: 'left', y: 0, width: 10, height: 10 }));
    expect(readWindowState(file)).toBeNull();
  });

  it('is saved as the operator moves and resizes the window, and when it closes', () => {
    vi.useFakeTimers();
    try {
      const file = join(dir, 'window-state.json');
      const window = createMainWindow({
        preloadPath: '/app/out/preload/index.cjs',
        openExternal: (url) => shell.openExternal(url),
        trust: () => undefined,
        placement: { x: 40, y: 30, width: 1300, height: 850, maximized: false },
      }) as unknown as BrowserWindow;
      expect(window.options).toMatchObject({ x: 40, y: 30, width: 1300, height: 850 });
      trackWindowState(window, (state) => writeWindowState(file, state));
      window.moveTo({ x: 200 });
      window.moveTo({ width: 1400 });
      // Saved once the operator has stopped for half a second, not on every pixel.
      expect(readWindowState(file)).toBeNull();
      vi.advanceTimersByTime(500);
      expect(readWindowState(file)).toEqual({
        x: 200,
        y: 30,
        width: 1400,
        height: 850,
        maximized: false,
      });
      window.maximize();
      window.close();
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ maximized: true, x: 200 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('opens maximized when it was left maximized', () => {
    createMainWindow({
      preloadPath: '/app/out/preload/index.cjs',
      openExternal: (url) => shell.openExternal(url),
      trust: () => undefined,
      placement: { width: 1300, height: 850, maximized: true },
    });
    const window = BrowserWindow.instances.at(-1) as BrowserWindow;
    expect(window.options.x).toBeUndefined();
    window.emit('ready-to-show');
    expect(window.isMaximized()).toBe(true);
    expect(window.visible).toBe(true);
  });
});
