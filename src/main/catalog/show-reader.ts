import { createHash } from 'node:crypto';
import type { AppDatabase } from '../db/database';

/** The slice of a catalog show that other domains read: what linking and listing need. */
export interface ShowSummary {
  id: number;
  title: string;
  cgTitle: string | null;
  /** As Cablecast wrote it (ISO 8601). */
  eventDate: string | null;
  /** Seconds. */
  totalRunTime: number | null;
  deleted: boolean;
}

/** Which shows were written after a mark, and the mark to ask from next time. */
export interface ShowChanges {
  /** Shows added, changed, deleted or restored since the mark (a few more at most, never fewer). */
  ids: number[];
  /** Null while the catalog is empty. */
  mark: string | null;
}

/**
 * How other domains read the show catalog: a read-only port over its tables, so no domain queries
 * them itself and the catalog may change how it stores shows.
 */
export interface ShowReader {
  /** Every live show, for a link index. */
  linkable(): ShowSummary[];
  /** Shows by id, deleted ones included (a link to a deleted show is flagged, never dropped). */
  byIds(ids: readonly number[]): Map<number, ShowSummary>;
  /**
   * A token that changes exactly when what linking reads changes: a live show's title, CG title,
   * event date or run time, or a show added, deleted or restored. Writes of anything else (VOD
   * state, categories, custom fields) leave it as it is.
   */
  linkStamp(): string;
  /** Where the catalog's writes are now: pass it to `changedSince` later. Null while empty. */
  mark(): string | null;
  /** The shows written after `mark` (null: every show), with the mark to pass next time. */
  changedSince(mark: string | null): ShowChanges;
}

type ShowRow = [number, string, string | null, string | null, number | null, string | null];

function summary([id, title, cgTitle, eventDate, totalRunTime, deletedAt]: ShowRow): ShowSummary {
  return { id, title, cgTitle, eventDate, totalRunTime, deleted: deletedAt !== null };
}

/** The catalog's `ShowReader`, on its `shows` table. */
export class CatalogShowReader implements ShowReader {
  private readonly sqlite: AppDatabase['sqlite'];
  /** The last stamp, with the cheap probe it was computed under. */
  private stamp: { probe: string; value: string } | null = null;

  constructor(database: Pick<AppDatabase, 'sqlite'>) {
    this.sqlite = database.sqlite;
  }

  linkable(): ShowSummary[] {
    const rows = this.sqlite
      .prepare(
        `SELECT id, title, cg_title, event_date, total_run_time, deleted_at FROM shows
         WHERE deleted_at IS NULL`,
      )
      .raw()
      .all() as ShowRow[];
    return rows.map(summary);
  }

  byIds(ids: readonly number[]): Map<number, ShowSummary> {
    const map = new Map<number, ShowSummary>();
    if (ids.length === 0) return map;
    const rows = this.sqlite
      .prepare(
        `SELECT id, title, cg_title, event_date, total_run_time, deleted_at FROM shows
         WHERE id IN (SELECT value FROM json_each(?))`,
      )
      .raw()
      .all(JSON.stringify([...new Set(ids)])) as ShowRow[];
    for (const row of rows) map.set(row[0], summary(row));
    return map;
  }

  linkStamp(): string {
    // Every write of a show sets synced_at (a restored one too) or deleted_at: while this probe
    // stays the same, no show changed, and the rows need not be read again.
    const probe = JSON.stringify(
      this.sqlite
        .prepare(
          `SELECT count(*), sum(deleted_at IS NULL), max(synced_at), max(deleted_at) FROM shows`,
        )
        .raw()
        .get(),
    );
    if (this.stamp?.probe === probe) return this.stamp.value;
    // A digest of the linking columns of the live shows: a sync that only moves VOD states or
    // renames a category writes rows, yet changes nothing a link or a suggestion is made from.
    const hash = createHash('sha1');
    const rows = this.sqlite
      .prepare(
        `SELECT id, title, cg_title, event_date, total_run_time FROM shows
         WHERE deleted_at IS NULL ORDER BY id`,
      )
      .raw()
      .iterate() as IterableIterator<unknown[]>;
    for (const row of rows) hash.update(JSON.stringify(row));
    const value = hash.digest('base64url');
    this.stamp = { probe, value };
    return value;
  }

  mark(): string | null {
    const mark = this.sqlite
      .prepare(`SELECT max(coalesce(max(synced_at), ''), coalesce(max(deleted_at), '')) FROM shows`)
      .pluck()
      .get() as string;
    return mark === '' ? null : mark;
  }

  changedSince(mark: string | null): ShowChanges {
    // Read first: a show written after it is reported now and again next time, never missed.
    const next = this.mark();
    // At the mark, not only after it: a write in the same millisecond as the mark's may have
    // committed after it was read.
    const ids =
      mark === null
        ? (this.sqlite.prepare('SELECT id FROM shows').pluck().all() as number[])
        : (this.sqlite
            .prepare('SELECT id FROM shows WHERE synced_at >= @mark OR deleted_at >= @mark')
            .pluck()
            .all({ mark }) as number[]);
    return { ids, mark: next };
  }
}
