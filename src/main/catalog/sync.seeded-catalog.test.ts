import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { defaultMigrationsDir, openDatabase } from '../db/database';
import { makeTempDir } from '../db/testing/migration-fixtures';
import { silentLogger } from '../logging/logger';
import { startSimulator, type Simulator } from '../simulator';
import { CatalogRepo } from './catalog.repo';
import { SyncStateRepo } from './sync-state.repo';
import { SyncService } from './sync.service';
import { SyncFixture } from './testing/sync-fixture';

const DAY_MS = 86_400_000;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function started(simulator: Promise<Simulator>): Promise<Simulator> {
  const sim = await simulator;
  cleanups.push(() => sim.close());
  return sim;
}

// The demo's simulator is seeded when it starts, with events up to a fixed date that may still be
// ahead: an operator who syncs it twice without changing anything must get nothing the second
// time, as from a real server.
it('fetches nothing in an incremental sync right after a full one of a freshly seeded simulator', async () => {
  const sim = await started(
    startSimulator({
      seed: { shows: 400, randomSeed: 2, until: new Date(Date.now() + 10 * DAY_MS) },
    }),
  );
  const temp = makeTempDir('archivist-sync-');
  const database = openDatabase({
    file: join(temp.dir, 'archivist.sqlite'),
    migrationsDir: defaultMigrationsDir(),
  });
  cleanups.push(() => temp.remove());
  cleanups.push(() => database.close());
  const client = SyncFixture.makeClient(sim);
  const service = new SyncService({
    repo: new CatalogRepo(database),
    state: new SyncStateRepo(database),
    client: () => Promise.resolve(client),
    locationId: () => null,
    logger: silentLogger,
    onProgress: () => {},
    onCatalogChanged: () => {},
    progressIntervalMs: 0,
  });
  cleanups.push(() => service.dispose());

  expect(await service.runToEnd('full')).toMatchObject({ phase: 'done', added: 400 });
  sim.resetStats();
  const incremental = await service.runToEnd('incremental');

  expect(incremental).toMatchObject({ phase: 'done', total: 0, added: 0, updated: 0, deleted: 0 });
  // Only the two listings (changes, and every id for deletions): no batch of shows.
  expect(sim.stats.byPath.get('/shows') ?? 0).toBe(0);
});
