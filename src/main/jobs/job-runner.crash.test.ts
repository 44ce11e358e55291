import { watchChild } from './testing/watch-child';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { makeTempDir } from '../db/testing/migration-fixtures';

// Real processes killed with SIGKILL at random moments, restarted until every job is terminal:
// no job may be lost, and every effect on the stand-in server must be recorded exactly once.

const root = fileURLToPath(new URL('../../..', import.meta.url));
const worker = fileURLToPath(new URL('./testing/crash-worker.ts', import.meta.url));
const JOBS = 20;
const STEPS = 2;
const KILLS = 5;
/** Normally 10 to 20 s; a machine busy with other work may need more. */
const TIMEOUT_MS = 90_000;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanups.splice(0).reverse()) fn();
});

interface Run {
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
  kill(): void;
}

function start(dir: string): Run {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', worker, dir, String(JOBS), String(STEPS)],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const { ready, exited } = watchChild(child);
  return { ready, exited, kill: () => child.kill('SIGKILL') };
}

function inspect(dir: string): {
  integrity: string[];
  jobs: { state: string; count: number }[];
  total: number;
  effects: { job_key: string; step: number; times: number }[];
} {
  const jobs = new BetterSqlite3(join(dir, 'jobs.db'), { readonly: true });
  const server = new BetterSqlite3(join(dir, 'server.db'), { readonly: true });
  try {
    return {
      integrity: [
        jobs.pragma('integrity_check', { simple: true }) as string,
        server.pragma('integrity_check', { simple: true }) as string,
      ],
      jobs: jobs
        .prepare('SELECT state, count(*) AS count FROM jobs GROUP BY state ORDER BY state')
        .all() as { state: string; count: number }[],
      total: jobs.prepare('SELECT count(*) FROM jobs').pluck().get() as number,
      effects: server
        .prepare(
          'SELECT job_key, step, count(*) AS times FROM effects GROUP BY job_key, step ORDER BY job_key, step',
        )
        .all() as { job_key: string; step: number; times: number }[],
    };
  } finally {
    jobs.close();
    server.close();
  }
}

it(
  'loses no job and repeats no effect when the process is killed at random moments',
  async () => {
    const temp = makeTempDir('archivist-jobs-crash-');
    cleanups.push(temp.remove);
    const dir = temp.dir;
    const history: string[] = [];

    for (let kill = 0; kill < KILLS; kill += 1) {
      const run = start(dir);
      await run.ready;
      const delay = Math.floor(Math.random() * 500);
      await new Promise((r) => setTimeout(r, delay));
      run.kill();
      const { signal, output } = await run.exited;
      if (signal !== 'SIGKILL') {
        // It finished before the kill came: every job is terminal already.
        expect(output).toContain('all terminal');
        break;
      }
      const after = inspect(dir);
      history.push(`kill ${kill + 1} after ${delay} ms: ${JSON.stringify(after.jobs)}`);
      expect(after.integrity, `after kill ${kill + 1}`).toEqual(['ok', 'ok']);
      expect(after.total).toBe(JOBS);
    }

    // The last run goes to the end.
    for (let restarts = 0; ; restarts += 1) {
      expect(restarts, 'restarts without a kill').toBeLessThan(3);
      const run = start(dir);
      const { code, output } = await run.exited;
      if (code === 0 && output.includes('all terminal')) break;
    }

    const end = inspect(dir);
    const context = history.join('\n');
    expect(end.integrity, context).toEqual(['ok', 'ok']);
    expect(end.jobs, context).toEqual([{ state: 'done', count: JOBS }]);
    expect(end.effects, context).toHaveLength(JOBS * STEPS);
    expect(
      end.effects.filter((e) => e.times !== 1),
      context,
    ).toEqual([]);
  },
  TIMEOUT_MS,
);
