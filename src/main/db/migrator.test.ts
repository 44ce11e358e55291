import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/result';
import { expectJobsTable } from '../jobs/testing/jobs-migration';
import { defaultMigrationsDir } from './database';
import { loadMigrations, migrate, MIGRATIONS_TABLE, type Migration } from './migrator';
import { makeTempDir, writeMigrationsDir } from './testing/migration-fixtures';

const real = loadMigrations(defaultMigrationsDir());

function columns(
  sqlite: Database,
  table: string,
): { name: string; type: string; notnull: number; pk: number }[] {
  return sqlite.prepare(`PRAGMA table_info(${table})`).all() as {
    name: string;
    type: string;
    notnull: number;
    pk: number;
  }[];
}

/**
 * What each migration must leave behind, checked right after it runs on top of its predecessors.
 * A new migration without an entry here fails the "every migration has a test" case below.
 */
const EXPECTATIONS: Record<string, (sqlite: Database) => void> = {
  '0000_init': (sqlite) => {
    const cols = columns(sqlite, 'connection_checks');
    expect(cols.map((c) => [c.name, c.type, c.notnull])).toEqual([
      ['id', 'INTEGER', 1],
      ['tested_at', 'TEXT', 1],
      ['ok', 'INTEGER', 1],
      ['api_base', 'TEXT', 0],
      ['server_version', 'TEXT', 0],
      ['user', 'TEXT', 0],
      ['can_write', 'INTEGER', 0],
      ['problem_kind', 'TEXT', 0],
      ['message', 'TEXT', 1],
      ['elapsed_ms', 'INTEGER', 1],
    ]);
    expect(cols.find((c) => c.name === 'id')?.pk).toBe(1);
    sqlite
      .prepare(
        `INSERT INTO connection_checks (tested_at, ok, message, elapsed_ms) VALUES ('2025-01-01T00:00:00.000Z', 1, 'fine', 12)`,
      )
      .run();
    expect(() =>
      sqlite
        .prepare(`INSERT INTO connection_checks (tested_at, ok, elapsed_ms) VALUES ('x', 0, 1)`)
        .run(),
    ).toThrow(/NOT NULL/);
  },
  '0001_catalog': (sqlite) => {
    for (const table of [
      'shows',
      'locations',
      'categories',
      'producers',
      'projects',
      'field_definitions',
      'show_fields',
      'vod_configurations',
      'sync_state',
      'sync_warnings',
      'vod_chapters',
    ]) {
      expect(tableExists(sqlite, table), table).toBe(true);
    }
    const cols = columns(sqlite, 'shows');
    // The Cablecast id is the key (no surrogate), and a deleted show keeps its row.
    expect(cols.find((c) => c.name === 'id')).toMatchObject({ type: 'INTEGER', pk: 1 });
    for (const name of [
      'title',
      'event_date',
      'event_at',
      'event_day',
      'deleted_at',
      'vod_state',
    ]) {
      expect(cols.map((c) => c.name)).toContain(name);
    }
    // Each sort of the list walks its own index of live rows (partial) instead of sorting, and
    // filtered counts read the event index, never the wide rows.
    const plan = (sql: string): string =>
      (sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
        .map((row) => row.detail)
        .join('\n');
    expect(
      plan(
        'SELECT id FROM shows WHERE deleted_at IS NULL ORDER BY event_day DESC, event_at DESC, id DESC LIMIT 200',
      ),
    ).toMatch(/^SCAN shows USING COVERING INDEX shows_event_idx$/);
    for (const [column, index] of [
      ['title COLLATE NOCASE', 'shows_title_idx'],
      ['category_name COLLATE NOCASE', 'shows_category_name_idx'],
      ['project_name COLLATE NOCASE', 'shows_project_name_idx'],
      ['producer_name COLLATE NOCASE', 'shows_producer_name_idx'],
      ['total_run_time', 'shows_run_time_idx'],
      ['vod_state', 'shows_vod_state_idx'],
      ['has_captions', 'shows_captions_idx'],
    ]) {
      expect(
        plan(`SELECT id FROM shows WHERE deleted_at IS NULL ORDER BY ${column}, id LIMIT 200`),
      ).toMatch(new RegExp(`^SCAN shows USING COVERING INDEX ${index}$`));
    }
    expect(
      plan(
        'SELECT count(*) FROM shows WHERE deleted_at IS NULL AND category_id IN (1, 2) AND vod_id IS NOT NULL',
      ),
    ).toMatch(/USING COVERING INDEX shows_event_idx/);
    // Deleted rows are in no list index.
    expect(plan('SELECT id FROM shows ORDER BY title COLLATE NOCASE LIMIT 5')).not.toMatch(
      /shows_title_idx/,
    );
    sqlite
      .prepare(`INSERT INTO shows (id, title, synced_at) VALUES (870, 'City Council', 'now')`)
      .run();
    expect(() =>
      sqlite.prepare(`INSERT INTO shows (id, title, synced_at) VALUES (870, 'again', 'now')`).run(),
    ).toThrow(/UNIQUE/);
  },
  '0002_catalog_fts': (sqlite) => {
    expect(tableExists(sqlite, 'shows_fts')).toBe(true);
    const insert = sqlite.prepare('INSERT INTO shows_fts (rowid, body) VALUES (?, ?)');
    insert.run(1, 'City Council Planning Session with María González');
    insert.run(2, 'Varsity Football: Springfield at Shelbyville');
    const match = (query: string): number[] =>
      sqlite
        .prepare('SELECT rowid FROM shows_fts WHERE shows_fts MATCH ?')
        .pluck()
        .all(query) as number[];
    // Prefixes of every word, one letter included; accents and case folded.
    expect(match('"council"* "pla"*')).toEqual([1]);
    expect(match('"gonzalez"*')).toEqual([1]);
    expect(match('"s"*').sort()).toEqual([1, 2]);
    // Rows can be removed by rowid alone (contentless_delete).
    sqlite.prepare('DELETE FROM shows_fts WHERE rowid = ?').run(1);
    expect(match('"council"*')).toEqual([]);
  },
  '0003_library': (sqlite) => {
    for (const table of ['storage_folders', 'recordings', 'recording_drafts', 'library_problems'])
      expect(tableExists(sqlite, table)).toBe(true);
    sqlite.prepare(`INSERT INTO storage_folders (path, added_at) VALUES ('/mnt/a', 'now')`).run();
    expect(() =>
      sqlite
        .prepare(`INSERT INTO storage_folders (path, added_at) VALUES ('/mnt/a', 'again')`)
        .run(),
    ).toThrow(/UNIQUE/);
    const insert = sqlite.prepare(
      `INSERT INTO recordings (key, root, rel_path, video_path, video_size, video_mtime_ms, settled,
         stable_since, state, state_reason, first_seen_at, updated_at)
       VALUES (?, '/mnt/a', 'x.mp4', '/mnt/a/x.mp4', 1, 1, 1, 1, 'new', 'found', 'now', 'now')`,
    );
    const { lastInsertRowid } = insert.run('k1');
    expect(() => insert.run('k1')).toThrow(/UNIQUE/);
    // New recordings start with no diagnostics and no problems, not NULL.
    expect(
      sqlite
        .prepare('SELECT caption_diagnostics, file_problems, auto_link_refused FROM recordings')
        .raw()
        .get(),
    ).toEqual(['[]', '[]', 0]);
    // A draft belongs to its recording and goes with it.
    sqlite
      .prepare(
        `INSERT INTO recording_drafts (recording_id, title, cg_title, description, tags, chapters,
           chapters_source, updated_at) VALUES (?, 't', 'c', 'd', '[]', '[]', 'none', 'now')`,
      )
      .run(lastInsertRowid);
    expect(() =>
      sqlite
        .prepare(
          `INSERT INTO recording_drafts (recording_id, title, cg_title, description, tags, chapters,
             chapters_source, updated_at) VALUES (999, 't', 'c', 'd', '[]', '[]', 'none', 'now')`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    sqlite.prepare('DELETE FROM recordings').run();
    expect(sqlite.prepare('SELECT count(*) FROM recording_drafts').pluck().get()).toBe(0);
  },
  '0004_library_ranking_stamp': (sqlite) => {
    const cols = columns(sqlite, 'recordings');
    expect(cols.find((c) => c.name === 'suggested_stamp')).toMatchObject({
      type: 'TEXT',
      notnull: 0,
    });
    // No stamp by default (as every recording from before the upgrade): it is ranked once more,
    // then not again until what it was ranked from changes.
    sqlite
      .prepare(
        `INSERT INTO recordings (key, root, rel_path, video_path, video_size, video_mtime_ms,
           settled, stable_since, state, state_reason, first_seen_at, updated_at)
         VALUES ('k', '/mnt/a', 'x.mp4', '/mnt/a/x.mp4', 1, 1, 1, 1, 'new', 'found', 'now', 'now')`,
      )
      .run();
    expect(sqlite.prepare('SELECT suggested_stamp FROM recordings').pluck().get()).toBeNull();
    sqlite.prepare(`UPDATE recordings SET suggested_stamp = 'catalog|x.mp4|null'`).run();
    expect(sqlite.prepare('SELECT suggested_stamp FROM recordings').pluck().get()).toBe(
      'catalog|x.mp4|null',
    );
  },
  '0005_jobs': expectJobsTable,
  '0006_publishing': (sqlite) => {
    for (const table of [
      'publish_batches',
      'publish_batch_jobs',
      'publish_queue_state',
      'vod_publications',
    ]) {
      expect(tableExists(sqlite, table)).toBe(true);
    }
    expect(columns(sqlite, 'vod_publications').map((c) => c.name)).toEqual([
      'id',
      'job_id',
      'recording_id',
      'show_id',
      'vod_id',
      'url',
      'embed_code',
      'vod_state',
      'published_at',
      'notified_at',
    ]);
    // A batch's jobs go with it.
    sqlite
      .prepare(`INSERT INTO publish_batches (id, created_at, skipped) VALUES ('b1', 'x', '[]')`)
      .run();
    sqlite
      .prepare(`INSERT INTO publish_batch_jobs (batch_id, job_id, ordinal) VALUES ('b1', 7, 0)`)
      .run();
    sqlite.prepare(`DELETE FROM publish_batches WHERE id = 'b1'`).run();
    expect(sqlite.prepare('SELECT count(*) FROM publish_batch_jobs').pluck().get()).toBe(0);
  },
  '0007_draft_show_fields': (sqlite) => {
    const shows = columns(sqlite, 'shows').map((c) => c.name);
    expect(shows).toContain('thumbnail_id');
    expect(shows).toContain('thumbnail_options');
    const drafts = columns(sqlite, 'recording_drafts');
    expect(drafts.find((c) => c.name === 'fields')).toMatchObject({ notnull: 1 });
    expect(drafts.find((c) => c.name === 'base')).toMatchObject({ notnull: 0 });
  },
  '0008_vod_qualities_file_stores': (sqlite) => {
    const shape = (table: string) => columns(sqlite, table).map((c) => [c.name, c.type, c.notnull]);
    expect(shape('vod_transcode_qualities')).toEqual([
      ['id', 'INTEGER', 1],
      ['name', 'TEXT', 0],
      ['vod_provider', 'TEXT', 0],
    ]);
    expect(shape('file_stores')).toEqual([
      ['id', 'INTEGER', 1],
      ['name', 'TEXT', 0],
      ['location_id', 'INTEGER', 0],
    ]);
    // The new columns are optional: a row written the old way reads as "no qualities known".
    expect(shape('vod_configurations')).toEqual([
      ['id', 'INTEGER', 1],
      ['location_id', 'INTEGER', 0],
      ['provider_name', 'TEXT', 0],
      ['quality_ids', 'TEXT', 0],
      ['default_quality', 'INTEGER', 0],
    ]);
    sqlite
      .prepare(
        `INSERT INTO vod_configurations (id, location_id, provider_name) VALUES (1, 1, 'TRMS')`,
      )
      .run();
    expect(
      sqlite.prepare('SELECT quality_ids, default_quality FROM vod_configurations').get(),
    ).toEqual({ quality_ids: null, default_quality: null });
    sqlite.prepare(`INSERT INTO file_stores (id, name) VALUES (1, NULL)`).run();
    expect(() => sqlite.prepare(`INSERT INTO file_stores (id) VALUES (1)`).run()).toThrow(/UNIQUE/);
  },
  '0009_schedules': (sqlite) => {
    const shape = columns(sqlite, 'schedules').map((c) => [c.name, c.type, c.notnull]);
    expect(shape).toEqual([
      ['id', 'TEXT', 1],
      ['spec', 'TEXT', 0],
      ['paused', 'INTEGER', 1],
      ['next_run_at', 'INTEGER', 0],
      ['last_trigger', 'TEXT', 0],
      ['last_scheduled_for', 'INTEGER', 0],
      ['last_started_at', 'INTEGER', 0],
      ['last_finished_at', 'INTEGER', 0],
      ['last_result', 'TEXT', 0],
      ['last_message', 'TEXT', 0],
      ['updated_at', 'INTEGER', 1],
    ]);
    // A schedule declared for the first time runs on its default (no spec saved), unpaused.
    sqlite.prepare(`INSERT INTO schedules (id, updated_at) VALUES ('catalog.sync', 1)`).run();
    expect(sqlite.prepare('SELECT spec, paused FROM schedules').get()).toEqual({
      spec: null,
      paused: 0,
    });
  },
  '0010_draft_approval': (sqlite) => {
    // A draft saved before approvals existed reads as not approved.
    const drafts = columns(sqlite, 'recording_drafts');
    expect(drafts.find((c) => c.name === 'approved_at')).toMatchObject({
      type: 'TEXT',
      notnull: 0,
    });
  },
  '0011_show_edits': (sqlite) => {
    // No edits yet: the table starts empty, keyed by show.
    const edits = columns(sqlite, 'show_edits');
    expect(edits.map((c) => c.name)).toEqual([
      'show_id',
      'fields',
      'conflicts',
      'edited_at',
      'checked_at',
      'error',
    ]);
    expect(sqlite.prepare('SELECT count(*) FROM show_edits').pluck().get()).toBe(0);
  },
  '0012_webhooks': (sqlite) => {
    // Endpoints, the outbox and its deliveries start empty; secrets are never in these tables.
    for (const table of ['webhook_endpoints', 'webhook_messages', 'webhook_deliveries']) {
      expect(sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBe(0);
    }
    expect(columns(sqlite, 'webhook_endpoints').map((c) => c.name)).not.toContain('secret');
  },
  '0013_health_events': (sqlite) => {
    expect(columns(sqlite, 'health_events').map((c) => c.name)).toEqual([
      'id',
      'service',
      'state',
      'message',
      'at',
    ]);
  },
  '0014_analytics': (sqlite) => {
    // Existing shows have no view count until their next sync; failures start empty (the
    // publishing service records the failed jobs it finds at start-up).
    expect(columns(sqlite, 'shows').find((c) => c.name === 'vod_views')).toMatchObject({
      type: 'INTEGER',
      notnull: 0,
    });
    expect(sqlite.prepare('SELECT count(*) FROM publish_failures').pluck().get()).toBe(0);
  },
  '0015_access': (sqlite) => {
    // Tokens are kept only as hashes; the audit trail takes new entries and refuses changes.
    expect(columns(sqlite, 'api_tokens').map((c) => c.name)).not.toContain('token');
    sqlite
      .prepare(
        `INSERT INTO audit_events (at, actor, actor_kind, transport, action, outcome)
         VALUES ('2026-01-01T00:00:00.000Z', 'a', 'system', 'internal', 'x.y', 'ok')`,
      )
      .run();
    expect(() => sqlite.prepare(`UPDATE audit_events SET actor = 'b'`).run()).toThrow(
      /append-only/,
    );
    expect(() => sqlite.prepare('DELETE FROM audit_events').run()).toThrow(/append-only/);
    expect(sqlite.prepare('SELECT actor FROM audit_events').pluck().all()).toEqual(['a']);
  },
  '0016_sessions': (sqlite) => {
    // Sessions are kept by the hash of their cookie, never the cookie itself.
    const names = columns(sqlite, 'sessions').map((c) => c.name);
    expect(names[0]).toBe('hash');
    expect(names).not.toContain('id');
    expect(sqlite.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(0);
  },
};

function userVersion(sqlite: Database): number {
  return sqlite.pragma('user_version', { simple: true }) as number;
}

function appliedTags(sqlite: Database): string[] {
  return sqlite
    .prepare(`SELECT tag FROM ${MIGRATIONS_TABLE} ORDER BY id`)
    .pluck()
    .all() as string[];
}

function tableExists(sqlite: Database, name: string): boolean {
  return (
    sqlite
      .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`)
      .pluck()
      .get(name) !== undefined
  );
}

function expectAppError(fn: () => unknown, code: string, message: RegExp): AppError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AppError);
  const appError = caught as AppError;
  expect(appError.code).toBe(code);
  expect(appError.message).toMatch(message);
  return appError;
}

const temps: { remove(): void }[] = [];
function tempDir(): string {
  const t = makeTempDir();
  temps.push(t);
  return t.dir;
}
afterEach(() => {
  for (const t of temps.splice(0)) t.remove();
});

describe('the repository migrations', () => {
  it('are found, in journal order, with statements', () => {
    expect(real.length).toBeGreaterThan(0);
    expect(real.map((m) => m.index)).toEqual(real.map((_, i) => i));
    for (const m of real) expect(m.statements.length).toBeGreaterThan(0);
  });

  it('every migration has an expectation in this file', () => {
    expect(Object.keys(EXPECTATIONS).sort()).toEqual(real.map((m) => m.tag).sort());
  });

  describe.each(real.map((m) => [m.tag, m] as const))('%s', (tag, migration) => {
    const upTo = real.slice(0, migration.index + 1);

    it('applies on :memory: on top of its predecessors', () => {
      const sqlite = new BetterSqlite3(':memory:');
      try {
        migrate(sqlite, real.slice(0, migration.index));
        const report = migrate(sqlite, upTo);
        expect(report.applied).toEqual([tag]);
        expect(userVersion(sqlite)).toBe(migration.index + 1);
        EXPECTATIONS[tag]?.(sqlite);
      } finally {
        sqlite.close();
      }
    });

    it('applies on a real file in WAL mode, and survives reopening', () => {
      const file = join(tempDir(), 'archivist.db');
      const first = new BetterSqlite3(file);
      first.pragma('journal_mode = WAL');
      migrate(first, upTo);
      first.close();

      const again = new BetterSqlite3(file);
      try {
        expect(userVersion(again)).toBe(migration.index + 1);
        expect(appliedTags(again)).toEqual(upTo.map((m) => m.tag));
        EXPECTATIONS[tag]?.(again);
      } finally {
        again.close();
      }
    });
  });
});

describe('migrate', () => {
  it('applies every pending migration in one go and records tag, hash and time', () => {
    const dir = writeMigrationsDir(tempDir(), [
      {
        tag: '0099_playlists',
        statements: ['CREATE TABLE playlists (id INTEGER PRIMARY KEY, title TEXT NOT NULL)'],
      },
    ]);
    const migrations = loadMigrations(dir);
    const sqlite = new BetterSqlite3(':memory:');
    const report = migrate(sqlite, migrations, { now: () => new Date('2030-01-02T03:04:05.000Z') });
    expect(report).toEqual({
      applied: [...real.map((m) => m.tag), '0099_playlists'],
      schemaVersion: real.length + 1,
      changedSinceApplied: [],
    });
    const rows = sqlite
      .prepare(`SELECT id, tag, hash, applied_at FROM ${MIGRATIONS_TABLE} ORDER BY id`)
      .all();
    expect(rows).toEqual(
      migrations.map((m) => ({
        id: m.index + 1,
        tag: m.tag,
        hash: m.hash,
        applied_at: '2030-01-02T03:04:05.000Z',
      })),
    );
    expect(userVersion(sqlite)).toBe(migrations.length);
    sqlite.close();
  });

  it('does nothing the second time', () => {
    const sqlite = new BetterSqlite3(':memory:');
    migrate(sqlite, real);
    const before = sqlite.prepare(`SELECT * FROM ${MIGRATIONS_TABLE}`).all();
    expect(migrate(sqlite, real)).toEqual({
      applied: [],
      schemaVersion: real.length,
      changedSinceApplied: [],
    });
    expect(sqlite.prepare(`SELECT * FROM ${MIGRATIONS_TABLE}`).all()).toEqual(before);
    sqlite.close();
  });

  it('rolls back every pending migration when one fails, and names it', () => {
    const dir = writeMigrationsDir(tempDir(), [
      { tag: '0001_good', statements: ['CREATE TABLE good_part (x INTEGER)'] },
      {
        tag: '0002_broken',
        statements: ['CREATE TABLE half_done (x INTEGER)', 'INSERT INTO no_such_table VALUES (1)'],
      },
    ]);
    const sqlite = new BetterSqlite3(':memory:');
    const error = expectAppError(
      () => migrate(sqlite, loadMigrations(dir)),
      'INTERNAL',
      /migration 0002_broken \(statement 2 of 2\): no such table: no_such_table\. Nothing was changed/,
    );
    expect(error.cause).toBeInstanceOf(Error);
    // Not even the earlier, successful migrations of the same run remain.
    expect(tableExists(sqlite, 'connection_checks')).toBe(false);
    expect(tableExists(sqlite, 'good_part')).toBe(false);
    expect(tableExists(sqlite, 'half_done')).toBe(false);
    expect(tableExists(sqlite, MIGRATIONS_TABLE)).toBe(false);
    expect(userVersion(sqlite)).toBe(0);
    sqlite.close();
  });

  it('leaves an up-to-date database at its version when a later migration fails', () => {
    const sqlite = new BetterSqlite3(':memory:');
    migrate(sqlite, real);
    const dir = writeMigrationsDir(tempDir(), [
      { tag: '0001_broken', statements: ['CREATE TABLE (oops'] },
    ]);
    expectAppError(() => migrate(sqlite, loadMigrations(dir)), 'INTERNAL', /migration 0001_broken/);
    expect(userVersion(sqlite)).toBe(real.length);
    expect(appliedTags(sqlite)).toEqual(real.map((m) => m.tag));
    sqlite.close();
  });

  it('refuses a database with more migrations than this build knows, changing nothing', () => {
    const future = writeMigrationsDir(tempDir(), [
      { tag: '0001_future', statements: ['CREATE TABLE future (x)'] },
      { tag: '0002_future', statements: ['CREATE TABLE future2 (x)'] },
    ]);
    const sqlite = new BetterSqlite3(':memory:');
    migrate(sqlite, loadMigrations(future));
    expectAppError(
      () => migrate(sqlite, real),
      'FAILED_PRECONDITION',
      new RegExp(
        `^This database was written by a newer version of Archivist Desktop \\(schema ${real.length + 2}; this version knows ${real.length}; it has migration "0001_future".*Update the app, or choose another data folder\\.$`,
      ),
    );
    expect(userVersion(sqlite)).toBe(real.length + 2);
    sqlite.close();
  });

  it('refuses a database whose user_version is ahead even without migration records', () => {
    const sqlite = new BetterSqlite3(':memory:');
    const ahead = real.length + 2;
    sqlite.pragma(`user_version = ${ahead}`);
    expectAppError(
      () => migrate(sqlite, real),
      'FAILED_PRECONDITION',
      new RegExp(
        `newer version of Archivist Desktop \\(schema ${ahead}; this version knows ${real.length}\\)`,
      ),
    );
    expect(tableExists(sqlite, 'connection_checks')).toBe(false);
    sqlite.close();
  });

  it('refuses a database that took a different branch of migrations (unknown tag at a known count)', () => {
    const other = writeMigrationsDir(
      tempDir(),
      [{ tag: '0000_other_branch', statements: ['CREATE TABLE o (x)'] }],
      {
        real: false,
      },
    );
    const sqlite = new BetterSqlite3(':memory:');
    migrate(sqlite, loadMigrations(other));
    expectAppError(
      () => migrate(sqlite, real),
      'FAILED_PRECONDITION',
      /it has migration "0000_other_branch"/,
    );
    sqlite.close();
  });

  it('refuses a database whose version and records disagree', () => {
    const sqlite = new BetterSqlite3(':memory:');
    migrate(sqlite, real);
    sqlite.pragma('user_version = 0');
    expectAppError(() => migrate(sqlite, real), 'FAILED_PRECONDITION', /records disagree/);
    sqlite.close();
  });

  it('reports, without refusing, a migration whose SQL changed after it was applied', () => {
    const sqlite = new BetterSqlite3(':memory:');
    migrate(sqlite, real);
    const edited: Migration[] = real.map((m, i) => (i === 0 ? { ...m, hash: 'different' } : m));
    expect(migrate(sqlite, edited).changedSinceApplied).toEqual([real[0]?.tag]);
    sqlite.close();
  });

  it('restores foreign_keys=ON afterwards and rejects migrations that break references', () => {
    const dir = writeMigrationsDir(tempDir(), [
      {
        tag: '0001_parent_child',
        statements: [
          'CREATE TABLE parent (id INTEGER PRIMARY KEY)',
          'CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent(id))',
          'INSERT INTO child (id, parent_id) VALUES (1, 42)',
        ],
      },
    ]);
    const sqlite = new BetterSqlite3(':memory:');
    sqlite.pragma('foreign_keys = ON');
    expectAppError(
      () => migrate(sqlite, loadMigrations(dir)),
      'INTERNAL',
      /broken foreign-key reference/,
    );
    expect(tableExists(sqlite, 'child')).toBe(false);
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    sqlite.close();
  });
});

describe('loadMigrations', () => {
  it('explains a missing migrations folder', () => {
    expectAppError(
      () => loadMigrations(join(tempDir(), 'nowhere')),
      'INTERNAL',
      /migrations were not found at .*nowhere/,
    );
  });

  it('hashes CRLF and LF checkouts alike and splits on statement breakpoints', () => {
    const lf = writeMigrationsDir(tempDir(), [
      { tag: '0001_two', statements: ['CREATE TABLE a (x)', 'CREATE TABLE b (x)'] },
    ]);
    const crlf = writeMigrationsDir(
      tempDir(),
      [{ tag: '0001_two', statements: ['CREATE TABLE a (x)', 'CREATE TABLE b (x)'] }],
      { eol: '\r\n' },
    );
    const [a, b] = [loadMigrations(lf).at(-1), loadMigrations(crlf).at(-1)];
    expect(a?.statements).toEqual(['CREATE TABLE a (x)', 'CREATE TABLE b (x)']);
    expect(b?.hash).toBe(a?.hash);
  });
});
