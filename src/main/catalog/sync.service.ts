import type { SyncMode, SyncPhase, SyncStatus, SyncWarning } from '../../shared/catalog';
import { AppError } from '../../shared/result';
import {
  CablecastError,
  SHOW_BATCH_SIZE,
  type CablecastClient,
  type InvalidRecord,
  type ShowIdList,
} from '../cablecast';
import type { Logger } from '../logging/logger';
import { Throttle } from '../work';
import type { CatalogLookups, CatalogRepo } from './catalog.repo';
import { toCatalogShow, type CatalogShow } from './show-record';
import { MAX_SYNC_WARNINGS, type SyncStateRepo, type Watermark } from './sync-state.repo';
import { WATERMARK_SAFETY_MARGIN_MS, WatermarkTracker } from './watermark';

export interface SyncServiceOptions {
  repo: CatalogRepo;
  state: SyncStateRepo;
  /** The client for the configured server; null when none is set up. */
  client: () => Promise<CablecastClient | null>;
  /** The configured location (`cablecast.locationId`); null syncs every location. */
  locationId: () => number | null;
  /** Which server the settings name ('demo', or its API base): part of the watermark's scope. */
  serverKey?: () => string;
  onProgress: (status: SyncStatus) => void;
  onCatalogChanged: (showCount: number) => void;
  logger: Logger;
  /** `ids[]` batches in flight at once. Default 6. */
  concurrency?: number;
  /** Minimum time between progress events (the final state is always sent). Default 100 ms. */
  progressIntervalMs?: number;
  /** Minimum time between catalog.changed events while a sync writes. Default 500 ms. */
  changedIntervalMs?: number;
  /**
   * How far before the server's clock at listing time a lastModified must be to count for the
   * watermark (see WATERMARK_SAFETY_MARGIN_MS). Tests that edit shows "now" and must see the
   * watermark move over them lower it.
   */
  watermarkMarginMs?: number;
  now?: () => Date;
}

const RUNNING_PHASES: ReadonlySet<SyncPhase> = new Set([
  'lookups',
  'listing',
  'fetching',
  'deleting',
]);

/** The abort reason of a cancelled sync, so it is told apart from a failure. */
class SyncCancelled extends Error {
  constructor() {
    super('The sync was cancelled.');
  }
}

interface Run {
  mode: SyncMode;
  phase: SyncPhase;
  done: number;
  total: number;
  startedAt: string;
  finishedAt: string | null;
  added: number;
  updated: number;
  deleted: number;
  error: string | null;
  warnings: SyncWarning[];
  controller: AbortController;
  changedSinceEvent: boolean;
}

/**
 * Saves, inside a write's transaction, the watermark those batches let it reach; returns what to
 * call once that transaction has committed.
 */
type SaveWatermark = (written: readonly { batch: Batch; values: Watermark[] }[]) => () => void;

/** A batch fetched and parsed, waiting for its write. */
interface Arrived {
  batch: Batch;
  shows: CatalogShow[];
  missingIds: number[];
  invalid: SyncWarning[];
}

interface Batch {
  ids: number[];
  /** Position among the batches of the lastModified-ordered listing; null for extra ids. */
  ordinal: number | null;
}

/**
 * What a watermark covers: the server (when known) and the location. A watermark of another
 * server says nothing of this one's shows, so a new server address starts from scratch.
 */
function scopeOf(locationId: number | null, server: string): string {
  const location = locationId === null ? 'all' : String(locationId);
  return server === '' ? location : `${location} ${server}`;
}

/** A watermark saved before scopes named the server covers the location on any server once. */
function sameScope(persisted: string | null, scope: string): boolean {
  if (persisted === null) return false;
  if (persisted.includes(' ')) return persisted === scope;
  return persisted === scope.split(' ')[0];
}

function messageOf(error: unknown): string {
  if (error instanceof CablecastError || error instanceof AppError) return error.message;
  return error instanceof Error ? `Unexpected error: ${error.message}` : String(error);
}

function warningOf(info: InvalidRecord): SyncWarning {
  const id = typeof info.id === 'number' && Number.isSafeInteger(info.id) ? info.id : null;
  return {
    showId: id,
    path: info.path,
    message: `${info.key === 'shows' ? `Show ${id ?? '(no id)'}` : `A record in ${info.key}`} was skipped: ${info.path} ${info.message}.`,
  };
}

function chunk(ids: readonly number[], ordered: boolean, first: number): Batch[] {
  const out: Batch[] = [];
  for (let i = 0; i < ids.length; i += SHOW_BATCH_SIZE) {
    out.push({
      ids: ids.slice(i, i + SHOW_BATCH_SIZE),
      ordinal: ordered ? first + out.length : null,
    });
  }
  return out;
}

/**
 * Copies the configured location's Cablecast shows into the local catalog, in full or since the
 * last watermark, and marks shows deleted on the server.
 *
 * Shape of a run: lookups → the id listing (one advanced search; two for incremental) → `ids[]`
 * batches of 100, several in flight, each written the moment it arrives (batches that arrive
 * together share a transaction) → deletion detection. Nothing waits on the network inside a
 * transaction. The watermark moves only over committed rows (see WatermarkTracker), so a run that
 * is cancelled, fails or is killed resumes with the next incremental sync, without a gap and
 * without fetching everything again.
 */
export class SyncService {
  private run: Run | null = null;
  private current: Promise<void> | null = null;
  private lastDone = 0;
  private lastTotal = 0;
  private readonly progress: Throttle;
  private readonly changed: Throttle;
  private readonly now: () => Date;

  constructor(private readonly options: SyncServiceOptions) {
    this.now = options.now ?? (() => new Date());
    this.progress = new Throttle(options.progressIntervalMs ?? 100, () =>
      options.onProgress(this.status()),
    );
    this.changed = new Throttle(options.changedIntervalMs ?? 500, () => this.emitChanged());
  }

  get running(): boolean {
    return this.run !== null;
  }

  status(): SyncStatus {
    const persisted = this.options.state.read();
    const run = this.run;
    const last = persisted.lastRun;
    let phase: SyncPhase = run?.phase ?? last?.phase ?? 'idle';
    let error = run ? run.error : (last?.error ?? null);
    if (run === null && RUNNING_PHASES.has(phase)) {
      // The row says a run was under way, but none is: the app was closed or killed during it.
      phase = 'failed';
      error =
        'The last sync did not finish: the app was closed while it ran. Its committed work is kept; sync again to complete it.';
    }
    return {
      running: run !== null,
      mode: run?.mode ?? last?.mode ?? null,
      phase,
      done: run?.done ?? this.lastDone,
      total: run?.total ?? this.lastTotal,
      startedAt: run?.startedAt ?? last?.startedAt ?? null,
      finishedAt: run ? null : (last?.finishedAt ?? null),
      lastFullSyncAt: persisted.lastFullSyncAt,
      lastIncrementalSyncAt: persisted.lastIncrementalSyncAt,
      watermark: persisted.watermark?.text ?? null,
      showCount: this.options.repo.showCount(),
      added: run?.added ?? last?.added ?? 0,
      updated: run?.updated ?? last?.updated ?? 0,
      deleted: run?.deleted ?? last?.deleted ?? 0,
      error,
      warnings: run ? [...run.warnings] : this.options.state.warnings(),
    };
  }

  /**
   * Starts a sync in the background and returns its first status. CONFLICT while one runs;
   * FAILED_PRECONDITION when no server is set up.
   */
  async start(mode: SyncMode): Promise<SyncStatus> {
    if (this.run !== null) {
      const done = this.run.total > 0 ? ` (${this.run.done} of ${this.run.total} shows)` : '';
      throw new AppError(
        'CONFLICT',
        `A ${this.run.mode} sync is already running${done}. Wait for it to finish, or cancel it first.`,
      );
    }
    const run: Run = {
      mode,
      phase: 'lookups',
      done: 0,
      total: 0,
      startedAt: this.now().toISOString(),
      finishedAt: null,
      added: 0,
      updated: 0,
      deleted: 0,
      error: null,
      warnings: [],
      controller: new AbortController(),
      changedSinceEvent: false,
    };
    // Claimed before the first await, so two starts in the same tick cannot both run.
    this.run = run;
    let client: CablecastClient | null;
    try {
      client = await this.options.client();
    } catch (error) {
      this.run = null;
      throw error;
    }
    if (client === null) {
      this.run = null;
      throw new AppError(
        'FAILED_PRECONDITION',
        'No Cablecast server is set up. Enter its address in Settings, or use the demo server.',
        'cablecast.serverUrl',
      );
    }
    this.options.state.beginRun(mode, run.startedAt);
    this.current = this.execute(run, client)
      .catch((error: unknown) => {
        // Only bookkeeping can fail here (the run's own errors end as a `failed` status).
        this.run = null;
        this.options.logger.error('sync bookkeeping failed', { error });
      })
      .finally(() => {
        this.current = null;
      });
    this.progress.flush();
    return this.status();
  }

  /** Runs a sync to its end (the command line). */
  async runToEnd(mode: SyncMode): Promise<SyncStatus> {
    await this.start(mode);
    return this.whenIdle();
  }

  /** Resolves with the final status once no sync runs. */
  async whenIdle(): Promise<SyncStatus> {
    await this.current;
    return this.status();
  }

  /** Stops a running sync between batches; committed work is kept. No-op when none runs. */
  cancel(): SyncStatus {
    const run = this.run;
    if (run !== null && !run.controller.signal.aborted) {
      run.controller.abort(new SyncCancelled());
    }
    return this.status();
  }

  async dispose(): Promise<void> {
    this.cancel();
    await this.current;
    this.progress.cancel();
    this.changed.cancel();
  }

  // ---- the run -------------------------------------------------------------------------------

  /** Phase changes are few and the UI shows them: sent at once, past the throttle. */
  private setPhase(run: Run, phase: SyncPhase): void {
    run.phase = phase;
    this.progress.flush();
  }

  private emitChanged(): void {
    if (this.run !== null) this.run.changedSinceEvent = false;
    this.options.onCatalogChanged(this.options.repo.showCount());
  }

  private checkCancelled(run: Run): void {
    if (run.controller.signal.aborted) throw new SyncCancelled();
  }

  private async execute(run: Run, client: CablecastClient): Promise<void> {
    const { repo, state, logger } = this.options;
    const signal = run.controller.signal;
    const locationId = this.options.locationId();
    const scope = scopeOf(locationId, this.options.serverKey?.() ?? '');
    let phase: FinishedPhase = 'done';
    try {
      logger.info('sync started', { mode: run.mode, location: locationId });
      // Lookups first: the shows' rows take their category, project, ... names from them.
      const location = locationId ?? undefined;
      // A server without one of these lists (404) still syncs its shows, named where it can.
      const optional = async <T>(path: string, read: Promise<T>, empty: T): Promise<T> => {
        try {
          return await read;
        } catch (error) {
          if (!(error instanceof CablecastError) || error.kind !== 'not-found') throw error;
          this.warn(run, { showId: null, path, message: `${error.message} Synced without it.` });
          return empty;
        }
      };
      // Publishing's lists: an older server has no such endpoint (404), and one may keep its
      // stores from anonymous callers. Publishing then falls back to "Auto" and store 1, so their
      // absence is no warning: nothing is stored and the sync goes on.
      const publishingList = async <T>(path: string, read: Promise<T[]>): Promise<T[]> => {
        try {
          return await read;
        } catch (error) {
          if (!(error instanceof CablecastError)) throw error;
          const withheld =
            !client.hasCredentials &&
            (error.kind === 'credentials-refused' || error.kind === 'no-permission');
          if (error.kind !== 'not-found' && !withheld) throw error;
          logger.info('sync: list not available', { path, reason: error.message });
          return [];
        }
      };
      const [
        locations,
        categories,
        producers,
        projects,
        fields,
        vodConfigurations,
        vodTranscodeQualities,
        fileStores,
      ] = await Promise.all([
        optional('locations', client.getLocations({ signal }), []),
        optional('categories', client.getCategories({ signal, location }), []),
        optional('producers', client.getProducers({ signal, location }), []),
        optional('projects', client.getProjects({ signal, location }), []),
        optional('showfields', client.getShowFields({ signal }), {
          showFields: [],
          fieldDefinitions: [],
        }),
        optional('vodconfigurations', client.getVodConfigurations({ signal, location }), []),
        publishingList('vodtranscodequalities', client.getVodTranscodeQualities({ signal })),
        publishingList('filestores', client.getFileStores({ signal })),
      ]);
      this.checkCancelled(run);
      const lookups: CatalogLookups = {
        locations,
        categories,
        producers,
        projects,
        showFields: fields.showFields,
        fieldDefinitions: fields.fieldDefinitions,
        vodConfigurations,
        vodTranscodeQualities,
        fileStores,
      };
      repo.replaceLookups(lookups);

      this.setPhase(run, 'listing');
      const persisted = state.read();
      const start =
        run.mode === 'incremental' && sameScope(persisted.watermarkScope, scope)
          ? persisted.watermark
          : null;
      const { changed, serverIds, extra } = await this.list(client, run, start, locationId);
      this.checkCancelled(run);

      this.setPhase(run, 'fetching');
      const ordered = chunk(changed.ids, true, 0);
      const batches = [...ordered, ...chunk(extra, false, 0)];
      run.total = changed.ids.length + extra.length;
      const margin = this.options.watermarkMarginMs ?? WATERMARK_SAFETY_MARGIN_MS;
      const cap = changed.serverTime === null ? null : changed.serverTime - margin;
      // A full sync keeps the old watermark as its floor: the catalog was complete up to it before.
      const floor =
        run.mode === 'full' && sameScope(persisted.watermarkScope, scope)
          ? persisted.watermark
          : start;
      let tracker = new WatermarkTracker(ordered.length, floor, cap);
      let saved = floor;
      await this.fetchAll(client, run, batches, (written) => {
        // Staged on a copy and saved in the rows' own transaction: kept only if they commit.
        const staged = tracker.copy();
        for (const { batch, values } of written) {
          if (batch.ordinal !== null) staged.commit(batch.ordinal, values);
        }
        const next = staged.current();
        const moved = next !== null && next.at !== saved?.at;
        if (moved) state.saveWatermark(next, scope);
        return () => {
          tracker = staged;
          if (moved) saved = next;
        };
      });
      this.checkCancelled(run);

      this.setPhase(run, 'deleting');
      const gone = repo.liveIds(locationId).filter((id) => !serverIds.has(id));
      const deleted = repo.markDeleted(gone, this.now().toISOString());
      run.deleted += deleted;
      if (deleted > 0) run.changedSinceEvent = true;
      if (tracker.complete) state.saveWatermark(tracker.current(), scope);
    } catch (error) {
      if (signal.aborted && signal.reason instanceof SyncCancelled) {
        phase = 'cancelled';
        run.error = null;
      } else {
        phase = 'failed';
        run.error = messageOf(error);
        logger.warn('sync failed', { mode: run.mode, error: run.error });
      }
    }
    this.finish(run, phase);
  }

  /** The ids to fetch, and every id the server has (for deletion detection). */
  private async list(
    client: CablecastClient,
    run: Run,
    start: Watermark | null,
    locationId: number | null,
  ): Promise<{ changed: ShowIdList; serverIds: Set<number>; extra: number[] }> {
    const signal = run.controller.signal;
    if (start === null) {
      const all = await client.showIdsModifiedSinceAt(null, locationId, { signal });
      return { changed: all, serverIds: new Set(all.ids), extra: [] };
    }
    // Both at once; the union is what exists, so a show created between the two answers is
    // never mistaken for a deleted one.
    const [changed, all] = await Promise.all([
      client.showIdsModifiedSinceAt(start.text, locationId, { signal }),
      client.showIdsModifiedSinceAt(null, locationId, { signal }),
    ]);
    const serverIds = new Set([...all.ids, ...changed.ids]);
    // Shows the server has and the catalog lacks, whatever their lastModified: a repair for
    // anything a watermark could not promise (a scope change, a show restored on the server).
    const live = new Set(this.options.repo.liveIds(locationId));
    const listed = new Set(changed.ids);
    const extra = all.ids.filter((id) => !live.has(id) && !listed.has(id));
    return { changed, serverIds, extra };
  }

  /**
   * Fetches the batches with several in flight and writes each as soon as it arrives. Batches
   * that arrive in the same turn of the event loop (while the previous write ran, typically)
   * share one transaction: every transaction rewrites each index page it touches, so ten
   * transactions of 100 shows cost far more than one of 1,000. No transaction waits for the
   * network: the write runs between network events, never across one.
   */
  private async fetchAll(
    client: CablecastClient,
    run: Run,
    batches: readonly Batch[],
    saveWatermark: SaveWatermark,
  ): Promise<void> {
    const signal = run.controller.signal;
    let next = 0;
    // An object, so TypeScript sees the workers' writes after the await.
    const outcome: { failure: Error | null } = { failure: null };
    const fail = (error: unknown): void => {
      outcome.failure ??= error instanceof Error ? error : new Error(messageOf(error));
      // Stop the other batches in flight: nothing more is fetched after a failure.
      if (!signal.aborted) run.controller.abort(error);
    };
    const pending: Arrived[] = [];
    let scheduled: NodeJS.Immediate | null = null;
    const flush = (): void => {
      if (scheduled !== null) clearImmediate(scheduled);
      scheduled = null;
      if (pending.length === 0) return;
      try {
        this.write(run, pending.splice(0), saveWatermark);
      } catch (error) {
        fail(error);
      }
    };
    const worker = async (): Promise<void> => {
      while (outcome.failure === null && !signal.aborted && next < batches.length) {
        const batch = batches[next] as Batch;
        next += 1;
        try {
          const invalid: SyncWarning[] = [];
          const result = await client.getShowsBatch(batch.ids, {
            include: ['reel', 'vod'],
            signal,
            onInvalid: (info) => invalid.push(warningOf(info)),
          });
          if (signal.aborted) return;
          const reels = new Map(result.included.reels.map((reel) => [reel.id, reel]));
          const vods = new Map(result.included.vods.map((vod) => [vod.id, vod]));
          const shows = result.shows.map((show) => toCatalogShow(show, reels, vods));
          pending.push({ batch, shows, missingIds: result.missingIds, invalid });
          scheduled ??= setImmediate(flush);
        } catch (error) {
          if (!signal.aborted) fail(error);
          return;
        }
      }
    };
    const concurrency = Math.max(1, Math.floor(this.options.concurrency ?? 6));
    await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
    // What arrived is good data, cancelled or not: written before the run ends.
    flush();
    if (outcome.failure !== null) throw outcome.failure;
  }

  /** Keeps a warning for the status (persisted, so it outlives the run), up to the limit. */
  private warn(run: Run, warning: SyncWarning): void {
    if (run.warnings.length >= MAX_SYNC_WARNINGS) return;
    run.warnings.push(warning);
    this.options.state.addWarnings([warning]);
    this.options.logger.warn('sync warning', { ...warning });
  }

  /**
   * One transaction for batches that arrived together: their rows, the shows deleted meanwhile
   * and the watermark (one commit, so one sync of the disk, instead of one for the rows and one
   * for the watermark). Then their bookkeeping.
   */
  private write(run: Run, group: readonly Arrived[], saveWatermark: SaveWatermark): void {
    const { repo } = this.options;
    const at = this.now().toISOString();
    const values = group.map((arrived) => {
      const values: Watermark[] = [];
      for (const show of arrived.shows) {
        if (show.lastModified !== null && show.lastModifiedAt !== null) {
          values.push({ text: show.lastModified, at: show.lastModifiedAt });
        }
      }
      return { batch: arrived.batch, values };
    });
    const { written, deleted, keep } = repo.transaction(() => ({
      written: repo.upsertShows(
        group.flatMap((arrived) => arrived.shows),
        at,
      ),
      // Listed a moment ago, gone now: deleted on the server while we fetched.
      deleted: repo.markDeleted(
        group.flatMap((arrived) => arrived.missingIds),
        at,
      ),
      keep: saveWatermark(values),
    }));
    keep();
    run.added += written.added;
    run.updated += written.updated;
    run.deleted += deleted;
    for (const arrived of group) {
      run.done += arrived.batch.ids.length;
      for (const warning of arrived.invalid) this.warn(run, warning);
    }
    if (written.added + written.updated + deleted > 0) {
      run.changedSinceEvent = true;
      this.changed.request();
    }
    this.progress.request();
  }

  private finish(run: Run, phase: FinishedPhase): void {
    run.phase = phase;
    run.finishedAt = this.now().toISOString();
    this.options.state.finishRun(run.mode, {
      phase,
      finishedAt: run.finishedAt,
      added: run.added,
      updated: run.updated,
      deleted: run.deleted,
      error: run.error,
    });
    this.options.logger.info('sync finished', {
      mode: run.mode,
      phase,
      added: run.added,
      updated: run.updated,
      deleted: run.deleted,
      warnings: run.warnings.length,
      error: run.error,
    });
    this.lastDone = run.done;
    this.lastTotal = run.total;
    const changed = run.changedSinceEvent;
    this.run = null;
    this.progress.cancel();
    this.changed.cancel();
    if (changed) this.emitChanged();
    this.options.onProgress(this.status());
  }
}

type FinishedPhase = Extract<SyncPhase, 'done' | 'failed' | 'cancelled'>;
