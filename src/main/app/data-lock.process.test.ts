import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATA_LOCK_FILE } from './data-lock';

// Real processes on one data folder: the holder is killed with SIGKILL, so nothing of it runs to
// clean up, exactly as when a station machine loses power or an operator kills a hung process.

const root = fileURLToPath(new URL('../../..', import.meta.url));
const lockModule = fileURLToPath(new URL('./data-lock.ts', import.meta.url));

let dataDir: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'archivist-lock-process-'));
});

afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  rmSync(dataDir, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  output(): string;
  /** Resolves with the first output line that matches. */
  waitFor(pattern: RegExp): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(args: string[]): Running {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  const onData = (chunk: Buffer): void => {
    output += chunk.toString();
    for (const waiter of [...waiters]) {
      const match = waiter.pattern.exec(output);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match[0]);
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => output,
    exited,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const match = pattern.exec(output);
        if (match) return resolve(match[0]);
        waiters.push({ pattern, resolve });
        void exited.then(() =>
          setTimeout(() => reject(new Error(`exited before ${pattern}:\n${output}`)), 50),
        );
      }),
  };
}

/**
 * A process that takes the lock as `command` and holds it until SIGTERM (then releases it, as the
 * shells do), or for `holdMs`. With `goFile`, it waits for that file to appear before trying, so
 * several can try at the same moment.
 */
function lockTaker(
  command: string,
  options: { goFile?: string; holdMs?: number; takeOverPauseMs?: number } = {},
): Running {
  const script = `
    import { existsSync } from 'node:fs';
    const { acquireDataLock } = await import(${JSON.stringify(lockModule)});
    const goFile = ${JSON.stringify(options.goFile ?? null)};
    if (goFile) {
      console.log('ready');
      while (!existsSync(goFile)) await new Promise((r) => setTimeout(r, 1));
    }
    let lock;
    try {
      lock = await acquireDataLock({
        dataDir: ${JSON.stringify(dataDir)},
        command: ${JSON.stringify(command)},
        // Holds each taker between seeing a stale lock and acting on it, so that all of them act
        // on the same stale lock rather than one finishing before the others look.
        beforeTakeOver: () => new Promise((r) => setTimeout(r, ${options.takeOverPauseMs ?? 0})),
      });
    } catch (error) {
      console.log('refused: ' + error.message);
      process.exit(3);
    }
    process.once('SIGTERM', () => { lock.release(); process.exit(0); });
    console.log('held by ' + process.pid);
    setTimeout(() => { lock.release(); process.exit(0); }, ${options.holdMs ?? 600_000});
  `;
  return run(['--import', 'tsx', '--input-type=module', '-e', script]);
}

function lockOnDisk(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dataDir, DATA_LOCK_FILE), 'utf8')) as Record<string, unknown>;
}

describe('one process per data folder', () => {
  it('refuses a second process naming the holder, and takes over once the holder is killed', async () => {
    const holder = lockTaker('browser host');
    await holder.waitFor(/held by \d+/);
    const holderPid = holder.child.pid;
    expect(lockOnDisk()).toMatchObject({ command: 'browser host', pid: holderPid });

    // `archivist sync` on the same folder stops before opening anything.
    const sync = run(['bin/archivist.js', 'sync', '--data-dir', dataDir]);
    expect((await sync.exited).code).toBe(1);
    expect(sync.output()).toMatch(
      new RegExp(
        `^archivist: The data folder ${dataDir} is in use by the browser host \\(process ${holderPid}, since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\)\\. Stop it first, or use another --data-dir\\.\\n$`,
      ),
    );
    expect(lockOnDisk()).toMatchObject({ pid: holderPid });

    holder.child.kill('SIGKILL');
    expect((await holder.exited).signal).toBe('SIGKILL');
    // Its lock is still there, naming a process that no longer exists …
    expect(lockOnDisk()).toMatchObject({ pid: holderPid });

    // … and the next process takes it over.
    const next = lockTaker('archivist sync');
    await next.waitFor(/held by \d+/);
    expect(lockOnDisk()).toMatchObject({ command: 'archivist sync', pid: next.child.pid });

    // Stopped the ordinary way, it leaves the folder free.
    next.child.kill('SIGTERM');
    expect((await next.exited).code).toBe(0);
    expect(() => lockOnDisk()).toThrow(/ENOENT/);
  });

  it('lets exactly one of several processes take over the same stale lock', async () => {
    // A lock left by a process that has exited.
    const gone = run(['-e', '']);
    await gone.exited;
    writeFileSync(
      join(dataDir, DATA_LOCK_FILE),
      JSON.stringify({
        command: 'desktop app',
        pid: gone.child.pid,
        hostname: hostname(),
        startedAt: new Date().toISOString(),
        nonce: 'killed-holder',
      }),
    );

    const goFile = join(dataDir, 'go');
    const takers = [1, 2, 3].map(() =>
      lockTaker('archivist sync', { goFile, holdMs: 3_000, takeOverPauseMs: 200 }),
    );
    await Promise.all(takers.map((t) => t.waitFor(/ready/)));
    writeFileSync(goFile, '');
    const outcomes = await Promise.all(takers.map((t) => t.waitFor(/held by \d+|refused: .*/)));

    const winners = outcomes.filter((line) => line.startsWith('held by'));
    expect(winners).toHaveLength(1);
    const winnerPid = Number(winners[0]!.slice('held by '.length));
    for (const line of outcomes.filter((l) => l.startsWith('refused'))) {
      expect(line).toContain(`is in use by archivist sync (process ${winnerPid}, since`);
    }
    expect(lockOnDisk()).toMatchObject({ pid: winnerPid });
  });
});
