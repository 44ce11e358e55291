import type { Database } from 'better-sqlite3';
import type { AppDatabase } from '../db/database';
import type { StoredCustomField, StoredEditField } from './catalog.schema';
import type { EditSource } from './show-edit-fields';

export interface EditRow {
  showId: number;
  fields: Record<string, StoredEditField>;
  editedAt: string;
  checkedAt: string | null;
  error: string | null;
}

/** The catalog's copy of a show's editable fields, and whether it is still on the server. */
export interface CatalogEditSource extends EditSource {
  id: number;
  lastModified: string | null;
  deleted: boolean;
}

interface RawEditRow {
  showId: number;
  fields: string;
  editedAt: string;
  checkedAt: string | null;
  error: string | null;
}

function parseFields(text: string): Record<string, StoredEditField> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object'
      ? (value as Record<string, StoredEditField>)
      : {};
  } catch {
    return {};
  }
}

/** The `show_edits` table, and the catalog's copy of the fields an edit starts from. */
export class ShowEditsRepo {
  private readonly sqlite: Database;

  constructor(database: Pick<AppDatabase, 'sqlite'>) {
    this.sqlite = database.sqlite;
  }

  transaction<T>(work: () => T): T {
    return this.sqlite.transaction(work).immediate();
  }

  get(showId: number): EditRow | null {
    const raw = this.sqlite
      .prepare(
        `SELECT show_id AS showId, fields, edited_at AS editedAt, checked_at AS checkedAt, error
         FROM show_edits WHERE show_id = ?`,
      )
      .get(showId) as RawEditRow | undefined;
    return raw === undefined ? null : { ...raw, fields: parseFields(raw.fields) };
  }

  /** Shows with edits, oldest edit first (the order a sync tries them in). */
  showIds(): number[] {
    return this.sqlite
      .prepare('SELECT show_id FROM show_edits ORDER BY edited_at, show_id')
      .pluck()
      .all() as number[];
  }

  /** Writes the row, or removes it when no field is left. */
  put(row: EditRow): void {
    const keys = Object.keys(row.fields);
    if (keys.length === 0) {
      this.sqlite.prepare('DELETE FROM show_edits WHERE show_id = ?').run(row.showId);
      return;
    }
    const conflicts = keys.filter((k) => row.fields[k]?.server !== undefined).length;
    this.sqlite
      .prepare(
        `INSERT INTO show_edits (show_id, fields, conflicts, edited_at, checked_at, error)
         VALUES (@showId, @fields, @conflicts, @editedAt, @checkedAt, @error)
         ON CONFLICT (show_id) DO UPDATE SET fields = excluded.fields,
           conflicts = excluded.conflicts, edited_at = excluded.edited_at,
           checked_at = excluded.checked_at, error = excluded.error`,
      )
      .run({ ...row, fields: JSON.stringify(row.fields), conflicts });
  }

  counts(): { unpushed: number; inConflict: number } {
    const row = this.sqlite
      .prepare(
        'SELECT count(*) AS unpushed, count(*) FILTER (WHERE conflicts > 0) AS inConflict FROM show_edits',
      )
      .get() as { unpushed: number; inConflict: number };
    return row;
  }

  /** The catalog's copy of a show's editable fields; null when the show is not in the catalog. */
  source(showId: number): CatalogEditSource | null {
    const row = this.sqlite
      .prepare(
        `SELECT id, cg_title AS cgTitle, comments, category_id AS categoryId,
                producer_id AS producerId, project_id AS projectId, event_date AS eventDate,
                custom_fields AS customFields, last_modified AS lastModified,
                deleted_at AS deletedAt
         FROM shows WHERE id = ?`,
      )
      .get(showId) as
      | (Omit<CatalogEditSource, 'customFields' | 'deleted'> & {
          customFields: string | null;
          deletedAt: string | null;
        })
      | undefined;
    if (row === undefined) return null;
    const { customFields, deletedAt, ...rest } = row;
    let fields: StoredCustomField[];
    try {
      fields = customFields === null ? [] : (JSON.parse(customFields) as StoredCustomField[]);
    } catch {
      fields = [];
    }
    return { ...rest, customFields: fields, deleted: deletedAt !== null };
  }
}
