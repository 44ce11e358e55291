import { afterEach, expect, it } from 'vitest';
import { runPublishCrash, type CrashOutcome } from './testing/publish-crash-harness';

// The real publish code (the composed core, in a process of its own) against a simulator in
// another process that survives every kill, with faults on the simulator's writes: 15 % are
// committed and then the connection is dropped, 10 % are refused with a 503. The app is killed
// with SIGKILL at random moments and started again until every job is done or failed.
//
// A duplicate upload is a second `POST /fileuploads` for the same file name: the first upload,
// found by lookup, must be resumed. Segments sent again (at most one per attempt cut inside an
// upload, as segments are idempotent by index) are reported, not counted as duplicates.

const JOBS = 50;
/** Normally about a minute; a machine busy with other work may need more. */
const TIMEOUT_MS = 240_000;

let outcome: CrashOutcome | null = null;
afterEach(() => {
  if (outcome) {
    const o = outcome;
    console.log(
      `publish crash: ${o.jobs} jobs, ${o.kills} kills, ${o.restarts} restarts, ${o.seconds.toFixed(1)} s; ` +
        `done ${o.done}, failed ${o.failed.length}, lost ${o.lost.length}; duplicate VODs ${o.duplicateVods.length}, ` +
        `chapters ${o.duplicateChapters}, uploads ${o.duplicateUploads.length}; wrong remote ids ${o.wrongRemoteIds.length}; ` +
        `segments sent again ${o.resentChunks}; attempts ${o.attempts}`,
    );
  }
  outcome = null;
});

it(
  'loses no publish and duplicates nothing on the server when the app is killed at random moments',
  async () => {
    outcome = await runPublishCrash({
      jobs: JOBS,
      kills: 8,
      killAfterMs: { min: 300, max: 3_000 },
      writeFaults: { dropAfterCommit: 0.15, unavailable: 0.1 },
      concurrency: 4,
      // Every recording keeps its job through every kill.
      afterKill: (kill, local) => expect(local.jobs, `after kill ${kill}`).toHaveLength(JOBS),
    });
    const o = outcome;
    const context = o.history.join('\n');
    expect(o.kills, context).toBeGreaterThan(0);
    expect(
      o.integrityAfterKills.every((result) => result === 'ok'),
      context,
    ).toBe(true);
    expect(o.lost, context).toEqual([]);
    expect(o.duplicateVods, context).toEqual([]);
    expect(o.duplicateChapters, context).toBe(0);
    expect(o.duplicateUploads, context).toEqual([]);
    expect(o.wrongRemoteIds, context).toEqual([]);
    // A job may fail only by running out of attempts against the faults, never by a breach of
    // the protocol (an id not recorded, a VOD the show should not have).
    for (const job of o.failed)
      expect(job.lastError, context).toMatch(/^Gave up after \d+ attempts/);
    expect(o.done + o.failed.length).toBe(JOBS);
  },
  TIMEOUT_MS,
);
