/**
 * The storage folders and their scans: folders added and removed, each scan's findings stored,
 * what changed examined, a second look at videos still being written, change events where the
 * platform sends them and the periodic rescan where it does not.
 */
import { watch, type FSWatcher } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { AppError } from '../../shared/result';
import type { Logger } from '../logging/logger';
import { Rerunner } from '../work';
import { errorCodeText } from '../../shared/errors';
import { scanFolders, type ScannedRecording, type ScanProblem } from './folder-scanner';
import { changes, type Prober, type RecordingAnalysis } from './recording-analysis';
import type { RecordingInsert, RecordingPatch, RecordingsRepo } from './recordings.repo';

export interface LibraryScannerOptions {
  repo: RecordingsRepo;
  analysis: RecordingAnalysis;
  prober: Prober;
  logger: Logger;
  /** How long a video's size must stay put before it is used. */
  settleMs: number;
  /** Watch folders for change events where the platform gives them. */
  watch: boolean;
  now: () => Date;
  /** The counts or the scanning flag changed. */
  changed(): void;
  /** A scan (with the runs asked for during it) ended. */
  scanned(): void;
}

/** Windows paths compare without regard to case (D:\Recordings is d:\recordings). */
function comparable(path: string): string {
  return process.platform === 'win32' ? path.toLowerCase() : path;
}

function isInside(path: string, folder: string): boolean {
  const p = comparable(path);
  const f = comparable(folder);
  return p === f || p.startsWith(f.endsWith(sep) ? f : f + sep);
}

export class LibraryScanner {
  private readonly repo: RecordingsRepo;
  private readonly runner: Rerunner;
  private disposed = false;
  private settleTimer: NodeJS.Timeout | null = null;
  private watchTimer: NodeJS.Timeout | null = null;
  private readonly watchers = new Map<string, FSWatcher>();
  /** The next scan examines every recording, not only what it found changed. */
  private analyseAll = true;

  constructor(private readonly options: LibraryScannerOptions) {
    this.repo = options.repo;
    this.runner = new Rerunner(
      () => this.scanOnce(),
      (error) => this.options.logger.error('library scan failed', { error }),
    );
  }

  get scanning(): boolean {
    return this.runner.running;
  }

  /** Starts the folder watchers, and scans once (the periodic rescan is a schedule). */
  start(): Promise<void> {
    for (const folder of this.repo.folders()) this.watchFolder(folder.path);
    return this.scan();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const timer of [this.settleTimer, this.watchTimer]) if (timer) clearTimeout(timer);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
    await this.runner.stop();
  }

  /** Resolves when no scan is running. */
  idle(): Promise<void> {
    return this.runner.idle();
  }

  /** Scans now; a call during a scan makes that scan run once more when it ends. */
  scan(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    const starting = !this.runner.running;
    const run = this.runner.request();
    if (starting) {
      this.options.changed();
      void run.then(() => {
        if (this.disposed) return;
        this.options.changed();
        this.options.scanned();
      });
    }
    return run;
  }

  private watchFolder(path: string): void {
    if (!this.options.watch || this.watchers.has(path)) return;
    try {
      // Where the platform sends change events a new file shows up at once; shares send none,
      // which the periodic rescan covers.
      // On Linux, Node emulates a recursive watch by walking the whole tree and watching every
      // file, which blocks start-up on a big share that sends no events anyway: the folder
      // itself is watched there (videos sit at a Flex share's root), the rest is rescanned.
      const recursive = process.platform !== 'linux';
      const watcher = watch(path, { recursive, persistent: false }, () => {
        if (this.watchTimer) clearTimeout(this.watchTimer);
        this.watchTimer = setTimeout(() => void this.scan(), 1000);
        this.watchTimer.unref();
      });
      watcher.on('error', () => {
        watcher.close();
        this.watchers.delete(path);
      });
      this.watchers.set(path, watcher);
    } catch (error) {
      this.options.logger.debug('no change events for a storage folder', {
        path,
        error: errorCodeText(error),
      });
    }
  }

  private unwatchFolder(path: string): void {
    this.watchers.get(path)?.close();
    this.watchers.delete(path);
  }

  // ---- folders -------------------------------------------------------------------------------

  /** Adds a storage folder and scans it; refuses what is not a readable folder of its own. */
  async addFolder(input: string): Promise<void> {
    const path = input.trim();
    if (!isAbsolute(path)) {
      throw new AppError(
        'INVALID_ARGUMENT',
        `Give the folder's full path (for example /mnt/flex/content or D:\\Recordings), not "${path}".`,
        'path',
      );
    }
    const folder = resolve(path);
    let facts;
    try {
      facts = await stat(folder);
    } catch (error) {
      const code = errorCodeText(error);
      throw new AppError(
        'INVALID_ARGUMENT',
        code === 'ENOENT'
          ? `There is no folder at ${folder}. If it is a network share, mount it first.`
          : code === 'EACCES' || code === 'EPERM'
            ? `Permission denied opening ${folder}: this account may not read it.`
            : `${folder} could not be opened (${code}).`,
        'path',
      );
    }
    if (!facts.isDirectory()) {
      throw new AppError(
        'INVALID_ARGUMENT',
        `${folder} is a file, not a folder: add the folder that holds it (${dirname(folder)}).`,
        'path',
      );
    }
    try {
      await readdir(folder);
    } catch (error) {
      throw new AppError(
        'INVALID_ARGUMENT',
        `The folder ${folder} cannot be listed (${errorCodeText(error)}): this account may not read it.`,
        'path',
      );
    }
    for (const existing of this.repo.folders()) {
      if (comparable(existing.path) === comparable(folder)) return;
      if (isInside(folder, existing.path)) {
        throw new AppError(
          'INVALID_ARGUMENT',
          `${folder} is inside ${existing.path}, which is already scanned.`,
          'path',
        );
      }
      if (isInside(existing.path, folder)) {
        throw new AppError(
          'INVALID_ARGUMENT',
          `${folder} holds the storage folder ${existing.path}: remove that one first, so no recording is listed twice.`,
          'path',
        );
      }
    }
    this.repo.addFolder(folder, this.options.now().toISOString());
    // A folder added again brings back recordings examined against an older catalog.
    this.analyseAll = true;
    this.watchFolder(folder);
    await this.scan();
  }

  removeFolder(input: string): void {
    const typed = isAbsolute(input.trim()) ? resolve(input.trim()) : input.trim();
    const folder =
      this.repo.folders().find((f) => comparable(f.path) === comparable(typed))?.path ?? typed;
    if (!this.repo.removeFolder(folder)) {
      throw new AppError('NOT_FOUND', `${folder} is not a storage folder.`, 'path');
    }
    this.unwatchFolder(folder);
    this.options.changed();
  }

  // ---- scanning ------------------------------------------------------------------------------

  private async scanOnce(): Promise<void> {
    const { repo } = this;
    const folders = repo.folders();
    const roots = folders.map((f) => f.path);
    if (roots.length === 0) {
      repo.replaceProblems([]);
      return;
    }
    const startedAt = this.options.now();
    const known = repo.under(roots);
    const previous = repo.previousScan(known, startedAt.getTime());
    const { result, diff } = await scanFolders({
      roots,
      previous,
      settleMs: this.options.settleMs,
    });
    const at = this.options.now().toISOString();

    const byKey = new Map(known.map((r) => [r.key, r]));
    const seen = new Set(result.recordings.map((r) => r.key));
    const updates: { id: number; patch: RecordingPatch }[] = [];
    const inserts: RecordingInsert[] = [];
    // Under a folder that could not be read, recordings stay exactly as last known.
    const kept = new Set(diff.kept);
    for (const r of result.recordings) {
      if (kept.has(r.key)) continue;
      const facts = scannedFacts(r);
      const existing = byKey.get(r.key);
      if (!existing) {
        inserts.push({
          key: r.key,
          ...facts,
          state: 'new',
          stateReason: 'Found; not examined yet.',
          firstSeenAt: at,
          updatedAt: at,
        });
      } else {
        const patch = changes(existing, facts);
        if (Object.keys(patch).length > 0)
          updates.push({ id: existing.id, patch: { ...patch, updatedAt: at } });
      }
    }
    for (const key of diff.removed) {
      const row = byKey.get(key);
      if (row && row.missingSince === null && !seen.has(key))
        updates.push({ id: row.id, patch: { missingSince: at, updatedAt: at } });
    }
    repo.transaction(() => {
      repo.insertMany(inserts);
      repo.updateMany(updates);
      for (const folder of folders) {
        const problem = result.problems.find((p) => p.path === folder.path);
        repo.setFolderScan(folder.path, at, problem?.message ?? null);
      }
      repo.replaceProblems(result.problems.map(problemView));
    });
    for (const moved of diff.moved) this.options.logger.info('recording moved', moved);

    // After a start or a new folder every recording is examined (ffprobe may have come or gone,
    // the catalog may have changed while the app was closed); otherwise only what this scan
    // found new or changed, and videos whose probe ran out of time before.
    let ids: number[];
    if (this.analyseAll) {
      this.analyseAll = false;
      ids = repo.under(roots).map((r) => r.id);
    } else {
      const touched = new Set(updates.map((u) => u.id));
      const { prober } = this.options;
      for (const r of known) {
        const retryProbe =
          prober.available && r.settled && r.videoSize > 0 && r.probeStamp === null;
        if (retryProbe && r.missingSince === null && !kept.has(r.key)) touched.add(r.id);
      }
      ids = [...touched, ...repo.idsByKeys(inserts.map((i) => i.key))];
    }
    await this.options.analysis.analyse(ids);

    // A video still being written gets a second look once it may have settled.
    if (result.recordings.some((r) => !r.settled) && !this.disposed) {
      if (this.settleTimer) clearTimeout(this.settleTimer);
      this.settleTimer = setTimeout(() => void this.scan(), this.options.settleMs + 250);
      this.settleTimer.unref();
    }
  }
}

/** What a scan saw of a recording's files, as stored columns. */
function scannedFacts(r: ScannedRecording) {
  return {
    root: r.root,
    relPath: r.relPath,
    videoPath: join(r.folder, basename(r.relPath)),
    videoSize: r.video.size,
    videoMtimeMs: r.video.mtimeMs,
    settled: r.settled,
    stableSince: r.stableSince,
    fingerprint: r.fingerprint,
    captionPath: r.caption?.path ?? null,
    captionFormat: r.caption?.format ?? null,
    captionSize: r.caption?.size ?? null,
    captionMtimeMs: r.caption?.mtimeMs ?? null,
    summaryPath: r.summary?.path ?? null,
    summaryFormat: r.summary?.format ?? null,
    summarySize: r.summary?.size ?? null,
    summaryMtimeMs: r.summary?.mtimeMs ?? null,
    fileProblems: r.problems.filter((p) => !p.startsWith('still being written')),
    missingSince: null,
  } satisfies RecordingPatch;
}

function problemView(p: ScanProblem): { path: string; message: string } {
  return { path: p.path, message: p.message };
}
