import { createHash } from 'node:crypto';
import type {
  NamedOption,
  ShowFieldValue,
  ShowMetadataChoices,
  ShowMetadataView,
} from '../../shared/catalog';
import type { AppDatabase } from '../db/database';
import type { StoredCustomField } from './catalog.schema';

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
  /** A live show's editable metadata and what it may be set to; null when unknown or deleted. */
  metadata(id: number): ShowMetadataView | null;
}

/** The VODs' view counts (Cablecast's `views`, as of each show's last sync), for analytics. */
export interface VodViewsReader {
  /**
   * The live shows with a VOD whose event date is within [fromDay, toDay] (station dates,
   * `YYYY-MM-DD`), the most viewed first, at most `limit`; and the totals over all of them.
   */
  vodViews(fromDay: string, toDay: string, limit: number): VodViews;
}

export interface VodViews {
  shows: {
    showId: number;
    title: string;
    eventDate: string | null;
    vodId: number;
    views: number;
  }[];
  /** Shows with a VOD in the period. */
  withVod: number;
  /** Of those, the ones whose view count is known (synced since views were kept). */
  counted: number;
  totalViews: number;
}

interface MetadataRow {
  id: number;
  title: string;
  cgTitle: string | null;
  comments: string | null;
  categoryId: number | null;
  producerId: number | null;
  projectId: number | null;
  locationId: number | null;
  thumbnailId: number | null;
  thumbnailOptions: string | null;
  thumbnailUrl: string | null;
  customFields: string | null;
  lastModified: string | null;
  eventDate: string | null;
}

/** Field types whose value is the id of something else (as show-record.ts stores them). */
const REFERENCE_TYPES = new Set(['select', 'file', 'producer']);

/** `https://x/cablecastapi/dynamicthumbnails/2894` → the same for another asset, sized. */
function thumbnailUrlFor(known: string | null, assetId: number): string | null {
  if (known === null) return null;
  const match = /^(.*\/dynamicthumbnails\/)\d+/i.exec(known);
  return match ? `${match[1]}${assetId}?d=320x180` : null;
}

type ShowRow = [number, string, string | null, string | null, number | null, string | null];

function summary([id, title, cgTitle, eventDate, totalRunTime, deletedAt]: ShowRow): ShowSummary {
  return { id, title, cgTitle, eventDate, totalRunTime, deleted: deletedAt !== null };
}

/** The catalog's `ShowReader`, on its `shows` table. */
export class CatalogShowReader implements ShowReader, VodViewsReader {
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

  vodViews(fromDay: string, toDay: string, limit: number): VodViews {
    const where = `deleted_at IS NULL AND vod_id IS NOT NULL AND event_day >= ? AND event_day <= ?`;
    const totals = this.sqlite
      .prepare(
        `SELECT count(*) AS withVod, count(vod_views) AS counted,
           coalesce(sum(vod_views), 0) AS totalViews FROM shows WHERE ${where}`,
      )
      .get(fromDay, toDay) as Omit<VodViews, 'shows'>;
    const shows = this.sqlite
      .prepare(
        `SELECT id AS showId, coalesce(nullif(cg_title, ''), title) AS title, event_date AS eventDate,
           vod_id AS vodId, vod_views AS views
         FROM shows WHERE ${where} AND vod_views IS NOT NULL
         ORDER BY vod_views DESC, id LIMIT ?`,
      )
      .all(fromDay, toDay, limit) as VodViews['shows'];
    return { ...totals, shows };
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

  metadata(id: number): ShowMetadataView | null {
    const row = this.sqlite
      .prepare(
        `SELECT id, title, cg_title AS cgTitle, comments, category_id AS categoryId,
                producer_id AS producerId, project_id AS projectId, location_id AS locationId,
                thumbnail_id AS thumbnailId, thumbnail_options AS thumbnailOptions,
                thumbnail_url AS thumbnailUrl, custom_fields AS customFields,
                last_modified AS lastModified, event_date AS eventDate
         FROM shows WHERE id = ? AND deleted_at IS NULL`,
      )
      .get(id) as MetadataRow | undefined;
    if (!row) return null;
    const stored = (
      row.customFields === null ? [] : (JSON.parse(row.customFields) as StoredCustomField[])
    ).filter((f): f is StoredCustomField & { showField: number } => f.showField !== null);
    const customFields: ShowFieldValue[] = stored.map((f) => ({
      showField: f.showField,
      value: f.type !== null && REFERENCE_TYPES.has(f.type) ? f.refId : f.value,
    }));
    const options = (table: 'categories' | 'producers' | 'projects'): NamedOption[] =>
      this.sqlite
        .prepare(
          `SELECT id, name FROM ${table}
           WHERE location_id IS NULL OR ? IS NULL OR location_id = ?
           ORDER BY name COLLATE NOCASE, id`,
        )
        .all(row.locationId, row.locationId) as NamedOption[];
    const definitions = this.sqlite
      .prepare(
        `SELECT sf.id AS showField, fd.name AS name, fd.type AS type, fd.options AS options
         FROM show_fields sf JOIN field_definitions fd ON fd.id = sf.field_definition_id
         WHERE sf.id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(stored.map((f) => f.showField))) as {
      showField: number;
      name: string;
      type: string | null;
      options: string | null;
    }[];
    const byField = new Map(definitions.map((d) => [d.showField, d]));
    const fields: ShowMetadataChoices['fields'] = stored.map((f) => {
      const definition = byField.get(f.showField);
      const type = definition?.type ?? f.type;
      const raw =
        definition?.options === null || definition?.options === undefined
          ? []
          : (JSON.parse(definition.options) as { id: number; option: string | null }[]);
      return {
        showField: f.showField,
        name: definition?.name ?? f.fieldName ?? `Field ${f.showField}`,
        type,
        options:
          type === 'select' ? raw.map((o) => ({ id: o.id, name: o.option ?? `#${o.id}` })) : null,
      };
    });
    const thumbnailIds =
      row.thumbnailOptions === null ? [] : (JSON.parse(row.thumbnailOptions) as number[]);
    return {
      current: {
        showId: row.id,
        title: row.title,
        cgTitle: row.cgTitle,
        comments: row.comments,
        categoryId: row.categoryId,
        producerId: row.producerId,
        projectId: row.projectId,
        thumbnailId: row.thumbnailId,
        customFields,
        lastModified: row.lastModified,
        eventDate: row.eventDate,
      },
      choices: {
        categories: options('categories'),
        producers: options('producers'),
        projects: options('projects'),
        thumbnails: thumbnailIds.map((asset) => ({
          id: asset,
          url: thumbnailUrlFor(row.thumbnailUrl, asset),
        })),
        fields,
      },
    };
  }
}
