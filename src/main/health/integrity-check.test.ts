import { mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { quickCheck } from './integrity-check';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A real database file in WAL mode, as the app keeps it, with enough rows for several pages. */
function database(): { file: string; db: Database.Database } {
  const dir = mkdtempSync(join(tmpdir(), 'archivist-integrity-'));
  dirs.push(dir);
  const file = join(dir, 'archivist.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE shows (id INTEGER PRIMARY KEY, title TEXT)');
  db.exec('CREATE INDEX shows_title ON shows (title)');
  const insert = db.prepare('INSERT INTO shows (title) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 5_000; i++) insert.run(`Council meeting ${i} ${'x'.repeat(40)}`);
  })();
  return { file, db };
}

describe('the integrity check', () => {
  it('reads the file in a worker thread, on its own connection, while the app keeps its own open', async () => {
    const { file, db } = database();
    try {
      expect(await quickCheck(file, db)).toEqual({ result: 'ok', ranIn: 'worker' });
    } finally {
      db.close();
    }
  });

  it('reports a damaged index page, found by the worker', async () => {
    const { file, db } = database();
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    // The index's root page, overwritten with garbage: the table reads, the index does not agree.
    const root = db
      .prepare("SELECT rootpage FROM sqlite_master WHERE name = 'shows_title'")
      .pluck()
      .get() as number;
    db.close();
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (root - 1) * pageSize);
    closeSync(fd);
    const reopened = new Database(file);
    try {
      const { result, ranIn } = await quickCheck(file, reopened);
      expect(result).not.toBe('ok');
      expect(ranIn).toBe('worker');
      expect(result.length).toBeGreaterThan(0);
    } finally {
      reopened.close();
    }
  });

  it("runs on the app's connection when a worker cannot load the driver, and is not fooled by it", async () => {
    const { file, db } = database();
    try {
      expect(await quickCheck(file, db, { driver: join(tmpdir(), 'no-such-driver.js') })).toEqual({
        result: 'ok',
        ranIn: 'connection',
      });
    } finally {
      db.close();
    }
  });
});
