import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/result';
import { defaultMigrationsDir, MEMORY_DATABASE, openDatabase, type AppDatabase } from './database';
import { loadMigrations } from './migrator';
import { makeTempDir, writeMigrationsDir } from './testing/migration-fixtures';

const migrationsDir = defaultMigrationsDir();
const known = loadMigrations(migrationsDir).length;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanups.splice(0).reverse()) fn();
});
function tempDir(): string {
  const t = makeTempDir();
  cleanups.push(t.remove);
  return t.dir;
}
function open(file: string, dir = migrationsDir): AppDatabase {
  const database = openDatabase({ file, migrationsDir: dir });
  cleanups.push(() => database.close());
  return database;
}
function openError(file: string, dir = migrationsDir): AppError {
  try {
    open(file, dir);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('openDatabase did not throw');
}

describe('defaultMigrationsDir', () => {
  it("finds the repository's drizzle folder from this source file", () => {
    expect(existsSync(join(migrationsDir, 'meta', '_journal.json'))).toBe(true);
    expect(migrationsDir.endsWith('drizzle')).toBe(true);
  });

  it('finds it from a bundled location too (out/main/index.js)', () => {
    const fromBundle = defaultMigrationsDir(
      pathToFileURL(join(migrationsDir, '..', 'out', 'main', 'index.js')).href,
    );
    expect(fromBundle).toBe(migrationsDir);
  });
});

describe('openDatabase on a file', () => {
  it('uses WAL, synchronous=FULL, foreign keys and a busy timeout', () => {
    const file = join(tempDir(), 'nested', 'archivist.db');
    const { sqlite } = openDatabase({ file, migrationsDir, busyTimeoutMs: 1234 });
    cleanups.push(() => sqlite.close());
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(1234);
    expect(existsSync(file)).toBe(true);
  });

  it('migrates a new file and is a no-op when reopened, keeping the data', () => {
    const file = join(tempDir(), 'archivist.db');
    const first = open(file);
    expect(first.migrations.applied).toHaveLength(known);
    expect(first.migrations.schemaVersion).toBe(known);
    // A row in a migrated table (raw SQL: the store knows no domain's tables).
    first.sqlite
      .prepare(
        'insert into connection_checks (tested_at, ok, message, elapsed_ms) values (?, 1, ?, 5)',
      )
      .run('2025-01-01T00:00:00.000Z', 'Signed in.');
    first.close();
    first.close(); // twice is harmless

    const second = open(file);
    expect(second.migrations).toEqual({
      applied: [],
      schemaVersion: known,
      changedSinceApplied: [],
    });
    expect(second.sqlite.prepare('select * from connection_checks').all()).toHaveLength(1);
  });

  it('refuses a database written by a newer version, and leaves it untouched', () => {
    const file = join(tempDir(), 'archivist.db');
    const newer = writeMigrationsDir(tempDir(), [
      { tag: '0001_next', statements: ['CREATE TABLE next_feature (x)'] },
      { tag: '0002_after', statements: ['CREATE TABLE after_feature (x)'] },
    ]);
    open(file, newer).close();
    const before = readFileSync(file);

    const error = openError(file);
    expect(error.code).toBe('FAILED_PRECONDITION');
    expect(error.message).toContain(
      `This database was written by a newer version of Archivist Desktop (schema ${known + 2}; this version knows ${known}`,
    );
    expect(error.message).toContain('Update the app, or choose another data folder.');

    expect(readFileSync(file).equals(before)).toBe(true);
    const check = new BetterSqlite3(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(known + 2);
    check.close();
  });

  it('rolls back a broken migration, reports it, and opens fine once it is fixed', () => {
    const file = join(tempDir(), 'archivist.db');
    open(file).close();
    const broken = writeMigrationsDir(tempDir(), [
      {
        tag: '0099_add_playlists',
        statements: ['CREATE TABLE playlists (id INTEGER PRIMARY KEY)', 'ALTER TABLE nope ADD x'],
      },
    ]);
    const error = openError(file, broken);
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toMatch(/migration 0099_add_playlists \(statement 2 of 2\)/);

    const check = new BetterSqlite3(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(known);
    expect(
      check.prepare(`SELECT name FROM sqlite_master WHERE name = 'playlists'`).get(),
    ).toBeUndefined();
    check.close();

    const fixed = writeMigrationsDir(tempDir(), [
      {
        tag: '0099_add_playlists',
        statements: ['CREATE TABLE playlists (id INTEGER PRIMARY KEY)'],
      },
    ]);
    expect(open(file, fixed).migrations.applied).toEqual(['0099_add_playlists']);
  });

  it('explains a file that is not a database', () => {
    const file = join(tempDir(), 'archivist.db');
    writeFileSync(file, 'this is a text file, not SQLite '.repeat(200));
    const error = openError(file);
    expect(error.code).toBe('FAILED_PRECONDITION');
    expect(error.message).toMatch(/not an Archivist Desktop database, or it is damaged/);
  });

  it('explains a database another connection holds locked', () => {
    const file = join(tempDir(), 'archivist.db');
    open(file).close();
    const holder = new BetterSqlite3(file);
    holder.exec('BEGIN IMMEDIATE');
    const newer = writeMigrationsDir(tempDir(), [
      { tag: '0001_more', statements: ['CREATE TABLE more (x)'] },
    ]);
    try {
      const error = (() => {
        try {
          openDatabase({ file, migrationsDir: newer, busyTimeoutMs: 50 }).close();
        } catch (e) {
          return e as AppError;
        }
        throw new Error('openDatabase did not throw');
      })();
      expect(error.code).toBe('UNAVAILABLE');
      expect(error.message).toMatch(/in use by another program/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });

  it('does not create a database file when the migrations are missing', () => {
    const file = join(tempDir(), 'archivist.db');
    const error = openError(file, join(tempDir(), 'missing'));
    expect(error.code).toBe('INTERNAL');
    expect(existsSync(file)).toBe(false);
  });
});

describe('openDatabase on :memory:', () => {
  it('migrates and sets synchronous=FULL and foreign keys (no WAL in memory)', () => {
    const { sqlite, migrations } = open(MEMORY_DATABASE);
    expect(migrations.schemaVersion).toBe(known);
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('memory');
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.prepare('select * from connection_checks').all()).toEqual([]);
  });
});
