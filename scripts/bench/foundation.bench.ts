import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDispatcher, EventHub } from '../../src/main/contract';
import { stubHandlers } from '../../src/main/contract/testing/stub-handlers';
import { CablecastClient } from '../../src/main/cablecast';
import { defaultMigrationsDir, openDatabase } from '../../src/main/db/database';
import { startBrowserHost } from '../../src/main/host/browser-host';
import { startSimulator } from '../../src/main/simulator';
import { figure, percentile, type BenchFigure } from './harness';

export async function foundationBenchmarks(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];

  // Simulator start-up with a large station's catalog (tests and the demo depend on it).
  {
    const started = performance.now();
    const sim = await startSimulator({ seed: { shows: 50_000, randomSeed: 1 } });
    figures.push(figure('sim.start.50k.ms', performance.now() - started, 'ms', '<= 1000'));
    await sim.close();
  }

  // Opening a new database file and applying every migration in one transaction.
  {
    const dir = mkdtempSync(join(tmpdir(), 'archivist-bench-db-'));
    const started = performance.now();
    const db = openDatabase({ file: join(dir, 'a.sqlite'), migrationsDir: defaultMigrationsDir() });
    figures.push(figure('db.open_and_migrate.ms', performance.now() - started, 'ms', '<= 200'));
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }

  // A call through the browser host (HTTP, token check, validation, envelope), p95 of 500.
  {
    const dir = mkdtempSync(join(tmpdir(), 'archivist-bench-host-'));
    const host = await startBrowserHost({
      dispatcher: createDispatcher(stubHandlers(), new EventHub()),
      rendererDir: dir,
    });
    const times: number[] = [];
    for (let i = 0; i < 550; i++) {
      const t = performance.now();
      const res = await fetch(`${host.url}/api/rpc/settings.update`, {
        method: 'POST',
        headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ cablecast: { timeoutMs: 5000 } }),
      });
      await res.json();
      if (i >= 50) times.push(performance.now() - t);
    }
    figures.push(figure('host.rpc.p95.ms', percentile(times, 95), 'ms', '<= 10'));
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  }

  // The client fetching shows by id in batches of 100 (validation included), p50 of 50 batches.
  {
    const sim = await startSimulator({ seed: { shows: 20_000, randomSeed: 2 } });
    const client = new CablecastClient({
      serverUrl: sim.url,
      username: 'admin',
      password: 'admin',
      timeoutMs: 10_000,
      maxRetries: 0,
      retryDelayMs: 0,
      offsetMode: 'auto',
    });
    const ids = await client.showIdsModifiedSince(null);
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      const batch = ids.slice(i * 100, i * 100 + 100);
      const t = performance.now();
      await client.getShowsBatch(batch, { include: ['reel', 'vod'] });
      times.push(performance.now() - t);
    }
    figures.push(figure('client.shows_batch_100.p50.ms', percentile(times, 50), 'ms', '<= 100'));
    await sim.close();
  }

  return figures;
}
