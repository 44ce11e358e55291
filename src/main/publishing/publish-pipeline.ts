/**
 * One publish: a linked recording put on Cablecast VOD in steps, each its own intent with its own
 * reconcile by lookup (reliability-security.md). The step in flight and every id the server gave
 * are checkpointed before the next request, so a restart resumes at that step, and a step that
 * may have reached the server is looked up before anything is sent again.
 */
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ShowMetadataView } from '../../shared/catalog';
import { errorMessage } from '../../shared/errors';
import {
  type PublishOptions,
  type PublishOrigin,
  type PublishProgress,
  type PublishStep,
  type PublishStepState,
} from '../../shared/publishing';
import type { PublishingSettings } from '../../shared/settings';
import {
  CablecastError,
  type CablecastClient,
  type ShowWithRelations,
  type Vod,
} from '../cablecast';
import { convertToScc, decodeSourceText, parseStartTimecode, type SourceFormat } from '../captions';
import { JobError, type JobContext } from '../jobs';
import { parseFileKey } from '../library/file-key';
import type { RecordingToPublish } from '../library/publish-source';
import { conflictMessage, planShowUpdate } from './show-update';
import { copyToShare, uploadFile, type UploadCheckpoint } from './upload';

export interface PublishPayload {
  recordingId: number;
  showId: number;
  options: PublishOptions;
  /** Absent in jobs queued before auto-publish existed: an operator's. */
  origin?: PublishOrigin;
  /** Who started it, in words; absent for auto-publish and in jobs queued before it was kept. */
  requestedBy?: string;
}

export interface StepRecord {
  state: PublishStepState;
  startedAt: string | null;
  finishedAt: string | null;
  detail: string | null;
  remoteIds: Record<string, number | number[]>;
}

export interface PublishCheckpoint {
  current: PublishStep | null;
  steps: Partial<Record<PublishStep, StepRecord>>;
  video?: UploadCheckpoint;
  captions?: UploadCheckpoint;
  vodId?: number;
  /** The chapter create in flight, if any: looked up by (offset, title) after a restart. */
  chapterCreate?: { offset: number; title: string } | null;
  /** Set with the recording marked published, in the same transaction. */
  published?: {
    vodId: number;
    url: string | null;
    embedCode: string | null;
    state: string;
    at: string;
  };
}

/** The show as the last sync copied it: the copy an operator's draft was made from. */
export interface LocalShow {
  title: string;
  cgTitle: string | null;
  comments: string | null;
  deleted: boolean;
}

/** What the pipeline needs from the rest of the core. */
export interface PipelineDeps {
  client: () => Promise<CablecastClient | null>;
  recording: (id: number) => RecordingToPublish | null;
  /** The show as the last sync copied it: the copy an operator's draft was made from. */
  localShow: (id: number) => LocalShow | null;
  /** The show's metadata as the catalog has it, with the names of its lookups. */
  showMetadata: (id: number) => ShowMetadataView | null;
  /** VOD configurations of the catalog (synced), for a show's location. */
  vodConfigurations: () => { id: number; locationId: number | null }[];
  settings: () => PublishingSettings;
  /** The file store uploads go to (the setting, else the first synced store, else 1). */
  destinationStore: () => number;
  /** Where converted sidecars are written before they are sent. */
  workDir: string;
  /** Marks the recording published and records the VOD, with the checkpoint, in one transaction. */
  recordPublished: (
    ctx: JobContext<PublishPayload, PublishCheckpoint>,
    checkpoint: PublishCheckpoint,
    vod: { vodId: number; url: string | null; embedCode: string | null; state: string },
  ) => void;
  progress: (jobId: number, step: PublishStep, progress: PublishProgress) => void;
  now: () => Date;
  /** Upload chunk size in bytes; default from settings (MB). Tests use small ones. */
  chunkBytes?: number;
  /** Between looks at a transcoding VOD. */
  pollMs?: { first: number; max: number };
}

/** Turns what a client call threw into what the job runner should do next. */
function jobError(error: unknown, doing: string): JobError {
  if (error instanceof JobError) return error;
  if (error instanceof CablecastError) {
    const message = `${doing}: ${error.message}`;
    switch (error.delivery) {
      case 'unreached':
        return JobError.unreached(message, error);
      case 'rejected':
        return JobError.rejected(message, error.retryAfterMs, error);
      case 'refused':
        return JobError.refused(message, error);
      case 'ambiguous':
        return JobError.ambiguous(message, error);
    }
  }
  if (error instanceof Error && error.name === 'AbortError')
    return JobError.unreached(`${doing}: stopped`, error);
  return JobError.ambiguous(`${doing}: ${errorMessage(error)}`, error);
}

function slug(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return s === '' ? 'recording' : s;
}

/**
 * The file's name on Cablecast: the file key `<ShowID>-<Reel>-<slug>.<ext>`, so Cablecast links
 * it to the show's reel by itself. A recording already named with this show's key keeps its name.
 */
export function storeFileName(
  recording: Pick<RecordingToPublish, 'fileName'>,
  showId: number,
  reel: number,
): string {
  const ext = extname(recording.fileName).toLowerCase() || '.mp4';
  const base = recording.fileName.slice(
    0,
    recording.fileName.length - extname(recording.fileName).length,
  );
  const key = parseFileKey(recording.fileName);
  if (key && key.showId === showId && key.reel === reel) return `${base}${ext}`;
  // Another show's key is dropped from the name; a date or anything else is kept in the slug.
  const rest = key ? base.replace(/^\d+-\d+-/, '') : base;
  return `${showId}-${reel}-${slug(rest)}${ext}`;
}

function sidecarName(videoName: string): string {
  return `${videoName.slice(0, videoName.length - extname(videoName).length)}.scc`;
}

export class PublishPipeline {
  constructor(private readonly deps: PipelineDeps) {}

  async run(ctx: JobContext<PublishPayload, PublishCheckpoint>): Promise<void> {
    const payload = ctx.job.payload;
    const cp: PublishCheckpoint = ctx.job.checkpoint ?? { current: null, steps: {} };
    const save = (): void => ctx.checkpoint(cp);
    const begin = (step: PublishStep): StepRecord => {
      const record: StepRecord = cp.steps[step] ?? {
        state: 'pending',
        startedAt: null,
        finishedAt: null,
        detail: null,
        remoteIds: {},
      };
      record.state = 'running';
      record.startedAt ??= this.deps.now().toISOString();
      cp.steps[step] = record;
      cp.current = step;
      save();
      return record;
    };
    const finish = (step: PublishStep, state: 'done' | 'skipped', detail: string): void => {
      const record = cp.steps[step];
      if (!record) return;
      record.state = state;
      record.detail = detail;
      record.finishedAt = this.deps.now().toISOString();
      save();
    };

    if (cp.published) return; // recorded already: the job only had to be marked done
    const recording = this.deps.recording(payload.recordingId);
    if (!recording)
      throw JobError.refused(`Recording ${payload.recordingId} is no longer in the library.`);

    // 1. Local checks: nothing goes to the network for a recording that cannot be published.
    if (cp.steps.check?.state !== 'done') {
      begin('check');
      const problem = await this.checkLocally(recording, payload);
      if (problem) {
        const record = cp.steps.check;
        if (record) {
          record.state = 'failed';
          record.detail = problem;
          save();
        }
        throw JobError.refused(problem);
      }
      finish(
        'check',
        'done',
        'The video is readable, the captions decode and the chapters lie inside the video.',
      );
    }

    const client = await this.deps.client();
    if (!client)
      throw JobError.refused(
        'No Cablecast server is set up. Enter its address in Settings, or use the demo server.',
      );
    const call = async <T>(doing: string, fn: () => Promise<T>): Promise<T> => {
      if (ctx.signal.aborted) throw JobError.unreached(`${doing}: stopped before it was sent`);
      try {
        return await fn();
      } catch (error) {
        throw jobError(error, doing);
      }
    };
    const signal = ctx.signal;
    const showId = payload.showId;
    let relations: ShowWithRelations = await call(`Reading show ${showId}`, () =>
      client.getShowWithRelations(showId, { signal }),
    );

    // 2. Metadata: only the fields the draft changes, and only over the copy it was made from.
    if (cp.steps.metadata?.state !== 'done' && cp.steps.metadata?.state !== 'skipped') {
      begin('metadata');
      const detail = await this.metadata(
        recording,
        relations,
        payload.options.tagsToAdd,
        (doing, fn) => call(doing, fn),
        client,
        signal,
      );
      finish('metadata', detail.changed ? 'done' : 'skipped', detail.text);
      if (detail.changed)
        relations = await call(`Reading show ${showId}`, () =>
          client.getShowWithRelations(showId, { signal }),
        );
    }

    const reel =
      [...relations.reels].sort((a, b) => (a.reelNumber ?? 99) - (b.reelNumber ?? 99))[0] ?? null;
    const reelNumber = reel?.reelNumber ?? 1;
    const videoName = storeFileName(recording, showId, reelNumber);

    // 3. The video, unless the show's reel already has a valid file.
    if (cp.steps.video?.state !== 'done' && cp.steps.video?.state !== 'skipped') {
      const record = begin('video');
      if (reel?.hasValidFile && !cp.video) {
        finish('video', 'skipped', `Reel ${reelNumber} of the show already has a valid file.`);
      } else {
        const text = await this.sendFile(
          ctx,
          cp,
          'video',
          recording.videoPath,
          videoName,
          client,
          call,
        );
        if (cp.video?.assetId) record.remoteIds.asset = cp.video.assetId;
        if (cp.video?.fileUploadId) record.remoteIds.fileUpload = cp.video.fileUploadId;
        await this.linkToReel(reel, videoName, cp.video?.assetPath ?? null, client, call, signal);
        finish('video', 'done', text);
      }
    }

    // 4. The caption sidecar, with the video's exact base name.
    if (cp.steps.captions?.state !== 'done' && cp.steps.captions?.state !== 'skipped') {
      const record = begin('captions');
      if (!payload.options.captions || !recording.captionPath || !recording.captionFormat) {
        finish(
          'captions',
          'skipped',
          payload.options.captions
            ? 'The recording has no captions.'
            : 'Captions were left out of this publish.',
        );
      } else {
        const name = sidecarName(videoName);
        const file = await this.sidecarFile(recording, name);
        const text = await this.sendFile(ctx, cp, 'captions', file, name, client, call);
        if (cp.captions?.assetId) record.remoteIds.asset = cp.captions.assetId;
        finish('captions', 'done', text);
      }
    }

    // 5. The VOD: created only after a lookup proves the show has none.
    if (cp.steps.vod?.state !== 'done') {
      const record = begin('vod');
      const vodId = await this.ensureVod(ctx, cp, payload, relations, client, call);
      record.remoteIds.vod = vodId;
      finish('vod', 'done', cp.steps.vod?.detail ?? `VOD ${vodId}.`);
    }
    const vodId = cp.vodId;
    if (vodId === undefined) throw JobError.ambiguous('The VOD id was not recorded.');

    // 6. Chapters to match the draft, then published.
    if (cp.steps.chapters?.state !== 'done' && cp.steps.chapters?.state !== 'skipped') {
      const record = begin('chapters');
      const chapters = payload.options.chapters ? (recording.draft?.chapters ?? []) : [];
      if (!payload.options.chapters) {
        finish('chapters', 'skipped', 'Chapters were left out of this publish.');
      } else {
        const text = await this.chapters(ctx, cp, vodId, chapters, client, call, record);
        finish('chapters', chapters.length === 0 ? 'skipped' : 'done', text);
      }
    }

    // 7. Transcoding, then the recording is published and the VOD recorded, in one transaction.
    begin('transcode');
    const vod = await this.waitForTranscode(ctx, vodId, client, call);
    const record = cp.steps.transcode;
    if (record) {
      record.state = 'done';
      record.finishedAt = this.deps.now().toISOString();
      record.detail = `VOD ${vod.id} is ${vod.vodState ?? 'complete'}.`;
      record.remoteIds.vod = vod.id;
    }
    this.deps.recordPublished(ctx, cp, {
      vodId: vod.id,
      url: vod.url ?? null,
      embedCode: vod.embedCode ?? null,
      state: vod.vodState ?? 'complete',
    });
  }

  // ---- the steps -------------------------------------------------------------------------------

  private async checkLocally(
    r: RecordingToPublish,
    payload: PublishPayload,
  ): Promise<string | null> {
    if (r.linkShowId !== payload.showId) {
      return r.linkShowId === null
        ? `${r.fileName} is no longer linked to a show.`
        : `${r.fileName} is now linked to show ${r.linkShowId}, not ${payload.showId}.`;
    }
    if (r.missing) return `The video ${r.videoPath} was not found by the last scan.`;
    try {
      const facts = await stat(r.videoPath);
      if (!facts.isFile()) return `${r.videoPath} is not a file.`;
      if (facts.size === 0) return `The video ${r.videoPath} is empty (0 bytes).`;
    } catch (error) {
      return `The video ${r.videoPath} cannot be read (${errorMessage(error)}).`;
    }
    if (payload.options.captions && r.captionPath && r.captionValid === false) {
      return `The captions of ${r.fileName} do not decode: ${r.stateReason}`;
    }
    const chapters = payload.options.chapters ? (r.draft?.chapters ?? []) : [];
    if (r.durationSec !== null) {
      const outside = chapters.find((c) => c.offsetSec < 0 || c.offsetSec >= r.durationSec!);
      if (outside) {
        return `The chapter "${outside.title}" at ${outside.offsetSec} s lies outside the video (${Math.round(r.durationSec)} s).`;
      }
    }
    const show = this.deps.localShow(payload.showId);
    if (!show) return `Show ${payload.showId} is not in the local catalog: sync the catalog first.`;
    if (show.deleted) return `Show ${payload.showId} was deleted on Cablecast.`;
    return null;
  }

  private async metadata(
    r: RecordingToPublish,
    relations: ShowWithRelations,
    tagsToAdd: readonly string[],
    call: <T>(doing: string, fn: () => Promise<T>) => Promise<T>,
    client: CablecastClient,
    signal: AbortSignal,
  ): Promise<{ changed: boolean; text: string }> {
    const draft = r.draft;
    if (!draft) return { changed: false, text: 'No draft was saved: the show is left as it is.' };
    const server = relations.show;
    const local = this.deps.showMetadata(server.id);
    const update = planShowUpdate({
      server,
      draft,
      // A draft saved before drafts kept their base: the catalog's copy is the best known.
      base: draft.base ?? local?.current ?? null,
      tagsToAdd,
      choices: local?.choices ?? null,
    });
    if (update.conflicts.length > 0)
      throw JobError.refused(conflictMessage(server.id, update.conflicts));
    const notes = update.notes.length > 0 ? ` ${update.notes.join(' ')}` : '';
    if (update.changed.length === 0)
      return { changed: false, text: `The show already has the draft's metadata.${notes}` };
    // A PUT of the same values is harmless, so this step needs no reconcile beyond sending it again.
    await call(`Updating show ${server.id}`, () =>
      client.updateShow(server.id, update.patch, { base: server, signal }),
    );
    return { changed: true, text: `Updated the ${update.changed.join(', ')}.${notes}` };
  }

  private async sendFile(
    ctx: JobContext<PublishPayload, PublishCheckpoint>,
    cp: PublishCheckpoint,
    slot: 'video' | 'captions',
    path: string,
    name: string,
    client: CablecastClient,
    call: <T>(doing: string, fn: () => Promise<T>) => Promise<T>,
  ): Promise<string> {
    const settings = this.deps.settings();
    const step: PublishStep = slot;
    const report = (percent: number): void =>
      this.deps.progress(ctx.job.id, step, { uploadPercent: percent, transcodePercent: null });
    if (settings.contentShare !== '') {
      try {
        const copied = await copyToShare(
          path,
          join(settings.contentShare, name),
          ctx.signal,
          report,
        );
        return copied;
      } catch (error) {
        throw JobError.unreached(
          `Copying ${name} to ${settings.contentShare}: ${errorMessage(error)}`,
          error,
        );
      }
    }
    const chunkBytes = this.deps.chunkBytes ?? settings.uploadChunkMb * 1024 * 1024;
    return uploadFile({
      client,
      path,
      fileName: name,
      destinationStore: this.deps.destinationStore(),
      chunkBytes,
      timeoutMs: settings.uploadTimeoutMs,
      signal: ctx.signal,
      recovering: ctx.recovering,
      state: cp[slot] ?? null,
      save: (state) => {
        cp[slot] = state;
        ctx.checkpoint(cp);
      },
      progress: report,
      call,
      pollMs: this.deps.pollMs ?? { first: 500, max: 5_000 },
    });
  }

  private async linkToReel(
    reel: ShowWithRelations['reels'][number] | null,
    name: string,
    assetPath: string | null,
    client: CablecastClient,
    call: <T>(doing: string, fn: () => Promise<T>) => Promise<T>,
    signal: AbortSignal,
  ): Promise<void> {
    if (!reel) return; // a show without a reel: Cablecast links the file key when the reel is made
    const current = await call(`Reading reel ${reel.id}`, () =>
      client.getReel(reel.id, { signal }),
    );
    if (current.hasValidFile) return;
    // Not linked by its name (yet): point the reel at the file, which is idempotent.
    await call(`Linking ${name} to reel ${reel.id}`, () =>
      client.updateReel(reel.id, { userFileName: assetPath ?? name }, { base: current, signal }),
    );
  }

  private async sidecarFile(r: RecordingToPublish, name: string): Promise<string> {
    if (r.captionFormat === 'scc' && r.captionPath) return r.captionPath;
    const source = r.captionPath;
    if (!source || !r.captionFormat) throw JobError.refused('The recording has no captions.');
    let startFrame = 0;
    if (r.startTimecode) {
      try {
        startFrame = parseStartTimecode(r.startTimecode);
      } catch {
        startFrame = 0;
      }
    }
    const bytes = await readFile(source);
    const decoded = decodeSourceText(bytes);
    const result = convertToScc(decoded.text, r.captionFormat as SourceFormat, { startFrame });
    if (!result.ok) {
      const first = result.diagnostics.find((d) => d.severity === 'error');
      throw JobError.refused(
        `The captions of ${r.fileName} could not be converted to SCC${first ? ` (line ${first.line}: ${first.message})` : ''}.`,
      );
    }
    await mkdir(this.deps.workDir, { recursive: true });
    const file = join(this.deps.workDir, name);
    await writeFile(`${file}.partial`, result.scc);
    await rm(file, { force: true });
    await rename(`${file}.partial`, file);
    return file;
  }

  private async ensureVod(
    ctx: JobContext<PublishPayload, PublishCheckpoint>,
    cp: PublishCheckpoint,
    payload: PublishPayload,
    relations: ShowWithRelations,
    client: CablecastClient,
    call: <T>(doing: string, fn: () => Promise<T>) => Promise<T>,
  ): Promise<number> {
    const signal = ctx.signal;
    if (cp.vodId !== undefined) {
      const vodId = cp.vodId;
      await call(`Reading VOD ${vodId}`, () => client.getVod(vodId, { signal }));
      return vodId;
    }
    // The lookup first, always: a POST that may have committed before a kill is found here.
    const fresh = await call(`Reading show ${payload.showId}`, () =>
      client.getShowWithRelations(payload.showId, { signal }),
    );
    const existing = fresh.vods[0] ?? relations.vods[0];
    const record = cp.steps.vod;
    if (existing) {
      cp.vodId = existing.id;
      if (record) record.detail = `The show already has VOD ${existing.id}.`;
      ctx.checkpoint(cp);
      return existing.id;
    }
    const configuration = this.vodConfiguration(payload, fresh);
    // Resolved when the job was queued (the settings' default, or the batch's choice): null is Auto.
    const quality = payload.options.quality;
    const vod = await call(`Creating the VOD of show ${payload.showId}`, () =>
      client.createVod(
        { show: payload.showId, vodConfiguration: configuration, quality },
        { signal },
      ),
    );
    cp.vodId = vod.id;
    if (record)
      record.detail = `Created VOD ${vod.id} (configuration ${configuration}, quality ${quality ?? 'Auto'}).`;
    ctx.checkpoint(cp);
    return vod.id;
  }

  private vodConfiguration(payload: PublishPayload, relations: ShowWithRelations): number {
    const chosen = payload.options.vodConfigurationId ?? this.deps.settings().vodConfigurationId;
    if (chosen !== null) return chosen;
    const configurations = this.deps.vodConfigurations();
    const location = relations.show.location ?? null;
    const match = configurations.find((c) => c.locationId === location) ?? configurations[0];
    if (!match) {
      throw JobError.refused(
        "Cablecast has no VOD configuration for the show's location: choose one in the batch settings, or sync the catalog.",
      );
    }
    return match.id;
  }

  private async chapters(
    ctx: JobContext<PublishPayload, PublishCheckpoint>,
    cp: PublishCheckpoint,
    vodId: number,
    draft: readonly { offsetSec: number; title: string }[],
    client: CablecastClient,
    call: <T>(doing: string, fn: () => Promise<T>) => Promise<T>,
    record: StepRecord,
  ): Promise<string> {
    const signal = ctx.signal;
    const wanted = draft.map((c) => ({
      offset: Math.max(0, Math.round(c.offsetSec)),
      title: c.title.trim(),
    }));
    // What the server has now: whatever a create in flight before a restart left is found here.
    const list = await call(`Reading the chapters of VOD ${vodId}`, () =>
      client.getChapters(vodId, { signal }),
    );
    const remote = list.chapters.filter((c) => !c.deleted);
    const used = new Set<number>();
    let created = 0;
    let updated = 0;
    let deleted = 0;
    const ids: number[] = [];
    for (const w of wanted) {
      const same = remote.find(
        (c) => !used.has(c.id) && c.offset === w.offset && (c.title ?? '') === w.title,
      );
      const atOffset = same ?? remote.find((c) => !used.has(c.id) && c.offset === w.offset);
      if (atOffset) {
        used.add(atOffset.id);
        ids.push(atOffset.id);
        if ((atOffset.title ?? '') !== w.title) {
          await call(`Renaming chapter ${atOffset.id}`, () =>
            client.updateChapter(
              atOffset.id,
              { title: w.title, body: w.title },
              { base: atOffset, signal },
            ),
          );
          updated += 1;
        }
        continue;
      }
      cp.chapterCreate = w;
      ctx.checkpoint(cp);
      const chapter = await call(`Adding the chapter "${w.title}"`, () =>
        client.createChapter(
          { vod: vodId, title: w.title, body: w.title, offset: w.offset },
          { signal },
        ),
      );
      used.add(chapter.id);
      ids.push(chapter.id);
      created += 1;
      cp.chapterCreate = null;
      record.remoteIds.chapters = [...ids];
      ctx.checkpoint(cp);
    }
    for (const extra of remote.filter((c) => !used.has(c.id))) {
      await call(`Removing chapter ${extra.id}`, () => client.deleteChapter(extra.id, { signal }));
      deleted += 1;
    }
    if (ids.length > 0) record.remoteIds.chapters = ids;
    if (wanted.length > 0) {
      const vod = await call(`Reading VOD ${vodId}`, () => client.getVod(vodId, { signal }));
      if (!vod.chaptersPublished) {
        await call(`Publishing the chapters of VOD ${vodId}`, () =>
          client.updateVod(vodId, { chaptersPublished: true }, { base: vod, signal }),
        );
      }
    }
    return wanted.length === 0
      ? 'The draft has no chapters.'
      : `${wanted.length} chapters (${created} added, ${updated} renamed, ${deleted} removed), published.`;
  }

  private async waitForTranscode(
    ctx: JobContext<PublishPayload, PublishCheckpoint>,
    vodId: number,
    client: CablecastClient,
    call: <T>(doing: string, fn: () => Promise<T>) => Promise<T>,
  ): Promise<Vod> {
    const poll = this.deps.pollMs ?? { first: 1_000, max: 15_000 };
    let wait = poll.first;
    for (;;) {
      const vod = await call(`Reading VOD ${vodId}`, () =>
        client.getVod(vodId, { signal: ctx.signal }),
      );
      const state = vod.vodState ?? 'unknown';
      const percent = Math.round(Math.min(1, Math.max(0, vod.percentComplete ?? 0)) * 100);
      this.deps.progress(ctx.job.id, 'transcode', {
        uploadPercent: null,
        transcodePercent: state === 'complete' ? 100 : percent,
      });
      if (state === 'complete') return vod;
      if (state === 'error' || state === 'permanentFailure') {
        throw JobError.refused(
          `Cablecast could not transcode VOD ${vodId}${vod.errorMessage ? `: ${vod.errorMessage.replace(/[.\s]+$/, '')}` : ''}. Fix it in Cablecast, then retry.`,
        );
      }
      if (state === 'disabled') throw JobError.refused(`VOD ${vodId} is disabled on Cablecast.`);
      try {
        await sleep(wait, undefined, { signal: ctx.signal });
      } catch {
        throw JobError.unreached(`Waiting for VOD ${vodId}: stopped`);
      }
      wait = Math.min(poll.max, Math.round(wait * 1.5));
    }
  }
}
