import type { Database } from 'better-sqlite3';
import { expect } from 'vitest';
import { CLAIM_SQL, EXPIRED_SQL } from '../jobs.repo';

/**
 * What the migration that creates the jobs table must leave behind; the migrations test runs it
 * on `:memory:` and on a WAL file (see src/main/db/migrator.test.ts).
 */
export function expectJobsTable(sqlite: Database): void {
  const insert = sqlite.prepare(
    `INSERT INTO jobs (kind, key, state, max_attempts, run_after, payload, position, correlation,
       created_at, updated_at)
     VALUES (?, ?, 'queued', 5, 0, '{}', 1, 'c', 0, 0)`,
  );
  insert.run('publish', 'recording:1');
  insert.run('webhook', 'recording:1');
  // One job per kind and key.
  expect(() => insert.run('publish', 'recording:1')).toThrow(/UNIQUE/);
  expect(
    sqlite.prepare('SELECT attempts, cancel_requested, checkpoint FROM jobs').raw().get(),
  ).toEqual([0, 0, null]);

  const plan = (query: string): string =>
    (
      sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all(
        ...query
          .split('?')
          .slice(1)
          .map(() => 1),
      ) as { detail: string }[]
    )
      .map((row) => row.detail)
      .join('\n');
  // The claim walks only waiting rows, in claim order, without sorting.
  const claim = plan(CLAIM_SQL);
  expect(claim).toMatch(/USING INDEX jobs_claim_idx \(kind=\?\)/);
  expect(claim).not.toMatch(/TEMP B-TREE/);
  // The sweep for run-out leases reads only running rows.
  expect(plan(EXPIRED_SQL)).toMatch(/^SEARCH jobs USING INDEX jobs_state_idx \(state=\?\)$/);
}
