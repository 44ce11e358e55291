/**
 * The transcriptions library: scans the storage folders, keeps what it finds in the store, checks
 * captions and reads videos, links recordings to shows, and keeps the operator's drafts.
 */
import { watch, type FSWatcher } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import {
  RECORDING_STATES,
  type CaptionDiagnosticView,
  type CaptionPreview,
  type LibraryStatus,
  type LinkSuggestionView,
  type RecordingDetail,
  type RecordingDraft,
  type RecordingRow,
  type RecordingState,
  type TranscriptionCompleted,
} from '../../shared/library';
import { AppError } from '../../shared/result';
import type { RecordingRecord } from './library.schema';
import type { Logger } from '../logging/logger';
import { checkCaptions, previewCaptions } from './caption-check';
import {
  chaptersFromAgenda,
  normalizeChapters,
  parseSummary,
  proposeDraft,
  type ParsedSummary,
} from './enhance';
import { parseFileKey } from './file-key';
import { parseEventDateFromName } from './filename-date';
import { scanFolders, type ScannedRecording, type ScanProblem } from './folder-scanner';
import { LinkIndex, suggestLinks } from './link-suggestions';
import { contentTypeFor, type MediaSource } from './media-source';
import type { VideoFacts } from './probe';
import { deriveState, isComplete } from './recording-state';
import type { RecordingInsert, RecordingPatch, RecordingsRepo } from './recordings.repo';
import { errorCodeText } from './error-code';

/** What the library needs of ffprobe. */
export interface Prober {
  readonly available: boolean;
  readonly message: string | null;
  probe(file: string): Promise<VideoFacts>;
}

export interface LibraryEvents {
  changed(counts: Record<RecordingState, number>, scanning: boolean): void;
  completed(payload: TranscriptionCompleted): void;
}

export interface LibraryServiceOptions {
  repo: RecordingsRepo;
  prober: Prober;
  logger: Logger;
  events: LibraryEvents;
  /** How long a video's size must stay put before it is used (default 5000 ms). */
  settleMs?: number;
  /** Default seconds between rescans when none is saved (default 60). */
  rescanIntervalSec?: number;
  /** Watch folders for change events where the platform gives them (default true). */
  watch?: boolean;
  now?: () => Date;
}

const SUMMARY_MAX_BYTES = 1024 * 1024;
/** Recordings examined at once (their files read in parallel), then written in one transaction. */
const ANALYSE_BATCH = 32;

function emptyCounts(): Record<RecordingState, number> {
  return Object.fromEntries(RECORDING_STATES.map((s) => [s, 0])) as Record<RecordingState, number>;
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

function stamp(...parts: (string | number | null)[]): string {
  return parts.map((p) => String(p)).join('|');
}

/** Only the changed fields, so an unchanged recording costs no write. */
function changes(row: RecordingRecord, next: RecordingPatch): RecordingPatch {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next)) {
    const before = (row as unknown as Record<string, unknown>)[key];
    const same =
      typeof value === 'object' && value !== null
        ? JSON.stringify(value) === JSON.stringify(before)
        : value === before;
    if (!same) out[key] = value;
  }
  return out;
}

export class LibraryService implements MediaSource {
  private readonly repo: RecordingsRepo;
  private readonly prober: Prober;
  private readonly logger: Logger;
  private readonly events: LibraryEvents;
  private readonly settleMs: number;
  private readonly defaultInterval: number;
  private readonly watchFolders: boolean;
  private readonly now: () => Date;
  private running: Promise<void> | null = null;
  private again = false;
  private disposed = false;
  private timer: NodeJS.Timeout | null = null;
  private settleTimer: NodeJS.Timeout | null = null;
  private watchTimer: NodeJS.Timeout | null = null;
  private readonly watchers = new Map<string, FSWatcher>();
  private linkIndex: { stamp: string; index: LinkIndex } | null = null;
  /** Per recording, what its stored suggestion was ranked from. */
  private readonly suggested = new Map<number, string>();
  private ranking: Promise<void> | null = null;
  private lock: Promise<void> = Promise.resolve();
  /** The next scan examines every recording, not only what it found changed. */
  private analyseAll = true;
  private relinking: Promise<void> | null = null;
  private relinkAgain = false;
  private rankAgain = false;

  constructor(options: LibraryServiceOptions) {
    this.repo = options.repo;
    this.prober = options.prober;
    this.logger = options.logger;
    this.events = options.events;
    this.settleMs = options.settleMs ?? 5000;
    this.defaultInterval = options.rescanIntervalSec ?? 60;
    this.watchFolders = options.watch ?? true;
    this.now = options.now ?? (() => new Date());
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  /** Starts the periodic rescan and the folder watchers, and scans once. */
  start(): Promise<void> {
    this.schedule();
    for (const folder of this.repo.folders()) this.watchFolder(folder.path);
    return this.scan();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const timer of [this.timer, this.settleTimer, this.watchTimer])
      if (timer) clearTimeout(timer);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
    await this.running?.catch(() => undefined);
    await this.relinking?.catch(() => undefined);
    await this.ranking;
    await this.lock;
  }

  private schedule(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.disposed) return;
    const seconds = this.repo.rescanIntervalSec(this.defaultInterval);
    this.timer = setInterval(() => void this.scan(), seconds * 1000);
    this.timer.unref();
  }

  private watchFolder(path: string): void {
    if (!this.watchFolders || this.watchers.has(path)) return;
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
      this.logger.debug('no change events for a storage folder', {
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

  async addFolder(input: string): Promise<LibraryStatus> {
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
      if (comparable(existing.path) === comparable(folder)) return this.status();
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
    this.repo.addFolder(folder, this.now().toISOString());
    // A folder added again brings back recordings examined against an older catalog.
    this.analyseAll = true;
    this.watchFolder(folder);
    await this.scan();
    return this.status();
  }

  removeFolder(input: string): LibraryStatus {
    const typed = isAbsolute(input.trim()) ? resolve(input.trim()) : input.trim();
    const folder =
      this.repo.folders().find((f) => comparable(f.path) === comparable(typed))?.path ?? typed;
    if (!this.repo.removeFolder(folder)) {
      throw new AppError('NOT_FOUND', `${folder} is not a storage folder.`, 'path');
    }
    this.unwatchFolder(folder);
    this.emitChanged();
    return this.status();
  }

  setRescanInterval(seconds: number): LibraryStatus {
    this.repo.setRescanIntervalSec(seconds);
    this.schedule();
    return this.status();
  }

  status(): LibraryStatus {
    const folders = this.repo.folders();
    const roots = folders.map((f) => f.path);
    const perRoot = this.repo.countsByRoot();
    return {
      folders: folders.map((f) => ({
        path: f.path,
        addedAt: f.addedAt,
        lastScanAt: f.lastScanAt,
        problem: f.problem,
        recordingCount: perRoot.get(f.path) ?? 0,
      })),
      scanning: this.running !== null,
      lastScanAt: folders.reduce<string | null>(
        (last, f) => (f.lastScanAt && (!last || f.lastScanAt > last) ? f.lastScanAt : last),
        null,
      ),
      rescanIntervalSec: this.repo.rescanIntervalSec(this.defaultInterval),
      problems: this.repo.problems(),
      counts: this.counts(roots),
      probe: { available: this.prober.available, message: this.prober.message },
    };
  }

  private counts(roots: readonly string[]): Record<RecordingState, number> {
    const counts = emptyCounts();
    for (const [state, n] of this.repo.countsByState(roots)) counts[state] = n;
    return counts;
  }

  private emitChanged(): void {
    const roots = this.repo.folders().map((f) => f.path);
    this.events.changed(this.counts(roots), this.running !== null);
  }

  // ---- scanning ------------------------------------------------------------------------------

  /** Scans now; a call during a scan makes that scan run once more when it ends. */
  scan(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.scanOnce();
        } catch (error) {
          this.logger.error('library scan failed', { error });
        }
      } while (this.again && !this.disposed);
    })().finally(() => {
      this.running = null;
      if (this.disposed) return;
      this.emitChanged();
      void this.rankSuggestions();
    });
    this.emitChanged();
    return this.running;
  }

  private async scanOnce(): Promise<void> {
    const folders = this.repo.folders();
    const roots = folders.map((f) => f.path);
    if (roots.length === 0) {
      this.repo.replaceProblems([]);
      return;
    }
    const startedAt = this.now();
    const known = this.repo.under(roots);
    const previous = this.repo.previousScan(known, startedAt.getTime());
    const { result, diff } = await scanFolders({ roots, previous, settleMs: this.settleMs });
    const at = this.now().toISOString();

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
    this.repo.transaction(() => {
      this.repo.insertMany(inserts);
      this.repo.updateMany(updates);
      for (const folder of folders) {
        const problem = result.problems.find((p) => p.path === folder.path);
        this.repo.setFolderScan(folder.path, at, problem?.message ?? null);
      }
      this.repo.replaceProblems(result.problems.map(problemView));
    });
    for (const moved of diff.moved) this.logger.info('recording moved', moved);

    // After a start or a new folder every recording is examined (ffprobe may have come or gone,
    // the catalog may have changed while the app was closed); otherwise only what this scan
    // found new or changed, and videos whose probe ran out of time before.
    let ids: number[];
    if (this.analyseAll) {
      this.analyseAll = false;
      ids = this.repo.under(roots).map((r) => r.id);
    } else {
      const touched = new Set(updates.map((u) => u.id));
      for (const r of known) {
        const retryProbe =
          this.prober.available && r.settled && r.videoSize > 0 && r.probeStamp === null;
        if (retryProbe && r.missingSince === null && !kept.has(r.key)) touched.add(r.id);
      }
      ids = [...touched, ...this.repo.idsByKeys(inserts.map((i) => i.key))];
    }
    await this.analyse(ids);

    // A video still being written gets a second look once it may have settled.
    if (result.recordings.some((r) => !r.settled) && !this.disposed) {
      if (this.settleTimer) clearTimeout(this.settleTimer);
      this.settleTimer = setTimeout(() => void this.scan(), this.settleMs + 250);
      this.settleTimer.unref();
    }
  }

  /**
   * Brings each recording's checks, link and state up to date, a batch at a time. A batch is read
   * fresh, examined and written under the library's lock, so a link or unlink made meanwhile is
   * neither lost nor judged on a stale copy.
   */
  private async analyse(ids: readonly number[]): Promise<void> {
    const rows = this.repo.byIds(ids);
    for (let i = 0; i < rows.length && !this.disposed; i += ANALYSE_BATCH) {
      const batch = rows.slice(i, i + ANALYSE_BATCH);
      // A few files read at once (on a share each read is a round trip), outside the lock, so a
      // link waits for no probe.
      const patches = await Promise.all(batch.map((row) => this.examine(row)));
      const completed = await this.exclusive(() => Promise.resolve(this.record(batch, patches)));
      // Announced batch by batch, as soon as their completion is stored.
      for (const payload of completed) this.events.completed(payload);
      await yieldToLoop();
    }
  }

  /**
   * Stores what examining a batch found, against the rows as they are now: a recording whose link
   * changed meanwhile is skipped (its own analysis follows the change), and one already announced
   * by another analysis is not announced again.
   */
  private record(
    examined: readonly RecordingRecord[],
    patches: readonly RecordingPatch[],
  ): TranscriptionCompleted[] {
    if (this.disposed) return [];
    const current = new Map(this.repo.byIds(examined.map((r) => r.id)).map((r) => [r.id, r]));
    const at = this.now().toISOString();
    const updates: { id: number; patch: RecordingPatch }[] = [];
    const completed: TranscriptionCompleted[] = [];
    examined.forEach((before, j) => {
      const row = current.get(before.id);
      if (!row || !sameLink(before, row)) return;
      const patch = { ...patches[j] };
      const next = { ...row, ...patch };
      if (
        isComplete(next.state) &&
        next.completedAt === null &&
        next.captionPath &&
        next.summaryPath
      ) {
        patch.completedAt = at;
        completed.push({
          recordingId: row.id,
          fileName: basename(next.videoPath),
          videoPath: next.videoPath,
          captionPath: next.captionPath,
          summaryPath: next.summaryPath,
          showId: next.linkShowId ?? null,
          completedAt: at,
        });
      }
      const changed = changes(row, patch);
      if (Object.keys(changed).length > 0)
        updates.push({ id: row.id, patch: { ...changed, updatedAt: at } });
    });
    if (updates.length > 0) this.repo.transaction(() => this.repo.updateMany(updates));
    return completed;
  }

  /** Runs `fn` when no other analysis or link change is running (a simple FIFO lock). */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn);
    this.lock = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** The fields of a recording that the files, the probe, the captions and the catalog decide. */
  private async examine(row: RecordingRecord): Promise<RecordingPatch> {
    const patch: RecordingPatch = {};
    const fileName = basename(row.videoPath);
    const missing = row.missingSince !== null;

    if (!missing && row.settled && row.videoSize > 0) {
      const videoStamp = stamp(row.videoSize, row.videoMtimeMs);
      if (row.probeStamp !== videoStamp && this.prober.available) {
        const facts = await this.prober.probe(row.videoPath);
        Object.assign(patch, {
          // A timeout on a slow share is tried again by the next scan, and fails nothing.
          probeStamp: facts.transient ? null : videoStamp,
          durationSec: facts.durationSec,
          startTimecode: facts.startTimecode,
          frameRate: facts.frameRate,
          probeProblem: facts.problem,
        });
      } else if (!this.prober.available) {
        patch.probeProblem = this.prober.message;
      }
    }
    const startTimecode =
      patch.startTimecode !== undefined ? patch.startTimecode : row.startTimecode;

    if (row.captionPath && row.captionFormat && !missing) {
      const captionStamp = stamp(
        row.captionPath,
        row.captionSize,
        row.captionMtimeMs,
        startTimecode,
      );
      if (row.captionCheckedStamp !== captionStamp) {
        const check = await checkCaptions(row.captionPath, row.captionFormat, startTimecode);
        Object.assign(patch, {
          captionCheckedStamp: captionStamp,
          captionValid: check.valid,
          captionCueCount: check.cueCount,
          captionDiagnostics: check.diagnostics,
        });
      }
    } else if (!row.captionPath) {
      Object.assign(patch, {
        captionCheckedStamp: null,
        captionValid: null,
        captionCueCount: 0,
        captionDiagnostics: [],
      });
    }

    patch.eventDate = parseEventDateFromName(fileName)[0]?.date ?? null;

    let linkShowId = row.linkShowId;
    let linkMethod = row.linkMethod;
    if (linkShowId === null && !row.autoLinkRefused) {
      const key = parseFileKey(fileName);
      const show = key ? this.repo.showsById([key.showId]).get(key.showId) : undefined;
      if (key && show && !show.deleted) {
        linkShowId = key.showId;
        linkMethod = 'file-key';
        Object.assign(patch, {
          linkShowId,
          linkMethod,
          linkedAt: this.now().toISOString(),
        });
      }
    }
    if (linkShowId !== null) {
      patch.suggestedShowId = null;
      patch.suggestedScore = null;
    }

    const probeProblem = patch.probeProblem !== undefined ? patch.probeProblem : row.probeProblem;
    const durationSec = patch.durationSec !== undefined ? patch.durationSec : row.durationSec;
    const diagnostics = patch.captionDiagnostics ?? row.captionDiagnostics;
    const errors = diagnostics.filter((d) => d.severity === 'error');
    // A problem on a line says more than "no captions at all", which it usually causes.
    const firstError = errors.find((d) => d.line !== null) ?? errors[0];
    const showTitle =
      linkShowId === null
        ? null
        : (this.repo.showsById([linkShowId]).get(linkShowId)?.title ?? null);
    const derived = deriveState({
      fileName,
      missing,
      publishedAt: row.publishedAt,
      videoSize: row.videoSize,
      settled: row.settled,
      // The video is unusable only when ffprobe ran and could not read it.
      videoProblem:
        this.prober.available &&
        probeProblem &&
        durationSec === null &&
        ('probeStamp' in patch ? patch.probeStamp : row.probeStamp) !== null
          ? `The video could not be read: ${probeProblem}`
          : null,
      captionPath: row.captionPath,
      captionValid: patch.captionValid !== undefined ? patch.captionValid : row.captionValid,
      captionError: firstError ? diagnosticText(firstError) : null,
      summaryPath: row.summaryPath,
      link:
        linkShowId === null || linkMethod === null
          ? null
          : { showId: linkShowId, method: linkMethod, showTitle },
    });
    patch.state = derived.state;
    patch.stateReason = derived.reason;
    return patch;
  }

  /**
   * Ranks catalog shows for the unlinked recordings, after a scan and when the catalog changes.
   * Apart from the scan: against a large catalog it takes milliseconds per recording, and a scan
   * must not wait for it. Only recordings whose name, duration or catalog changed are ranked.
   */
  private rankSuggestions(): Promise<void> {
    if (this.ranking) {
      this.rankAgain = true;
      return this.ranking;
    }
    this.ranking = (async () => {
      do {
        this.rankAgain = false;
        await this.rankOnce();
      } while (this.rankAgain && !this.disposed);
    })()
      .catch((error: unknown) => this.logger.error('ranking link suggestions failed', { error }))
      .finally(() => {
        this.ranking = null;
      });
    return this.ranking;
  }

  private async rankOnce(): Promise<void> {
    const roots = new Set(this.repo.folders().map((f) => f.path));
    const index = this.index();
    const pending: { id: number; patch: RecordingPatch }[] = [];
    let ranked = 0;
    for (const row of this.repo.unlinked()) {
      if (this.disposed) return;
      if (!roots.has(row.root)) continue;
      const fileName = basename(row.videoPath);
      const suggestStamp = stamp(this.linkIndex?.stamp ?? '', fileName, row.durationSec);
      if (this.suggested.get(row.id) === suggestStamp) continue;
      const top = suggestLinks({ fileName, durationSec: row.durationSec }, index, { limit: 1 })
        .suggestions[0];
      this.suggested.set(row.id, suggestStamp);
      const patch = changes(row, {
        suggestedShowId: top?.showId ?? null,
        suggestedScore: top?.score ?? null,
      });
      if (Object.keys(patch).length > 0) pending.push({ id: row.id, patch });
      if (++ranked % 16 === 0) await yieldToLoop();
    }
    if (pending.length === 0) return;
    await this.exclusive(() => {
      // Linked meanwhile: a suggestion no longer applies.
      const unlinked = new Set(
        this.repo
          .byIds(pending.map((p) => p.id))
          .filter((r) => r.linkShowId === null)
          .map((r) => r.id),
      );
      const still = pending.filter(({ id }) => unlinked.has(id));
      this.repo.transaction(() => this.repo.updateMany(still));
      return Promise.resolve();
    });
    this.emitChanged();
  }

  /** Resolves when no scan or ranking is running (tests, and the CLI before it exits). */
  async idle(): Promise<void> {
    while (this.running || this.ranking || this.relinking) {
      await this.running;
      await this.relinking;
      await this.ranking;
    }
  }

  /** The link index over the catalog's live shows, rebuilt when the catalog changes. */
  private index(): LinkIndex {
    const catalogStamp = this.repo.catalogStamp();
    if (this.linkIndex?.stamp !== catalogStamp) {
      this.linkIndex = { stamp: catalogStamp, index: new LinkIndex(this.repo.linkableShows()) };
    }
    return this.linkIndex.index;
  }

  /**
   * The catalog changed: file keys may now resolve, and suggestions change. A sync announces
   * changes every half second; calls during a run make it run once more, never pile up.
   */
  catalogChanged(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    if (this.relinking) {
      this.relinkAgain = true;
      return this.relinking;
    }
    this.relinking = (async () => {
      do {
        this.relinkAgain = false;
        const roots = this.repo.folders().map((f) => f.path);
        await this.analyse(this.repo.under(roots).map((r) => r.id));
      } while (this.relinkAgain && !this.disposed);
      this.emitChanged();
    })().finally(() => {
      this.relinking = null;
    });
    return this.relinking.then(() => this.rankSuggestions());
  }

  // ---- reading -------------------------------------------------------------------------------

  private row(id: number): RecordingRecord {
    const row = this.repo.get(id);
    if (!row) throw new AppError('NOT_FOUND', `There is no recording ${id}.`, 'id');
    return row;
  }

  list(filter: { states: readonly RecordingState[]; text: string }): RecordingRow[] {
    const roots = this.repo.folders().map((f) => f.path);
    const rows = this.repo.under(roots);
    const states = new Set(filter.states);
    const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
    const showIds = rows
      .flatMap((r) => [r.linkShowId, r.suggestedShowId])
      .filter((id) => id !== null);
    const shows = this.repo.showsById(showIds);
    return rows
      .filter((r) => states.size === 0 || states.has(r.state))
      .filter((r) => {
        if (words.length === 0) return true;
        const hay =
          `${r.relPath} ${r.linkShowId ? (shows.get(r.linkShowId)?.title ?? '') : ''}`.toLowerCase();
        return words.every((w) => hay.includes(w));
      })
      .map((r) => this.toRow(r, shows));
  }

  private toRow(
    r: RecordingRecord,
    shows: Map<number, { title: string; deleted: boolean }>,
  ): RecordingRow {
    const folder = r.relPath.includes('/') ? r.relPath.slice(0, r.relPath.lastIndexOf('/')) : '';
    const linked = r.linkShowId === null ? null : shows.get(r.linkShowId);
    const suggested = r.suggestedShowId === null ? null : shows.get(r.suggestedShowId);
    return {
      id: r.id,
      fileName: basename(r.videoPath),
      folder,
      storageFolder: r.root,
      state: r.state,
      reason: r.stateReason,
      eventDate: r.eventDate,
      durationSec: r.durationSec,
      sizeBytes: r.videoSize,
      captionFormat: r.captionFormat,
      hasSummary: r.summaryPath !== null,
      link:
        r.linkShowId === null || r.linkMethod === null
          ? null
          : {
              showId: r.linkShowId,
              method: r.linkMethod,
              linkedAt: r.linkedAt ?? r.updatedAt,
              showTitle: linked?.title ?? null,
              showMissing: !linked || linked.deleted,
            },
      topSuggestion:
        r.suggestedShowId !== null && suggested && r.suggestedScore !== null
          ? { showId: r.suggestedShowId, title: suggested.title, score: r.suggestedScore }
          : null,
      missing: r.missingSince !== null,
      updatedAt: r.updatedAt,
    };
  }

  async get(id: number): Promise<RecordingDetail> {
    const r = this.row(id);
    const fileName = basename(r.videoPath);
    const result = suggestLinks({ fileName, durationSec: r.durationSec }, this.index(), {
      limit: 8,
    });
    const shows = this.repo.showsById([
      ...result.suggestions.map((s) => s.showId),
      ...(r.linkShowId === null ? [] : [r.linkShowId]),
      ...(r.suggestedShowId === null ? [] : [r.suggestedShowId]),
    ]);
    const suggestions: LinkSuggestionView[] = result.suggestions.map((s) => {
      const show = shows.get(s.showId);
      return {
        showId: s.showId,
        title: show?.title ?? `Show ${s.showId}`,
        eventDate: show?.eventDate?.slice(0, 10) ?? null,
        totalRunTime: show?.totalRunTime ?? null,
        score: s.score,
        method: s.method,
        isCertain: s.isCertain,
        reasons: s.reasons,
      };
    });
    const summaryText = r.summaryPath ? await this.readSummaryText(r.summaryPath) : null;
    const file = (path: string, size: number, mtimeMs: number) => ({
      path,
      sizeBytes: size,
      modifiedAt: new Date(mtimeMs).toISOString(),
    });
    return {
      ...this.toRow(r, shows),
      video: file(r.videoPath, r.videoSize, r.videoMtimeMs),
      caption:
        r.captionPath && r.captionFormat
          ? {
              ...file(r.captionPath, r.captionSize ?? 0, r.captionMtimeMs ?? 0),
              format: r.captionFormat,
            }
          : null,
      summary:
        r.summaryPath && r.summaryFormat
          ? {
              ...file(r.summaryPath, r.summarySize ?? 0, r.summaryMtimeMs ?? 0),
              format: r.summaryFormat,
            }
          : null,
      startTimecode: r.startTimecode,
      frameRate: r.frameRate,
      probeProblem: r.probeProblem,
      captionDiagnostics: r.captionDiagnostics,
      captionCueCount: r.captionCueCount,
      suggestions,
      suggestionNotes: result.notes,
      summaryText,
      draft: this.repo.draft(r.id) ?? (await this.proposeFromSummary(r)),
    };
  }

  private async readSummaryText(path: string): Promise<string | null> {
    try {
      const bytes = await readFile(path);
      return bytes.subarray(0, SUMMARY_MAX_BYTES).toString('utf8');
    } catch {
      return null;
    }
  }

  private async readSummary(r: RecordingRecord): Promise<ParsedSummary | null> {
    if (!r.summaryPath || !r.summaryFormat) return null;
    const text = await this.readSummaryText(r.summaryPath);
    return text === null ? null : parseSummary(text, r.summaryFormat);
  }

  async captions(id: number): Promise<CaptionPreview> {
    const r = this.row(id);
    if (!r.captionPath || !r.captionFormat) {
      throw new AppError('FAILED_PRECONDITION', `${basename(r.videoPath)} has no caption file.`);
    }
    return previewCaptions(r.captionPath, r.captionFormat, r.startTimecode);
  }

  /** The video to play for a recording, when it is still where the last scan found it. */
  videoFile(recordingId: number): { path: string; contentType: string } | null {
    const r = this.repo.get(recordingId);
    if (!r || r.missingSince !== null) return null;
    // Not from a folder the station stopped scanning.
    if (!this.repo.folders().some((f) => f.path === r.root)) return null;
    return { path: r.videoPath, contentType: contentTypeFor(r.videoPath) };
  }

  // ---- linking -------------------------------------------------------------------------------

  async link(id: number, showId: number): Promise<RecordingDetail> {
    this.row(id);
    const show = this.repo.showsById([showId]).get(showId);
    if (!show || show.deleted) {
      throw new AppError(
        'NOT_FOUND',
        show
          ? `Show ${showId} was deleted on the Cablecast server: pick another show.`
          : `Show ${showId} is not in the local catalog: sync the catalog, or pick another show.`,
        'showId',
      );
    }
    await this.exclusive(() => {
      this.repo.update(id, {
        linkShowId: showId,
        linkMethod: 'operator',
        linkedAt: this.now().toISOString(),
        suggestedShowId: null,
        suggestedScore: null,
      });
      return Promise.resolve();
    });
    return this.afterLinkChange(id);
  }

  async unlink(id: number): Promise<RecordingDetail> {
    this.row(id);
    await this.exclusive(() => {
      const r = this.row(id);
      this.repo.update(id, {
        linkShowId: null,
        linkMethod: null,
        linkedAt: null,
        // An operator who unlinks a recording whose name has a file key means it: the key does
        // not link it again by itself.
        autoLinkRefused: r.autoLinkRefused || parseFileKey(basename(r.videoPath)) !== null,
      });
      this.suggested.delete(id);
      return Promise.resolve();
    });
    return this.afterLinkChange(id);
  }

  private async afterLinkChange(id: number): Promise<RecordingDetail> {
    await this.analyse([id]);
    this.emitChanged();
    await this.rankSuggestions();
    return this.get(id);
  }

  // ---- drafts --------------------------------------------------------------------------------

  private async proposeFromSummary(r: RecordingRecord): Promise<RecordingDraft> {
    const summary = await this.readSummary(r);
    const showTitle =
      r.linkShowId === null
        ? null
        : (this.repo.showsById([r.linkShowId]).get(r.linkShowId)?.title ?? null);
    return proposeDraft({
      fileName: basename(r.videoPath),
      eventDate: r.eventDate,
      summary,
      durationSec: r.durationSec,
      frameRate: r.frameRate,
      showTitle,
    });
  }

  private saveDraftRow(r: RecordingRecord, draft: RecordingDraft): RecordingDraft {
    const saved = { ...draft, updatedAt: this.now().toISOString() };
    this.repo.saveDraft(r.id, saved);
    return saved;
  }

  async proposeDraft(
    input: { id: number; source: 'summary' } | { id: number; source: 'agenda'; agenda: string },
  ): Promise<RecordingDraft> {
    const r = this.row(input.id);
    if (input.source === 'summary') {
      if (!r.summaryPath) {
        throw new AppError(
          'FAILED_PRECONDITION',
          `${basename(r.videoPath)} has no summary beside it: paste the agenda instead.`,
        );
      }
      return { ...(await this.proposeFromSummary(r)), updatedAt: null };
    }
    if (!r.captionPath || !r.captionFormat) {
      throw new AppError(
        'FAILED_PRECONDITION',
        `${basename(r.videoPath)} has no captions, so agenda items cannot be found in a transcript.`,
      );
    }
    const preview = await previewCaptions(r.captionPath, r.captionFormat, r.startTimecode);
    if (preview.cues.length === 0) {
      throw new AppError(
        'FAILED_PRECONDITION',
        `The captions of ${basename(r.videoPath)} do not decode, so agenda items cannot be found in them.`,
      );
    }
    const base = this.repo.draft(r.id) ?? (await this.proposeFromSummary(r));
    const matched = chaptersFromAgenda(input.agenda, preview.cues, {
      durationSec: r.durationSec,
      frameRate: r.frameRate,
    });
    return {
      ...base,
      chapters: matched.chapters,
      chaptersSource: 'agenda',
      notes: matched.notes,
      updatedAt: null,
    };
  }

  saveDraft(input: {
    id: number;
    title: string;
    cgTitle: string;
    description: string;
    tags: string[];
    chapters: { offsetSec: number; title: string }[];
    chaptersSource: RecordingDraft['chaptersSource'];
  }): RecordingDraft {
    const r = this.row(input.id);
    const normalized = normalizeChapters(input.chapters, {
      durationSec: r.durationSec,
      frameRate: r.frameRate,
    });
    const tags = [...new Set(input.tags.map((t) => t.trim().toLowerCase()).filter(Boolean))];
    return this.saveDraftRow(r, {
      title: input.title.trim(),
      cgTitle: input.cgTitle.trim(),
      description: input.description.trim(),
      tags,
      chapters: normalized.chapters,
      chaptersSource: input.chaptersSource,
      notes: normalized.notes,
      updatedAt: null,
    });
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

/** Whether an operator's link decision is the same in both copies of a recording. */
function sameLink(a: RecordingRecord, b: RecordingRecord): boolean {
  return (
    a.linkShowId === b.linkShowId &&
    a.linkMethod === b.linkMethod &&
    a.autoLinkRefused === b.autoLinkRefused
  );
}

/** A caption problem in words, with where it is unless the message says so already. */
function diagnosticText(d: CaptionDiagnosticView): string {
  if (d.line === null || /\bline \d+/.test(d.message)) return d.message;
  return `line ${d.line}${d.word === null ? '' : `, word ${d.word}`}: ${d.message}`;
}

function problemView(p: ScanProblem): { path: string; message: string } {
  return { path: p.path, message: p.message };
}
