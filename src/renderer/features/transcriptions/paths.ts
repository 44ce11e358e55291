/**
 * Folder paths as strings (the renderer has no Node `path` module): Windows (`C:\…`, UNC
 * `\\server\share\…`) and POSIX (`/…`) alike, whatever this machine is.
 */

function isWindowsPath(path: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(path) || /^[\\/]{2}[^\\/]/.test(path);
}

/**
 * The folder holding `path` (`C:\Rec\a.mp4` → `C:\Rec`, `/mnt/rec/a.mp4` → `/mnt/rec`), or null
 * when there is none to go up to (a drive or share root, `/`, a bare name).
 */
export function parentFolder(path: string): string | null {
  const trimmed = path.trim();
  if (trimmed === '') return null;
  if (isWindowsPath(trimmed)) {
    const unc = /^([\\/]{2}[^\\/]+[\\/]+[^\\/]+)(.*)$/.exec(trimmed);
    const drive = /^([A-Za-z]:)(.*)$/.exec(trimmed);
    const root = unc?.[1] ?? drive?.[1] ?? '';
    const rest = (unc?.[2] ?? drive?.[2] ?? '').replace(/[\\/]+$/, '');
    const cut = Math.max(rest.lastIndexOf('\\'), rest.lastIndexOf('/'));
    if (rest === '' || cut < 0) return null;
    const sep = rest.charAt(cut);
    const parent = rest.slice(0, cut).replace(/[\\/]+$/, '');
    if (parent === '') return unc ? root : `${root}${sep}`;
    return `${root}${parent}`;
  }
  if (!trimmed.startsWith('/')) return null;
  const rest = trimmed.replace(/\/+$/, '');
  if (rest === '') return null;
  const cut = rest.lastIndexOf('/');
  const parent = rest.slice(0, cut).replace(/\/+$/, '');
  return parent === '' ? '/' : parent;
}

export interface DroppedItem {
  /** The path Electron gave for it; null in a browser. */
  path: string | null;
  isDirectory: boolean;
}

/**
 * The storage folders a drop adds: a dropped folder itself, a dropped file's folder; each once.
 * `unknown` counts items without a path (a browser does not tell where files are).
 */
export function foldersFromDrop(items: readonly DroppedItem[]): {
  folders: string[];
  unknown: number;
} {
  const folders: string[] = [];
  let unknown = 0;
  for (const item of items) {
    if (!item.path) {
      unknown++;
      continue;
    }
    const folder = item.isDirectory
      ? item.path.replace(/(?<=.)[\\/]+$/, '')
      : parentFolder(item.path);
    if (folder === null) {
      unknown++;
      continue;
    }
    if (!folders.includes(folder)) folders.push(folder);
  }
  return { folders, unknown };
}
