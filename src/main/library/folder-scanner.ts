/**
 * Finds recordings (a video with its caption and summary sidecars) in storage folders, local or on
 * network shares where change events do not arrive, so a periodic rescan compares size and mtime.
 */
import { createHash, randomUUID } from 'node:crypto';
import { opendir, open, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { errorCode, errorCodeText } from '../../shared/errors';

export const VIDEO_EXTENSIONS = ['.mp4', '.mov', '.mpg', '.mpeg', '.ts', '.mxf'] as const;

export type CaptionFormat = 'scc' | 'srt' | 'vtt' | 'whisper-json';
export type SummaryFormat = 'summary-txt' | 'minutes-json' | 'summary-md' | 'markdown';

export interface FileFacts {
  size: number;
  mtimeMs: number;
}

export interface CaptionFile extends FileFacts {
  /** Absolute path. */
  path: string;
  format: CaptionFormat;
}

export interface SummaryFile extends FileFacts {
  /** Absolute path. */
  path: string;
  format: SummaryFormat;
}

export interface ScannedRecording {
  /** Identity: kept across rescans, restarts (when stored) and moves. */
  key: string;
  /** The storage folder (scan root) it was found under. */
  root: string;
  /** Absolute folder holding the video. */
  folder: string;
  /** Video path relative to the root, with `/` separators. */
  relPath: string;
  video: FileFacts;
  caption: CaptionFile | null;
  summary: SummaryFile | null;
  /** False while the video may still be being written (its size changed since the last look). */
  settled: boolean;
  /** Since when (ms since epoch) the video's size and mtime are known not to have changed. */
  stableSince: number;
  /** Hash of the size and the first and last 64 KiB, once settled: recognises a moved file. */
  fingerprint: string | null;
  problems: string[];
}

export type ScanProblemKind =
  | 'folder not found'
  | 'folder vanished during the scan'
  | 'unreadable folder'
  | 'permission denied'
  | 'unreadable file';

export interface ScanProblem {
  path: string;
  kind: ScanProblemKind;
  message: string;
}

export interface ScanResult {
  scannedAt: number;
  recordings: ScannedRecording[];
  problems: ScanProblem[];
}

export interface ScanDiff {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
  moved: { key: string; from: string; to: string }[];
  /** Recordings under a folder that could not be read this time, kept as last seen. */
  kept: string[];
}

export interface ScanOptions {
  /** Storage folders (local folders or mounted shares). */
  roots: readonly string[];
  /** 0 = only files directly in each root (a share root); default: no limit. */
  maxDepth?: number;
  /** The last scan's result, for a quick rescan, settling and move detection. */
  previous?: ScanResult | null;
  /** How long a video's size must stay the same before it counts as settled (default 5000 ms). */
  settleMs?: number;
  /** Clock, for tests of settling. */
  now?: () => number;
  /** Files looked at between yields to the event loop (default 64). */
  batchSize?: number;
  /** Called before each folder is read: lets a test change the disk in the middle of a scan. */
  beforeFolder?: (folder: string) => Promise<void> | void;
}

export interface ScanOutcome {
  result: ScanResult;
  diff: ScanDiff;
}

const VIDEO = new Set<string>(VIDEO_EXTENSIONS);
const CAPTIONS: [string, CaptionFormat][] = [
  ['.scc', 'scc'],
  ['.srt', 'srt'],
  ['.vtt', 'vtt'],
  ['.json', 'whisper-json'],
];
const SUMMARIES: [string, SummaryFormat][] = [
  ['_summary.txt', 'summary-txt'],
  ['_minutes.json', 'minutes-json'],
  ['_summary.md', 'summary-md'],
  ['.md', 'markdown'],
];
const EDGE_BYTES = 64 * 1024;
const FOLDERS_AT_ONCE = 8;

interface FolderListing {
  folder: string;
  root: string;
  /** Lower-cased file name → actual name. */
  files: Map<string, string>;
}

function extensionOf(lowerName: string): string {
  const dot = lowerName.lastIndexOf('.');
  return dot > 0 ? lowerName.slice(dot) : '';
}

function toRel(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}

/** Runs `fn` over items a batch at a time, yielding between batches so the UI stays responsive. */
async function inBatches<T>(
  items: readonly T[],
  size: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < items.length; i += size) {
    await Promise.all(items.slice(i, i + size).map(fn));
    await yieldToLoop();
  }
}

async function fingerprintOf(path: string, size: number): Promise<string | null> {
  try {
    const handle = await open(path, 'r');
    try {
      const hash = createHash('sha256').update(String(size));
      const head = Buffer.alloc(Math.min(EDGE_BYTES, size));
      await handle.read(head, 0, head.length, 0);
      hash.update(head);
      if (size > EDGE_BYTES) {
        const tailLength = Math.min(EDGE_BYTES, size - EDGE_BYTES);
        const tail = Buffer.alloc(tailLength);
        await handle.read(tail, 0, tailLength, size - tailLength);
        hash.update(tail);
      }
      return hash.digest('hex');
    } finally {
      await handle.close();
    }
  } catch {
    // Unreadable now: the file is still found by path; only move recognition is lost.
    return null;
  }
}

function sameFacts(a: FileFacts | null, b: FileFacts | null): boolean {
  if (a === null || b === null) return a === b;
  return a.size === b.size && a.mtimeMs === b.mtimeMs;
}

function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

async function listFolders(
  options: ScanOptions,
  problems: ScanProblem[],
  failedFolders: string[],
): Promise<FolderListing[]> {
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  const listings: FolderListing[] = [];
  let level: { folder: string; root: string; depth: number }[] = options.roots.map((root) => ({
    folder: root,
    root,
    depth: 0,
  }));
  let seen = 0;
  // A level of the tree at a time, a few folders at once: on a network share each listing is a
  // round trip, and one after another would make a deep tree slow.
  while (level.length > 0) {
    const next: typeof level = [];
    await inBatches(level, FOLDERS_AT_ONCE, async ({ folder, root, depth }) => {
      try {
        await options.beforeFolder?.(folder);
        const dir = await opendir(folder, { bufferSize: 128 });
        const files = new Map<string, string>();
        for await (const entry of dir) {
          // Hidden entries are the system's (.DS_Store, .Trash, .snapshot), not recordings.
          if (entry.name.startsWith('.')) continue;
          if (entry.isDirectory()) {
            if (depth < maxDepth)
              next.push({ folder: join(folder, entry.name), root, depth: depth + 1 });
          } else if (entry.isFile() || entry.isSymbolicLink()) {
            files.set(entry.name.toLowerCase(), entry.name);
          }
          if (++seen % 512 === 0) await yieldToLoop();
        }
        listings.push({ folder, root, files });
      } catch (error) {
        failedFolders.push(folder);
        problems.push(folderProblem(folder, depth === 0, error));
      }
    });
    level = next;
  }
  return listings;
}

function folderProblem(folder: string, isRoot: boolean, error: unknown): ScanProblem {
  const code = errorCode(error);
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return isRoot
      ? {
          path: folder,
          kind: 'folder not found',
          message: `The storage folder ${folder} is not there (a share not mounted?). Recordings already known under it are kept.`,
        }
      : {
          path: folder,
          kind: 'folder vanished during the scan',
          message: `The folder ${folder} disappeared while it was being scanned. Recordings already known under it are kept; the next scan looks again.`,
        };
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return {
      path: folder,
      kind: 'unreadable folder',
      message: `Permission denied reading the folder ${folder}: this account may not list it.`,
    };
  }
  return {
    path: folder,
    kind: 'unreadable folder',
    message: `The folder ${folder} could not be read (${errorCodeText(error)}).`,
  };
}

interface Found {
  root: string;
  folder: string;
  videoPath: string;
  video: FileFacts;
  caption: CaptionFile | null;
  summary: SummaryFile | null;
  problems: string[];
}

/** Pairs each video in a folder with its sidecars by case-insensitive stem. */
function pairInFolder(listing: FolderListing): {
  videoName: string;
  captionName: [string, CaptionFormat] | null;
  summaryName: [string, SummaryFormat] | null;
  twins: boolean;
}[] {
  const stems = new Map<string, number>();
  const videos: [string, string][] = [];
  for (const [lower, actual] of listing.files) {
    const ext = extensionOf(lower);
    if (!VIDEO.has(ext)) continue;
    const stem = lower.slice(0, -ext.length);
    videos.push([stem, actual]);
    stems.set(stem, (stems.get(stem) ?? 0) + 1);
  }
  return videos.map(([stem, videoName]) => {
    let captionName: [string, CaptionFormat] | null = null;
    for (const [suffix, format] of CAPTIONS) {
      const name = listing.files.get(stem + suffix);
      if (name) {
        captionName = [name, format];
        break;
      }
    }
    let summaryName: [string, SummaryFormat] | null = null;
    for (const [suffix, format] of SUMMARIES) {
      const name = listing.files.get(stem + suffix);
      if (name) {
        summaryName = [name, format];
        break;
      }
    }
    return { videoName, captionName, summaryName, twins: (stems.get(stem) ?? 0) > 1 };
  });
}

async function statFile(path: string, problems: ScanProblem[]): Promise<FileFacts | null | 'gone'> {
  try {
    const s = await stat(path);
    return { size: s.size, mtimeMs: Math.trunc(s.mtimeMs) };
  } catch (error) {
    const code = errorCode(error);
    // Deleted between the listing and now: simply not there any more.
    if (code === 'ENOENT') return 'gone';
    problems.push(
      code === 'EACCES' || code === 'EPERM'
        ? { path, kind: 'permission denied', message: `Permission denied reading ${path}.` }
        : {
            path,
            kind: 'unreadable file',
            message: `${path} could not be read (${code ?? String(error)}).`,
          },
    );
    return null;
  }
}

/**
 * Scans the storage folders. Never throws for one bad file or folder: each gets a problem in
 * words and the scan goes on; recordings under a folder that could not be read are kept as last
 * seen, so an unmounted share does not make the library forget them.
 */
export async function scanFolders(options: ScanOptions): Promise<ScanOutcome> {
  const now = options.now ?? Date.now;
  const settleMs = options.settleMs ?? 5000;
  const batchSize = options.batchSize ?? 64;
  const previous = options.previous ?? null;
  const problems: ScanProblem[] = [];
  const failedFolders: string[] = [];
  const unreadableVideos = new Set<string>();

  const listings = await listFolders(options, problems, failedFolders);
  const scannedAt = now();

  const jobs: { listing: FolderListing; pair: ReturnType<typeof pairInFolder>[number] }[] = [];
  for (const listing of listings)
    for (const pair of pairInFolder(listing)) jobs.push({ listing, pair });

  const found: Found[] = [];
  await inBatches(jobs, batchSize, async ({ listing, pair }) => {
    const videoPath = join(listing.folder, pair.videoName);
    const [video, caption, summary] = await Promise.all([
      statFile(videoPath, problems),
      pair.captionName ? statFile(join(listing.folder, pair.captionName[0]), problems) : null,
      pair.summaryName ? statFile(join(listing.folder, pair.summaryName[0]), problems) : null,
    ]);
    if (video === 'gone') return;
    if (video === null) {
      unreadableVideos.add(videoPath);
      return;
    }
    const recordingProblems: string[] = [];
    if (video.size === 0) recordingProblems.push('zero-byte video');
    if (pair.twins)
      recordingProblems.push('another video in this folder has the same name: sidecars are shared');
    found.push({
      root: listing.root,
      folder: listing.folder,
      videoPath,
      video,
      caption:
        pair.captionName && caption && caption !== 'gone'
          ? {
              path: join(listing.folder, pair.captionName[0]),
              format: pair.captionName[1],
              ...caption,
            }
          : null,
      summary:
        pair.summaryName && summary && summary !== 'gone'
          ? {
              path: join(listing.folder, pair.summaryName[0]),
              format: pair.summaryName[1],
              ...summary,
            }
          : null,
      problems: recordingProblems,
    });
  });

  return reconcile(found, previous, failedFolders, unreadableVideos, problems, {
    scannedAt,
    settleMs,
    batchSize,
  });
}

async function reconcile(
  found: Found[],
  previous: ScanResult | null,
  failedFolders: string[],
  unreadableVideos: ReadonlySet<string>,
  problems: ScanProblem[],
  o: { scannedAt: number; settleMs: number; batchSize: number },
): Promise<ScanOutcome> {
  const byPath = new Map<string, ScannedRecording>();
  for (const r of previous?.recordings ?? []) byPath.set(join(r.root, r.relPath), r);
  const diff: ScanDiff = {
    added: [],
    changed: [],
    removed: [],
    unchanged: [],
    moved: [],
    kept: [],
  };
  const recordings: ScannedRecording[] = [];
  const usedKeys = new Set<string>();
  const fresh: ScannedRecording[] = [];

  for (const f of found) {
    const relPath = toRel(f.root, f.videoPath);
    const before = byPath.get(f.videoPath);
    byPath.delete(f.videoPath);
    const videoSame = before ? sameFacts(before.video, f.video) : false;
    const stableSince =
      before && videoSame ? before.stableSince : before ? o.scannedAt : f.video.mtimeMs;
    // A changed video waits for a second look with the same size, however long settleMs is.
    const settled = (!before || videoSame) && o.scannedAt - stableSince >= o.settleMs;
    const recording: ScannedRecording = {
      key: before?.key ?? '',
      root: f.root,
      folder: f.folder,
      relPath,
      video: f.video,
      caption: f.caption,
      summary: f.summary,
      settled,
      stableSince,
      fingerprint: before && videoSame ? before.fingerprint : null,
      problems: f.problems,
    };
    if (!settled)
      recording.problems.push('still being written: changed too recently to be used yet');
    recordings.push(recording);
    if (before) {
      usedKeys.add(before.key);
      const same =
        videoSame &&
        sameFacts(before.caption, f.caption) &&
        sameFacts(before.summary, f.summary) &&
        before.caption?.path === f.caption?.path &&
        before.summary?.path === f.summary?.path &&
        before.settled === settled;
      (same ? diff.unchanged : diff.changed).push(before.key);
    } else {
      fresh.push(recording);
    }
  }

  // Fingerprints only of settled videos: a growing file's would be stale at once.
  await inBatches(
    recordings.filter((r) => r.settled && r.fingerprint === null && r.video.size > 0),
    o.batchSize,
    async (r) => {
      r.fingerprint = await fingerprintOf(join(r.root, r.relPath), r.video.size);
    },
  );

  // What was not seen: kept if its folder could not be read, otherwise removed or moved.
  const missing: ScannedRecording[] = [];
  for (const [path, r] of byPath) {
    if (unreadableVideos.has(path) || failedFolders.some((folder) => isInside(path, folder))) {
      recordings.push(r);
      usedKeys.add(r.key);
      diff.kept.push(r.key);
    } else missing.push(r);
  }

  const missingByFacts = new Map<string, ScannedRecording[]>();
  for (const r of missing) {
    const facts = `${r.video.size}:${r.video.mtimeMs}`;
    const list = missingByFacts.get(facts);
    if (list) list.push(r);
    else missingByFacts.set(facts, [r]);
  }
  for (const r of fresh) {
    const candidates = missingByFacts.get(`${r.video.size}:${r.video.mtimeMs}`) ?? [];
    const fingerprint =
      candidates.length > 0 && r.video.size > 0
        ? (r.fingerprint ?? (await fingerprintOf(join(r.root, r.relPath), r.video.size)))
        : null;
    const match = fingerprint
      ? candidates.find((c) => c.fingerprint === fingerprint && !usedKeys.has(c.key))
      : undefined;
    if (match) {
      r.key = match.key;
      r.fingerprint = fingerprint;
      usedKeys.add(match.key);
      diff.moved.push({
        key: match.key,
        from: join(match.root, match.relPath),
        to: join(r.root, r.relPath),
      });
    } else {
      r.key = newKey(usedKeys);
      diff.added.push(r.key);
    }
  }
  for (const r of missing) if (!usedKeys.has(r.key)) diff.removed.push(r.key);

  // Code-unit order, not locale order: the same on every machine, so results compare cleanly.
  const order = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  recordings.sort((a, b) => order(a.root, b.root) || order(a.relPath, b.relPath));
  return { result: { scannedAt: o.scannedAt, recordings, problems }, diff };
}

function newKey(used: Set<string>): string {
  let key = randomUUID();
  while (used.has(key)) key = randomUUID();
  used.add(key);
  return key;
}
