import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** What runs `PRAGMA quick_check` where the worker cannot: the app's own connection. */
export interface IntegrityConnection {
  prepare(sql: string): { pluck(): { get(): unknown } };
}

export interface IntegrityResult {
  /** `ok`, or SQLite's first lines about what is wrong. */
  result: string;
  /** Where it ran: a worker thread on a read-only connection, or the app's own connection. */
  ranIn: 'worker' | 'connection';
}

// Plain CommonJS for `eval`: it opens its own read-only connection, so the app's connection (and
// its event loop) goes on while SQLite reads the whole file.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let db = null;
try {
  const Database = require(workerData.driver);
  db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  parentPort.postMessage({ ok: true, result: String(db.prepare('PRAGMA quick_check').pluck().get()) });
} catch (error) {
  parentPort.postMessage({ ok: false, message: String((error && error.message) || error) });
} finally {
  try { if (db) db.close(); } catch {}
}
`;

function defaultDriver(): string {
  return createRequire(import.meta.url).resolve('better-sqlite3');
}

function inWorker(file: string, driver: string, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver } });
    const onAbort = () => {
      void worker.terminate();
      reject(new Error('the integrity check was stopped'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);
    worker.once('message', (message: { ok: boolean; result?: string; message?: string }) => {
      done();
      void worker.terminate();
      if (message.ok) resolve(message.result ?? '');
      else reject(new Error(message.message ?? 'the worker failed'));
    });
    worker.once('error', (error) => {
      done();
      reject(error);
    });
    worker.once('exit', (code) => {
      done();
      reject(new Error(`the worker stopped (${code})`));
    });
  });
}

/**
 * SQLite's `PRAGMA quick_check` on the database file, in a worker thread with its own read-only
 * connection: on a 50,000-show catalog it reads for about 150 ms, which on the app's connection
 * would hold up every call and event for as long. Where a worker cannot load the SQLite driver
 * (it is not where the worker looks, or worker threads are unavailable), it runs on the app's
 * connection as before; a worker that fails is never taken for a damaged database.
 */
export async function quickCheck(
  file: string,
  connection: IntegrityConnection,
  options: { driver?: string; signal?: AbortSignal } = {},
): Promise<IntegrityResult> {
  try {
    const result = await inWorker(file, options.driver ?? defaultDriver(), options.signal);
    return { result, ranIn: 'worker' };
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const result = String(connection.prepare('PRAGMA quick_check').pluck().get());
    return { result, ranIn: 'connection' };
  }
}
