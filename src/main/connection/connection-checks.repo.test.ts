import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionTestResult } from '../../shared/connection';
import { AppError } from '../../shared/result';
import { ConnectionChecksRepo } from './connection-checks.repo';
import { defaultMigrationsDir, openDatabase, type AppDatabase } from '../db/database';

function result(overrides: Partial<ConnectionTestResult> = {}): ConnectionTestResult {
  return {
    ok: true,
    apiBase: 'https://station.example/cablecastapi/v1',
    serverVersion: '7.5.1',
    siteName: 'Channel 5',
    user: 'ops',
    canWrite: true,
    rights: 'Signed in as ops. This account may publish (administrator).',
    problem: null,
    elapsedMs: 123,
    testedAt: '2025-03-01T10:00:00.000Z',
    ...overrides,
  };
}

let database: AppDatabase;
beforeEach(() => {
  database = openDatabase({ file: ':memory:', migrationsDir: defaultMigrationsDir() });
});
afterEach(() => database.close());

describe('ConnectionChecksRepo', () => {
  it('records a successful check with the rights sentence as its message', () => {
    const repo = new ConnectionChecksRepo(database);
    const row = repo.record(result());
    expect(row).toEqual({
      id: 1,
      testedAt: '2025-03-01T10:00:00.000Z',
      ok: true,
      apiBase: 'https://station.example/cablecastapi/v1',
      serverVersion: '7.5.1',
      user: 'ops',
      canWrite: true,
      problemKind: null,
      message: 'Signed in as ops. This account may publish (administrator).',
      elapsedMs: 123,
    });
    expect(repo.latest(10)).toEqual([row]);
  });

  it("records a failed check with the problem's kind and message, and nulls intact", () => {
    const repo = new ConnectionChecksRepo(database);
    repo.record(
      result({
        ok: false,
        serverVersion: null,
        user: null,
        canWrite: null,
        apiBase: null,
        rights: '',
        problem: {
          kind: 'credentials-refused',
          message: 'The server refused the user name or password.',
        },
        elapsedMs: 40.6,
      }),
    );
    const [row] = repo.latest(1);
    expect(row).toMatchObject({
      ok: false,
      apiBase: null,
      serverVersion: null,
      user: null,
      canWrite: null,
      problemKind: 'credentials-refused',
      message: 'The server refused the user name or password.',
      elapsedMs: 41,
    });
    // Stored as SQLite integers/NULL, not strings.
    expect(database.sqlite.prepare('SELECT ok, can_write FROM connection_checks').get()).toEqual({
      ok: 0,
      can_write: null,
    });
  });

  it('returns the newest first, at most n', () => {
    const repo = new ConnectionChecksRepo(database);
    for (let i = 0; i < 5; i += 1)
      repo.record(result({ elapsedMs: i, testedAt: `2025-03-01T10:00:0${i}.000Z` }));
    expect(repo.latest(3).map((r) => r.elapsedMs)).toEqual([4, 3, 2]);
    expect(repo.latest(100)).toHaveLength(5);
  });

  it('keeps only the newest `keep` rows', () => {
    const repo = new ConnectionChecksRepo(database, { keep: 3 });
    for (let i = 0; i < 7; i += 1) repo.record(result({ elapsedMs: i }));
    expect(repo.latest(100).map((r) => r.elapsedMs)).toEqual([6, 5, 4]);
    expect(database.sqlite.prepare('SELECT count(*) FROM connection_checks').pluck().get()).toBe(3);
  });

  it('never stores credentials embedded in a URL', () => {
    const repo = new ConnectionChecksRepo(database);
    repo.record(
      result({
        ok: false,
        apiBase: 'https://ops:hunter2@station.example/cablecastapi/v1',
        problem: {
          kind: 'unreachable',
          message: 'Could not reach https://ops:hunter2@station.example/ (ECONNREFUSED).',
        },
      }),
    );
    const raw = JSON.stringify(database.sqlite.prepare('SELECT * FROM connection_checks').all());
    expect(raw).not.toContain('hunter2');
    expect(repo.latest(1)[0]?.apiBase).toBe('https://station.example/cablecastapi/v1');
  });

  it('rejects a nonsensical count', () => {
    const repo = new ConnectionChecksRepo(database);
    for (const n of [0, -1, 1.5, 1_001]) {
      expect(() => repo.latest(n)).toThrow(AppError);
    }
  });
});
