/**
 * The health checks while a storage folder hangs: the check is reported at its timeout, and the
 * app's event loop keeps answering meanwhile (the folders are probed in a child process). The
 * reference is the same run with every folder answering.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createCore } from '../../src/main/app/core';
import { childProcessProber } from '../../src/main/health/storage-probe';
import { localCaller } from '../../src/main/contract/caller';
import { silentLogger } from '../../src/main/logging/logger';
import { MemorySecretStore } from '../../src/main/secrets/memory-secret-store';
import { figure, type BenchFigure } from './harness';

async function measure(
  hang: boolean,
): Promise<{ p99Ms: number; maxMs: number; checkMs: number; state: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'archivist-bench-health-'));
  try {
    const folder = join(dir, 'recordings');
    mkdirSync(folder);
    // A "Node" that never answers stands for a probe stuck on a dead share.
    const stuck = join(dir, 'stuck-node.sh');
    writeFileSync(stuck, '#!/bin/sh\nsleep 60\n');
    chmodSync(stuck, 0o755);
    const core = await createCore({
      dataDir: dir,
      host: 'browser',
      appVersion: 'bench',
      env: {},
      secrets: new MemorySecretStore(),
      logger: silentLogger,
      demoSamples: false,
      runSchedules: false,
      storageProber: hang ? childProcessProber(stuck) : childProcessProber(),
    });
    try {
      await core.dispatcher.dispatch(
        'settings.update',
        { health: { checkTimeoutMs: 3_000 } },
        localCaller('desktop-user', 'internal', 'bench'),
      );
      await core.library.service.addFolder(folder);
      const delay = monitorEventLoopDelay({ resolution: 5 });
      delay.enable();
      const started = performance.now();
      const report = await core.health.monitor.check();
      const checkMs = performance.now() - started;
      delay.disable();
      return {
        p99Ms: delay.percentile(99) / 1e6,
        maxMs: delay.max / 1e6,
        checkMs,
        state: report.details.storage.state,
      };
    } finally {
      await core.dispose();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function healthBenchmarks(): Promise<BenchFigure[]> {
  const reference = await measure(false);
  const hung = await measure(true);
  return [
    figure('health.hung_share.event_loop_p99.ms', hung.p99Ms, 'ms', '<= 50', {
      reference: reference.p99Ms,
      ratio: reference.p99Ms / hung.p99Ms,
      note: `max ${hung.maxMs.toFixed(1)} ms during a ${(hung.checkMs / 1000).toFixed(1)} s check; storage ${hung.state} (reference: ${reference.state} in ${(reference.checkMs / 1000).toFixed(1)} s)`,
    }),
    figure('health.hung_share.reported.s', hung.checkMs / 1000, 's', '<= 3.5', {
      note: 'the check timeout is 3 s: the hung folder is reported then',
    }),
  ];
}
