import { errorMessage, errorCode } from '../../shared/errors';
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A sidecar that could not be written; the message names the file and the reason. */
export class SidecarWriteError extends Error {
  override readonly name = 'SidecarWriteError';
  constructor(
    readonly path: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Could not write the caption file ${path}: ${reason}`, options);
  }
}

function reasonOf(error: unknown): string {
  const code = errorCode(error);
  if (code !== undefined) {
    const words: Record<string, string> = {
      EACCES: 'permission denied',
      EPERM: 'permission denied',
      ENOENT: 'the folder does not exist',
      ENOTDIR: 'part of the path is not a folder',
      ENOSPC: 'the disk is full',
      EROFS: 'the disk is read-only',
      EISDIR: 'a folder has that name',
      EDQUOT: 'the disk quota is used up',
    };
    return `${words[code] ?? 'the system refused'} (${code})`;
  }
  return errorMessage(error);
}

/**
 * Writes a sidecar so that it appears whole or not at all: the content goes to a hidden
 * temporary file in the same folder (a rename is only atomic within one file system), is flushed
 * to disk, then renamed over the final name. Cablecast, watching the folder, never sees half a
 * caption file; a crash leaves at worst a hidden `.tmp` file, never a truncated sidecar.
 */
export async function writeSidecarAtomic(
  path: string,
  content: string | Uint8Array,
): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let created = false;
  try {
    const handle = await open(temp, 'wx');
    created = true;
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    created = false;
  } catch (error) {
    if (created) await rm(temp, { force: true }).catch(() => undefined);
    throw new SidecarWriteError(path, reasonOf(error), { cause: error });
  }
  // Make the rename itself durable. Directories cannot be opened for sync on every platform
  // (Windows), and the file is already complete, so this is best effort.
  try {
    const d = await open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    // Best effort: see above.
  }
}
