import { createPrng, type Prng } from './prng';
import type { SimulatorData } from './simulator.data';
import type {
  AssetDto,
  AssetFileType,
  FileUploadDto,
  FileUploadState,
  ReelDto,
  VodDto,
} from './simulator.dtos';

/** The options of the write side; the server's settings object carries them (and may change). */
export interface PublishingSettings {
  vodQueueMs: number;
  transcodeMs: number;
  vodErrorRate: number;
  uploadProcessingMs: number;
  uploadIdleTimeoutMs: number;
  uploadChecksums: boolean;
  captionSidecars: 'honoured' | 'ignored';
}

/** What arrived for one segment of an upload. */
export interface SegmentRecord {
  index: number;
  /** Bytes of the last copy received. */
  bytes: number;
  /** SHA-256 (hex) of the last copy; null when checksums are off. */
  sha256: string | null;
  /** How many times this segment arrived complete (more than 1: it was sent again). */
  receipts: number;
}

/** Per-upload counters, for tests that check nothing was sent twice. */
export interface UploadStats {
  segments: SegmentRecord[];
  /** Bytes of complete segments received, repeats included. */
  bytesReceived: number;
  /** Bytes of segments that had already arrived once. */
  bytesResent: number;
}

interface UploadRecord {
  dto: FileUploadDto;
  segments: Map<number, SegmentRecord>;
  bytesReceived: number;
  bytesResent: number;
  /** Clock time of the last segment or of the creation: the idle timeout counts from here. */
  lastActivity: number;
  /** Clock time of `PUT {state: 2}`. */
  completedAt: number | null;
  /** A test hook asked this upload to end in Error (0) or Timeout (6). */
  failWith: 0 | 6 | null;
}

interface TranscodeJob {
  vodId: number;
  /** When the show had a valid file and the VOD entered `queued`; null while `waiting`. */
  queuedAt: number | null;
  /** Decided once, when the job is created or a test hook asks: the error it will end in. */
  failure: string | null;
}

const VIDEO_EXTENSIONS = new Set(['mp4', 'mov', 'mxf', 'mpg', 'mpeg', 'ts', 'm2ts', 'mkv', 'avi']);
const AUDIO_EXTENSIONS = new Set(['mp3', 'wav', 'aac', 'm4a']);
const CAPTION_EXTENSIONS = new Set(['scc', 'mcc']);
const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'bmp']);

const TRANSCODE_ERROR = 'Transcode failed: the source file could not be read.';

/** `21413-1-council.mp4` → show 21413, reel 1 (doc §5.1: the file key). */
export function parseFileKey(fileName: string): { showId: number; reelNumber: number } | null {
  const match = /^(\d+)-(\d+)(?=\D|$)/.exec(baseName(fileName));
  if (!match) return null;
  return { showId: Number(match[1]), reelNumber: Number(match[2]) };
}

/** The name after the last `/` or `\`. */
function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

function extensionOf(path: string): string {
  const name = baseName(path);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** Base name without extension, lower-cased: how a sidecar is matched to its video. */
function stem(path: string): string {
  const name = baseName(path).toLowerCase();
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? name : name.slice(0, dot);
}

function fileTypeOf(extension: string): AssetFileType {
  if (VIDEO_EXTENSIONS.has(extension)) return 'video';
  if (AUDIO_EXTENSIONS.has(extension)) return 'audio';
  if (CAPTION_EXTENSIONS.has(extension)) return 'caption';
  if (IMAGE_EXTENSIONS.has(extension)) return 'image';
  if (extension === 'm3u8') return 'hlsmanifest';
  if (extension === 'pdf' || extension === 'doc' || extension === 'docx') return 'document';
  return 'unknown';
}

/**
 * The simulator's write side: chunked uploads that become assets, assets linked to reels by file
 * key or `userFileName`, caption sidecars, and VODs that transcode on a clock tests control.
 *
 * Time moves with the wall clock plus whatever `advance()` added, and state is brought up to date
 * (`tick()`) before every request, so a poll sees the VOD where the clock says it is.
 */
export class SimulatorPublishing {
  private readonly uploads = new Map<number, UploadRecord>();
  private readonly assetStore = new Map<number, AssetDto>();
  private readonly jobs = new Map<number, TranscodeJob>();
  private readonly failingShows = new Map<number, string>();
  private readonly vodsCreatedByShow = new Map<number, number>();
  private readonly chaptersCreatedByKey = new Map<string, number>();
  private readonly uploadsCreatedByName = new Map<string, number>();
  private readonly rng: Prng;
  private nextUploadId = 1;
  private nextLinkId = 1;
  private skewMs = 0;

  constructor(
    private readonly data: SimulatorData,
    private readonly settings: PublishingSettings,
    seed: number,
  ) {
    this.rng = createPrng((seed ^ 0x7075_b115) >>> 0);
  }

  // ---- the clock -----------------------------------------------------------------------------

  /** The simulator's time for transcodes and uploads: the wall clock plus `advance()`s. */
  now(): number {
    return Date.now() + this.skewMs;
  }

  /** Moves the clock forward (e.g. past a whole transcode) and updates every state. */
  advance(ms: number): void {
    this.skewMs += Math.max(0, ms);
    this.tick();
  }

  /** Brings uploads and transcodes up to the clock. Cheap: it only visits unfinished work. */
  tick(): void {
    const now = this.now();
    for (const record of this.uploads.values()) this.tickUpload(record, now);
    for (const job of this.jobs.values()) this.tickJob(job, now);
  }

  // ---- file uploads --------------------------------------------------------------------------

  createUpload(input: {
    fileName: string;
    destinationStore: number;
    totalSegments: number;
    size: number;
  }): FileUploadDto {
    const now = this.now();
    const stamp = this.data.formatDate(now);
    const dto: FileUploadDto = {
      id: this.nextUploadId++,
      fileName: input.fileName,
      destinationStore: input.destinationStore,
      state: 1,
      created: stamp,
      lastModified: stamp,
      totalSegments: input.totalSegments,
      size: input.size,
      asset: null,
    };
    this.uploads.set(dto.id, {
      dto,
      segments: new Map(),
      bytesReceived: 0,
      bytesResent: 0,
      lastActivity: now,
      completedAt: null,
      failWith: null,
    });
    const key = input.fileName.toLowerCase();
    this.uploadsCreatedByName.set(key, (this.uploadsCreatedByName.get(key) ?? 0) + 1);
    return dto;
  }

  getUpload(id: number): FileUploadDto | undefined {
    return this.uploads.get(id)?.dto;
  }

  /** Every upload, oldest first; with `fileName`, only those of that name (any case). */
  listUploads(fileName?: string): FileUploadDto[] {
    const wanted = fileName?.toLowerCase();
    return [...this.uploads.values()]
      .map((record) => record.dto)
      .filter((dto) => wanted === undefined || dto.fileName.toLowerCase() === wanted);
  }

  /** Records a complete segment; a segment sent again replaces the earlier copy. */
  recordSegment(id: number, index: number, bytes: number, sha256: string | null): void {
    const record = this.uploads.get(id);
    if (!record) return;
    const earlier = record.segments.get(index);
    record.bytesReceived += bytes;
    if (earlier) record.bytesResent += bytes;
    record.segments.set(index, { index, bytes, sha256, receipts: (earlier?.receipts ?? 0) + 1 });
    record.lastActivity = this.now();
    this.touchUpload(record);
  }

  /** Segment indexes not received yet. */
  missingSegments(id: number): number[] {
    const record = this.uploads.get(id);
    if (!record) return [];
    const missing: number[] = [];
    for (let index = 0; index < record.dto.totalSegments; index++) {
      if (!record.segments.has(index)) missing.push(index);
    }
    return missing;
  }

  /** Bytes of the latest copy of every segment. */
  receivedSize(id: number): number {
    let total = 0;
    for (const segment of this.uploads.get(id)?.segments.values() ?? []) total += segment.bytes;
    return total;
  }

  /** `PUT {state: 2}`: the client says every segment is there; processing starts. */
  completeUpload(id: number): FileUploadDto | undefined {
    const record = this.uploads.get(id);
    if (!record) return undefined;
    if (record.dto.state === 1) {
      record.dto.state = 2;
      record.completedAt = this.now();
      this.touchUpload(record);
    }
    return record.dto;
  }

  uploadStats(id: number): UploadStats | undefined {
    const record = this.uploads.get(id);
    if (!record) return undefined;
    return {
      segments: [...record.segments.values()].sort((a, b) => a.index - b.index),
      bytesReceived: record.bytesReceived,
      bytesResent: record.bytesResent,
    };
  }

  /** Test hook: the upload ends in Error (0) or Timeout (6) instead of Finished. */
  failUpload(id: number, state: 0 | 6 = 0): void {
    const record = this.uploads.get(id);
    if (!record) throw new Error(`No file upload ${id}`);
    record.failWith = state;
    this.tick();
  }

  /** How many `POST /fileuploads` named this file (any case). */
  uploadsCreated(fileName: string): number {
    return this.uploadsCreatedByName.get(fileName.toLowerCase()) ?? 0;
  }

  private touchUpload(record: UploadRecord): void {
    record.dto.lastModified = this.data.formatDate(this.now());
  }

  private setUploadState(record: UploadRecord, state: FileUploadState): void {
    if (record.dto.state === state) return;
    record.dto.state = state;
    this.touchUpload(record);
  }

  private tickUpload(record: UploadRecord, now: number): void {
    const state = record.dto.state;
    if (state === 0 || state === 5 || state === 6) return;
    if (state === 1) {
      if (record.failWith !== null) this.setUploadState(record, record.failWith);
      else if (now - record.lastActivity >= this.settings.uploadIdleTimeoutMs) {
        this.setUploadState(record, 6);
      }
      return;
    }
    if (record.failWith !== null) {
      this.setUploadState(record, record.failWith);
      return;
    }
    const step = Math.max(1, this.settings.uploadProcessingMs) / 3;
    const elapsed = now - (record.completedAt ?? now);
    if (elapsed < step) return;
    if (elapsed < 2 * step) this.setUploadState(record, 3);
    else if (elapsed < 3 * step) this.setUploadState(record, 4);
    else {
      this.setUploadState(record, 5);
      const asset = this.addAsset(record.dto.fileName, this.receivedSize(record.dto.id), {
        fileStore: record.dto.destinationStore,
      });
      record.dto.asset = asset.id;
    }
  }

  // ---- assets --------------------------------------------------------------------------------

  get assets(): ReadonlyMap<number, AssetDto> {
    return this.assetStore;
  }

  /** Every asset, oldest first; with `fileName`, those whose file name is that (any case). */
  listAssets(fileName?: string): AssetDto[] {
    const wanted = fileName?.toLowerCase();
    return [...this.assetStore.values()].filter(
      (asset) => wanted === undefined || baseName(asset.path).toLowerCase() === wanted,
    );
  }

  /**
   * Puts a file on a store (a finished upload, or a test placing one as if copied to the content
   * drive) and links it: a video named by a show's file key to that show's reel, a caption
   * sidecar to the video of the same base name.
   */
  addAsset(path: string, size: number, options: { fileStore?: number } = {}): AssetDto {
    const extension = extensionOf(path);
    const fileStore = options.fileStore ?? 1;
    const asset: AssetDto = {
      id: this.data.assetIds.take(),
      path,
      url: `${this.data.baseUrl}/store-${fileStore}/${encodeURIComponent(baseName(path))}`,
      extension,
      fileStatus: 'valid',
      fileType: fileTypeOf(extension),
      hasCaptions: false,
      hasMultipleAudioProgram: false,
      size,
      thumbnailState: fileTypeOf(extension) === 'video' ? 'complete' : 'skip',
      thumbnailUrl: null,
      vods: [],
      reels: [],
      fileStores: [fileStore],
      assetInfos: [],
      assetLogs: [],
      assetThumbnails: [],
      fileStoreAssets: [],
    };
    this.assetStore.set(asset.id, asset);
    if (asset.fileType === 'video') {
      const key = parseFileKey(path);
      const show = key ? this.data.getShow(key.showId) : undefined;
      if (key && show) {
        const reel = show.reels
          .map((id) => this.data.getReel(id))
          .find((candidate) => candidate?.reelNumber === key.reelNumber);
        if (reel) this.linkReel(reel, asset);
      }
    } else if (asset.fileType === 'caption') {
      this.refreshCaptionsForStem(stem(path));
    }
    return asset;
  }

  /** An asset by its path or its bare file name (any case), as `reel.userFileName` names it. */
  findAssetByPath(path: string): AssetDto | undefined {
    const wanted = path.toLowerCase();
    const wantedBase = baseName(wanted);
    let byName: AssetDto | undefined;
    for (const asset of this.assetStore.values()) {
      const own = asset.path.toLowerCase();
      if (own === wanted) return asset;
      if (byName === undefined && baseName(own) === wantedBase) byName = asset;
    }
    return byName;
  }

  /**
   * A reel was created or its `userFileName` changed: link the asset it names, or (when it names
   * none) an unlinked asset carrying the reel's file key.
   */
  reelChanged(reel: ReelDto, userFileNameChanged: boolean): void {
    if (userFileNameChanged && reel.userFileName) {
      const asset = this.findAssetByPath(reel.userFileName);
      if (asset) this.linkReel(reel, asset);
      else {
        // Named a file the store does not have: the reel's file is missing.
        reel.hasValidFile = false;
        reel.hasInvalidFile = true;
        reel.playbackAsset = null;
      }
      return;
    }
    if (reel.hasValidFile) return;
    for (const asset of this.assetStore.values()) {
      const key = asset.fileType === 'video' ? parseFileKey(asset.path) : null;
      if (key && key.showId === reel.show && key.reelNumber === reel.reelNumber) {
        this.linkReel(reel, asset);
        return;
      }
    }
  }

  private linkReel(reel: ReelDto, asset: AssetDto): void {
    reel.assetReelLinks = [...reel.assetReelLinks, this.nextLinkId++];
    reel.playbackAsset = asset.id;
    reel.hasValidFile = true;
    reel.hasInvalidFile = false;
    reel.hasProcessingFile = false;
    if (!asset.reels.includes(reel.id)) asset.reels = [...asset.reels, reel.id];
    // The show's reels changed: bump its lastModified so a sync sees the file arrive.
    this.data.updateShow(reel.show, {});
    this.refreshCaptionsForStem(stem(asset.path));
    // Waiting VODs of the show start queueing now, not at the next request.
    const now = this.now();
    for (const job of this.jobs.values()) {
      if (this.data.getVod(job.vodId)?.show === reel.show) this.tickJob(job, now);
    }
  }

  /** Marks `hasCaptions` on linked videos (and their shows) that have a sidecar of their name. */
  private refreshCaptionsForStem(name: string): void {
    if (this.settings.captionSidecars === 'ignored') return;
    const assets = [...this.assetStore.values()].filter((asset) => stem(asset.path) === name);
    if (!assets.some((asset) => asset.fileType === 'caption')) return;
    for (const video of assets) {
      if (video.fileType !== 'video') continue;
      video.hasCaptions = true;
      for (const reelId of video.reels) {
        const reel = this.data.getReel(reelId);
        const show = reel ? this.data.getShow(reel.show) : undefined;
        if (show && reel?.playbackAsset === video.id && !show.hasCaptions) {
          this.data.updateShow(show.id, { hasCaptions: true });
        }
      }
    }
  }

  // ---- VODs ----------------------------------------------------------------------------------

  /**
   * `POST /vods`: a VOD for the show, `waiting` until one of its reels has a valid file, then
   * `queued`, `processing` and `complete` (or `error`) on the clock.
   */
  createVod(showId: number, vodConfiguration: number, quality: number | null): VodDto {
    const vod = this.data.addVod(showId, {
      vodConfiguration,
      quality,
      vodState: 'waiting',
      stateChange: this.data.formatDate(this.now()),
    });
    this.vodsCreatedByShow.set(showId, (this.vodsCreatedByShow.get(showId) ?? 0) + 1);
    const forced = this.failingShows.get(showId);
    const failure =
      forced ??
      (this.settings.vodErrorRate > 0 && this.rng.next() < this.settings.vodErrorRate
        ? TRANSCODE_ERROR
        : null);
    const job: TranscodeJob = { vodId: vod.id, queuedAt: null, failure };
    this.jobs.set(vod.id, job);
    this.tickJob(job, this.now());
    return vod;
  }

  /** A VOD was deleted: forget its transcode. */
  forgetVod(vodId: number): void {
    this.jobs.delete(vodId);
  }

  /** Test hook: transcodes of this show's VODs (running or future) end in `error`. */
  failTranscodesOf(showId: number, message = TRANSCODE_ERROR): void {
    this.failingShows.set(showId, message);
    for (const job of this.jobs.values()) {
      if (this.data.getVod(job.vodId)?.show === showId) job.failure = message;
    }
  }

  /** Test hook: undoes `failTranscodesOf`. */
  healTranscodesOf(showId: number): void {
    this.failingShows.delete(showId);
    for (const job of this.jobs.values()) {
      if (this.data.getVod(job.vodId)?.show === showId) job.failure = null;
    }
  }

  /** How many `POST /vods` created a VOD for this show: more than 1 is a duplicate. */
  vodsCreated(showId: number): number {
    return this.vodsCreatedByShow.get(showId) ?? 0;
  }

  /** Shows that got more than one VOD through `POST /vods`, with the count. */
  duplicateVods(): Map<number, number> {
    return new Map([...this.vodsCreatedByShow].filter(([, count]) => count > 1));
  }

  /** The clock time a VOD in `waiting` or `queued` would complete, if nothing changes. */
  completesAt(vodId: number): number | null {
    const job = this.jobs.get(vodId);
    if (!job || job.queuedAt === null) return null;
    return job.queuedAt + this.settings.vodQueueMs + this.settings.transcodeMs;
  }

  private showHasValidFile(showId: number): boolean {
    const show = this.data.getShow(showId);
    if (!show) return false;
    return show.reels.some((id) => this.data.getReel(id)?.hasValidFile === true);
  }

  private setVodState(vod: VodDto, patch: Partial<VodDto>): void {
    const changed = patch.vodState !== undefined && patch.vodState !== vod.vodState;
    Object.assign(vod, patch);
    if (changed) vod.stateChange = this.data.formatDate(this.now());
  }

  private tickJob(job: TranscodeJob, now: number): void {
    const vod = this.data.getVod(job.vodId);
    if (!vod) {
      this.jobs.delete(job.vodId);
      return;
    }
    if (job.queuedAt === null) {
      if (!this.showHasValidFile(vod.show)) return;
      job.queuedAt = now;
      this.setVodState(vod, { vodState: 'queued', percentComplete: 0, stateProgress: 0 });
    }
    const elapsed = now - job.queuedAt;
    const { vodQueueMs, transcodeMs } = this.settings;
    if (elapsed < vodQueueMs) return;
    if (elapsed < vodQueueMs + transcodeMs) {
      const progress = Math.min(
        0.99,
        Math.floor(((elapsed - vodQueueMs) / transcodeMs) * 100) / 100,
      );
      this.setVodState(vod, {
        vodState: 'processing',
        percentComplete: progress,
        stateProgress: progress,
      });
      return;
    }
    this.jobs.delete(job.vodId);
    if (job.failure !== null) {
      this.setVodState(vod, {
        vodState: 'error',
        errorMessage: job.failure,
        isWatchable: false,
      });
      return;
    }
    const show = this.data.getShow(vod.show);
    if (!show) return;
    const reel = show.reels
      .map((id) => this.data.getReel(id))
      .find((candidate) => candidate?.hasValidFile === true);
    const asset = reel?.playbackAsset == null ? undefined : this.assetStore.get(reel.playbackAsset);
    const urls = this.data.vodUrls(show, vod.vodConfiguration);
    this.setVodState(vod, {
      vodState: 'complete',
      percentComplete: 1,
      stateProgress: 1,
      url: urls.url,
      localUrl: urls.url,
      embedCode: urls.embedCode,
      nonReflectEmbedCode: urls.embedCode,
      webVtt: urls.webVtt(vod.id),
      isWatchable: true,
      errorMessage: null,
      length: show.totalRunTime,
      asset: reel?.playbackAsset ?? null,
      fileName: asset ? baseName(asset.path) : vod.fileName,
    });
    if (asset && !asset.vods.includes(vod.id)) asset.vods = [...asset.vods, vod.id];
  }

  // ---- chapters ------------------------------------------------------------------------------

  /** Counts `POST /chapters` by (vod, offset, title), the natural key a client reconciles by. */
  chapterCreated(vod: number, offset: number, title: string): void {
    const key = `${vod}\u0000${offset}\u0000${title}`;
    this.chaptersCreatedByKey.set(key, (this.chaptersCreatedByKey.get(key) ?? 0) + 1);
  }

  /** (vod, offset, title) keys created more than once through `POST /chapters`, with the count. */
  duplicateChapters(): { vod: number; offset: number; title: string; count: number }[] {
    const out: { vod: number; offset: number; title: string; count: number }[] = [];
    for (const [key, count] of this.chaptersCreatedByKey) {
      if (count < 2) continue;
      const [vod, offset, title] = key.split('\u0000');
      out.push({ vod: Number(vod), offset: Number(offset), title: title ?? '', count });
    }
    return out;
  }
}
