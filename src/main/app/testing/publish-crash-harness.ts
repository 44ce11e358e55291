/**
 * The publish crash harness, shared by the crash test (N = 50) and the benchmark (N = 300): a
 * simulator in its own process with faults on its writes, and the app in another, killed with
 * SIGKILL at random moments and started again until every publish job is terminal. What it
 * returns is read from both sides afterwards: the app's database and the simulator's counters.
 */
import { watchChild } from '../../jobs/testing/watch-child';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import type { CrashAppOptions, CrashAppResult } from './publish-crash-app';
import type {
  CrashSimCommand,
  CrashSimOptions,
  CrashSimReply,
  CrashSimReport,
} from './publish-crash-sim';

const root = fileURLToPath(new URL('../../../..', import.meta.url));
const appScript = fileURLToPath(new URL('./publish-crash-app.ts', import.meta.url));
const simScript = fileURLToPath(new URL('./publish-crash-sim.ts', import.meta.url));

/** The simulator in a child process: it survives every kill of the app. */
export class CrashSim {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly showIds: number[],
  ) {}

  static start(options: CrashSimOptions): Promise<CrashSim> {
    const child = fork(simScript, [JSON.stringify(options)], {
      cwd: root,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the simulator process exited (${code})`)));
      child.once('message', (message: CrashSimReply) => {
        if (message.type === 'ready') resolve(new CrashSim(child, message.url, message.showIds));
      });
    });
  }

  report(): Promise<CrashSimReport> {
    return new Promise((resolve) => {
      this.child.once('message', (message: CrashSimReply) => {
        if (message.type === 'report') resolve(message.report);
      });
      this.send({ type: 'report' });
    });
  }

  command(command: Exclude<CrashSimCommand, { type: 'report' | 'close' }>): Promise<void> {
    return new Promise((resolve) => {
      this.child.once('message', () => resolve());
      this.send(command);
    });
  }

  close(): Promise<void> {
    if (this.child.exitCode !== null || !this.child.connected) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.removeAllListeners('exit');
      this.child.once('exit', () => resolve());
      this.send({ type: 'close' });
    });
  }

  /** For an `afterEach`: no simulator outlives a failed test. */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  private send(command: CrashSimCommand): void {
    this.child.send(command);
  }
}

export interface AppRun {
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
  result: () => CrashAppResult | null;
  kill(): void;
}

/** One start of the app; `ready` once its queue is in the database (or it exited). */
export function startApp(options: CrashAppOptions): AppRun {
  const child = spawn(process.execPath, ['--import', 'tsx', appScript, JSON.stringify(options)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { ready, exited, output: printed } = watchChild(child);
  return {
    ready,
    exited,
    result: () => {
      const line = /^result (.+)$/m.exec(printed());
      return line ? (JSON.parse(line[1]!) as CrashAppResult) : null;
    },
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

export interface LocalJob {
  key: string;
  state: string;
  attempts: number;
  lastError: string | null;
}

export interface LocalState {
  integrity: string;
  jobs: LocalJob[];
  /** Done jobs' VODs as recorded: show id → VOD ids. */
  publications: { showId: number; vodId: number; state: string }[];
}

/** The app's database as a kill left it (read-only, after the process is gone). */
export function readLocal(dataDir: string): LocalState {
  const db = new BetterSqlite3(join(dataDir, 'archivist.sqlite'), { readonly: true });
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      jobs: db
        .prepare(
          `SELECT key, state, attempts, last_error AS lastError FROM jobs WHERE kind = 'publish' ORDER BY id`,
        )
        .all() as LocalJob[],
      publications: db
        .prepare(
          `SELECT p.show_id AS showId, p.vod_id AS vodId, j.state AS state
             FROM vod_publications p JOIN jobs j ON j.id = p.job_id ORDER BY p.id`,
        )
        .all() as LocalState['publications'],
    };
  } finally {
    db.close();
  }
}

export interface CrashOptions {
  jobs: number;
  /** Kills at random moments before the app is let run to the end. */
  kills: number;
  /** A kill comes this long after the app said it was ready, at random in [min, max). */
  killAfterMs: { min: number; max: number };
  writeFaults: { dropAfterCommit: number; unavailable: number };
  concurrency: number;
  /** Called after every kill with the app's database as the kill left it. */
  afterKill?: (kill: number, local: LocalState) => void;
}

export interface CrashOutcome {
  jobs: number;
  kills: number;
  /** Starts of the app after the setup one. */
  restarts: number;
  seconds: number;
  integrityAfterKills: string[];
  /** Recordings without a job, or with a job not done nor failed. */
  lost: string[];
  done: number;
  failed: LocalJob[];
  duplicateVods: [number, number][];
  duplicateChapters: number;
  /** File names with more than one `POST /fileuploads`. */
  duplicateUploads: string[];
  /** Segments the simulator received again (one per attempt cut inside an upload at most). */
  resentChunks: number;
  /** Done jobs whose recorded VOD is not the show's only VOD on the simulator. */
  wrongRemoteIds: string[];
  attempts: number;
  history: string[];
}

/** The client timeout of the crashed app: the quarantine must exceed it. */
export const CRASH_REQUEST_TIMEOUT_MS = 1_000;

/**
 * Short timings: a lease of 1.5 s (so a killed run's jobs are taken back soon) and a quarantine
 * of 1.5 s, past the 1 s client timeout; the simulator commits at once (no slow-commit faults).
 */
export const CRASH_TUNING: CrashAppOptions['tuning'] = {
  kind: {
    quarantineMs: 1_500,
    backoff: { baseMs: 20, capMs: 200 },
    leaseMs: 1_500,
    maxAttempts: 30,
  },
  chunkBytes: 16 * 1024,
  pollMs: { first: 20, max: 100 },
  runnerPollMs: 50,
};

export async function runPublishCrash(options: CrashOptions): Promise<CrashOutcome> {
  const started = performance.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'archivist-publish-crash-'));
  const sim = await CrashSim.start({
    freshShows: options.jobs,
    transcodeMs: 200,
    vodQueueMs: 20,
    uploadProcessingMs: 60,
    uploadChecksums: false,
    writeFaults: options.writeFaults,
  });
  let run: AppRun | null = null;
  try {
    const appOptions = (setup: boolean): CrashAppOptions => ({
      dataDir,
      serverUrl: sim.url,
      showIds: sim.showIds,
      setup,
      requestTimeoutMs: CRASH_REQUEST_TIMEOUT_MS,
      tuning: CRASH_TUNING,
      concurrency: options.concurrency,
    });
    const history: string[] = [];
    const integrityAfterKills: string[] = [];
    let kills = 0;
    let restarts = 0;
    let finished = false;
    for (let n = 0; n < options.kills && !finished; n += 1) {
      run = startApp(appOptions(n === 0));
      if (n > 0) restarts += 1;
      await run.ready;
      const delay =
        options.killAfterMs.min +
        Math.floor(Math.random() * (options.killAfterMs.max - options.killAfterMs.min));
      const exitedFirst = await Promise.race([
        run.exited.then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), delay)),
      ]);
      run.kill();
      const { signal, code, output } = await run.exited;
      if (exitedFirst || signal !== 'SIGKILL') {
        if (code === 0 && output.includes('all terminal')) {
          finished = true;
          break;
        }
        throw new Error(`The app exited by itself (${code ?? signal}):\n${output}`);
      }
      kills += 1;
      const local = readLocal(dataDir);
      integrityAfterKills.push(local.integrity);
      const states: Record<string, number> = {};
      for (const job of local.jobs) states[job.state] = (states[job.state] ?? 0) + 1;
      history.push(`kill ${kills} after ${delay} ms: ${JSON.stringify(states)}`);
      options.afterKill?.(kills, local);
    }
    // The last start goes to the end (a few more if it stopped without finishing).
    for (let tries = 0; !finished; tries += 1) {
      if (tries >= 3) throw new Error(`The app did not finish:\n${history.join('\n')}`);
      run = startApp(appOptions(kills === 0 && tries === 0));
      if (kills > 0 || tries > 0) restarts += 1;
      const { code, output } = await run.exited;
      finished = code === 0 && output.includes('all terminal');
      if (!finished) history.push(`a run without a kill ended (${code}): ${output.slice(-2000)}`);
    }

    const local = readLocal(dataDir);
    const report = await sim.report();
    const jobByKey = new Map(local.jobs.map((job) => [job.key, job]));
    // One job per recording, keyed `recording:<id>`: a missing one is lost as surely as a stuck one.
    const lost: string[] = [];
    if (local.jobs.length !== options.jobs) {
      lost.push(`${options.jobs - local.jobs.length} recordings have no job`);
    }
    for (const job of jobByKey.values()) {
      if (job.state !== 'done' && job.state !== 'failed') lost.push(`${job.key} is ${job.state}`);
    }
    const wrongRemoteIds: string[] = [];
    const recorded = new Map<number, number[]>();
    for (const p of local.publications) {
      recorded.set(p.showId, [...(recorded.get(p.showId) ?? []), p.vodId]);
    }
    for (const showId of sim.showIds) {
      const onServer = report.vodsOf[showId] ?? [];
      const mine = recorded.get(showId) ?? [];
      if (mine.length === 0) continue;
      if (mine.length !== 1 || onServer.length !== 1 || mine[0] !== onServer[0]) {
        wrongRemoteIds.push(
          `show ${showId}: recorded ${JSON.stringify(mine)}, on the server ${JSON.stringify(onServer)}`,
        );
      }
    }
    const done = local.jobs.filter((job) => job.state === 'done');
    if (done.length !== local.publications.filter((p) => p.state === 'done').length) {
      wrongRemoteIds.push(
        `${done.length} jobs are done but ${local.publications.length} publications are recorded`,
      );
    }
    return {
      jobs: options.jobs,
      kills,
      restarts,
      seconds: (performance.now() - started) / 1000,
      integrityAfterKills,
      lost,
      done: done.length,
      failed: local.jobs.filter((job) => job.state === 'failed'),
      duplicateVods: report.duplicateVods,
      duplicateChapters: report.duplicateChapters,
      duplicateUploads: report.uploads.filter((u) => u.created > 1).map((u) => u.fileName),
      resentChunks: report.uploads.reduce((sum, u) => sum + u.resentSegments, 0),
      wrongRemoteIds,
      attempts: local.jobs.reduce((sum, job) => sum + job.attempts, 0),
      history,
    };
  } finally {
    run?.kill();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
