import { spawn } from 'node:child_process';

/** What one storage folder looked like to the probe. */
export interface FolderProbe {
  path: string;
  exists: boolean;
  isDirectory: boolean;
  readable: boolean;
  writable: boolean;
  /** On another device than its parent folder: a mount point (or under one). */
  mountPoint: boolean;
  freeBytes: number | null;
  /** The first thing that failed, in the system's words. */
  error: string | null;
}

/**
 * The probe runs in a child process: a `stat` on a dead network share can hang in the kernel,
 * and in this process it would hold one of libuv's few threads (and with them every file read of
 * the app). A child that does not answer in time is killed and abandoned.
 */
export const PROBE_SOURCE = String.raw`
const fs = require('node:fs');
const path = require('node:path');
const paths = JSON.parse(process.argv[process.argv.length - 1]);
const out = [];
for (const p of paths) {
  const r = { path: p, exists: false, isDirectory: false, readable: false, writable: false,
    mountPoint: false, freeBytes: null, error: null };
  try {
    const st = fs.statSync(p);
    r.exists = true;
    r.isDirectory = st.isDirectory();
    try { r.mountPoint = fs.statSync(path.dirname(p)).dev !== st.dev; } catch {}
    fs.readdirSync(p);
    r.readable = true;
    const probe = path.join(p, '.archivist-health-' + process.pid);
    fs.writeFileSync(probe, 'probe');
    fs.unlinkSync(probe);
    r.writable = true;
  } catch (e) { r.error = e && e.code ? e.code + ': ' + e.message : String(e); }
  try { const s = fs.statfsSync(p); r.freeBytes = Number(s.bavail) * Number(s.bsize); } catch {}
  out.push(r);
}
process.stdout.write(JSON.stringify(out), () => process.exit(0));
`;

export type StorageProber = (paths: readonly string[], timeoutMs: number) => Promise<FolderProbe[]>;

/** A probe started in another process: what it writes, and how it ends. */
export interface ProbeChild {
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  kill(): void;
  /** Stops waiting for it: a child stuck in the kernel may never exit. */
  abandon(): void;
  onExit(listener: (code: number | null) => void): void;
  onError(listener: (error: Error) => void): void;
}

/** Starts the probe's source with its one argument in a process that can be abandoned. */
export type ProbeLauncher = (source: string, argument: string) => ProbeChild;

/**
 * Plain Node (the command line, the browser host): `node -e <source> <argument>`. The desktop app
 * uses Electron's utility process instead, which needs no ELECTRON_RUN_AS_NODE (a packaged build
 * turns that off with a fuse).
 */
export function nodeProbeLauncher(execPath = process.execPath): ProbeLauncher {
  return (source, argument) => {
    const child = spawn(execPath, ['-e', source, argument], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return {
      stdout: child.stdout,
      stderr: child.stderr,
      kill: () => child.kill('SIGKILL'),
      abandon: () => child.unref(),
      onExit: (listener) => child.once('exit', listener),
      onError: (listener) => child.once('error', listener),
    };
  };
}

/** Probes folders in another process, killed and abandoned when it does not answer in time. */
export function processProber(launch: ProbeLauncher): StorageProber {
  return (paths, timeoutMs) =>
    new Promise((resolve, reject) => {
      if (paths.length === 0) {
        resolve([]);
        return;
      }
      const child = launch(PROBE_SOURCE, JSON.stringify(paths));
      let out = '';
      let err = '';
      const timer = setTimeout(() => {
        child.kill();
        // A child stuck in the kernel may never exit: it is abandoned, not waited for.
        child.abandon();
        reject(
          new Error(
            `The storage check did not finish within ${timeoutMs / 1000} s (a network share that does not answer?).`,
          ),
        );
      }, timeoutMs);
      child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
      child.onError((error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.onExit((code) => {
        clearTimeout(timer);
        if (code !== 0) {
          reject(
            new Error(
              `The storage check stopped (${code ?? 'killed'}): ${err.trim().slice(0, 300)}`,
            ),
          );
          return;
        }
        try {
          resolve(JSON.parse(out) as FolderProbe[]);
        } catch {
          reject(new Error('The storage check answered something unreadable.'));
        }
      });
    });
}

/** Probes folders in a child Node process. */
export function childProcessProber(execPath = process.execPath): StorageProber {
  return processProber(nodeProbeLauncher(execPath));
}
