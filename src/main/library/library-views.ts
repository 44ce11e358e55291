/**
 * What the screens and the shells read of the library: its status, the list of recordings, one
 * recording in detail, its captions as a preview, and its video to play.
 */
import { basename } from 'node:path';
import {
  RECORDING_STATES,
  type CaptionPreview,
  type LibraryStatus,
  type RecordingDetail,
  type RecordingRow,
  type RecordingState,
} from '../../shared/library';
import { AppError } from '../../shared/result';
import type { ShowReader, ShowSummary } from '../catalog/show-reader';
import { previewCaptions } from './caption-check';
import type { DraftService } from './draft.service';
import type { RecordingRecord } from './library.schema';
import type { LinkService } from './link.service';
import { contentTypeFor, type MediaFile, type MediaSource } from './media-source';
import type { Prober } from './recording-analysis';
import type { RecordingsRepo } from './recordings.repo';

/** A recording as caption coverage counts it (`LibraryViews.coverage`). */
export interface RecordingCoverage {
  id: number;
  fileName: string;
  /** The date in the file's name (`YYYY-MM-DD`), else the video's modification time (ISO 8601). */
  recordedAt: string;
  recordedFrom: 'name' | 'file';
  captions: 'valid' | 'invalid' | 'none' | 'unchecked';
  summary: boolean;
  linkShowId: number | null;
}

export interface LibraryViewsOptions {
  repo: RecordingsRepo;
  shows: ShowReader;
  links: LinkService;
  drafts: DraftService;
  prober: Prober;
  rescanIntervalSec: () => number | null;
  scanning: () => boolean;
}

function emptyCounts(): Record<RecordingState, number> {
  return Object.fromEntries(RECORDING_STATES.map((s) => [s, 0])) as Record<RecordingState, number>;
}

export class LibraryViews implements MediaSource {
  private readonly repo: RecordingsRepo;

  constructor(private readonly options: LibraryViewsOptions) {
    this.repo = options.repo;
  }

  /** A recording by id, or NOT_FOUND. */
  row(id: number): RecordingRecord {
    const row = this.repo.get(id);
    if (!row) throw new AppError('NOT_FOUND', `There is no recording ${id}.`, 'id');
    return row;
  }

  status(): LibraryStatus {
    const folders = this.repo.folders();
    const perRoot = this.repo.countsByRoot();
    return {
      folders: folders.map((f) => ({
        path: f.path,
        addedAt: f.addedAt,
        lastScanAt: f.lastScanAt,
        problem: f.problem,
        recordingCount: perRoot.get(f.path) ?? 0,
      })),
      scanning: this.options.scanning(),
      lastScanAt: folders.reduce<string | null>(
        (last, f) => (f.lastScanAt && (!last || f.lastScanAt > last) ? f.lastScanAt : last),
        null,
      ),
      rescanIntervalSec: this.options.rescanIntervalSec(),
      problems: this.repo.problems(),
      counts: this.counts(),
      probe: { available: this.options.prober.available, message: this.options.prober.message },
    };
  }

  /** Recordings per state, under the storage folders. */
  counts(): Record<RecordingState, number> {
    const roots = this.repo.folders().map((f) => f.path);
    const counts = emptyCounts();
    for (const [state, n] of this.repo.countsByState(roots)) counts[state] = n;
    return counts;
  }

  /**
   * Every present recording under the storage folders with when it was recorded (the date in its
   * name, else the video's modification time) and its captions: what caption coverage counts.
   */
  coverage(): RecordingCoverage[] {
    const roots = this.repo.folders().map((f) => f.path);
    return this.repo
      .under(roots)
      .filter((r) => r.missingSince === null)
      .map((r) => ({
        id: r.id,
        fileName: basename(r.videoPath),
        recordedAt: r.eventDate ?? new Date(r.videoMtimeMs).toISOString(),
        recordedFrom: r.eventDate ? 'name' : 'file',
        captions:
          r.captionPath === null
            ? 'none'
            : r.captionValid === null
              ? 'unchecked'
              : r.captionValid
                ? 'valid'
                : 'invalid',
        summary: r.summaryPath !== null,
        linkShowId: r.linkShowId,
      }));
  }

  list(filter: { states: readonly RecordingState[]; text: string }): RecordingRow[] {
    const roots = this.repo.folders().map((f) => f.path);
    const rows = this.repo.under(roots);
    const states = new Set(filter.states);
    const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
    const showIds = rows
      .flatMap((r) => [r.linkShowId, r.suggestedShowId])
      .filter((id) => id !== null);
    const shows = this.options.shows.byIds(showIds);
    return rows
      .filter((r) => states.size === 0 || states.has(r.state))
      .filter((r) => {
        if (words.length === 0) return true;
        const hay =
          `${r.relPath} ${r.linkShowId ? (shows.get(r.linkShowId)?.title ?? '') : ''}`.toLowerCase();
        return words.every((w) => hay.includes(w));
      })
      .map((r) => toRow(r, shows));
  }

  async get(id: number): Promise<RecordingDetail> {
    const r = this.row(id);
    const { suggestions, notes, shows } = this.options.links.suggestionsFor(r, 8);
    const summaryText = r.summaryPath
      ? await this.options.drafts.readSummaryText(r.summaryPath)
      : null;
    const file = (path: string, size: number, mtimeMs: number) => ({
      path,
      sizeBytes: size,
      modifiedAt: new Date(mtimeMs).toISOString(),
    });
    return {
      ...toRow(r, shows),
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
      suggestionNotes: notes,
      summaryText,
      draft: await this.options.drafts.draftFor(r),
      show: r.linkShowId === null ? null : this.options.shows.metadata(r.linkShowId),
    };
  }

  async captions(id: number): Promise<CaptionPreview> {
    const r = this.row(id);
    if (!r.captionPath || !r.captionFormat) {
      throw new AppError('FAILED_PRECONDITION', `${basename(r.videoPath)} has no caption file.`);
    }
    return previewCaptions(r.captionPath, r.captionFormat, r.startTimecode);
  }

  /** The video to play for a recording, when it is still where the last scan found it. */
  videoFile(recordingId: number): MediaFile | null {
    const r = this.repo.get(recordingId);
    if (!r || r.missingSince !== null) return null;
    // Not from a folder the station stopped scanning.
    if (!this.repo.folders().some((f) => f.path === r.root)) return null;
    return { path: r.videoPath, contentType: contentTypeFor(r.videoPath) };
  }
}

function toRow(r: RecordingRecord, shows: Map<number, ShowSummary>): RecordingRow {
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
