import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base } from '@playwright/test';

export interface RunningApp {
  /** The address with its token, as the host printed it. */
  openUrl: string;
  dataDir: string;
  output(): string;
}

const root = resolve(import.meta.dirname, '..');

/**
 * Starts `archivist serve` as a separate process, exactly as an operator or station IT would, with
 * its own data folder, and stops it after the test.
 */
export async function startApp(options: {
  demo?: boolean;
  env?: Record<string, string>;
  dataDir?: string;
  /** Shows seeded into the demo server (300 unless a test needs a bigger station). */
  demoShows?: number;
}): Promise<RunningApp & { stop(): Promise<void> }> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'archivist-e2e-'));
  const args = [
    'bin/archivist.js',
    'serve',
    '--data-dir',
    dataDir,
    '--demo-shows',
    String(options.demoShows ?? 300),
  ];
  if (options.demo) args.push('--demo');
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('CABLECAST_')) env[k] = v;
  }
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    env: { ...env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const openUrl = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`archivist serve did not start:\n${output}`)),
      30_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Open: (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolvePromise(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`archivist serve exited with ${code}:\n${output}`));
    });
  });
  return {
    openUrl,
    dataDir,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const test = base.extend<{ demoApp: RunningApp; emptyApp: RunningApp }>({
  demoApp: async ({}, use) => {
    const app = await startApp({ demo: true });
    await use(app);
    await app.stop();
  },
  emptyApp: async ({}, use) => {
    const app = await startApp({});
    await use(app);
    await app.stop();
  },
});

export { expect } from '@playwright/test';
