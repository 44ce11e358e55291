import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { app } from 'electron';

/** The argument the login item starts the app with: it opens in the tray, with no window. */
export const HIDDEN_ARG = '--hidden';

export interface LoginItemDeps {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  /** The app's executable; an AppImage is started through its own file (`$APPIMAGE`). */
  execPath?: string;
  /** Run from a clone (`electron .`), the app's folder must follow the executable. */
  isPackaged?: boolean;
  appPath?: string;
}

/** Where a Linux desktop (XDG autostart) looks for programs to start at login. */
export function autostartFile(env: NodeJS.ProcessEnv = process.env): string {
  const config = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(config, 'autostart', 'archivist-desktop.desktop');
}

/** Quotes one argument for a desktop entry's `Exec=` line (the XDG desktop entry spec). */
function execArg(arg: string): string {
  if (!/[\s"'\\$`]/.test(arg)) return arg;
  return `"${arg.replace(/["`$\\]/g, (c) => `\\${c}`)}"`;
}

export function autostartEntry(command: string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Archivist Desktop',
    'Comment=Starts Archivist in the tray',
    `Exec=${command.map(execArg).join(' ')}`,
    'X-GNOME-Autostart-enabled=true',
    'Terminal=false',
    '',
  ].join('\n');
}

/**
 * Starts the app when the operator signs in to the computer, in the tray (`--hidden`), or stops
 * doing so. Windows and macOS keep the login item themselves; Linux desktops read an XDG
 * autostart entry, which Electron does not write.
 */
export function applyStartAtLogin(enabled: boolean, deps: LoginItemDeps = {}): void {
  const platform = deps.platform ?? process.platform;
  const env = deps.env ?? process.env;
  const isPackaged = deps.isPackaged ?? app.isPackaged;
  const appArgs = isPackaged ? [] : [deps.appPath ?? app.getAppPath()];
  if (platform === 'linux') {
    const file = autostartFile(env);
    if (!enabled) {
      rmSync(file, { force: true });
      return;
    }
    const executable = env.APPIMAGE || deps.execPath || process.execPath;
    mkdirSync(join(file, '..'), { recursive: true });
    const partial = `${file}.partial`;
    writeFileSync(partial, autostartEntry([executable, ...appArgs, HIDDEN_ARG]));
    renameSync(partial, file);
    return;
  }
  app.setLoginItemSettings({
    openAtLogin: enabled,
    // Windows starts the executable with these; macOS ignores them and tells the app instead
    // (`wasOpenedAtLogin`).
    args: [...appArgs, HIDDEN_ARG],
    ...(deps.execPath === undefined ? {} : { path: deps.execPath }),
  });
}

/** Whether this start came from the login item, so the window stays closed and the tray shows. */
export function startedHidden(
  argv: readonly string[] = process.argv,
  platform: NodeJS.Platform = process.platform,
): boolean {
  if (argv.includes(HIDDEN_ARG)) return true;
  if (platform !== 'darwin') return false;
  return app.getLoginItemSettings().wasOpenedAtLogin === true;
}
