/**
 * The transcriptions library as one object: the scanner (storage folders and their scans), the
 * link service (links and suggestions), the draft service and the read views, built over one store
 * and one lock. Each keeps its own job; this only wires them and answers for them together.
 */
import { LibraryPublishing } from './publish-source';
import type {
  CaptionPreview,
  LibraryStatus,
  RecordingDetail,
  RecordingDraft,
  RecordingRow,
  RecordingState,
  TranscriptionCompleted,
} from '../../shared/library';
import type { ShowReader } from '../catalog/show-reader';
import type { Logger } from '../logging/logger';
import { SerialLock } from '../work';
import { DraftService, type DraftInput, type ProposeInput } from './draft.service';
import { LibraryScanner } from './library-scanner';
import { LibraryViews, type RecordingCoverage } from './library-views';
import { LinkService } from './link.service';
import type { MediaFile, MediaSource } from './media-source';
import { RecordingAnalysis, type Prober } from './recording-analysis';
import type { RecordingsRepo } from './recordings.repo';

export type { Prober } from './recording-analysis';

export interface LibraryEvents {
  changed(counts: Record<RecordingState, number>, scanning: boolean): void;
  completed(payload: TranscriptionCompleted): void;
  /** Inside the transaction that stores completions (the webhook outbox). */
  committing?(payloads: readonly TranscriptionCompleted[]): void;
}

export interface LibraryServiceOptions {
  repo: RecordingsRepo;
  /** The catalog's shows, read-only. */
  shows: ShowReader;
  prober: Prober;
  logger: Logger;
  events: LibraryEvents;
  /** How long a video's size must stay put before it is used (default 5000 ms). */
  settleMs?: number;
  /**
   * When the storage folders are rescanned (the scheduler's `library.rescan`, wired by the root).
   * Default: the interval kept in the library's own table, with no periodic rescan (tests, CLI).
   */
  rescan?: RescanSchedule;
  /** Watch folders for change events where the platform gives them (default true). */
  watch?: boolean;
  now?: () => Date;
}

/** When the storage folders are rescanned: network shares send no change events. */
export interface RescanSchedule {
  /** Seconds between rescans, or null when they run at the times of a cron expression. */
  intervalSec(): number | null;
  setIntervalSec(seconds: number): void;
}

/** Without a scheduler: the interval kept in the library's table (60 s until set). */
function savedRescanInterval(repo: RecordingsRepo): RescanSchedule {
  return {
    intervalSec: () => repo.rescanIntervalSec(60),
    setIntervalSec: (seconds) => repo.setRescanIntervalSec(seconds),
  };
}

export class LibraryService implements MediaSource {
  readonly scanner: LibraryScanner;
  readonly links: LinkService;
  readonly drafts: DraftService;
  readonly views: LibraryViews;
  /** The publish queue's port: the recording to publish, and marking it published. */
  readonly publishing: LibraryPublishing;
  private readonly analysis: RecordingAnalysis;
  private readonly rescan: RescanSchedule;
  private readonly repo: RecordingsRepo;
  private readonly lock: SerialLock;

  constructor(options: LibraryServiceOptions) {
    const { repo, shows, prober, logger, events } = options;
    const now = options.now ?? (() => new Date());
    this.repo = repo;
    this.rescan = options.rescan ?? savedRescanInterval(repo);
    // One writer of a recording's row at a time: an analysis batch, a ranking, a link change.
    const lock = (this.lock = new SerialLock());
    const changed = (): void => events.changed(this.views.counts(), this.scanner.scanning);
    this.analysis = new RecordingAnalysis({
      repo,
      shows,
      prober,
      lock,
      now,
      completed: (payload) => events.completed(payload),
      committing: (payloads) => events.committing?.(payloads),
    });
    this.links = new LinkService({
      repo,
      shows,
      analysis: this.analysis,
      lock,
      logger,
      now,
      changed,
    });
    this.scanner = new LibraryScanner({
      repo,
      analysis: this.analysis,
      prober,
      logger,
      settleMs: options.settleMs ?? 5000,
      watch: options.watch ?? true,
      now,
      changed,
      scanned: () => void this.links.rank(),
    });
    this.drafts = new DraftService({ repo, shows, now });
    this.publishing = new LibraryPublishing(repo, changed);
    this.views = new LibraryViews({
      repo,
      shows,
      links: this.links,
      drafts: this.drafts,
      prober,
      rescanIntervalSec: () => this.rescan.intervalSec(),
      scanning: () => this.scanner.scanning,
    });
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  /** Starts the periodic rescan and the folder watchers, and scans once. */
  start(): Promise<void> {
    return this.scanner.start();
  }

  async dispose(): Promise<void> {
    this.analysis.stop();
    await this.scanner.dispose();
    await this.links.dispose();
    // A link change under way finishes before the store closes.
    await this.lock.run(() => undefined);
  }

  /** Resolves when no scan, relink or ranking is running (tests, and the CLI before it exits). */
  async idle(): Promise<void> {
    while (this.scanner.scanning || this.links.running) {
      await this.scanner.idle();
      await this.links.idle();
    }
  }

  // ---- folders and scans ---------------------------------------------------------------------

  async addFolder(path: string): Promise<LibraryStatus> {
    await this.scanner.addFolder(path);
    return this.status();
  }

  removeFolder(path: string): LibraryStatus {
    this.scanner.removeFolder(path);
    return this.status();
  }

  setRescanInterval(seconds: number): LibraryStatus {
    this.rescan.setIntervalSec(seconds);
    return this.status();
  }

  /**
   * The rescan interval an earlier version kept in the library's own table, taken out of it (the
   * root hands it to the scheduler once), or null when none was saved there.
   */
  takeSavedRescanInterval(): number | null {
    return this.repo.takeRescanIntervalSec();
  }

  scan(): Promise<void> {
    return this.scanner.scan();
  }

  /** The catalog changed: links and suggestions follow (see `LinkService.catalogChanged`). */
  catalogChanged(): Promise<void> {
    return this.links.catalogChanged();
  }

  // ---- reading -------------------------------------------------------------------------------

  status(): LibraryStatus {
    return this.views.status();
  }

  /** Every present recording with when it was recorded and its captions (for analytics). */
  coverage(): RecordingCoverage[] {
    return this.views.coverage();
  }

  list(filter: { states: readonly RecordingState[]; text: string }): RecordingRow[] {
    return this.views.list(filter);
  }

  get(id: number): Promise<RecordingDetail> {
    return this.views.get(id);
  }

  captions(id: number): Promise<CaptionPreview> {
    return this.views.captions(id);
  }

  videoFile(recordingId: number): MediaFile | null {
    return this.views.videoFile(recordingId);
  }

  // ---- links and drafts ----------------------------------------------------------------------

  async link(id: number, showId: number): Promise<RecordingDetail> {
    await this.links.link(id, showId);
    return this.get(id);
  }

  async unlink(id: number): Promise<RecordingDetail> {
    await this.links.unlink(id);
    return this.get(id);
  }

  async proposeDraft(input: ProposeInput): Promise<RecordingDraft> {
    return this.drafts.propose(this.views.row(input.id), input);
  }

  saveDraft(input: DraftInput): RecordingDraft {
    return this.drafts.save(this.views.row(input.id), input);
  }
}
