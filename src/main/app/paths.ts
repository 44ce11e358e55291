import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The data folder's name in the platform's application data folder. */
export const DATA_FOLDER_NAME = 'archivist-desktop';

/**
 * The same folder Electron's `app.getPath('userData')` gives this app, so the desktop app and the
 * browser host on one machine share their settings and catalog.
 */
export function defaultDataDir(env: Record<string, string | undefined> = process.env): string {
  if (env.ARCHIVIST_DATA_DIR) return resolve(env.ARCHIVIST_DATA_DIR);
  const name = DATA_FOLDER_NAME;
  switch (process.platform) {
    case 'win32':
      return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), name);
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', name);
    default:
      return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), name);
  }
}

/** The project root when running from source (src/main/app → ../../..). */
export function sourceRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
}

export function appVersion(): string {
  const pkg = JSON.parse(readFileSync(join(sourceRoot(), 'package.json'), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? '0.0.0';
}
