import { errorMessage } from '../../shared/errors';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { AppError } from '../../shared/result';

/**
 * Applies drizzle-kit's generated migrations with our own runner rather than drizzle's migrator,
 * because the app needs things drizzle's does not do: every pending migration in ONE transaction
 * (a half-upgraded database is worse than an old one), a refusal to touch a database written by a
 * newer build, and an error that names the migration that failed.
 *
 * Bookkeeping: `PRAGMA user_version` holds the number of applied migrations (cheap to read, and
 * visible to any SQLite tool), and `__migrations` holds one row per applied migration with its tag
 * and hash, so a database from a newer build is recognised even if its count happened to match.
 */

export const STATEMENT_BREAKPOINT = '--> statement-breakpoint';
export const MIGRATIONS_TABLE = '__migrations';

export interface Migration {
  /** Position in the journal, from 0. Migration N leaves the database at `user_version` N + 1. */
  index: number;
  /** drizzle-kit's file name without `.sql`, e.g. `0000_init`. */
  tag: string;
  /** sha256 of the SQL with line endings normalised, so a CRLF checkout hashes the same. */
  hash: string;
  statements: string[];
}

export interface MigrationReport {
  /** Tags applied by this call, in order; empty when the database was already current. */
  applied: string[];
  /** Applied migrations after this call (= `PRAGMA user_version`). */
  schemaVersion: number;
  /**
   * Tags whose SQL changed after they were applied. Not fatal (the schema they produced is what
   * later migrations build on), but worth a log line: someone edited a released migration.
   */
  changedSinceApplied: string[];
}

const JournalSchema = z.object({
  dialect: z.literal('sqlite'),
  entries: z.array(
    z.object({
      idx: z.number().int().nonnegative(),
      tag: z.string().regex(/^[\w-]+$/, 'must be a plain file name'),
    }),
  ),
});

/** Reads drizzle-kit's `meta/_journal.json` and the `.sql` files it lists. */
export function loadMigrations(migrationsDir: string): Migration[] {
  const journalPath = join(migrationsDir, 'meta', '_journal.json');
  let journalText: string;
  try {
    journalText = readFileSync(journalPath, 'utf8');
  } catch (error) {
    throw new AppError(
      'INTERNAL',
      `The database migrations were not found at ${migrationsDir} (no meta/_journal.json). The installation is incomplete; reinstall Archivist Desktop.`,
      undefined,
      { cause: error },
    );
  }
  let parsedJson: unknown;
  try {
    parsedJson = JSON.parse(journalText);
  } catch (error) {
    throw new AppError(
      'INTERNAL',
      `The migration journal ${journalPath} is not valid JSON.`,
      undefined,
      {
        cause: error,
      },
    );
  }
  const journal = JournalSchema.safeParse(parsedJson);
  if (!journal.success) {
    throw new AppError(
      'INTERNAL',
      `The migration journal ${journalPath} is not in drizzle-kit's format: ${journal.error.issues[0]?.message ?? 'unexpected shape'}.`,
    );
  }

  const seen = new Set<string>();
  return journal.data.entries.map((entry, position) => {
    if (entry.idx !== position) {
      throw new AppError(
        'INTERNAL',
        `The migration journal ${journalPath} is out of order: entry ${position} has idx ${entry.idx}.`,
      );
    }
    if (seen.has(entry.tag)) {
      throw new AppError('INTERNAL', `The migration journal lists ${entry.tag} twice.`);
    }
    seen.add(entry.tag);
    const file = join(migrationsDir, `${entry.tag}.sql`);
    let sql: string;
    try {
      sql = readFileSync(file, 'utf8');
    } catch (error) {
      throw new AppError(
        'INTERNAL',
        `The migration ${entry.tag} is listed in the journal but ${file} cannot be read.`,
        undefined,
        { cause: error },
      );
    }
    const normalised = sql.replace(/\r\n/g, '\n');
    return {
      index: position,
      tag: entry.tag,
      hash: createHash('sha256').update(normalised).digest('hex'),
      statements: normalised
        .split(STATEMENT_BREAKPOINT)
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    };
  });
}

interface AppliedRow {
  tag: string;
  hash: string;
}

function newerDatabaseError(schema: number, known: number, detail: string): AppError {
  return new AppError(
    'FAILED_PRECONDITION',
    `This database was written by a newer version of Archivist Desktop (schema ${schema}; this version knows ${known}${detail}). Update the app, or choose another data folder.`,
  );
}

function readApplied(sqlite: Database): AppliedRow[] {
  const exists = sqlite
    .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`)
    .pluck()
    .get(MIGRATIONS_TABLE);
  if (exists === undefined) return [];
  return sqlite
    .prepare(`SELECT tag, hash FROM ${MIGRATIONS_TABLE} ORDER BY id`)
    .all() as AppliedRow[];
}

/**
 * Checks the database against the migrations this build knows and throws (FAILED_PRECONDITION)
 * if it is newer or inconsistent. Returns the applied migrations' records (a prefix of `migrations`).
 */
function checkState(sqlite: Database, migrations: readonly Migration[]): AppliedRow[] {
  const userVersion = sqlite.pragma('user_version', { simple: true }) as number;
  const applied = readApplied(sqlite);
  const schema = Math.max(userVersion, applied.length);
  const known = migrations.length;

  const unknown = applied.find((row) => !migrations.some((m) => m.tag === row.tag));
  if (unknown) {
    throw newerDatabaseError(
      schema,
      known,
      `; it has migration "${unknown.tag}", which this version does not have`,
    );
  }
  if (schema > known) throw newerDatabaseError(schema, known, '');

  for (const [i, row] of applied.entries()) {
    if (migrations[i]?.tag !== row.tag) {
      throw new AppError(
        'FAILED_PRECONDITION',
        `This database's migration history does not match this version of Archivist Desktop (position ${i + 1} is "${row.tag}", expected "${migrations[i]?.tag ?? '?'}"). Choose another data folder, or restore a backup.`,
      );
    }
  }
  if (userVersion !== applied.length) {
    throw new AppError(
      'FAILED_PRECONDITION',
      `This database's schema records disagree (user_version ${userVersion}, ${applied.length} recorded migrations), so it was not changed. It may have been edited by another tool; choose another data folder, or restore a backup.`,
    );
  }
  return applied;
}

interface MigrateOptions {
  now?: () => Date;
}

/**
 * Brings the database up to `migrations` in one BEGIN IMMEDIATE transaction (so a second app
 * instance waits instead of migrating concurrently), or refuses and changes nothing.
 */
export function migrate(
  sqlite: Database,
  migrations: readonly Migration[],
  options: MigrateOptions = {},
): MigrationReport {
  const now = options.now ?? (() => new Date());
  const foreignKeysWereOn = sqlite.pragma('foreign_keys', { simple: true }) === 1;
  // SQLite ignores `PRAGMA foreign_keys` inside a transaction, and drizzle-kit's table rebuilds
  // (copy, drop, rename) would trip or cascade foreign keys. So they go off around the transaction
  // and are checked explicitly before commit, as SQLite's ALTER TABLE procedure prescribes.
  if (foreignKeysWereOn) sqlite.pragma('foreign_keys = OFF');
  try {
    const run = sqlite.transaction((): MigrationReport => {
      const applied = checkState(sqlite, migrations);
      const done = applied.length;
      const changedSinceApplied = applied
        .filter((row, i) => migrations[i] !== undefined && migrations[i].hash !== row.hash)
        .map((row) => row.tag);
      const pending = migrations.slice(done);
      if (pending.length === 0) {
        return { applied: [], schemaVersion: done, changedSinceApplied };
      }

      sqlite.exec(
        `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
          id INTEGER PRIMARY KEY,
          tag TEXT NOT NULL UNIQUE,
          hash TEXT NOT NULL,
          applied_at TEXT NOT NULL
        )`,
      );
      const record = sqlite.prepare(
        `INSERT INTO ${MIGRATIONS_TABLE} (id, tag, hash, applied_at) VALUES (?, ?, ?, ?)`,
      );
      const appliedAt = now().toISOString();
      for (const migration of pending) {
        for (const [i, statement] of migration.statements.entries()) {
          try {
            sqlite.exec(statement);
          } catch (error) {
            const reason = errorMessage(error);
            throw new AppError(
              'INTERNAL',
              `Upgrading the database failed in migration ${migration.tag} (statement ${i + 1} of ${migration.statements.length}): ${reason}. Nothing was changed; the database is as it was before.`,
              undefined,
              { cause: error },
            );
          }
        }
        record.run(migration.index + 1, migration.tag, migration.hash, appliedAt);
      }
      const violations = sqlite.pragma('foreign_key_check') as unknown[];
      if (violations.length > 0) {
        throw new AppError(
          'INTERNAL',
          `Upgrading the database failed: migrations ${pending.map((m) => m.tag).join(', ')} left ${violations.length} broken foreign-key reference(s). Nothing was changed; the database is as it was before.`,
        );
      }
      // user_version lives in the database header, which is journaled like any page: it rolls
      // back together with the migrations if anything above throws.
      sqlite.pragma(`user_version = ${migrations.length}`);
      return {
        applied: pending.map((m) => m.tag),
        schemaVersion: migrations.length,
        changedSinceApplied,
      };
    });
    return run.immediate();
  } finally {
    if (foreignKeysWereOn) sqlite.pragma('foreign_keys = ON');
  }
}
