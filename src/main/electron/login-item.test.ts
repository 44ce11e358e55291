import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./test/fake-electron'));

import { applyStartAtLogin, autostartEntry, autostartFile, startedHidden } from './login-item';
import { app, resetFakeElectron } from './test/fake-electron';

let dir: string;
beforeEach(() => {
  resetFakeElectron();
  dir = mkdtempSync(join(tmpdir(), 'archivist-login-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('starting at login', () => {
  it('on Windows, registers the installed app with --hidden, and unregisters it', () => {
    app.isPackaged = true;
    applyStartAtLogin(true, { platform: 'win32' });
    expect(app.loginItem).toEqual({ openAtLogin: true, args: ['--hidden'] });
    applyStartAtLogin(false, { platform: 'win32' });
    expect(app.loginItem.openAtLogin).toBe(false);
  });

  it('run from a clone, starts Electron with the app folder', () => {
    applyStartAtLogin(true, { platform: 'darwin', appPath: '/src/archivist' });
    expect(app.loginItem).toEqual({ openAtLogin: true, args: ['/src/archivist', '--hidden'] });
  });

  it('on Linux, writes an XDG autostart entry (the AppImage itself when it is one) and removes it', () => {
    const env = { XDG_CONFIG_HOME: dir, APPIMAGE: '/home/ops/Apps/Archivist Desktop.AppImage' };
    applyStartAtLogin(true, { platform: 'linux', env, isPackaged: true });
    const file = autostartFile(env);
    expect(file).toBe(join(dir, 'autostart', 'archivist-desktop.desktop'));
    const entry = readFileSync(file, 'utf8');
    expect(entry).toContain('[Desktop Entry]\nType=Application\n');
    expect(entry).toContain('Exec="/home/ops/Apps/Archivist Desktop.AppImage" --hidden\n');
    // Electron's own login item is not touched: it does nothing on Linux.
    expect(app.loginItem.openAtLogin).toBe(false);
    applyStartAtLogin(false, { platform: 'linux', env, isPackaged: true });
    expect(existsSync(file)).toBe(false);
    // Already gone: nothing to do, no error.
    applyStartAtLogin(false, { platform: 'linux', env, isPackaged: true });
  });

  it('quotes what a desktop entry would otherwise split or expand', () => {
    expect(autostartEntry(['/opt/Archivist Desktop/archivist-desktop', '--hidden'])).toContain(
      'Exec="/opt/Archivist Desktop/archivist-desktop" --hidden',
    );
    expect(autostartEntry(['/opt/a$b"c/app'])).toContain('Exec="/opt/a\\$b\\"c/app"');
    expect(autostartEntry(['/usr/lib/archivist-desktop/archivist-desktop'])).toContain(
      'Exec=/usr/lib/archivist-desktop/archivist-desktop\n',
    );
  });

  it('knows a start from the login item: --hidden, or macOS saying so', () => {
    expect(startedHidden(['/app/archivist', '--hidden'], 'win32')).toBe(true);
    expect(startedHidden(['/app/archivist'], 'win32')).toBe(false);
    expect(startedHidden(['/app/archivist'], 'darwin')).toBe(false);
    app.loginItem = { openAtLogin: true, wasOpenedAtLogin: true };
    expect(startedHidden(['/app/archivist'], 'darwin')).toBe(true);
    expect(startedHidden(['/app/archivist'], 'linux')).toBe(false);
  });
});
