import { errorCode, errorMessage } from '../../shared/errors';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { AppError } from '../../shared/result';
import { loadMigrations, migrate, type MigrationReport } from './migrator';

/** drizzle over the one handle; each domain declares its own tables beside its repositories. */
export type AppDb = BetterSQLite3Database;

export interface AppDatabase {
  /** The one better-sqlite3 handle: for prepared bulk statements and `BEGIN IMMEDIATE` claims. */
  readonly sqlite: Database;
  readonly db: AppDb;
  /** The path opened, or `:memory:`. */
  readonly file: string;
  /** What start-up migration did, for the log. */
  readonly migrations: MigrationReport;
  /** Safe to call more than once. */
  close(): void;
}

interface OpenDatabaseOptions {
  /** A file path, or `:memory:` for tests. The file's folder is created if missing. */
  file: string;
  /** drizzle-kit's output folder (holding `meta/_journal.json`); see `defaultMigrationsDir`. */
  migrationsDir: string;
  /** How long a statement waits for another connection's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
  now?: () => Date;
}

export const MEMORY_DATABASE = ':memory:';
const DEFAULT_BUSY_TIMEOUT_MS = 5_000;
/** `PRAGMA synchronous` reads back as a number; 2 is FULL. */
const SYNCHRONOUS_FULL = 2;

/**
 * The migrations folder of a source checkout or an unpacked build: the nearest `drizzle/` with a
 * journal, looking upward from this module (src/main/db in dev and tests, out/main once bundled).
 * A packaged app passes its own resources path instead, since an asar's layout is not the repo's.
 */
export function defaultMigrationsDir(fromUrl: string = import.meta.url): string {
  const start = dirname(fileURLToPath(fromUrl));
  let dir = start;
  for (let depth = 0; depth < 8; depth += 1) {
    const candidate = join(dir, 'drizzle');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  // Not found: return where a source checkout keeps it, so the error names a sensible path.
  return resolve(start, '..', '..', '..', 'drizzle');
}

/** Turns the SQLite failures an operator can do something about into sentences. */
function explainOpenError(error: unknown, file: string): AppError {
  if (error instanceof AppError) return error;
  const code = errorCode(error) ?? '';
  const reason = errorMessage(error);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new AppError(
      'FAILED_PRECONDITION',
      `${file} is not an Archivist Desktop database, or it is damaged (${reason}). Choose another data folder, or restore a backup.`,
      undefined,
      { cause: error },
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new AppError(
      'UNAVAILABLE',
      `The database ${file} is in use by another program (perhaps another copy of Archivist Desktop on the same data folder). Close it and try again.`,
      undefined,
      { cause: error },
    );
  }
  if (
    code.startsWith('SQLITE_CANTOPEN') ||
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_PERM')
  ) {
    return new AppError(
      'UNAVAILABLE',
      `The database ${file} cannot be opened for writing (${reason}). Check that the data folder exists and that this user may write to it.`,
      undefined,
      { cause: error },
    );
  }
  return new AppError('INTERNAL', `Opening the database ${file} failed: ${reason}`, undefined, {
    cause: error,
  });
}

function applyPragmas(sqlite: Database, file: string, busyTimeoutMs: number): void {
  sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
  if (file !== MEMORY_DATABASE) {
    const mode = sqlite.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') {
      // SQLite answers with the old mode when it cannot use WAL, typically on a network share,
      // where WAL's shared memory does not work and locking is not to be trusted.
      throw new AppError(
        'FAILED_PRECONDITION',
        `The database ${file} cannot use write-ahead logging (journal mode stayed "${String(mode)}"). The data folder may be on a network drive; choose a folder on a local disk.`,
      );
    }
  }
  // After journal_mode: better-sqlite3 builds SQLite so that entering WAL sets synchronous=NORMAL,
  // which can lose the last commits on power loss. The publishing queue needs FULL.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');

  const synchronous = sqlite.pragma('synchronous', { simple: true });
  const foreignKeys = sqlite.pragma('foreign_keys', { simple: true });
  const busy = sqlite.pragma('busy_timeout', { simple: true });
  if (synchronous !== SYNCHRONOUS_FULL || foreignKeys !== 1 || busy !== busyTimeoutMs) {
    throw new AppError(
      'INTERNAL',
      `The database ${file} did not accept its settings (synchronous=${String(synchronous)}, foreign_keys=${String(foreignKeys)}, busy_timeout=${String(busy)}); refusing to run without durable writes.`,
    );
  }
}

/**
 * Opens (creating if needed) the app's database, sets and checks the pragmas the queue relies on,
 * and migrates it; or throws an AppError that says what to do, leaving the file as it was.
 */
export function openDatabase(options: OpenDatabaseOptions): AppDatabase {
  const { file, migrationsDir } = options;
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  // Read the migrations first: a broken installation should not leave an empty database behind.
  const migrations = loadMigrations(migrationsDir);

  let sqlite: Database;
  try {
    if (file !== MEMORY_DATABASE) mkdirSync(dirname(resolve(file)), { recursive: true });
    sqlite = new BetterSqlite3(file, { timeout: busyTimeoutMs });
  } catch (error) {
    throw explainOpenError(error, file);
  }

  let report: MigrationReport;
  try {
    applyPragmas(sqlite, file, busyTimeoutMs);
    report = migrate(sqlite, migrations, options.now ? { now: options.now } : {});
  } catch (error) {
    sqlite.close();
    throw explainOpenError(error, file);
  }

  const db = drizzle({ client: sqlite });
  let closed = false;
  return {
    sqlite,
    db,
    file,
    migrations: report,
    close() {
      if (closed) return;
      closed = true;
      try {
        // Cheap at close, and keeps query plans good as tables grow.
        sqlite.pragma('optimize');
      } finally {
        sqlite.close();
      }
    },
  };
}
