import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CatalogShowReader } from '../catalog/show-reader';
import { defaultMigrationsDir, openDatabase, type AppDatabase } from '../db/database';
import { makeTempDir } from '../db/testing/migration-fixtures';
import { silentLogger } from '../logging/logger';
import { LibraryService } from './library.service';
import { createVideoProber } from './probe';
import { RecordingsRepo } from './recordings.repo';
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

function addShow(database: AppDatabase, id: number, title: string, eventDate: string): void {
  database.sqlite
    .prepare(
      `INSERT INTO shows (id, title, event_date, synced_at) VALUES (?, ?, ?, '2026-01-01T00:00:00Z')`,
    )
    .run(id, title, eventDate);
}

/** A library on a data folder that can be closed and opened again, as across app restarts. */
function library() {
  const temp = makeTempDir('archivist-links-');
  const media = join(temp.dir, 'media');
  mkdirSync(media);
  const file = join(temp.dir, 'archivist.sqlite');
  let database = openDatabase({ file, migrationsDir: defaultMigrationsDir() });
  let service: LibraryService | null = null;
  const open = () => {
    const shows = countingReader(new CatalogShowReader(database));
    service = new LibraryService({
      repo: new RecordingsRepo(database),
      shows,
      prober: createVideoProber(null),
      logger: silentLogger,
      events: { changed: () => undefined, completed: () => undefined },
      settleMs: 0,
      watch: false,
    });
    return { service, shows };
  };
  const close = async () => {
    await service?.dispose();
    service = null;
    database.close();
  };
  cleanups.push(async () => {
    await close();
    temp.remove();
  });
  return {
    media,
    database: () => database,
    open,
    async restart() {
      await close();
      database = openDatabase({ file, migrationsDir: defaultMigrationsDir() });
      return open();
    },
  };
}

describe('stored link suggestions', () => {
  it('are not ranked again at a start when nothing they were ranked from changed', async () => {
    const lib = library();
    addShow(lib.database(), 1, 'Birchwood City Council', '2025-01-07T19:00:00');
    addShow(lib.database(), 2, 'Library Board', '2025-02-04T19:00:00');
    put(join(lib.media, 'Birchwood City Council (20250107).mp4'), 'video');
    put(join(lib.media, 'Library Board 2025-02-04.mp4'), 'video');
    const first = lib.open();
    await first.service.addFolder(lib.media);
    await first.service.idle();
    const suggested = (service: LibraryService) =>
      service
        .list({ states: [], text: '' })
        .map((r) => [r.fileName, r.topSuggestion?.showId ?? null]);
    expect(suggested(first.service)).toEqual([
      ['Birchwood City Council (20250107).mp4', 1],
      ['Library Board 2025-02-04.mp4', 2],
    ]);
    expect(first.shows.indexBuilds).toBe(1);

    const second = await lib.restart();
    await second.service.start();
    await second.service.idle();
    expect(second.shows.indexBuilds).toBe(0);
    expect(suggested(second.service)).toEqual([
      ['Birchwood City Council (20250107).mp4', 1],
      ['Library Board 2025-02-04.mp4', 2],
    ]);
  });

  it('ranks again, at the next start, what a catalog change while closed can reach', async () => {
    const lib = library();
    addShow(lib.database(), 1, 'Birchwood City Council', '2025-01-07T19:00:00');
    put(join(lib.media, 'Zoning Board 2025-03-04.mp4'), 'video');
    const first = lib.open();
    await first.service.addFolder(lib.media);
    await first.service.idle();
    expect(first.service.list({ states: [], text: '' })[0]?.topSuggestion).toBeNull();

    // Synced by the command line while the app was closed.
    addShow(lib.database(), 2, 'Zoning Board of Appeals', '2025-03-04T19:00:00');
    const second = await lib.restart();
    await second.service.start();
    await second.service.idle();
    expect(second.shows.indexBuilds).toBe(1);
    expect(second.service.list({ states: [], text: '' })[0]?.topSuggestion?.showId).toBe(2);
  });

  it('follows a catalog change in every stored suggestion, so the next start ranks nothing', async () => {
    const lib = library();
    addShow(lib.database(), 1, 'Birchwood City Council', '2025-01-07T19:00:00');
    addShow(lib.database(), 2, 'Library Board', '2025-02-04T19:00:00');
    put(join(lib.media, 'Birchwood City Council (20250107).mp4'), 'video');
    put(join(lib.media, 'Library Board 2025-02-04.mp4'), 'video');
    const { service } = lib.open();
    await service.addFolder(lib.media);
    await service.idle();
    const stamps = () =>
      new Map(
        lib
          .database()
          .sqlite.prepare('SELECT rel_path, suggested_stamp, suggested_show_id FROM recordings')
          .raw()
          .all()
          .map((row) => {
            const [path, stamp, show] = row as [string, string, number | null];
            return [path, { stamp, show }];
          }),
      );
    const before = stamps();

    // A library board show on another day: it reaches the library board recording by title.
    addShow(lib.database(), 3, 'Library Board Special Session', '2025-02-04T19:00:00');
    await service.catalogChanged();
    const after = stamps();
    const council = 'Birchwood City Council (20250107).mp4';
    const board = 'Library Board 2025-02-04.mp4';
    // Both hold for the catalog as it is now: neither is ranked again at the next start.
    for (const path of [council, board])
      expect(after.get(path)?.stamp).not.toBe(before.get(path)?.stamp);
    expect(after.get(council)?.show).toBe(1);
    expect(after.get(board)?.show).toBe(2);
    const second = await lib.restart();
    await second.service.start();
    await second.service.idle();
    expect(second.shows.indexBuilds).toBe(0);
  });
});
