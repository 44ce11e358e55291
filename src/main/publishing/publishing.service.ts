/**
 * The publish queue: plans and batches, the `publish` kind of the durable job runner, and the
 * views the screens and notifications read.
 */
import { randomUUID } from 'node:crypto';
import { errorMessage } from '../../shared/errors';
import {
  PUBLISH_JOB_STATES,
  type PublishBatchView,
  type PublishFailed,
  type PublishJobDetail,
  type PublishJobRow,
  type PublishJobState,
  type AutoPublishResult,
  type PublishOptions,
  type PublishOrigin,
  type PublishPlan,
  type PublishPlanItem,
  type PublishProgress,
  type PublishQueueStatus,
  type PublishStep,
  type PublishStepView,
  type VodPublished,
} from '../../shared/publishing';
import { PUBLISH_STEPS, qualitiesFor, type VodConfigurationOption } from '../../shared/publishing';
import { AppError } from '../../shared/result';
import type { PublishingSettings } from '../../shared/settings';
import type { CablecastClient } from '../cablecast';
import type { Job, JobContext, JobRunner, KindOptions } from '../jobs';
import type { LibraryPublishing, RecordingToPublish } from '../library/publish-source';
import type { Logger } from '../logging/logger';
import { Throttle } from '../work';
import {
  PublishPipeline,
  type PublishCheckpoint,
  type PublishPayload,
  type PipelineDeps,
} from './publish-pipeline';
import type { PublishingRepo } from './publishing.repo';

export const PUBLISH_KIND = 'publish';

type PublishJob = Job<PublishPayload, PublishCheckpoint>;

/** What publishing did over a period (`PublishingService.history`). */
export interface PublishHistory {
  published: {
    jobId: number;
    recordingId: number;
    showId: number;
    vodId: number;
    /** ISO 8601 UTC: when the VOD was live (transcoded). */
    publishedAt: string;
    origin: PublishOrigin;
  }[];
  failures: {
    jobId: number;
    recordingId: number;
    showId: number;
    step: PublishStep | null;
    errorClass: string | null;
    reason: string;
    failedAt: string;
  }[];
}

export interface PublishingEvents {
  changed(status: PublishQueueStatus, jobIds: number[]): void;
  progress(row: Pick<PublishJobRow, 'id' | 'step' | 'progress'>): void;
  published(event: VodPublished): void;
  failed(event: PublishFailed): void;
}

export interface PublishingServiceOptions {
  /** The core's one job runner: publishing registers its kind on it. */
  runner: JobRunner;
  repo: PublishingRepo;
  library: LibraryPublishing;
  client: () => Promise<CablecastClient | null>;
  localShow: PipelineDeps['localShow'];
  showMetadata: PipelineDeps['showMetadata'];
  /** The synced VOD configurations, with the qualities each offers. */
  vodConfigurations: () => VodConfigurationOption[];
  /** The synced file stores, in id order (empty when the server does not list them). */
  fileStores: () => { id: number }[];
  settings: () => PublishingSettings;
  /** The Cablecast request timeout: an unknown job waits past it before its lookup. */
  requestTimeoutMs: () => number;
  workDir: string;
  logger: Logger;
  events: PublishingEvents;
  /** Writes a publication's announcement in the transaction that records it (the webhook outbox). */
  announce?: (event: VodPublished) => void;
  now?: () => Date;
  /** Overrides for tests and the crash test (quarantine, backoff, lease). */
  kind?: KindOptions;
  chunkBytes?: number;
  pollMs?: { first: number; max: number };
}

const MAX_ATTEMPTS = 6;

/** Where uploads go when neither the setting nor the catalog says: Cablecast's first store. */
const FALLBACK_FILE_STORE = 1;

function emptyCounts(): Record<PublishJobState, number> {
  return Object.fromEntries(PUBLISH_JOB_STATES.map((s) => [s, 0])) as Record<
    PublishJobState,
    number
  >;
}

export class PublishingService {
  readonly runner: JobRunner;
  private readonly pipeline: PublishPipeline;
  private readonly now: () => Date;
  /** The last progress of each running job, for the rows (also written, throttled, by the runner). */
  private readonly live = new Map<
    number,
    { step: PublishStep; progress: PublishProgress; throttle: Throttle }
  >();
  /** Failed jobs already announced (so a restart or a re-read does not announce them again). */
  private readonly announcedFailures = new Set<number>();
  private readonly unsubscribe: () => void;

  constructor(private readonly o: PublishingServiceOptions) {
    this.now = o.now ?? (() => new Date());
    this.runner = o.runner;
    this.unsubscribe = this.runner.subscribe((ids) => this.onRunnerChange(ids));
    this.pipeline = new PublishPipeline({
      client: o.client,
      recording: (id) => o.library.recording(id),
      localShow: o.localShow,
      showMetadata: o.showMetadata,
      vodConfigurations: o.vodConfigurations,
      settings: o.settings,
      destinationStore: () => this.destinationStore(),
      workDir: o.workDir,
      recordPublished: (ctx, cp, vod) => this.recordPublished(ctx, cp, vod),
      progress: (jobId, step, progress) => this.progress(jobId, step, progress),
      now: this.now,
      ...(o.chunkBytes === undefined ? {} : { chunkBytes: o.chunkBytes }),
      ...(o.pollMs === undefined ? {} : { pollMs: o.pollMs }),
    });
    this.runner.register<PublishPayload, PublishCheckpoint>(
      PUBLISH_KIND,
      { run: (ctx) => this.pipeline.run(ctx) },
      {
        concurrency: o.settings().concurrency,
        maxAttempts: MAX_ATTEMPTS,
        backoff: { baseMs: 2_000, capMs: 5 * 60_000 },
        leaseMs: 60_000,
        // Past the client's timeout and a slow commit, so a create still in flight cannot commit
        // after the lookup that decides whether to send it again.
        quarantineMs: o.requestTimeoutMs() + 5_000,
        ...o.kind,
      },
    );
    // Failed jobs are announced once; those that failed while the app was not there to record
    // the failure (before this version, or killed in between) are recorded now.
    for (const job of this.runner.list({ kinds: [PUBLISH_KIND], states: ['failed'] })) {
      this.announcedFailures.add(job.id);
      this.recordFailure(job as PublishJob);
    }
  }

  /** Before the runner starts (the jobs module starts last): a paused queue claims nothing. */
  start(): void {
    if (this.o.repo.paused()) this.runner.pause(PUBLISH_KIND);
  }

  /** After the runner stopped (it is disposed first): its running jobs have ended. */
  dispose(): Promise<void> {
    this.unsubscribe();
    for (const entry of this.live.values()) entry.throttle.cancel();
    return Promise.resolve();
  }

  /** Settings changed: the number of publishes at once follows at once. */
  settingsChanged(): void {
    this.runner.setConcurrency(PUBLISH_KIND, this.o.settings().concurrency);
  }

  // ---- plan and enqueue ----------------------------------------------------------------------

  /**
   * The batch dialog's starting point, from the settings. The default quality is kept only when the
   * configuration offers it (see `qualitiesFor`); otherwise the batch starts at "Auto".
   */
  defaultOptions(): PublishOptions {
    const s = this.o.settings();
    const options: PublishOptions = {
      vodConfigurationId: s.vodConfigurationId,
      quality: s.defaultQuality,
      captions: s.captions,
      chapters: s.chapters,
      tagsToAdd: [],
    };
    return this.offers(options) ? options : { ...options, quality: null };
  }

  /** The file store uploads go to: the setting, else the first store the catalog knows, else 1. */
  destinationStore(): number {
    return (
      this.o.settings().destinationStoreId ?? this.o.fileStores()[0]?.id ?? FALLBACK_FILE_STORE
    );
  }

  private offers(options: PublishOptions): boolean {
    if (options.quality === null) return true;
    const offered = qualitiesFor(this.o.vodConfigurations(), options.vodConfigurationId);
    return offered.some((q) => q.id === options.quality);
  }

  /** A quality the batch asks for must be one its configuration offers, or null ("Auto"). */
  private checkQuality(options: PublishOptions): void {
    if (this.offers(options)) return;
    const offered = qualitiesFor(this.o.vodConfigurations(), options.vodConfigurationId);
    const by =
      options.vodConfigurationId === null
        ? "every VOD configuration (the show's location decides which is used)"
        : `VOD configuration ${options.vodConfigurationId}`;
    const choices =
      offered.length === 0
        ? 'the catalog knows of none there, so choose Auto (or sync the catalog)'
        : `choose ${offered.map((q) => q.name).join(', ')} or Auto`;
    throw new AppError(
      'INVALID_ARGUMENT',
      `Quality ${options.quality} is not offered by ${by}: ${choices}.`,
      'options.quality',
    );
  }

  plan(input: { recordingIds: number[]; showIds: number[] }): PublishPlan {
    const ids = [
      ...new Set([...input.recordingIds, ...this.o.library.recordingsOfShows(input.showIds)]),
    ];
    const queued = this.queuedByRecording();
    const options = this.defaultOptions();
    const items = ids.map((id) => this.planItem(id, options, queued));
    // Shows picked in the Shows list without any linked recording are said, not silently dropped.
    const covered = new Set(items.map((i) => i.showId));
    for (const showId of input.showIds) {
      if (covered.has(showId)) continue;
      const show = this.o.localShow(showId);
      items.push({
        recordingId: 0,
        fileName: '',
        showId,
        showTitle: show?.title ?? null,
        refused: 'No recording is linked to this show.',
        actions: [],
        missing: [],
        queuedJobId: null,
      });
    }
    return {
      items,
      options,
      vodConfigurations: this.o.vodConfigurations(),
    };
  }

  private planItem(
    id: number,
    options: PublishOptions,
    queued: Map<number, number>,
  ): PublishPlanItem {
    const r = this.o.library.recording(id);
    if (!r) {
      return {
        recordingId: id,
        fileName: '',
        showId: null,
        showTitle: null,
        refused: `There is no recording ${id}.`,
        actions: [],
        missing: [],
        queuedJobId: null,
      };
    }
    const show = r.linkShowId === null ? null : this.o.localShow(r.linkShowId);
    const item: PublishPlanItem = {
      recordingId: r.id,
      fileName: r.fileName,
      showId: r.linkShowId,
      showTitle: show?.title ?? null,
      refused: refusal(r, show, options),
      actions: [],
      missing: [],
      queuedJobId: queued.get(r.id) ?? null,
    };
    if (item.refused) return item;
    const draft = r.draft;
    const set = draft?.fields ?? {};
    const custom = set.customFields?.length ?? 0;
    const tags = new Set(
      [...(draft?.tags ?? []), ...options.tagsToAdd].map((t) => t.toLowerCase()),
    );
    const fields = draft
      ? [
          draft.title.trim() && 'title',
          draft.cgTitle.trim() && 'public title',
          draft.description.trim() && 'description',
          set.categoryId !== undefined && 'category',
          set.producerId !== undefined && 'producer',
          set.projectId !== undefined && 'project',
          set.thumbnailId !== undefined && 'thumbnail',
          custom > 0 && (custom === 1 ? '1 custom field' : `${custom} custom fields`),
          tags.size > 0 && (tags.size === 1 ? '1 tag' : `${tags.size} tags`),
        ].filter(Boolean)
      : [];
    if (fields.length > 0)
      item.actions.push(`Update the show's ${fields.join(', ')} where the draft changes them`);
    else item.missing.push("No saved draft: the show's title and description stay as they are.");
    item.actions.push(
      `Upload the video (${(r.videoSize / 1024 ** 2).toFixed(1)} MB), unless the show's reel already has it`,
    );
    if (options.captions && r.captionPath && r.captionFormat) {
      item.actions.push(
        r.captionFormat === 'scc'
          ? 'Add the SCC captions beside it'
          : `Add the captions beside it (SCC converted from ${r.captionFormat.toUpperCase()})`,
      );
    } else if (options.captions) {
      item.missing.push('No captions: the VOD will have none.');
    }
    item.actions.push('Make sure the show has a VOD, and wait for it to transcode');
    const chapters = draft?.chapters.length ?? 0;
    if (options.chapters && chapters > 0)
      item.actions.push(`Write and publish ${chapters} chapters`);
    else if (options.chapters) item.missing.push('No chapters in the draft.');
    if (r.publishedAt)
      item.missing.push(`Published before (${r.publishedAt}): this publishes it again.`);
    return item;
  }

  /**
   * Auto-publish's run: the recordings the library says are ready for it (with an approved draft,
   * when approval is required) and that have no publish job at all, queued in batches of the
   * publishing concurrency with the default options and marked as auto-published. A recording
   * whose publish failed waits for a person; one published is never taken again.
   */
  autoPublish(): AutoPublishResult {
    const settings = this.o.settings();
    const ready = this.o.library.autoPublishable(settings.autoPublishApproval === 'required');
    const fresh = ready.filter((id) => this.runner.find(PUBLISH_KIND, jobKey(id)) === null);
    const size = Math.max(1, settings.concurrency);
    const batchIds: string[] = [];
    let queued = 0;
    for (let i = 0; i < fresh.length; i += size) {
      const batch = this.enqueue({ recordingIds: fresh.slice(i, i + size), options: {} }, 'auto');
      batchIds.push(batch.id);
      queued += batch.rows.length;
    }
    return { queued, batchIds, alreadyQueued: ready.length - fresh.length };
  }

  enqueue(
    input: { recordingIds: number[]; options: Partial<PublishOptions> },
    origin: PublishOrigin = 'operator',
    requestedBy: string | null = null,
  ): PublishBatchView {
    const options: PublishOptions = { ...this.defaultOptions(), ...input.options };
    // The settings' default follows a configuration chosen here; a quality asked for must fit it.
    if (input.options.quality === undefined && !this.offers(options)) options.quality = null;
    this.checkQuality(options);
    const queued = this.queuedByRecording();
    const jobIds: number[] = [];
    const skipped: PublishBatchView['skipped'] = [];
    const batchId = randomUUID().slice(0, 8);
    this.o.repo.transaction(() => {
      for (const id of [...new Set(input.recordingIds)]) {
        const item = this.planItem(id, options, queued);
        if (item.refused || item.showId === null) {
          skipped.push({
            recordingId: id,
            fileName: item.fileName,
            reason: item.refused ?? 'Not linked.',
          });
          continue;
        }
        const payload: PublishPayload = {
          recordingId: id,
          showId: item.showId,
          options,
          origin,
          ...(requestedBy === null ? {} : { requestedBy }),
        };
        const { job } = this.runner.enqueue(PUBLISH_KIND, jobKey(id), payload, {
          // A recording published (or given up) before is published again; one still queued or
          // running is joined, not queued twice.
          rerun: item.queuedJobId === null,
        });
        jobIds.push(job.id);
      }
      this.o.repo.createBatch(batchId, this.now().toISOString(), jobIds, skipped);
    });
    return this.batch(batchId);
  }

  /** Recording id → its job, for jobs not finished. */
  private queuedByRecording(): Map<number, number> {
    const out = new Map<number, number>();
    for (const job of this.runner.list({
      kinds: [PUBLISH_KIND],
      states: ['queued', 'running', 'unknown'],
    })) {
      out.set((job.payload as PublishPayload).recordingId, job.id);
    }
    return out;
  }

  // ---- views ---------------------------------------------------------------------------------

  status(): PublishQueueStatus {
    const counts = emptyCounts();
    for (const job of this.runner.list({ kinds: [PUBLISH_KIND] })) counts[job.state] += 1;
    return { paused: this.runner.isPaused(PUBLISH_KIND), counts };
  }

  list(filter: { states: PublishJobState[]; batchId: string | null; recordingId: number | null }): {
    rows: PublishJobRow[];
    status: PublishQueueStatus;
  } {
    let jobs = this.runner.list({ kinds: [PUBLISH_KIND] }) as PublishJob[];
    if (filter.batchId !== null) {
      const batch = this.o.repo.batch(filter.batchId);
      const ids = new Set(batch?.jobIds ?? []);
      jobs = jobs.filter((j) => ids.has(j.id));
    }
    if (filter.recordingId !== null)
      jobs = jobs.filter((j) => j.payload.recordingId === filter.recordingId);
    if (filter.states.length > 0) {
      const states = new Set<string>(filter.states);
      jobs = jobs.filter((j) => states.has(j.state));
    }
    return { rows: this.rows(jobs), status: this.status() };
  }

  get(id: number): PublishJobDetail {
    const job = this.job(id);
    const [row] = this.rows([job]);
    if (!row) throw new AppError('NOT_FOUND', `There is no publish job ${id}.`, 'id');
    const cp = job.checkpoint;
    const steps: PublishStepView[] = PUBLISH_STEPS.map((step) => {
      const record = cp?.steps[step];
      return {
        step,
        state: record?.state ?? 'pending',
        startedAt: record?.startedAt ?? null,
        finishedAt: record?.finishedAt ?? null,
        detail: record?.detail ?? null,
        remoteIds: record?.remoteIds ?? {},
      };
    });
    return { ...row, options: job.payload.options, steps };
  }

  batch(batchId: string): PublishBatchView {
    const batch = this.o.repo.batch(batchId);
    if (!batch) throw new AppError('NOT_FOUND', `There is no batch ${batchId}.`, 'batchId');
    const jobs = batch.jobIds.map((id) => this.runner.get(id)).filter((j): j is Job => j !== null);
    return {
      id: batchId,
      createdAt: batch.createdAt,
      rows: this.rows(jobs as PublishJob[]),
      skipped: batch.skipped,
    };
  }

  private job(id: number): PublishJob {
    const job = this.runner.get<PublishPayload, PublishCheckpoint>(id);
    if (!job || job.kind !== PUBLISH_KIND)
      throw new AppError('NOT_FOUND', `There is no publish job ${id}.`, 'id');
    return job;
  }

  private rows(jobs: readonly PublishJob[]): PublishJobRow[] {
    const ids = jobs.map((j) => j.id);
    const batches = this.o.repo.batchesOf(ids);
    const publications = this.o.repo.publicationsOf(ids);
    return jobs.map((job) => {
      const recording = this.o.library.recording(job.payload.recordingId);
      const show = this.o.localShow(job.payload.showId);
      const cp = job.checkpoint;
      const live = this.live.get(job.id);
      const publication = publications.get(job.id);
      const published = cp?.published ?? null;
      const startedAt = cp?.steps.check?.startedAt ?? null;
      return {
        id: job.id,
        recordingId: job.payload.recordingId,
        fileName: recording?.fileName ?? `recording ${job.payload.recordingId}`,
        showId: job.payload.showId,
        showTitle: show?.title ?? null,
        state: job.state,
        step: cp?.current ?? null,
        progress:
          job.state === 'running'
            ? (live?.progress ?? { uploadPercent: null, transcodePercent: null })
            : { uploadPercent: null, transcodePercent: null },
        attempts: job.attempts,
        lastError: job.state === 'done' ? null : job.lastError,
        enqueuedAt: new Date(job.createdAt).toISOString(),
        startedAt,
        finishedAt: job.finishedAt === null ? null : new Date(job.finishedAt).toISOString(),
        batchId: batches.get(job.id) ?? null,
        position: job.position,
        origin: job.payload.origin ?? 'operator',
        requestedBy: job.payload.requestedBy ?? null,
        vod: publication
          ? {
              vodId: publication.vodId,
              url: publication.url,
              embedCode: publication.embedCode,
              state: publication.vodState,
            }
          : published
            ? {
                vodId: published.vodId,
                url: published.url,
                embedCode: published.embedCode,
                state: published.state,
              }
            : null,
      };
    });
  }

  // ---- actions -------------------------------------------------------------------------------

  pause(): PublishQueueStatus {
    this.o.repo.setPaused(true);
    this.runner.pause(PUBLISH_KIND);
    const status = this.status();
    this.o.events.changed(status, []);
    return status;
  }

  /**
   * For the health panel: jobs waiting for their VOD to transcode (since the VOD was made), and
   * failures of the last 24 hours that wait for a person.
   */
  pipelineHealth(): {
    transcoding: { jobId: number; since: string; show: string }[];
    failed: number;
  } {
    const jobs = this.runner.list({ kinds: [PUBLISH_KIND] }) as PublishJob[];
    const running = jobs.filter(
      (j) => j.state === 'running' && j.checkpoint?.current === 'transcode',
    );
    const publications = this.o.repo.publicationsOf(running.map((j) => j.id));
    const dayAgo = this.now().getTime() - 24 * 3_600_000;
    return {
      transcoding: running.map((j) => ({
        jobId: j.id,
        since: publications.get(j.id)?.publishedAt ?? new Date(j.updatedAt).toISOString(),
        show: this.o.localShow(j.payload.showId)?.title ?? `show ${j.payload.showId}`,
      })),
      failed: jobs.filter((j) => j.state === 'failed' && (j.finishedAt ?? 0) >= dayAgo).length,
    };
  }

  /**
   * The Cablecast server changed under the queue: its open jobs were started against the previous
   * one, so the queue is paused and the running ones stop between requests (to be looked up, not
   * sent again, when resumed). Returns how many jobs were open; 0 changes nothing.
   */
  holdForServerChange(): number {
    const counts = this.status().counts;
    const open = counts.queued + counts.running + counts.unknown;
    if (open === 0) return 0;
    if (!this.runner.isPaused(PUBLISH_KIND)) this.pause();
    this.runner.stopRunning(PUBLISH_KIND, 'The Cablecast server changed.');
    return open;
  }

  resume(): PublishQueueStatus {
    this.o.repo.setPaused(false);
    this.runner.resume(PUBLISH_KIND);
    const status = this.status();
    this.o.events.changed(status, []);
    return status;
  }

  cancel(id: number): PublishJobDetail {
    this.keepFailure(this.job(id));
    this.runner.cancel(id);
    return this.get(id);
  }

  retry(id: number): PublishJobDetail {
    const job = this.job(id);
    if (job.state !== 'failed' && job.state !== 'cancelled') {
      throw new AppError(
        'CONFLICT',
        `Publish job ${id} is ${job.state}: only a failed or cancelled job is retried.`,
      );
    }
    this.keepFailure(job);
    this.announcedFailures.delete(id);
    this.runner.retry(id);
    return this.get(id);
  }

  markDone(id: number, note: string): PublishJobDetail {
    const job = this.job(id);
    if (job.state === 'running') {
      throw new AppError(
        'CONFLICT',
        `Publish job ${id} is running: cancel it first, or let it finish.`,
      );
    }
    this.keepFailure(job);
    this.runner.markDone(id, note.trim() === '' ? 'Marked done by an operator.' : note.trim());
    return this.get(id);
  }

  reorder(
    id: number,
    beforeId: number | null,
  ): { rows: PublishJobRow[]; status: PublishQueueStatus } {
    const job = this.job(id);
    if (job.state !== 'queued' && job.state !== 'unknown') {
      throw new AppError(
        'CONFLICT',
        `Publish job ${id} is ${job.state}: only waiting jobs can be moved.`,
      );
    }
    if (beforeId === null) this.runner.reorder(id, { position: Number.MAX_SAFE_INTEGER });
    else this.runner.reorder(id, { before: beforeId });
    return this.list({ states: [], batchId: null, recordingId: null });
  }

  /**
   * Looks the job's show up on Cablecast, without sending anything: a VOD found live there ends
   * the job as done, with the VOD recorded; otherwise what is there is said.
   */
  async check(id: number): Promise<PublishJobDetail> {
    const job = this.job(id);
    if (job.state === 'running') return this.get(id);
    const client = await this.o.client();
    if (!client) throw new AppError('FAILED_PRECONDITION', 'No Cablecast server is set up.');
    let relations;
    try {
      relations = await client.getShowWithRelations(job.payload.showId);
    } catch (error) {
      throw new AppError('UNAVAILABLE', `Cablecast could not be asked: ${errorMessage(error)}`);
    }
    const vod = relations.vods[0];
    if (vod && vod.vodState === 'complete') {
      const at = this.now().toISOString();
      const event: VodPublished = {
        jobId: id,
        recordingId: job.payload.recordingId,
        showId: job.payload.showId,
        showTitle: this.o.localShow(job.payload.showId)?.title ?? null,
        vod: {
          vodId: vod.id,
          url: vod.url ?? null,
          embedCode: vod.embedCode ?? null,
          state: vod.vodState,
        },
        publishedAt: at,
      };
      this.keepFailure(job);
      this.o.repo.transaction(() => {
        this.o.library.markPublished(job.payload.recordingId, at);
        this.o.repo.addPublication({
          jobId: id,
          recordingId: job.payload.recordingId,
          showId: job.payload.showId,
          vodId: vod.id,
          url: vod.url ?? null,
          embedCode: vod.embedCode ?? null,
          vodState: vod.vodState ?? 'complete',
          publishedAt: at,
        });
        this.runner.markDone(id, `Checked on Cablecast: VOD ${vod.id} is live.`);
        // Found live by a check is live all the same: announced with the publication.
        this.o.announce?.(event);
      });
      this.o.library.announce();
      this.o.events.published(event);
      return this.get(id);
    }
    throw new AppError(
      'FAILED_PRECONDITION',
      vod
        ? `Checked on Cablecast: show ${job.payload.showId} has VOD ${vod.id}, ${vod.vodState ?? 'in an unknown state'}${vod.percentComplete ? ` (${Math.round(vod.percentComplete * 100)} %)` : ''}. Retry to go on from there.`
        : `Checked on Cablecast: show ${job.payload.showId} has no VOD yet. Retry to publish it.`,
    );
  }

  /**
   * What publishing did in [from, to): each VOD that went live, and each failure that waited for a
   * person (kept after a retry succeeds). The Analytics screen's source.
   */
  history(from: Date, to: Date): PublishHistory {
    const [a, b] = [from.toISOString(), to.toISOString()];
    const origins = new Map<number, PublishOrigin>();
    const originOf = (jobId: number): PublishOrigin => {
      let origin = origins.get(jobId);
      if (origin === undefined) {
        const job = this.runner.get<PublishPayload, PublishCheckpoint>(jobId);
        origin = job?.payload.origin ?? 'operator';
        origins.set(jobId, origin);
      }
      return origin;
    };
    return {
      published: this.o.repo.publicationsBetween(a, b).map((p) => ({
        jobId: p.jobId,
        recordingId: p.recordingId,
        showId: p.showId,
        vodId: p.vodId,
        publishedAt: p.publishedAt,
        origin: originOf(p.jobId),
      })),
      failures: this.o.repo.failuresBetween(a, b).map((f) => ({
        jobId: f.jobId,
        recordingId: f.recordingId,
        showId: f.showId,
        step: (f.step as PublishStep | null) ?? null,
        errorClass: f.errorClass,
        reason: f.reason,
        failedAt: f.failedAt,
      })),
    };
  }

  // ---- from the pipeline and the runner ------------------------------------------------------

  /**
   * A person acts on a failed job before the runner's change reached `onRunnerChange` (it is
   * told after the write): its failure is recorded now, or it would be lost to the retry.
   */
  private keepFailure(job: PublishJob): void {
    if (job.state === 'failed') this.recordFailure(job);
  }

  /** A failed job's failure, once (keyed by the job and when it failed). */
  private recordFailure(job: PublishJob): void {
    try {
      this.o.repo.addFailure({
        jobId: job.id,
        attempts: job.attempts,
        recordingId: job.payload.recordingId,
        showId: job.payload.showId,
        step: job.checkpoint?.current ?? null,
        errorClass: job.errorClass,
        reason: job.lastError ?? 'It failed.',
        failedAt: new Date(job.finishedAt ?? job.updatedAt).toISOString(),
      });
    } catch (error) {
      // Analytics only: never in the way of the queue.
      this.o.logger.warn('could not record a publish failure', { jobId: job.id, error });
    }
  }

  private recordPublished(
    ctx: JobContext<PublishPayload, PublishCheckpoint>,
    cp: PublishCheckpoint,
    vod: { vodId: number; url: string | null; embedCode: string | null; state: string },
  ): void {
    const at = this.now().toISOString();
    const payload = ctx.job.payload;
    const event: VodPublished = {
      jobId: ctx.job.id,
      recordingId: payload.recordingId,
      showId: payload.showId,
      showTitle: this.o.localShow(payload.showId)?.title ?? null,
      vod: { vodId: vod.vodId, url: vod.url, embedCode: vod.embedCode, state: vod.state },
      publishedAt: at,
    };
    this.o.repo.transaction(() => {
      this.o.library.markPublished(payload.recordingId, at);
      this.o.repo.addPublication({
        jobId: ctx.job.id,
        recordingId: payload.recordingId,
        showId: payload.showId,
        vodId: vod.vodId,
        url: vod.url,
        embedCode: vod.embedCode,
        vodState: vod.state,
        publishedAt: at,
      });
      cp.published = { ...vod, at };
      cp.current = 'transcode';
      ctx.checkpoint(cp);
      // The publication and its announcement commit together (the webhook outbox).
      this.o.announce?.(event);
    });
    this.o.library.announce();
    this.o.events.published(event);
  }

  private progress(jobId: number, step: PublishStep, progress: PublishProgress): void {
    let entry = this.live.get(jobId);
    if (!entry) {
      const throttle = new Throttle(250, () => {
        const current = this.live.get(jobId);
        if (current)
          this.o.events.progress({ id: jobId, step: current.step, progress: current.progress });
      });
      entry = { step, progress, throttle };
      this.live.set(jobId, entry);
    }
    entry.step = step;
    entry.progress = progress;
    entry.throttle.request();
  }

  /** The runner serves other kinds too (scheduled runs): only publish jobs reach the queue. */
  private onRunnerChange(changed: number[]): void {
    const ids: number[] = [];
    for (const id of changed) {
      const job = this.runner.get<PublishPayload, PublishCheckpoint>(id);
      if (!job || job.kind !== PUBLISH_KIND) continue;
      ids.push(id);
      if (job.state !== 'running') {
        this.live.get(id)?.throttle.cancel();
        this.live.delete(id);
      }
      if (job.state === 'failed' && !this.announcedFailures.has(id)) {
        this.announcedFailures.add(id);
        this.recordFailure(job);
        this.o.events.failed({
          jobId: id,
          recordingId: job.payload.recordingId,
          showId: job.payload.showId,
          showTitle: this.o.localShow(job.payload.showId)?.title ?? null,
          reason: job.lastError ?? 'It failed.',
          failedAt: this.now().toISOString(),
        });
      }
    }
    if (ids.length > 0) this.o.events.changed(this.status(), ids);
  }
}

/** A recording's one publish job: queueing it again joins or reruns that job. */
function jobKey(recordingId: number): string {
  return `recording:${recordingId}`;
}

function refusal(
  r: RecordingToPublish,
  show: { deleted: boolean } | null,
  options: PublishOptions,
): string | null {
  if (r.linkShowId === null) return 'Not linked to a show: link it first.';
  if (!show) return `Show ${r.linkShowId} is not in the local catalog: sync the catalog first.`;
  if (show.deleted) return `Show ${r.linkShowId} was deleted on Cablecast.`;
  if (r.missing) return 'The video was not found by the last scan.';
  if (r.videoSize === 0) return 'The video file is empty.';
  if (r.state === 'failed' || r.state === 'new') return r.stateReason;
  if (options.captions && r.captionPath && r.captionValid === false) {
    return `The captions do not decode: ${r.stateReason}`;
  }
  return null;
}
