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
const PROBE_SOURCE = String.raw`
const fs = require('node:fs');
const path = require('node:path');
const paths = JSON.parse(process.argv[1]);
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
process.stdout.write(JSON.stringify(out));
`;

export type StorageProber = (paths: readonly string[], timeoutMs: number) => Promise<FolderProbe[]>;

/** Probes folders in a child Node process (Electron runs as Node for it); null on a timeout. */
export function childProcessProber(execPath = process.execPath): StorageProber {
  return (paths, timeoutMs) =>
    new Promise((resolve, reject) => {
      if (paths.length === 0) {
        resolve([]);
        return;
      }
      const child = spawn(execPath, ['-e', PROBE_SOURCE, JSON.stringify(paths)], {
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        // A child stuck in the kernel may never exit: it is abandoned, not waited for.
        child.unref();
        reject(
          new Error(
            `The storage check did not finish within ${timeoutMs / 1000} s (a network share that does not answer?).`,
          ),
        );
      }, timeoutMs);
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('exit', (code) => {
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
