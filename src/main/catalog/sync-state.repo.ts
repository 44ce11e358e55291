import { asc, count, eq } from 'drizzle-orm';
import type { SyncMode, SyncPhase, SyncWarning } from '../../shared/catalog';
import type { AppDatabase, AppDb } from '../db/database';
import { syncState, syncWarnings } from './catalog.schema';

/** Where incremental sync resumes: a `lastModified` exactly as the server wrote it. */
export interface Watermark {
  text: string;
  /** The same instant in epoch ms, for comparisons. */
  at: number;
}

export interface LastRun {
  mode: SyncMode;
  phase: SyncPhase;
  startedAt: string | null;
  finishedAt: string | null;
  added: number;
  updated: number;
  deleted: number;
  error: string | null;
}

export interface PersistedSyncState {
  watermark: Watermark | null;
  /** What the watermark covers: a location id as text, or `all`. */
  watermarkScope: string | null;
  lastFullSyncAt: string | null;
  lastIncrementalSyncAt: string | null;
  lastRun: LastRun | null;
}

export interface FinishedRun {
  phase: Extract<SyncPhase, 'done' | 'failed' | 'cancelled'>;
  finishedAt: string;
  added: number;
  updated: number;
  deleted: number;
  error: string | null;
}

/** At most this many warnings are kept per run: enough to act on, bounded if a server breaks. */
export const MAX_SYNC_WARNINGS = 200;
const STATE_ID = 1;

/** The sync's own bookkeeping (one row) and the warnings of its last run. */
export class SyncStateRepo {
  private readonly db: AppDb;

  constructor(database: Pick<AppDatabase, 'db'>) {
    this.db = database.db;
  }

  read(): PersistedSyncState {
    const row = this.db.select().from(syncState).where(eq(syncState.id, STATE_ID)).get();
    if (row === undefined) {
      return {
        watermark: null,
        watermarkScope: null,
        lastFullSyncAt: null,
        lastIncrementalSyncAt: null,
        lastRun: null,
      };
    }
    return {
      watermark:
        row.watermark === null || row.watermarkAt === null
          ? null
          : { text: row.watermark, at: row.watermarkAt },
      watermarkScope: row.watermarkScope,
      lastFullSyncAt: row.lastFullSyncAt,
      lastIncrementalSyncAt: row.lastIncrementalSyncAt,
      lastRun:
        row.lastMode === null || row.lastPhase === null
          ? null
          : {
              mode: row.lastMode,
              phase: row.lastPhase,
              startedAt: row.lastStartedAt,
              finishedAt: row.lastFinishedAt,
              added: row.lastAdded,
              updated: row.lastUpdated,
              deleted: row.lastDeleted,
              error: row.lastError,
            },
    };
  }

  private upsert(values: Partial<typeof syncState.$inferInsert>): void {
    this.db
      .insert(syncState)
      .values({ id: STATE_ID, ...values })
      .onConflictDoUpdate({ target: syncState.id, set: values })
      .run();
  }

  /** Records that a run started (so a crash mid-run is recognisable) and forgets old warnings. */
  beginRun(mode: SyncMode, startedAt: string): void {
    this.db.transaction((tx) => {
      tx.delete(syncWarnings).run();
      tx.insert(syncState).values({ id: STATE_ID }).onConflictDoNothing().run();
      tx.update(syncState)
        .set({
          lastMode: mode,
          lastPhase: 'lookups',
          lastStartedAt: startedAt,
          lastFinishedAt: null,
          lastAdded: 0,
          lastUpdated: 0,
          lastDeleted: 0,
          lastError: null,
        })
        .where(eq(syncState.id, STATE_ID))
        .run();
    });
  }

  saveWatermark(watermark: Watermark | null, scope: string): void {
    this.upsert({
      watermark: watermark?.text ?? null,
      watermarkAt: watermark?.at ?? null,
      watermarkScope: scope,
    });
  }

  finishRun(mode: SyncMode, run: FinishedRun): void {
    this.upsert({
      lastPhase: run.phase,
      lastFinishedAt: run.finishedAt,
      lastAdded: run.added,
      lastUpdated: run.updated,
      lastDeleted: run.deleted,
      lastError: run.error,
      ...(run.phase !== 'done'
        ? {}
        : mode === 'full'
          ? { lastFullSyncAt: run.finishedAt }
          : { lastIncrementalSyncAt: run.finishedAt }),
    });
  }

  /** Adds warnings until the run has MAX_SYNC_WARNINGS; returns how many were kept. */
  addWarnings(warnings: readonly SyncWarning[]): number {
    if (warnings.length === 0) return 0;
    return this.db.transaction((tx) => {
      const stored = tx.select({ n: count() }).from(syncWarnings).get()?.n ?? 0;
      const room = Math.max(0, MAX_SYNC_WARNINGS - stored);
      const kept = warnings.slice(0, room);
      if (kept.length > 0) {
        tx.insert(syncWarnings)
          .values(kept.map((w) => ({ showId: w.showId, path: w.path, message: w.message })))
          .run();
      }
      return kept.length;
    });
  }

  warnings(): SyncWarning[] {
    return this.db
      .select({
        showId: syncWarnings.showId,
        path: syncWarnings.path,
        message: syncWarnings.message,
      })
      .from(syncWarnings)
      .orderBy(asc(syncWarnings.id))
      .all();
  }
}
