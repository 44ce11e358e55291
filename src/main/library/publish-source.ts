import { basename } from 'node:path';
import type { RecordingDraft, RecordingState } from '../../shared/library';
import type { CaptionSourceFormat } from '../../shared/library';
import type { RecordingsRepo } from './recordings.repo';

/** What publishing needs to know of a recording. */
export interface RecordingToPublish {
  id: number;
  fileName: string;
  videoPath: string;
  videoSize: number;
  captionPath: string | null;
  captionFormat: CaptionSourceFormat | null;
  /** Null until the captions were checked. */
  captionValid: boolean | null;
  /** The video's start timecode (`01:00:00;00`), which SCC captions count from. */
  startTimecode: string | null;
  durationSec: number | null;
  linkShowId: number | null;
  state: RecordingState;
  stateReason: string;
  missing: boolean;
  publishedAt: string | null;
  draft: RecordingDraft | null;
}

/**
 * The library's side of publishing: the recording to publish, and marking it published. The
 * publish queue reads and writes recordings only through this port.
 */
export class LibraryPublishing {
  constructor(
    private readonly repo: RecordingsRepo,
    /** Announces the library changed (counts and lists re-query). */
    private readonly changed: () => void,
  ) {}

  recording(id: number): RecordingToPublish | null {
    const r = this.repo.get(id);
    if (!r) return null;
    return {
      id: r.id,
      fileName: basename(r.videoPath),
      videoPath: r.videoPath,
      videoSize: r.videoSize,
      captionPath: r.captionPath,
      captionFormat: r.captionFormat,
      captionValid: r.captionValid,
      startTimecode: r.startTimecode,
      durationSec: r.durationSec,
      linkShowId: r.linkShowId,
      state: r.state,
      stateReason: r.stateReason,
      missing: r.missingSince !== null,
      publishedAt: r.publishedAt,
      draft: this.repo.draft(r.id),
    };
  }

  /** The recordings linked to these shows (the Shows list's selection), oldest first. */
  recordingsOfShows(showIds: readonly number[]): number[] {
    return this.repo.linkedTo(showIds);
  }

  /**
   * What auto-publish may queue: ready, linked, present and never published, with a saved draft
   * (approved by a person, when the station requires it). Oldest first.
   */
  autoPublishable(approvedOnly: boolean): number[] {
    return this.repo.autoPublishable(approvedOnly);
  }

  /**
   * Marks the recording published. Synchronous, so the caller can make it part of its own
   * transaction (the publish queue writes its `vod published` record in the same one).
   */
  markPublished(id: number, at: string): void {
    this.repo.update(id, {
      publishedAt: at,
      state: 'published',
      stateReason: `Published to Cablecast VOD on ${at}.`,
      updatedAt: at,
    });
  }

  /** Tells the screens, once the caller's transaction has committed. */
  announce(): void {
    this.changed();
  }
}
