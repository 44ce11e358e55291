/**
 * Examining recordings: their video read with ffprobe, their captions checked, their file-key link
 * and their state decided, and the result stored against the rows as they are by then.
 */
import { basename } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { CaptionDiagnosticView, TranscriptionCompleted } from '../../shared/library';
import type { ShowReader } from '../catalog/show-reader';
import type { SerialLock } from '../work';
import { checkCaptions } from './caption-check';
import { parseFileKey } from './file-key';
import { parseEventDateFromName } from './filename-date';
import type { RecordingRecord } from './library.schema';
import type { VideoFacts } from './probe';
import { deriveState, isComplete } from './recording-state';
import type { RecordingPatch, RecordingsRepo } from './recordings.repo';

/** What the library needs of ffprobe. */
export interface Prober {
  readonly available: boolean;
  readonly message: string | null;
  probe(file: string): Promise<VideoFacts>;
}

/** Recordings examined at once (their files read in parallel), then written in one transaction. */
const ANALYSE_BATCH = 32;

export function stamp(...parts: (string | number | null)[]): string {
  return parts.map((p) => String(p)).join('|');
}

/** Only the changed fields, so an unchanged recording costs no write. */
export function changes(row: RecordingRecord, next: RecordingPatch): RecordingPatch {
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

export interface RecordingAnalysisOptions {
  repo: RecordingsRepo;
  shows: ShowReader;
  prober: Prober;
  /** Held while a batch is written, and by every link change: one writer of a row at a time. */
  lock: SerialLock;
  completed(payload: TranscriptionCompleted): void;
  /** Inside the transaction that stores completions: their durable announcement (the outbox). */
  committing?: (payloads: readonly TranscriptionCompleted[]) => void;
  now: () => Date;
}

/** Brings recordings' checks, file-key links and states up to date. */
export class RecordingAnalysis {
  private stopped = false;

  constructor(private readonly options: RecordingAnalysisOptions) {}

  /** No further batches (the store is about to close). */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Brings each recording's checks, link and state up to date, a batch at a time. A batch is read
   * fresh, examined and written under the library's lock, so a link or unlink made meanwhile is
   * neither lost nor judged on a stale copy.
   */
  async analyse(ids: readonly number[]): Promise<void> {
    const rows = this.options.repo.byIds(ids);
    for (let i = 0; i < rows.length && !this.stopped; i += ANALYSE_BATCH) {
      const batch = rows.slice(i, i + ANALYSE_BATCH);
      // A few files read at once (on a share each read is a round trip), outside the lock, so a
      // link waits for no probe.
      const patches = await Promise.all(batch.map((row) => this.examine(row)));
      const completed = await this.options.lock.run(() => this.record(batch, patches));
      // Announced batch by batch, as soon as their completion is stored.
      for (const payload of completed) this.options.completed(payload);
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
    if (this.stopped) return [];
    const { repo } = this.options;
    const current = new Map(repo.byIds(examined.map((r) => r.id)).map((r) => [r.id, r]));
    const at = this.options.now().toISOString();
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
          durationSec: next.durationSec ?? null,
        });
      }
      const changed = changes(row, patch);
      if (Object.keys(changed).length > 0)
        updates.push({ id: row.id, patch: { ...changed, updatedAt: at } });
    });
    if (updates.length > 0) {
      repo.transaction(() => {
        repo.updateMany(updates);
        // A completion and its announcement commit together: a kill between them loses neither.
        if (completed.length > 0) this.options.committing?.(completed);
      });
    }
    return completed;
  }

  /** The fields of a recording that the files, the probe, the captions and the catalog decide. */
  private async examine(row: RecordingRecord): Promise<RecordingPatch> {
    const { prober, shows } = this.options;
    const patch: RecordingPatch = {};
    const fileName = basename(row.videoPath);
    const missing = row.missingSince !== null;

    if (!missing && row.settled && row.videoSize > 0) {
      const videoStamp = stamp(row.videoSize, row.videoMtimeMs);
      if (row.probeStamp !== videoStamp && prober.available) {
        const facts = await prober.probe(row.videoPath);
        Object.assign(patch, {
          // A timeout on a slow share is tried again by the next scan, and fails nothing.
          probeStamp: facts.transient ? null : videoStamp,
          durationSec: facts.durationSec,
          startTimecode: facts.startTimecode,
          frameRate: facts.frameRate,
          probeProblem: facts.problem,
        });
      } else if (!prober.available) {
        patch.probeProblem = prober.message;
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
      const show = key ? shows.byIds([key.showId]).get(key.showId) : undefined;
      if (key && show && !show.deleted) {
        linkShowId = key.showId;
        linkMethod = 'file-key';
        Object.assign(patch, {
          linkShowId,
          linkMethod,
          linkedAt: this.options.now().toISOString(),
        });
      }
    }
    if (linkShowId !== null) {
      patch.suggestedShowId = null;
      patch.suggestedScore = null;
      patch.suggestedStamp = null;
    }

    const probeProblem = patch.probeProblem !== undefined ? patch.probeProblem : row.probeProblem;
    const durationSec = patch.durationSec !== undefined ? patch.durationSec : row.durationSec;
    const diagnostics = patch.captionDiagnostics ?? row.captionDiagnostics;
    const errors = diagnostics.filter((d) => d.severity === 'error');
    // A problem on a line says more than "no captions at all", which it usually causes.
    const firstError = errors.find((d) => d.line !== null) ?? errors[0];
    const showTitle =
      linkShowId === null ? null : (shows.byIds([linkShowId]).get(linkShowId)?.title ?? null);
    const derived = deriveState({
      fileName,
      missing,
      publishedAt: row.publishedAt,
      videoSize: row.videoSize,
      settled: row.settled,
      // The video is unusable only when ffprobe ran and could not read it.
      videoProblem:
        prober.available &&
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
