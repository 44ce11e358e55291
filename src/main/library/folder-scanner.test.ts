import {
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanFolders, type ScannedRecording } from './folder-scanner';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'archivist-scan-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function put(rel: string, content: string | Buffer = 'x'): string {
  const path = join(root, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

function byRel(recordings: ScannedRecording[], rel: string): ScannedRecording | undefined {
  return recordings.find((r) => r.relPath === rel);
}

describe('scanFolders', () => {
  it('pairs each video with its caption and summary by case-insensitive stem', async () => {
    put('council/2025-01-07 Council.mp4', 'video');
    put('council/2025-01-07 council.SCC', 'scc');
    put('council/2025-01-07 Council_summary.txt', 'summary');
    put('pc/PC.MOV', 'video');
    put('pc/pc.json', '{}');
    put('pc/pc_minutes.json', '{}');
    put('board/Board.mxf', 'video');
    put('board/Board.md', '# notes');
    put('board/notes.txt', 'unrelated');
    const { result } = await scanFolders({ roots: [root], settleMs: 0 });
    expect(result.recordings.map((r) => r.relPath)).toEqual([
      'board/Board.mxf',
      'council/2025-01-07 Council.mp4',
      'pc/PC.MOV',
    ]);
    const council = byRel(result.recordings, 'council/2025-01-07 Council.mp4');
    expect(council?.caption).toMatchObject({ format: 'scc', size: 3 });
    expect(council?.caption?.path).toBe(join(root, 'council/2025-01-07 council.SCC'));
    expect(council?.summary).toMatchObject({ format: 'summary-txt', size: 7 });
    expect(council?.video.size).toBe(5);
    expect(council?.folder).toBe(join(root, 'council'));
    const pc = byRel(result.recordings, 'pc/PC.MOV');
    expect(pc?.caption?.format).toBe('whisper-json');
    expect(pc?.summary?.format).toBe('minutes-json');
    const board = byRel(result.recordings, 'board/Board.mxf');
    expect(board?.caption).toBeNull();
    expect(board?.summary?.format).toBe('markdown');
  });

  it('does not take a minutes file for Whisper captions', async () => {
    put('a/Meeting.mp4', 'v');
    put('a/Meeting_minutes.json', '{}');
    const { result } = await scanFolders({ roots: [root], settleMs: 0 });
    expect(result.recordings[0]?.caption).toBeNull();
    expect(result.recordings[0]?.summary?.format).toBe('minutes-json');
  });

  it('scans only the share root when the depth is 0', async () => {
    put('Top.mp4', 'v');
    put('deep/Deep.mp4', 'v');
    const shallow = await scanFolders({ roots: [root], maxDepth: 0, settleMs: 0 });
    expect(shallow.result.recordings.map((r) => r.relPath)).toEqual(['Top.mp4']);
    const deep = await scanFolders({ roots: [root], settleMs: 0 });
    expect(deep.result.recordings.map((r) => r.relPath)).toEqual(['Top.mp4', 'deep/Deep.mp4']);
  });

  it('flags a zero-byte video and goes on', async () => {
    put('Empty.mp4', '');
    put('Good.mp4', 'v');
    const { result } = await scanFolders({ roots: [root], settleMs: 0 });
    expect(byRel(result.recordings, 'Empty.mp4')?.problems).toContain('zero-byte video');
    expect(byRel(result.recordings, 'Good.mp4')?.problems).toEqual([]);
  });

  it('reports a missing storage folder without throwing and scans the others', async () => {
    put('Good.mp4', 'v');
    const gone = join(root, 'not-mounted');
    const { result } = await scanFolders({ roots: [gone, root], settleMs: 0 });
    expect(result.problems).toEqual([
      expect.objectContaining({ path: gone, kind: 'folder not found' }),
    ]);
    expect(result.recordings).toHaveLength(1);
  });

  it('reports a folder that vanishes mid-scan, goes on, and keeps what it knew there', async () => {
    put('a/A.mp4', 'v');
    put('b/B.mp4', 'v');
    put('c/C.mp4', 'v');
    const first = await scanFolders({ roots: [root], settleMs: 0 });
    const b = byRel(first.result.recordings, 'b/B.mp4');
    const second = await scanFolders({
      roots: [root],
      settleMs: 0,
      previous: first.result,
      beforeFolder: (folder) => {
        if (folder === join(root, 'b')) rmSync(folder, { recursive: true });
      },
    });
    expect(second.result.problems).toEqual([
      expect.objectContaining({ path: join(root, 'b'), kind: 'folder vanished during the scan' }),
    ]);
    expect(second.result.recordings.map((r) => r.relPath)).toEqual([
      'a/A.mp4',
      'b/B.mp4',
      'c/C.mp4',
    ]);
    expect(second.diff.kept).toEqual([b?.key]);
    expect(second.diff.removed).toEqual([]);
    // Once the folder is really gone from its parent, the recording is removed.
    const third = await scanFolders({ roots: [root], settleMs: 0, previous: second.result });
    expect(third.diff.removed).toEqual([b?.key]);
  });

  it.skipIf(process.getuid?.() === 0)('reports an unreadable folder and goes on', async () => {
    put('locked/L.mp4', 'v');
    put('open/O.mp4', 'v');
    chmodSync(join(root, 'locked'), 0o000);
    try {
      const { result } = await scanFolders({ roots: [root], settleMs: 0 });
      expect(result.problems[0]).toMatchObject({ kind: 'unreadable folder' });
      expect(result.recordings.map((r) => r.relPath)).toEqual(['open/O.mp4']);
    } finally {
      chmodSync(join(root, 'locked'), 0o755);
    }
  });

  it('reports a video it cannot read, goes on, and keeps what it knew of it', async () => {
    put('Good.mp4', 'v');
    const bad = put('Bad.mp4', 'v');
    const first = await scanFolders({ roots: [root], settleMs: 0 });
    const badKey = byRel(first.result.recordings, 'Bad.mp4')?.key;
    rmSync(bad);
    // A link to itself: listed by the folder, but every read fails (ELOOP), even for root.
    symlinkSync(bad, bad);
    const second = await scanFolders({ roots: [root], settleMs: 0, previous: first.result });
    expect(second.result.problems).toEqual([
      expect.objectContaining({ path: bad, kind: 'unreadable file' }),
    ]);
    expect(second.diff.kept).toEqual([badKey]);
    expect(second.diff.removed).toEqual([]);
    expect(second.result.recordings.map((r) => r.relPath)).toEqual(['Bad.mp4', 'Good.mp4']);
  });

  it('rescans: added, changed, removed and unchanged, with identity kept', async () => {
    put('Keep.mp4', 'v');
    put('Change.mp4', 'v');
    put('Drop.mp4', 'v');
    const first = await scanFolders({ roots: [root], settleMs: 0 });
    expect(first.diff.added).toHaveLength(3);
    const key = (rel: string): string | undefined => byRel(first.result.recordings, rel)?.key;
    put('Change.scc', 'captions arrived');
    rmSync(join(root, 'Drop.mp4'));
    put('New.mp4', 'new video');
    const second = await scanFolders({ roots: [root], settleMs: 0, previous: first.result });
    expect(second.diff.unchanged).toEqual([key('Keep.mp4')]);
    expect(second.diff.changed).toEqual([key('Change.mp4')]);
    expect(second.diff.removed).toEqual([key('Drop.mp4')]);
    expect(second.diff.added).toEqual([byRel(second.result.recordings, 'New.mp4')?.key]);
    expect(byRel(second.result.recordings, 'Keep.mp4')?.key).toBe(key('Keep.mp4'));
  });

  it('keeps a growing video unsettled until two scans see the same size for long enough', async () => {
    const path = put('Growing.mp4', 'part');
    let clock = Date.now() + 60_000;
    const now = (): number => clock;
    const first = await scanFolders({ roots: [root], settleMs: 1000, now });
    expect(first.result.recordings[0]?.settled).toBe(true);

    writeFileSync(path, 'part and more');
    utimesSync(path, new Date((clock / 1000) * 1000), new Date(clock));
    clock += 10;
    const growing = await scanFolders({
      roots: [root],
      settleMs: 1000,
      now,
      previous: first.result,
    });
    expect(growing.result.recordings[0]?.settled).toBe(false);
    expect(growing.result.recordings[0]?.problems[0]).toMatch(/still being written/);

    clock += 10;
    const tooSoon = await scanFolders({
      roots: [root],
      settleMs: 1000,
      now,
      previous: growing.result,
    });
    expect(tooSoon.result.recordings[0]?.settled).toBe(false);

    clock += 2000;
    const settled = await scanFolders({
      roots: [root],
      settleMs: 1000,
      now,
      previous: tooSoon.result,
    });
    expect(settled.result.recordings[0]?.settled).toBe(true);
    expect(settled.diff.changed).toEqual([first.result.recordings[0]?.key]);
  });

  it('treats a just-written new file as unsettled', async () => {
    put('Fresh.mp4', 'v');
    const { result } = await scanFolders({ roots: [root], settleMs: 60_000 });
    expect(result.recordings[0]?.settled).toBe(false);
  });

  it('recognises a moved video by size, time and its first and last 64 KiB', async () => {
    const big = Buffer.alloc(200 * 1024, 7);
    big.write('head', 0);
    big.write('tail', big.length - 4);
    const from = put('incoming/Council.mp4', big);
    put('incoming/Council.scc', 'scc');
    const first = await scanFolders({ roots: [root], settleMs: 0 });
    const key = first.result.recordings[0]?.key;
    mkdirSync(join(root, 'archive'));
    renameSync(from, join(root, 'archive/Council.mp4'));
    renameSync(join(root, 'incoming/Council.scc'), join(root, 'archive/Council.scc'));
    const second = await scanFolders({ roots: [root], settleMs: 0, previous: first.result });
    expect(second.diff.moved).toEqual([
      { key, from: join(root, 'incoming/Council.mp4'), to: join(root, 'archive/Council.mp4') },
    ]);
    expect(second.diff.added).toEqual([]);
    expect(second.diff.removed).toEqual([]);
    expect(second.result.recordings[0]).toMatchObject({ key, relPath: 'archive/Council.mp4' });
  });

  it('does not call a different file with the same size and time a move', async () => {
    const a = Buffer.alloc(100 * 1024, 1);
    const b = Buffer.alloc(100 * 1024, 1);
    b.write('different ending', b.length - 16);
    const from = put('A.mp4', a);
    const t = 1_700_000_000; // whole seconds: every file system keeps them exactly
    utimesSync(from, t, t);
    const first = await scanFolders({ roots: [root], settleMs: 0 });
    rmSync(from);
    const to = put('B.mp4', b);
    utimesSync(to, t, t);
    const second = await scanFolders({ roots: [root], settleMs: 0, previous: first.result });
    expect(second.result.recordings[0]?.video).toEqual(first.result.recordings[0]?.video);
    expect(second.diff.moved).toEqual([]);
    expect(second.diff.added).toHaveLength(1);
    expect(second.diff.removed).toEqual([first.result.recordings[0]?.key]);
  });
});
