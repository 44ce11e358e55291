import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCatalogModule, type CatalogModule } from '../catalog/catalog.module';
import { PAST_SEED_UNTIL, SyncFixture } from '../catalog/testing/sync-fixture';
import { EventHub } from '../contract';
import { defaultMigrationsDir, openDatabase } from '../db/database';
import { makeTempDir } from '../db/testing/migration-fixtures';
import { silentLogger } from '../logging/logger';
import { startSimulator } from '../simulator';
import { createLibraryModule, type LibraryModule } from './library.module';
import { createVideoProber } from './probe';
import { countingReader } from './testing/counting-reader';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

function put(path: string, content: string): void {
  writeFileSync(path, content);
  const past = new Date(Date.now() - 60_000);
  utimesSync(path, past, past);
}

/**
 * The catalog and the library wired as the app wires them, on one hub, against a simulator slow
 * enough that a sync of 400 shows commits batch by batch and announces changes along the way.
 */
async function app() {
  const sim = await startSimulator({
    seed: { shows: 400, randomSeed: 11, locations: 1, until: PAST_SEED_UNTIL },
  });
  sim.setFaults([{ kind: 'latency', path: '/shows', value: 150 }]);
  const temp = makeTempDir('archivist-library-module-');
  const media = join(temp.dir, 'media');
  mkdirSync(media);
  const database = openDatabase({
    file: join(temp.dir, 'archivist.sqlite'),
    migrationsDir: defaultMigrationsDir(),
  });
  const hub = new EventHub();
  const catalogChanges: number[] = [];
  hub.subscribe((event) => {
    if (event === 'catalog.changed') catalogChanges.push(Date.now());
  });
  const client = SyncFixture.makeClient(sim);
  const catalog: CatalogModule = createCatalogModule({
    database,
    hub,
    logger: silentLogger,
    client: () => Promise.resolve(client),
    locationId: () => null,
    concurrency: 1,
  });
  const shows = countingReader(catalog.shows);
  const library: LibraryModule = createLibraryModule({
    database,
    hub,
    logger: silentLogger,
    shows,
    prober: createVideoProber(null),
    settleMs: 0,
    watch: false,
  });
  cleanups.push(async () => {
    await library.dispose();
    await catalog.dispose();
    await sim.close();
    database.close();
    temp.remove();
  });
  const serverIds = [...sim.data.showIds()].sort((a, b) => a - b);
  return { media, database, catalog, library, shows, catalogChanges, serverIds };
}

async function sync(catalog: CatalogModule): Promise<void> {
  await catalog.sync.start('full');
  const status = await catalog.sync.whenIdle();
  expect(status.phase).toBe('done');
}

describe('the library during a catalog sync', () => {
  it('builds no link index when no recording is unlinked', async () => {
    const a = await app();
    a.database.sqlite
      .prepare(`INSERT INTO shows (id, title, synced_at) VALUES (987654, 'Parks Board', 'earlier')`)
      .run();
    put(join(a.media, '987654-1-Parks.mp4'), 'video');
    await a.library.service.addFolder(a.media);
    await a.library.service.idle();
    expect(a.library.service.list({ states: [], text: '' })[0]?.link?.showId).toBe(987654);

    a.shows.indexBuilds = 0;
    await sync(a.catalog);
    await a.library.service.idle();
    expect(a.catalogChanges.length).toBeGreaterThan(1);
    expect(a.shows.indexBuilds).toBe(0);
    // The show it links to is not on the server: the link stays, flagged.
    expect(a.library.service.list({ states: [], text: '' })[0]?.link).toMatchObject({
      showId: 987654,
      showMissing: true,
    });
  });

  it('links file keys and ranks suggestions once, after the sync, not batch by batch', async () => {
    const a = await app();
    const keyed = a.serverIds.at(-1)!;
    put(join(a.media, `${keyed}-1-Meeting.mp4`), 'video');
    put(join(a.media, 'City Council 2025-01-07.mp4'), 'video');
    await a.library.service.addFolder(a.media);
    await a.library.service.idle();
    expect(a.library.service.list({ states: [], text: '' }).map((r) => r.link)).toEqual([
      null,
      null,
    ]);

    a.shows.indexBuilds = 0;
    await sync(a.catalog);
    await a.library.service.idle();

    expect(a.catalogChanges.length).toBeGreaterThan(1);
    expect(a.shows.indexBuilds).toBe(1);
    const byName = new Map(
      a.library.service.list({ states: [], text: '' }).map((r) => [r.fileName, r]),
    );
    // File keys that name shows not synced yet resolve once the catalog has them.
    expect(byName.get(`${keyed}-1-Meeting.mp4`)?.link).toMatchObject({
      showId: keyed,
      method: 'file-key',
    });
    expect(byName.get('City Council 2025-01-07.mp4')?.link).toBeNull();
  });
});
