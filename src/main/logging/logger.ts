import {
  appendFileSync,
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { scrubSecrets } from './scrub';

type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const SECRET_KEY = /pass(word)?|secret|token|authori[sz]ation|cookie|api[-_]?key/i;
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * Replaces the values of secret-looking keys, at any depth, before a line is written. This is a
 * second line of defence: code should not hand secrets to the logger in the first place.
 */
function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubSecrets(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: scrubSecrets(value.message) };
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? '[redacted]' : redact(v, depth + 1);
  }
  return out;
}

/** The log's file name in the logs folder; rotated copies sit beside it as `.1` (newest) to `.5`. */
export const LOG_FILE_NAME = 'archivist.log';
/** A log file is rotated when a line would take it past this size. */
export const LOG_MAX_BYTES = 5 * 1024 * 1024;
/** Rotated files kept beside the current one (`.1` … `.5`); the oldest is dropped. */
export const LOG_KEEP = 5;

/** A logger that writes a file, and says which, so the app can show it and read it back. */
export interface FileLogger extends Logger {
  /** The file it appends to (rotated beside it as `.1`, `.2`, …); null when it writes none. */
  readonly logFile: string | null;
}

/** The file a logger writes, when it is one that says so (a `FileLogger`); undefined otherwise. */
export function logFileOf(logger: Logger): string | null | undefined {
  return 'logFile' in logger ? (logger as FileLogger).logFile : undefined;
}

/** The file operations rotation uses; tests replace them to make a rename fail. */
export interface RotationFs {
  renameSync(from: string, to: string): void;
  rmSync(path: string, options: { force: boolean }): void;
}

/**
 * Renames `file` to `file.1`, shifting `.1` → `.2` … and dropping the oldest, so at most `keep`
 * old files stay beside it. Throws when a step fails; what was shifted stays shifted.
 */
export function rotateLogFiles(file: string, keep: number, fs: RotationFs = nodeRotationFs): void {
  if (keep <= 0) {
    fs.rmSync(file, { force: true });
    return;
  }
  fs.rmSync(`${file}.${keep}`, { force: true });
  for (let i = keep - 1; i >= 1; i--) {
    try {
      fs.renameSync(`${file}.${i}`, `${file}.${i + 1}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  fs.renameSync(file, `${file}.1`);
}

const nodeRotationFs: RotationFs = { renameSync, rmSync };

/**
 * JSON lines to a file (and warnings and errors to stderr), so station IT can read them. The file
 * is rotated by size: when a line would take it past `maxBytes` (5 MiB) it becomes `.1` and a new
 * one starts, `keep` (5) old ones kept. The size is counted here after one `stat` at start, not
 * read back per line. A rotation that fails (a file held open by a viewer on Windows, a read-only
 * folder) is reported once on stderr and the log goes on in the current file; it is tried again
 * after another `maxBytes`.
 */
export function createFileLogger(options: {
  file: string | null;
  level?: LogLevel;
  echo?: boolean;
  maxBytes?: number;
  keep?: number;
  /** For tests: the renames and removals of rotation. */
  fs?: RotationFs;
}): FileLogger {
  const min = LEVELS[options.level ?? 'info'];
  const file = options.file;
  const maxBytes = options.maxBytes ?? LOG_MAX_BYTES;
  const keep = options.keep ?? LOG_KEEP;
  const fs = options.fs ?? nodeRotationFs;
  /** The bytes in the current file, as far as this process knows. */
  let size = 0;
  if (file) {
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch {
      // A folder that cannot be made: the writes below fail quietly, the app goes on.
    }
    try {
      size = statSync(file).size;
    } catch {
      size = 0;
    }
  }

  function rotateIfFull(file: string, bytes: number): void {
    if (size === 0 || size + bytes <= maxBytes) return;
    try {
      rotateLogFiles(file, keep, fs);
      size = 0;
    } catch (error) {
      // Keep writing where we are; try again once another maxBytes has been written.
      size = 0;
      process.stderr.write(
        `${JSON.stringify({
          time: new Date().toISOString(),
          level: 'warn',
          message: 'the log could not be rotated; it goes on in the same file',
          file,
          error: error instanceof Error ? error.message : String(error),
        })}\n`,
      );
    }
  }

  function write(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
    if (LEVELS[level] < min) return;
    const line = JSON.stringify({
      time: new Date().toISOString(),
      level,
      message: scrubSecrets(message),
      ...(fields ? (redact(fields) as Record<string, unknown>) : {}),
    });
    if (file) {
      const text = line + '\n';
      const bytes = Buffer.byteLength(text);
      rotateIfFull(file, bytes);
      try {
        appendFileSync(file, text);
        size += bytes;
      } catch {
        // A full disk must not take the app down with it; stderr still gets errors below.
      }
    }
    if (options.echo && LEVELS[level] >= LEVELS.warn) process.stderr.write(line + '\n');
  }
  return {
    logFile: file,
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

/** What `readLogTail` reads at most, over the current file and `.1` together. */
export const LOG_TAIL_MAX_BYTES = 512 * 1024;
/** A line longer than this is cut in the tail (a logged blob should not fill an email). */
const TAIL_LINE_MAX_CHARS = 4_000;
const TAIL_CHUNK = 64 * 1024;

/**
 * The last `lines` lines of the log, oldest first: read backwards from the end of the current
 * file and, when it holds fewer, from the end of `.1` (the file rotated before it). Never more
 * than `maxBytes` are read in all, so a huge line or a huge file cannot fill memory; a line cut
 * by that bound, or longer than a few thousand characters, ends in `…`. A missing file reads as
 * empty.
 */
export function readLogTail(file: string, options: { lines: number; maxBytes?: number }): string[] {
  const wanted = Math.max(0, Math.floor(options.lines));
  let budget = options.maxBytes ?? LOG_TAIL_MAX_BYTES;
  if (wanted === 0) return [];
  const current = tailOfFile(file, wanted, budget);
  budget -= current.bytesRead;
  if (current.lines.length >= wanted || budget <= 0) return current.lines.slice(-wanted);
  const older = tailOfFile(`${file}.1`, wanted - current.lines.length, budget);
  return [...older.lines, ...current.lines].slice(-wanted);
}

function cut(line: string): string {
  return line.length > TAIL_LINE_MAX_CHARS ? `${line.slice(0, TAIL_LINE_MAX_CHARS)}…` : line;
}

/** The last `wanted` complete lines of one file, reading back from its end in chunks. */
function tailOfFile(
  file: string,
  wanted: number,
  budget: number,
): { lines: string[]; bytesRead: number } {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return { lines: [], bytesRead: 0 };
  }
  try {
    const size = fstatSync(fd).size;
    const chunks: Buffer[] = [];
    let start = size;
    let newlines = 0;
    // Read back until there are `wanted` line ends before the last line's, or the budget or the
    // start of the file is reached.
    while (start > 0 && size - start < budget && newlines <= wanted) {
      const length = Math.min(TAIL_CHUNK, start, budget - (size - start));
      const buffer = Buffer.alloc(length);
      const read = readSync(fd, buffer, 0, length, start - length);
      const chunk = buffer.subarray(0, read);
      start -= length;
      chunks.unshift(chunk);
      for (const byte of chunk) if (byte === 0x0a) newlines++;
      if (read < length) break;
    }
    const bytesRead = size - start;
    const text = Buffer.concat(chunks).toString('utf8');
    const parts = text.split('\n');
    if (parts.at(-1) === '') parts.pop();
    if (start > 0 && parts.length > 0) {
      // The first part began before what was read: a piece of a line.
      if (parts.length === 1) {
        // One line longer than the budget: its end is all there is.
        return { lines: [`…${cut(parts[0]!)}`], bytesRead };
      }
      parts.shift();
    }
    return { lines: parts.slice(-wanted).map(cut), bytesRead };
  } finally {
    closeSync(fd);
  }
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
