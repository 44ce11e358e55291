import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/result';
import { acquireDataLock, DATA_LOCK_FILE, DataFolderInUseError, type DataLock } from './data-lock';

let dataDir: string;
let lockFile: string;
const held: DataLock[] = [];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'archivist-lock-'));
  lockFile = join(dataDir, DATA_LOCK_FILE);
});

afterEach(() => {
  for (const lock of held.splice(0)) lock.release();
  rmSync(dataDir, { recursive: true, force: true });
});

/** 18:40 on 3 December 2026, in the local time zone the message is written in. */
const SINCE = new Date(2026, 11, 3, 18, 40, 12);

async function take(
  options: Partial<Parameters<typeof acquireDataLock>[0]> = {},
): Promise<DataLock> {
  const lock = await acquireDataLock({ dataDir, command: 'browser host', ...options });
  held.push(lock);
  return lock;
}

async function refusal(
  options: Partial<Parameters<typeof acquireDataLock>[0]> = {},
): Promise<DataFolderInUseError> {
  try {
    await take({ command: 'archivist sync', ...options });
  } catch (error) {
    if (error instanceof DataFolderInUseError) return error;
    throw error;
  }
  throw new Error('the lock was granted');
}

function lockOnDisk(): Record<string, unknown> {
  return JSON.parse(readFileSync(lockFile, 'utf8')) as Record<string, unknown>;
}

/** A lock file as another process would have left it. */
function writeLock(fields: { pid: number; hostname?: string; command?: string; nonce?: string }) {
  writeFileSync(
    lockFile,
    JSON.stringify({
      command: fields.command ?? 'browser host',
      pid: fields.pid,
      hostname: fields.hostname ?? hostname(),
      startedAt: SINCE.toISOString(),
      nonce: fields.nonce ?? 'left-behind',
    }),
  );
}

const DEAD = 999_999_999;
const deadOnly = (pid: number) => pid !== DEAD;

describe('acquireDataLock', () => {
  it('writes who holds the folder: command, process, computer and since when', async () => {
    const lock = await take({ now: () => SINCE });
    expect(lock.file).toBe(lockFile);
    expect(lock.holder).toEqual({
      command: 'browser host',
      pid: process.pid,
      hostname: hostname(),
      startedAt: SINCE.toISOString(),
    });
    expect(lockOnDisk()).toMatchObject(lock.holder);
    // Nothing but the lock is left in the folder (no temporary files).
    expect(readdirSync(dataDir)).toEqual([DATA_LOCK_FILE]);
  });

  it('creates the data folder when it does not exist yet', async () => {
    const nested = join(dataDir, 'new', 'folder');
    const lock = await acquireDataLock({ dataDir: nested, command: 'desktop app' });
    held.push(lock);
    expect(readdirSync(nested)).toEqual([DATA_LOCK_FILE]);
  });

  it('refuses a second taker, naming the holder and what to do', async () => {
    await take({ pid: 1234, now: () => SINCE });
    const error = await refusal({ isRunning: (pid) => pid === 1234 });
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe(
      `The data folder ${dataDir} is in use by the browser host (process 1234, since 2026-12-03 18:40). Stop it first, or use another --data-dir.`,
    );
    expect(error.holder).toMatchObject({ command: 'browser host', pid: 1234 });
    // The holder's lock is untouched.
    expect(lockOnDisk()).toMatchObject({ pid: 1234 });
  });

  it('names a command line as it is typed, and says what the caller asks', async () => {
    await take({ command: 'archivist sync', now: () => SINCE });
    const error = await refusal({
      command: 'desktop app',
      remedy: 'Stop it first, then open Archivist again.',
    });
    expect(error.message).toBe(
      `The data folder ${dataDir} is in use by archivist sync (process ${process.pid}, since 2026-12-03 18:40). Stop it first, then open Archivist again.`,
    );
  });

  it('frees the folder on release, once, and only its own lock', async () => {
    const first = await take();
    first.release();
    expect(readdirSync(dataDir)).toEqual([]);
    first.release();

    const second = await take({ command: 'desktop app' });
    expect(second.holder.command).toBe('desktop app');
    // A lock replaced under it (taken over from a frozen process) is not its own to remove.
    writeLock({ pid: 4321, nonce: 'someone-else' });
    second.release();
    expect(lockOnDisk()).toMatchObject({ pid: 4321 });
  });

  it('takes over the lock of a process that no longer runs on this computer', async () => {
    writeLock({ pid: DEAD });
    const lock = await take({ isRunning: deadOnly });
    expect(lockOnDisk()).toMatchObject({ pid: process.pid, command: 'browser host' });
    expect(lockOnDisk().nonce).not.toBe('left-behind');
    expect(readdirSync(dataDir)).toEqual([DATA_LOCK_FILE]);
    lock.release();
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('never takes a lock held from another computer, and says why', async () => {
    writeLock({ pid: DEAD, hostname: 'station-2' });
    const error = await refusal({ isRunning: deadOnly });
    expect(error.message).toBe(
      `The data folder ${dataDir} is in use by the browser host (process ${DEAD} on station-2, since 2026-12-03 18:40). It runs on another computer, where Archivist cannot check it, so its lock is left alone. Stop it first, or use another --data-dir.`,
    );
    expect(lockOnDisk()).toMatchObject({ hostname: 'station-2' });
  });

  it('takes over an unreadable lock file once it is old, but not while it may be being written', async () => {
    writeFileSync(lockFile, '{"command": "browser ho');
    const error = await refusal();
    expect(error.holder).toBeNull();
    expect(error.message).toBe(
      `The data folder ${dataDir} is in use by another process (its lock file ${lockFile} cannot be read). Stop it first, or use another --data-dir.`,
    );

    const old = new Date(Date.now() - 60_000);
    utimesSync(lockFile, old, old);
    await take();
    expect(lockOnDisk()).toMatchObject({ pid: process.pid });
  });

  it('does not remove a lock another process took over first from the same stale lock', async () => {
    writeLock({ pid: DEAD });
    let winner: DataLock | null = null;
    // This taker finds the stale lock, then another process takes it over before it acts.
    const error = await refusal({
      isRunning: deadOnly,
      beforeTakeOver: async () => {
        if (winner === null) winner = await take({ pid: 5678, isRunning: deadOnly });
      },
    });
    expect(winner).not.toBeNull();
    expect(error.holder).toMatchObject({ pid: 5678 });
    expect(lockOnDisk()).toMatchObject({ pid: 5678 });
    expect(readdirSync(dataDir)).toEqual([DATA_LOCK_FILE]);
  });

  it('takes over even when a process died while taking the same stale lock over', async () => {
    writeLock({ pid: DEAD, nonce: 'stale-lock' });
    // The claim a killed taker left behind, named after the lock it was taking over.
    writeFileSync(
      join(dataDir, `${DATA_LOCK_FILE}.stale-lock.takeover`),
      JSON.stringify({
        command: 'archivist sync',
        pid: DEAD,
        hostname: hostname(),
        startedAt: SINCE.toISOString(),
        nonce: 'dead-taker',
      }),
    );
    await take({ isRunning: deadOnly });
    expect(lockOnDisk()).toMatchObject({ pid: process.pid });
    expect(readdirSync(dataDir)).toEqual([DATA_LOCK_FILE]);
  });
});
