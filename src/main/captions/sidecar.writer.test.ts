import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SidecarWriteError, writeSidecarAtomic } from './sidecar.writer';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'archivist-sidecar-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeSidecarAtomic', () => {
  it('writes the file and leaves nothing else behind', async () => {
    const path = join(dir, '21413-1-Council.scc');
    await writeSidecarAtomic(path, 'Scenarist_SCC V1.0\r\n');
    expect(readFileSync(path, 'utf8')).toBe('Scenarist_SCC V1.0\r\n');
    expect(readdirSync(dir)).toEqual(['21413-1-Council.scc']);
  });

  it('replaces an existing sidecar whole', async () => {
    const path = join(dir, 'show.scc');
    writeFileSync(path, 'old content that is longer than the new one');
    await writeSidecarAtomic(path, new TextEncoder().encode('new'));
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['show.scc']);
  });

  it('names the path when the folder does not exist', async () => {
    const path = join(dir, 'missing', 'show.scc');
    const error = await writeSidecarAtomic(path, 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SidecarWriteError);
    expect((error as SidecarWriteError).message).toBe(
      `Could not write the caption file ${path}: the folder does not exist (ENOENT)`,
    );
    expect((error as SidecarWriteError).path).toBe(path);
  });

  it('cleans up its temporary file when the rename fails, leaving the target untouched', async () => {
    const path = join(dir, 'show.scc');
    mkdirSync(path); // a folder in the way: the rename cannot replace it
    mkdirSync(join(path, 'inside'));
    const error = await writeSidecarAtomic(path, 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SidecarWriteError);
    expect(String((error as Error).message)).toContain(path);
    expect(readdirSync(dir)).toEqual(['show.scc']);
  });
});
