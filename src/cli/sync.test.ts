import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataLock, DATA_LOCK_FILE } from '../main/app/data-lock';
import { silentLogger } from '../main/logging/logger';
import { MemorySecretStore } from '../main/secrets/memory-secret-store';
import { startSimulator, type Simulator } from '../main/simulator';
import { main } from './main';

let dataDir: string;
let sim: Simulator;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'archivist-cli-'));
  sim = await startSimulator({ seed: { shows: 120, randomSeed: 4, until: '2026-06-30T23:59:59' } });
});

afterEach(async () => {
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** `archivist sync ...` in this process, with the station's settings in the environment. */
async function sync(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['sync', '--data-dir', dataDir, ...args], {
    out: (text) => (out += text),
    err: (text) => (err += text),
    platform: {
      env: { CABLECAST_API_URL: sim.url, CABLECAST_USER_ID: 'admin', CABLECAST_PASSWORD: 'admin' },
      secrets: new MemorySecretStore(),
      logger: silentLogger,
    },
  });
  return { code, out, err };
}

describe('archivist sync', () => {
  it('syncs with the app settings, printing progress, then syncs only what changed', async () => {
    const full = await sync('--full');
    expect(full.err).toBe('');
    expect(full.code).toBe(0);
    expect(full.out).toContain(`Syncing the show catalog from ${sim.url} (full, all locations).`);
    expect(full.out).toContain('fetching shows...');
    expect(full.out).toContain('120 of 120 shows (100%)');
    expect(full.out).toMatch(
      /Done in [\d.]+ s: 120 shows in the catalog \(120 added, 0 updated, 0 deleted\)\./,
    );

    const id = [...sim.data.showIds()][7]!;
    sim.data.updateShow(id, { title: 'Edited for the command line' });
    const incremental = await sync();
    expect(incremental.code).toBe(0);
    expect(incremental.out).toContain('(incremental, all locations)');
    expect(incremental.out).toMatch(/120 shows in the catalog \(0 added, 1 updated, 0 deleted\)/);
  });

  it('prints the shows it had to skip', async () => {
    const broken = [...sim.data.showIds()][3]!;
    sim.data.breakShow(broken, 'reels', 'x');
    const result = await sync('--full');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      new RegExp(
        `warning: Show ${broken} was skipped: shows\\[\\d+\\]\\.reels expected a list, got string\\.`,
      ),
    );
    expect(result.out).toContain(
      '119 shows in the catalog (119 added, 0 updated, 0 deleted, 1 skipped)',
    );
  });

  it('exits non-zero with the reason when the server cannot be reached', async () => {
    await sim.close();
    const result = await sync('--full');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(
      /^Sync failed after [\d.]+ s: .*Could not reach Cablecast at http:\/\/127\.0\.0\.1:\d+ \(connection refused\)/,
    );
    expect(result.err).toContain('What was written before it stopped is kept');
  });

  it('frees the data folder when it ends', async () => {
    expect((await sync('--full')).code).toBe(0);
    expect(existsSync(join(dataDir, DATA_LOCK_FILE))).toBe(false);
    expect((await sync()).code).toBe(0);
  });

  it('stops before opening anything when another process holds the data folder', async () => {
    const holder = await acquireDataLock({ dataDir, command: 'desktop app' });
    try {
      const result = await sync('--full');
      expect(result.code).toBe(1);
      expect(result.out).toBe('');
      expect(result.err).toMatch(
        new RegExp(
          `^archivist: The data folder .* is in use by the desktop app \\(process ${process.pid}, since .*\\)\\. Stop it first, or use another --data-dir\\.\\n$`,
        ),
      );
      expect(existsSync(join(dataDir, 'archivist.sqlite'))).toBe(false);
    } finally {
      holder.release();
    }
  });

  it('refuses unknown options', async () => {
    const result = await sync('--fast');
    expect(result.code).toBe(2);
    expect(result.err).toContain('Unknown option --fast.');
  });
});
