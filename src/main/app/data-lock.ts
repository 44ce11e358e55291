import { errorCode } from '../../shared/errors';
import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../shared/result';

/**
 * One process per data folder. Two processes writing one folder (the desktop app and
 * `archivist sync`, or two browser hosts) would interleave their writes to the sync's bookkeeping,
 * so every shell that opens the core takes this lock first and releases it after the core is
 * disposed.
 *
 * The lock is a file created atomically with its whole content (written beside it, then hard-linked
 * into place, so nobody ever reads a half-written lock). A lock whose process has died on this
 * computer is stale and is taken over; one held from another computer (a data folder on a network
 * share) is never taken, because its process cannot be checked from here.
 */
export const DATA_LOCK_FILE = 'archivist.lock';

/** Who holds a data folder, as written in its lock file. */
export interface DataLockHolder {
  /** What holds it, in words: `desktop app`, `browser host`, `archivist sync`. */
  command: string;
  pid: number;
  hostname: string;
  /** ISO time the lock was taken. */
  startedAt: string;
}

interface LockRecord extends DataLockHolder {
  /** Tells this lock apart from any other, even one later taken by a process with the same id. */
  nonce: string;
}

export interface DataLock {
  readonly file: string;
  readonly holder: DataLockHolder;
  /** Removes the lock file if it is still ours. Safe to call more than once. */
  release(): void;
}

export interface DataLockOptions {
  dataDir: string;
  /** What takes the lock, as the refusal names it to whoever comes next. */
  command: string;
  /** What the refused operator should do; default: stop it or use another `--data-dir`. */
  remedy?: string;
  /** Whether a process of this computer is running (tests replace it). */
  isRunning?: (pid: number) => boolean;
  hostname?: string;
  pid?: number;
  now?: () => Date;
  /** Called once a stale lock is found, before taking it over; lets a test race another taker. */
  beforeTakeOver?: () => void | Promise<void>;
}

const DEFAULT_REMEDY = 'Stop it first, or use another --data-dir.';

/** A lock file that cannot be parsed is taken for one being written until it is this old. */
const UNREADABLE_GRACE_MS = 2_000;
/** Bounds the loop when a lock keeps changing under us; each round is a few file operations. */
const MAX_ROUNDS = 100;

/** The data folder is held by another process; the message names it and says what to do. */
export class DataFolderInUseError extends AppError {
  override readonly name = 'DataFolderInUseError';
  constructor(
    readonly dataDir: string,
    /** Null when the lock file could not be read. */
    readonly holder: DataLockHolder | null,
    message: string,
  ) {
    super('CONFLICT', message);
  }
}

type Observed =
  | { kind: 'missing' }
  | { kind: 'record'; record: LockRecord; identity: string }
  | { kind: 'unreadable'; identity: string; ageMs: number };

interface Context {
  record: LockRecord;
  content: string;
  hostname: string;
  isRunning: (pid: number) => boolean;
  now: () => Date;
  beforeTakeOver?: () => void | Promise<void>;
}

/**
 * Takes the data folder's lock, or throws `DataFolderInUseError` naming the process that holds it.
 */
export async function acquireDataLock(options: DataLockOptions): Promise<DataLock> {
  mkdirSync(options.dataDir, { recursive: true });
  const file = join(options.dataDir, DATA_LOCK_FILE);
  const now = options.now ?? (() => new Date());
  const hostname = options.hostname ?? osHostname();
  const record: LockRecord = {
    command: options.command,
    pid: options.pid ?? process.pid,
    hostname,
    startedAt: now().toISOString(),
    nonce: randomUUID(),
  };
  const context: Context = {
    record,
    content: `${JSON.stringify(record, null, 2)}\n`,
    hostname,
    isRunning: options.isRunning ?? isProcessRunning,
    now,
    ...(options.beforeTakeOver ? { beforeTakeOver: options.beforeTakeOver } : {}),
  };

  const outcome = await takeExclusive(file, context);
  if (outcome !== null) {
    throw refusal(options.dataDir, file, outcome, hostname, options.remedy ?? DEFAULT_REMEDY);
  }

  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off('exit', release);
    removeIfOurs(file, record.nonce);
  };
  // A shell that exits without disposing (an uncaught error, `app.exit`) still frees the folder.
  process.once('exit', release);
  const { nonce: _nonce, ...holder } = record;
  return { file, holder, release };
}

/** Whether `pid` is a running process on this computer. */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, but belongs to another user.
    return errorCode(error) !== 'ESRCH';
  }
}

/**
 * Creates `file` with our record unless someone live holds it; returns null when taken, or what
 * holds it. A stale holder is removed under a claim file named after that very lock, taken with
 * this same function: only one process can hold the claim for a given stale lock, and it removes
 * the lock only if the file is still that lock, so two processes taking over at once never remove
 * each other's fresh lock. A claimant killed mid-way leaves a stale claim, taken over the same way.
 */
async function takeExclusive(
  file: string,
  context: Context,
): Promise<Exclude<Observed, { kind: 'missing' }> | null> {
  let last: Exclude<Observed, { kind: 'missing' }> | null = null;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (createWithContent(file, context)) return null;
    const seen = observe(file, context.now());
    if (seen.kind === 'missing') continue;
    last = seen;
    if (!isStale(seen, context)) {
      // A lock being written (only where hard links are unavailable) becomes readable at once.
      if (seen.kind === 'unreadable' && round < 10) {
        await sleep(20);
        continue;
      }
      return seen;
    }
    await context.beforeTakeOver?.();
    await removeStale(file, seen.identity, context);
  }
  return last;
}

async function removeStale(file: string, identity: string, context: Context): Promise<void> {
  const claim = `${file}.${identity}.takeover`;
  if ((await takeExclusive(claim, context)) !== null) {
    // Another live process is taking this one over; see what it leaves.
    await sleep(10);
    return;
  }
  try {
    const now = observe(file, context.now());
    // While we hold the claim nobody else removes this lock, and nobody creates one over it.
    if (now.kind !== 'missing' && now.identity === identity) rmSync(file, { force: true });
  } finally {
    removeIfOurs(claim, context.record.nonce);
  }
}

function isStale(seen: Exclude<Observed, { kind: 'missing' }>, context: Context): boolean {
  if (seen.kind === 'unreadable') return seen.ageMs > UNREADABLE_GRACE_MS;
  const { record } = seen;
  // A process on another computer cannot be checked from here: its lock is never taken.
  if (record.hostname !== context.hostname) return false;
  return !context.isRunning(record.pid);
}

/** Creates `file` holding the whole record at once; false if it exists. */
function createWithContent(file: string, context: Context): boolean {
  const temp = `${file}.${context.record.nonce}.tmp`;
  writeFileSync(temp, context.content);
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST') return false;
    // Some file systems (FAT, some network shares) have no hard links: exclusive create instead.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS' || code === 'EOPNOTSUPP') {
      try {
        writeFileSync(file, context.content, { flag: 'wx' });
        return true;
      } catch (fallbackError) {
        if (errorCode(fallbackError) === 'EEXIST') return false;
        throw fallbackError;
      }
    }
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

function observe(file: string, now: Date): Observed {
  let text: string;
  let stats: { ino: number; mtimeMs: number };
  try {
    stats = statSync(file);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  const record = parseRecord(text);
  if (record) return { kind: 'record', record, identity: record.nonce };
  return {
    kind: 'unreadable',
    identity: `unreadable-${stats.ino}-${Math.trunc(stats.mtimeMs)}`,
    ageMs: now.getTime() - stats.mtimeMs,
  };
}

function parseRecord(text: string): LockRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (
    typeof v.command !== 'string' ||
    typeof v.pid !== 'number' ||
    !Number.isInteger(v.pid) ||
    typeof v.hostname !== 'string' ||
    typeof v.startedAt !== 'string' ||
    typeof v.nonce !== 'string' ||
    !/^[\w-]+$/.test(v.nonce)
  ) {
    return null;
  }
  return {
    command: v.command,
    pid: v.pid,
    hostname: v.hostname,
    startedAt: v.startedAt,
    nonce: v.nonce,
  };
}

function removeIfOurs(file: string, nonce: string): void {
  try {
    if (parseRecord(readFileSync(file, 'utf8'))?.nonce === nonce) rmSync(file, { force: true });
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
}

function refusal(
  dataDir: string,
  file: string,
  seen: Exclude<Observed, { kind: 'missing' }>,
  hostname: string,
  remedy: string,
): DataFolderInUseError {
  if (seen.kind === 'unreadable') {
    return new DataFolderInUseError(
      dataDir,
      null,
      `The data folder ${dataDir} is in use by another process (its lock file ${file} cannot be read). ${remedy}`,
    );
  }
  const { nonce: _nonce, ...holder } = seen.record;
  const elsewhere = holder.hostname !== hostname;
  const where = elsewhere ? ` on ${holder.hostname}` : '';
  const message =
    `The data folder ${dataDir} is in use by ${describeCommand(holder.command)} ` +
    `(process ${holder.pid}${where}, since ${formatSince(holder.startedAt)}). ` +
    (elsewhere
      ? `It runs on another computer, where Archivist cannot check it, so its lock is left alone. ${remedy}`
      : remedy);
  return new DataFolderInUseError(dataDir, holder, message);
}

/** `browser host` → `the browser host`; a command line (`archivist sync`) reads as it is. */
function describeCommand(command: string): string {
  return command.startsWith('archivist') ? command : `the ${command}`;
}

/** Local time to the minute (`2026-12-03 18:40`), as an operator reads a clock. */
function formatSince(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
