import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultMigrationsDir, openDatabase, type AppDatabase } from '../db/database';
import { makeTempDir } from '../db/testing/migration-fixtures';
import { CatalogRepo } from './catalog.repo';
import { CatalogShowReader } from './show-reader';
import { catalogShow as show } from './testing/catalog-show';

let temp: { dir: string; remove(): void };
let database: AppDatabase;
let repo: CatalogRepo;
let reader: CatalogShowReader;

beforeEach(() => {
  temp = makeTempDir('archivist-shows-');
  database = openDatabase({
    file: join(temp.dir, 'archivist.sqlite'),
    migrationsDir: defaultMigrationsDir(),
  });
  repo = new CatalogRepo(database);
  reader = new CatalogShowReader(database);
});
afterEach(() => {
  database.close();
  temp.remove();
});

describe('CatalogShowReader', () => {
  it('reads live shows for linking, and shows by id with deleted ones flagged', () => {
    repo.upsertShows(
      [show(1, { title: 'City Council' }), show(2), show(3)],
      '2026-03-12T00:00:00Z',
    );
    repo.markDeleted([3], '2026-03-12T00:00:01Z');
    expect(reader.linkable().map((s) => s.id)).toEqual([1, 2]);
    const byId = reader.byIds([1, 3, 99]);
    expect(byId.get(1)).toEqual({
      id: 1,
      title: 'City Council',
      cgTitle: null,
      eventDate: '2026-03-10T19:00:00-05:00',
      totalRunTime: 3600,
      deleted: false,
    });
    expect(byId.get(3)?.deleted).toBe(true);
    expect(byId.has(99)).toBe(false);
  });

  it('changes its link stamp when what linking reads changes, not for other writes', () => {
    repo.upsertShows([show(1), show(2)], '2026-03-12T00:00:00Z');
    const first = reader.linkStamp();
    expect(reader.linkStamp()).toBe(first);

    // A VOD finishing encoding writes the row, and matters to no link.
    repo.upsertShows([show(1, { vodState: 'complete', vodId: 7 })], '2026-03-12T00:01:00Z');
    expect(reader.linkStamp()).toBe(first);

    const stamps = new Set([first]);
    const writes: [string, () => void][] = [
      ['title', () => repo.upsertShows([show(1, { title: 'Renamed' })], '2026-03-12T00:02:00Z')],
      [
        'event date',
        () =>
          repo.upsertShows(
            [show(1, { title: 'Renamed', eventDate: '2026-04-01T19:00:00-05:00' })],
            '2026-03-12T00:03:00Z',
          ),
      ],
      [
        'run time',
        () =>
          repo.upsertShows(
            [
              show(1, {
                title: 'Renamed',
                eventDate: '2026-04-01T19:00:00-05:00',
                totalRunTime: 60,
              }),
            ],
            '2026-03-12T00:04:00Z',
          ),
      ],
      ['deleted', () => repo.markDeleted([2], '2026-03-12T00:05:00Z')],
      ['added', () => repo.upsertShows([show(3)], '2026-03-12T00:06:00Z')],
    ];
    for (const [what, write] of writes) {
      write();
      const next = reader.linkStamp();
      expect(stamps.has(next), what).toBe(false);
      stamps.add(next);
    }
  });

  it('names the shows written since a mark, deleted ones included', () => {
    expect(reader.mark()).toBeNull();
    repo.upsertShows([show(1), show(2)], '2026-03-12T00:00:00Z');
    const all = reader.changedSince(null);
    expect(all.ids.sort()).toEqual([1, 2]);
    expect(all.mark).toBe(reader.mark());
    repo.upsertShows([show(3)], '2026-03-12T00:01:00Z');
    repo.markDeleted([1], '2026-03-12T00:01:00Z');
    // The shows written at the mark come again (a write in the same millisecond may have
    // committed after the mark was read); none written before it.
    const next = reader.changedSince(all.mark);
    expect(next.ids.sort()).toEqual([1, 2, 3]);
    expect(reader.changedSince(next.mark).ids.sort()).toEqual([1, 3]);
  });
});
