import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { defaultMigrationsDir, openDatabase } from '../../db/database';
import { silentLogger } from '../../logging/logger';
import { JobError } from '../job-error';
import { JobRunner } from '../job-runner';
import { TERMINAL_STATES } from '../jobs.schema';

/*
 * A process for the crash test: `node --import tsx crash-worker.ts DIR COUNT STEPS`. It enqueues
 * COUNT jobs (again on every start: enqueueing is idempotent) and runs them. Each job makes STEPS
 * "requests" to a stand-in server, a separate SQLite file that keeps every effect it is sent and
 * has no idempotency of its own: a request sent twice is recorded twice. Requests fail the ways a
 * real server's do (never reached, refused for now, committed and then the answer lost). The test
 * kills this process with SIGKILL at random moments, so effects are recorded exactly once only if
 * the runner and the handler keep the protocol: checkpoint before each request, reconcile the
 * request in flight by lookup when recovering.
 */

const [dir, countText, stepsText] = process.argv.slice(2);
if (!dir || !countText || !stepsText) throw new Error('usage: crash-worker.ts DIR COUNT STEPS');
const STEPS = Number(stepsText);

const database = openDatabase({
  file: join(dir, 'jobs.db'),
  migrationsDir: defaultMigrationsDir(),
});
const server = new BetterSqlite3(join(dir, 'server.db'));
server.pragma('journal_mode = WAL');
// A kill (not a power cut) loses no WAL commit even at NORMAL; the jobs file is FULL as always.
server.pragma('synchronous = NORMAL');
server.exec(`CREATE TABLE IF NOT EXISTS effects (
  id INTEGER PRIMARY KEY, job_key TEXT NOT NULL, step INTEGER NOT NULL, correlation TEXT NOT NULL)`);
const record = server.prepare('INSERT INTO effects (job_key, step, correlation) VALUES (?, ?, ?)');
const lookup = server.prepare('SELECT 1 FROM effects WHERE job_key = ? AND step = ?').pluck();

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const runner = new JobRunner({ database, logger: silentLogger, pollMs: 20 });
runner.register<{ n: number }, { step: number }>(
  'effect',
  {
    async run(ctx) {
      const { key, correlation } = ctx.job;
      let step = ctx.job.checkpoint?.step ?? 0;
      // The last attempt may have reached the server with the step in flight: look it up.
      if (ctx.recovering && step < STEPS && lookup.get(key, step) !== undefined) {
        step += 1;
        ctx.checkpoint({ step });
      }
      while (step < STEPS) {
        await sleep(Math.random() * 4);
        const fault = Math.random();
        if (fault < 0.1) throw JobError.unreached('Connection refused.');
        if (fault < 0.2) throw JobError.rejected('The server is busy (503).', 5);
        record.run(key, step, correlation);
        if (fault < 0.35) throw JobError.ambiguous('The connection dropped after the request.');
        await sleep(Math.random() * 4);
        step += 1;
        ctx.checkpoint({ step });
      }
    },
  },
  {
    concurrency: 4,
    maxAttempts: 1_000,
    backoff: { baseMs: 5, capMs: 40 },
    leaseMs: 300,
    quarantineMs: 50,
  },
);

for (let n = 0; n < Number(countText); n += 1) runner.enqueue('effect', `job-${n}`, { n });
runner.start();
process.stdout.write('ready\n');

const check = setInterval(() => {
  const open = runner.list({}).filter((job) => !TERMINAL_STATES.includes(job.state));
  if (open.length > 0) return;
  clearInterval(check);
  void runner.dispose().then(() => {
    database.close();
    server.close();
    process.stdout.write('all terminal\n');
  });
}, 20);
