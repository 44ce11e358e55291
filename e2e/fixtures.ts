import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
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
  /** False: no sample recordings folder is added by `--demo` (a test adds its own). */
  demoSamples?: boolean;
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
  if (options.demoSamples === false) args.push('--demo-samples', 'false');
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

export interface RunningSimulator {
  /** The server's address, as an operator would enter it in Settings. */
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `archivist sim` as a separate process (a stand-in for the station's Cablecast server, as
 * station IT would run it for a demo) with the given options, and reads its address.
 */
export async function startSimulatorProcess(args: string[]): Promise<RunningSimulator> {
  const child: ChildProcess = spawn(process.execPath, ['bin/archivist.js', 'sim', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`archivist sim did not start:\n${output}`)),
      30_000,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Cablecast simulator on (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolvePromise(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`archivist sim exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Starts the app with a simulator process as its Cablecast server, set up as station IT would with
 * the original system's variables (the password goes to the keychain). Stops the server if the app
 * does not start.
 */
export async function startAppOn(
  server: RunningSimulator,
  account: 'admin' | 'operator' = 'admin',
): Promise<RunningApp & { stop(): Promise<void> }> {
  try {
    return await startApp({
      env: {
        CABLECAST_API_URL: server.url,
        CABLECAST_USER_ID: account,
        CABLECAST_PASSWORD: account,
      },
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/**
 * Writes the sample recordings (`archivist samples`) into a new temporary folder, linked to the
 * demo catalog of `shows` shows; returns the folder and how to remove it.
 */
export function writeSampleRecordings(shows = 300): { dir: string; remove(): void } {
  const parent = mkdtempSync(join(tmpdir(), 'archivist-samples-'));
  const dir = join(parent, 'recordings');
  execFileSync(process.execPath, ['bin/archivist.js', 'samples', dir, '--shows', String(shows)], {
    cwd: root,
    stdio: 'pipe',
    timeout: 120_000,
  });
  return { dir, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

export const test = base.extend<{
  demoApp: RunningApp;
  emptyApp: RunningApp;
  /** The demo server, without its automatic sample folder, and a folder of sample recordings. */
  samplesApp: RunningApp & { samplesDir: string };
}>({
  demoApp: async ({}, use) => {
    const app = await startApp({ demo: true, demoSamples: false });
    await use(app);
    await app.stop();
  },
  emptyApp: async ({}, use) => {
    const app = await startApp({});
    await use(app);
    await app.stop();
  },
  samplesApp: async ({}, use) => {
    const samples = writeSampleRecordings();
    const app = await startApp({ demo: true, demoSamples: false });
    await use({ ...app, samplesDir: samples.dir });
    await app.stop();
    samples.remove();
  },
});

export { expect } from '@playwright/test';
