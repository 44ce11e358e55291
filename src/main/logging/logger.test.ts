import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  LOG_FILE_NAME,
  LOG_KEEP,
  LOG_MAX_BYTES,
  createFileLogger,
  logFileOf,
  readLogTail,
  silentLogger,
  type RotationFs,
} from './logger';

/*
 * The log file as station IT finds it: JSON lines in real files in a temporary folder, rotated by
 * size into `.1` … `.N`, and read back from the end for the diagnostics report.
 */

const folders: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function logsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'archivist-logs-'));
  folders.push(dir);
  return dir;
}

function messages(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (JSON.parse(l) as { message: string }).message);
}

/** `line 007`-style messages, each line of the file the same length. */
const name = (i: number) => `line ${String(i).padStart(3, '0')}`;

describe('the file logger', () => {
  it('says which file it writes, and five files of 5 MiB by default', () => {
    const dir = logsDir();
    const file = join(dir, 'logs', LOG_FILE_NAME);
    const logger = createFileLogger({ file });
    expect(logger.logFile).toBe(file);
    expect(logFileOf(logger)).toBe(file);
    expect(logFileOf(silentLogger)).toBeUndefined();
    expect(createFileLogger({ file: null }).logFile).toBeNull();
    expect([LOG_MAX_BYTES, LOG_KEEP]).toEqual([5 * 1024 * 1024, 5]);
    logger.info('hello');
    expect(messages(file)).toEqual(['hello']);
  });

  it('rotates by size: the newest old file is .1, and only `keep` are kept', () => {
    const dir = logsDir();
    const file = join(dir, LOG_FILE_NAME);
    // Each line is the same length; a file holds exactly three of them.
    const probeFile = join(logsDir(), 'probe.log');
    createFileLogger({ file: probeFile }).info(name(0));
    const lineBytes = readFileSync(probeFile).length;
    const logger = createFileLogger({ file, maxBytes: lineBytes * 3, keep: 2 });
    for (let i = 1; i <= 10; i++) logger.info(name(i));

    expect(readdirSync(dir).sort()).toEqual([
      LOG_FILE_NAME,
      `${LOG_FILE_NAME}.1`,
      `${LOG_FILE_NAME}.2`,
    ]);
    expect(messages(file)).toEqual([name(10)]);
    expect(messages(`${file}.1`)).toEqual([name(7), name(8), name(9)]);
    expect(messages(`${file}.2`)).toEqual([name(4), name(5), name(6)]);
    // Lines 1 to 3 were in the file dropped when the third rotation needed room.
    expect(existsSync(`${file}.3`)).toBe(false);
  });

  it('counts a file it finds at start, and rotates it when full', () => {
    const file = join(logsDir(), LOG_FILE_NAME);
    writeFileSync(file, `${'x'.repeat(90)}\n`);
    const logger = createFileLogger({ file, maxBytes: 100 });
    logger.info('first line of this run');
    expect(readFileSync(`${file}.1`, 'utf8')).toBe(`${'x'.repeat(90)}\n`);
    expect(messages(file)).toEqual(['first line of this run']);
  });

  it('goes on in the same file when a rotation fails, and tries again later', () => {
    const file = join(logsDir(), LOG_FILE_NAME);
    let failing = true;
    const fs: RotationFs = {
      renameSync: () => {
        if (failing) throw Object.assign(new Error('EBUSY: resource busy'), { code: 'EBUSY' });
      },
      rmSync: () => undefined,
    };
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    // Lines of about 70 bytes: two fit in 150.
    const logger = createFileLogger({ file, maxBytes: 150, fs });
    for (let i = 1; i <= 4; i++) logger.info(name(i));
    expect(messages(file)).toEqual([name(1), name(2), name(3), name(4)]);
    // Tried when the third line needed room, then not again until another 150 bytes.
    const warned = stderr.mock.calls.filter(([text]) => String(text).includes('rotated'));
    expect(warned).toHaveLength(1);
    expect(String(warned[0]![0])).toContain('EBUSY');
    failing = false;
    const calls = vi.fn(fs.renameSync);
    fs.renameSync = calls;
    for (let i = 5; i <= 8; i++) logger.info(name(i));
    expect(calls).toHaveBeenCalledWith(file, `${file}.1`);
  });

  it('blanks a credential quoted in a message or a field: an address with a token, a password in a URL', () => {
    const file = join(logsDir(), 'archivist.log');
    const logger = createFileLogger({ file });
    logger.info('webhook endpoint added https://hooks.example/in?token=t0p-s3cret&x=1', {
      url: 'https://ops:pa55word@flex.example/CablecastAPI/v1',
      error: new Error('request to https://hooks.example/in?signature=s1g-value failed'),
    });
    const all = readFileSync(file, 'utf8');
    expect(all).not.toContain('t0p-s3cret');
    expect(all).not.toContain('pa55word');
    expect(all).not.toContain('s1g-value');
    expect(all).toContain('https://hooks.example/in?token=[redacted]&x=1');
    expect(all).toContain('https://[redacted]@flex.example/CablecastAPI/v1');
  });

  it('still redacts a secret handed to it in fields, at any depth', () => {
    const file = join(logsDir(), LOG_FILE_NAME);
    const logger = createFileLogger({ file, maxBytes: 200, keep: 3 });
    for (let i = 0; i < 5; i++) {
      logger.warn('signing in', {
        user: 'ops',
        password: 'hunter2-secret',
        nested: { clientSecret: 'idp-secret-value', headers: { Authorization: 'Bearer abc' } },
      });
    }
    const all = [file, `${file}.1`, `${file}.2`]
      .filter((f) => existsSync(f))
      .map((f) => readFileSync(f, 'utf8'))
      .join('');
    expect(all).toContain('"user":"ops"');
    expect(all).toContain('"password":"[redacted]"');
    expect(all).not.toContain('hunter2-secret');
    expect(all).not.toContain('idp-secret-value');
    expect(all).not.toContain('Bearer abc');
  });
});

describe('the log tail', () => {
  it('reads the last lines from the end, and from .1 when the file has fewer', () => {
    const file = join(logsDir(), LOG_FILE_NAME);
    writeFileSync(`${file}.2`, 'never read\n');
    writeFileSync(`${file}.1`, ['a1', 'a2', 'a3', 'a4'].join('\n') + '\n');
    writeFileSync(file, ['b1', 'b2'].join('\n') + '\n');
    expect(readLogTail(file, { lines: 2 })).toEqual(['b1', 'b2']);
    expect(readLogTail(file, { lines: 1 })).toEqual(['b2']);
    expect(readLogTail(file, { lines: 5 })).toEqual(['a2', 'a3', 'a4', 'b1', 'b2']);
    expect(readLogTail(file, { lines: 50 })).toEqual(['a1', 'a2', 'a3', 'a4', 'b1', 'b2']);
    expect(readLogTail(join(logsDir(), 'missing.log'), { lines: 5 })).toEqual([]);
  });

  it('follows a rotation made by the logger', () => {
    const file = join(logsDir(), LOG_FILE_NAME);
    // About 72 bytes a line: four to a file.
    const logger = createFileLogger({ file, maxBytes: 300 });
    for (let i = 1; i <= 12; i++) logger.info(name(i));
    expect(messages(file)).toEqual([9, 10, 11, 12].map(name));
    expect(messages(`${file}.1`)).toEqual([5, 6, 7, 8].map(name));
    const tail = readLogTail(file, { lines: 6 }).map(
      (l) => (JSON.parse(l) as { message: string }).message,
    );
    expect(tail).toEqual([7, 8, 9, 10, 11, 12].map(name));
  });

  it('reads a big file from its end only', () => {
    const file = join(logsDir(), LOG_FILE_NAME);
    const lines = Array.from({ length: 50_000 }, (_, i) => `entry ${i}`);
    writeFileSync(file, lines.join('\n') + '\n');
    expect(readLogTail(file, { lines: 3 })).toEqual(['entry 49997', 'entry 49998', 'entry 49999']);
    // Bounded in bytes: 100 bytes hold only the last few whole lines of the 200 asked for.
    const bounded = readLogTail(file, { lines: 200, maxBytes: 100 });
    expect(bounded.length).toBeGreaterThan(3);
    expect(bounded.length).toBeLessThan(12);
    expect(bounded.at(-1)).toBe('entry 49999');
    expect(bounded.every((l) => /^entry \d+$/.test(l))).toBe(true);
  });

  it('keeps a huge line to its bounded end, and cuts a long one', () => {
    const file = join(logsDir(), LOG_FILE_NAME);
    writeFileSync(file, `small\n${'y'.repeat(2_000_000)}\n`);
    const [only, ...rest] = readLogTail(file, { lines: 10, maxBytes: 64 * 1024 });
    expect(rest).toEqual([]);
    expect(only!.startsWith('…y')).toBe(true);
    expect(only!.length).toBeLessThan(5_000);
    writeFileSync(file, `small\n${'z'.repeat(10_000)}\nlast\n`);
    const tail = readLogTail(file, { lines: 10 });
    expect(tail[0]).toBe('small');
    expect(tail[1]).toMatch(/^z{4000}…$/);
    expect(tail[2]).toBe('last');
  });
});
