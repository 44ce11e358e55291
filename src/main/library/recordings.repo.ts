import { dirname } from 'node:path';
import { and, asc, eq, getTableColumns, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { RecordingDraft, RecordingState } from '../../shared/library';
import type { AppDatabase, AppDb } from '../db/database';
import {
  libraryProblems,
  librarySettings,
  recordingDrafts,
  recordings,
  storageFolders,
  type RecordingRecord,
  type StorageFolderRecord,
} from './library.schema';
import type { ScanResult, ScannedRecording } from './folder-scanner';

type Statement = ReturnType<AppDatabase['sqlite']['prepare']>;

/** Row field → SQL column, for the fields `updateMany` may write. */
const COLUMNS: ReadonlyMap<string, string> = new Map(
  Object.entries(getTableColumns(recordings))
    .filter(([field]) => field !== 'id' && field !== 'key')
    .map(([field, column]) => [field, column.name]),
);

/** A value as SQLite stores it: JSON as text, booleans as 0/1. */
function stored(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return value ?? null;
}

/** A sidecar as the scanner knows it, from its stored columns. */
function sidecar<F extends string>(
  path: string | null,
  format: F | null,
  size: number | null,
  mtimeMs: number | null,
): { path: string; format: F; size: number; mtimeMs: number } | null {
  return path && format ? { path, format, size: size ?? 0, mtimeMs: mtimeMs ?? 0 } : null;
}

export type RecordingInsert = typeof recordings.$inferInsert;
export type RecordingPatch = Partial<Omit<RecordingInsert, 'id' | 'key'>>;

/**
 * The library's store: storage folders, every recording ever found (never deleted by a scan: a
 * recording that disappears keeps its row, link and draft, marked missing), drafts, and the last
 * scan's problems. Synchronous, each write its own short transaction.
 */
export class RecordingsRepo {
  private readonly db: AppDb;
  private readonly sqlite: AppDatabase['sqlite'];

  constructor(database: Pick<AppDatabase, 'db' | 'sqlite'>) {
    this.db = database.db;
    this.sqlite = database.sqlite;
  }

  // ---- storage folders -----------------------------------------------------------------------

  folders(): StorageFolderRecord[] {
    return this.db.select().from(storageFolders).orderBy(asc(storageFolders.path)).all();
  }

  /** False when the folder was already there. */
  addFolder(path: string, addedAt: string): boolean {
    const result = this.db
      .insert(storageFolders)
      .values({ path, addedAt })
      .onConflictDoNothing()
      .run();
    return result.changes > 0;
  }

  removeFolder(path: string): boolean {
    return this.db.delete(storageFolders).where(eq(storageFolders.path, path)).run().changes > 0;
  }

  setFolderScan(path: string, lastScanAt: string, problem: string | null): void {
    this.db
      .update(storageFolders)
      .set({ lastScanAt, problem })
      .where(eq(storageFolders.path, path))
      .run();
  }

  rescanIntervalSec(fallback: number): number {
    return (
      this.db
        .select({ value: librarySettings.rescanIntervalSec })
        .from(librarySettings)
        .where(eq(librarySettings.id, 1))
        .get()?.value ?? fallback
    );
  }

  /** The saved interval, deleted from the table; null when none was saved. */
  takeRescanIntervalSec(): number | null {
    const saved = this.rescanIntervalSec(-1);
    if (saved === -1) return null;
    this.db.delete(librarySettings).where(eq(librarySettings.id, 1)).run();
    return saved;
  }

  setRescanIntervalSec(value: number): void {
    this.db
      .insert(librarySettings)
      .values({ id: 1, rescanIntervalSec: value })
      .onConflictDoUpdate({ target: librarySettings.id, set: { rescanIntervalSec: value } })
      .run();
  }

  // ---- recordings ----------------------------------------------------------------------------

  /** Recordings under the given storage folders: what the screen lists. */
  under(roots: readonly string[]): RecordingRecord[] {
    if (roots.length === 0) return [];
    return this.db
      .select()
      .from(recordings)
      .where(inArray(recordings.root, [...roots]))
      .orderBy(asc(recordings.relPath))
      .all();
  }

  /** Present recordings linked to any of these shows, by id. */
  linkedTo(showIds: readonly number[]): number[] {
    if (showIds.length === 0) return [];
    return this.db
      .select({ id: recordings.id })
      .from(recordings)
      .where(and(inArray(recordings.linkShowId, [...showIds]), isNull(recordings.missingSince)))
      .orderBy(asc(recordings.id))
      .all()
      .map((r) => r.id);
  }

  /**
   * Recordings auto-publish may take, oldest first: ready and linked, present, never published, with
   * a saved draft (approved, when `approvedOnly`).
   */
  autoPublishable(approvedOnly: boolean): number[] {
    return this.db
      .select({ id: recordings.id })
      .from(recordings)
      .innerJoin(recordingDrafts, eq(recordingDrafts.recordingId, recordings.id))
      .where(
        and(
          eq(recordings.state, 'linked'),
          isNull(recordings.missingSince),
          isNull(recordings.publishedAt),
          approvedOnly ? isNotNull(recordingDrafts.approvedAt) : undefined,
        ),
      )
      .orderBy(asc(recordings.id))
      .all()
      .map((r) => r.id);
  }

  get(id: number): RecordingRecord | null {
    return this.db.select().from(recordings).where(eq(recordings.id, id)).get() ?? null;
  }

  /** Prepared once: an analysis reads a batch of recordings many times a scan. */
  private byIdsQuery: ReturnType<typeof this.prepareByIds> | null = null;

  private prepareByIds() {
    return this.db
      .select()
      .from(recordings)
      .where(sql`${recordings.id} IN (SELECT value FROM json_each(${sql.placeholder('ids')}))`)
      .prepare();
  }

  /** The recordings with these ids that exist, in the order given. */
  byIds(ids: readonly number[]): RecordingRecord[] {
    if (ids.length === 0) return [];
    this.byIdsQuery ??= this.prepareByIds();
    const rows = this.byIdsQuery.all({ ids: JSON.stringify(ids) });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  idsByKeys(keys: readonly string[]): number[] {
    if (keys.length === 0) return [];
    return this.sqlite
      .prepare('SELECT id FROM recordings WHERE key IN (SELECT value FROM json_each(?))')
      .pluck()
      .all(JSON.stringify(keys)) as number[];
  }

  /** Many new recordings at once (a first scan of a big share finds thousands). */
  insertMany(values: readonly RecordingInsert[]): void {
    // 100 rows of ~50 columns stay far below SQLite's bound-parameter limit.
    for (let i = 0; i < values.length; i += 100)
      this.db
        .insert(recordings)
        .values(values.slice(i, i + 100))
        .run();
  }

  update(id: number, patch: RecordingPatch): void {
    if (Object.keys(patch).length === 0) return;
    this.db.update(recordings).set(patch).where(eq(recordings.id, id)).run();
  }

  /**
   * Writes each recording's changed fields (a scan's facts, a check's results), through prepared
   * statements kept per set of fields: a scan may update thousands of rows, and building an
   * UPDATE per row would cost more than the scan itself. Only the fields given are written, so
   * what someone else changed meanwhile (an operator's link) is never overwritten by a stale copy.
   */
  updateMany(updates: readonly { id: number; patch: RecordingPatch }[]): void {
    for (const { id, patch } of updates) {
      const fields = Object.keys(patch).sort();
      if (fields.length === 0) continue;
      const values = fields.map((f) => stored((patch as Record<string, unknown>)[f]));
      values.push(id);
      this.updateStatement(fields).run(values);
    }
  }

  private readonly updateStatements = new Map<string, Statement>();

  private updateStatement(fields: readonly string[]): Statement {
    const cacheKey = fields.join(',');
    let statement = this.updateStatements.get(cacheKey);
    if (!statement) {
      const sets = fields.map((f) => {
        const column = COLUMNS.get(f);
        if (!column) throw new Error(`recordings has no field ${f}`);
        return `${column} = ?`;
      });
      statement = this.sqlite.prepare(`UPDATE recordings SET ${sets.join(', ')} WHERE id = ?`);
      this.updateStatements.set(cacheKey, statement);
    }
    return statement;
  }

  /** Runs `fn` in one transaction (a scan's bookkeeping is all-or-nothing). */
  transaction<T>(fn: () => T): T {
    return this.sqlite.transaction(fn).immediate();
  }

  countsByState(roots: readonly string[]): Map<RecordingState, number> {
    const counts = new Map<RecordingState, number>();
    if (roots.length === 0) return counts;
    const rows = this.db
      .select({ state: recordings.state, n: sql<number>`count(*)` })
      .from(recordings)
      .where(inArray(recordings.root, [...roots]))
      .groupBy(recordings.state)
      .all();
    for (const row of rows) counts.set(row.state, row.n);
    return counts;
  }

  /** How many recordings each storage folder holds. */
  countsByRoot(): Map<string, number> {
    const rows = this.db
      .select({ root: recordings.root, n: sql<number>`count(*)` })
      .from(recordings)
      .groupBy(recordings.root)
      .all();
    return new Map(rows.map((r) => [r.root, r.n]));
  }

  /**
   * The last scan as the scanner knows it, rebuilt from the store so identity survives a restart:
   * a rescan compares sizes and times against it, and a file that moved is matched by fingerprint
   * to the row it had.
   */
  previousScan(rows: readonly RecordingRecord[], scannedAt: number): ScanResult {
    return {
      scannedAt,
      problems: [],
      recordings: rows.map((r): ScannedRecording => ({
        key: r.key,
        root: r.root,
        folder: dirname(r.videoPath),
        relPath: r.relPath,
        video: { size: r.videoSize, mtimeMs: r.videoMtimeMs },
        caption: sidecar(r.captionPath, r.captionFormat, r.captionSize, r.captionMtimeMs),
        summary: sidecar(r.summaryPath, r.summaryFormat, r.summarySize, r.summaryMtimeMs),
        settled: r.settled,
        stableSince: r.stableSince,
        fingerprint: r.fingerprint,
        problems: [],
      })),
    };
  }

  /** Unlinked recordings (their suggestions change when the catalog does). */
  unlinked(): RecordingRecord[] {
    return this.db.select().from(recordings).where(isNull(recordings.linkShowId)).all();
  }

  // ---- problems ------------------------------------------------------------------------------

  replaceProblems(problems: readonly { path: string; message: string }[]): void {
    this.db.delete(libraryProblems).run();
    // In chunks: a share with thousands of unreadable files must not exceed SQLite's limit of
    // bound parameters in one statement.
    for (let i = 0; i < problems.length; i += 500)
      this.db
        .insert(libraryProblems)
        .values(problems.slice(i, i + 500))
        .run();
  }

  problems(): { path: string; message: string }[] {
    return this.db
      .select({ path: libraryProblems.path, message: libraryProblems.message })
      .from(libraryProblems)
      .orderBy(asc(libraryProblems.id))
      .all();
  }

  // ---- drafts --------------------------------------------------------------------------------

  draft(recordingId: number): RecordingDraft | null {
    const row = this.db
      .select()
      .from(recordingDrafts)
      .where(eq(recordingDrafts.recordingId, recordingId))
      .get();
    if (!row) return null;
    return {
      title: row.title,
      cgTitle: row.cgTitle,
      description: row.description,
      tags: row.tags,
      chapters: row.chapters,
      chaptersSource: row.chaptersSource,
      updatedAt: row.updatedAt,
      notes: row.notes,
      fields: row.fields,
      base: row.base ?? null,
      approvedAt: row.approvedAt ?? null,
    };
  }

  saveDraft(recordingId: number, draft: RecordingDraft & { updatedAt: string }): void {
    const values = {
      title: draft.title,
      cgTitle: draft.cgTitle,
      description: draft.description,
      tags: draft.tags,
      chapters: draft.chapters,
      chaptersSource: draft.chaptersSource,
      notes: draft.notes,
      fields: draft.fields,
      base: draft.base,
      updatedAt: draft.updatedAt,
      approvedAt: draft.approvedAt,
    };
    this.db
      .insert(recordingDrafts)
      .values({ recordingId, ...values })
      .onConflictDoUpdate({ target: recordingDrafts.recordingId, set: values })
      .run();
  }
}
