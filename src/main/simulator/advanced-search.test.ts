import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCablecastDate } from './cablecast-date';
import { startSimulator } from './simulator.server';
import type { SavedShowSearchDto, ShowDto } from './simulator.dtos';
import type { Simulator } from './simulator.types';
import {
  ADMIN,
  advancedSearch,
  allShows,
  getJson,
  json,
  sendJson,
  type ShowsPage,
} from './simulator.test-support';

let sim: Simulator;
let shows: ShowDto[];

beforeAll(async () => {
  sim = await startSimulator({ seed: { shows: 400, randomSeed: 11 } });
  shows = await allShows(sim.apiBase);
});

afterAll(async () => {
  await sim.close();
});

const lastModifiedAfter = (since: string) => ({
  groups: [
    {
      orAnd: 'and',
      filters: [{ field: 'lastModified', operator: 'greaterThan', searchValue: since }],
    },
  ],
  sortOptions: [
    { field: 'lastModified', descending: false },
    { field: 'title', descending: false },
  ],
});

describe('POST /shows/search/advanced', () => {
  it('returns every matching id, in lastModified order, anonymously', async () => {
    const sorted = [...shows].sort(
      (a, b) => Date.parse(a.lastModified) - Date.parse(b.lastModified),
    );
    const cut = sorted[150]!.lastModified;
    const results = await advancedSearch(sim.apiBase, lastModifiedAfter(cut));
    expect(results).toEqual(sorted.slice(151).map((show) => show.id));
  });

  it('echoes the query and a name in the savedShowSearch envelope', async () => {
    const query = lastModifiedAfter('1900-01-01T00:00:00');
    const response = await sendJson(`${sim.apiBase}/shows/search/advanced`, 'POST', {
      savedShowSearch: { name: 'sync', query },
    });
    expect(response.status).toBe(200);
    const body = await json<{ savedShowSearch: SavedShowSearchDto }>(response);
    expect(body.savedShowSearch).toMatchObject({ id: expect.any(Number), name: 'sync', query });
    expect(body.savedShowSearch.results).toHaveLength(400);
    const rerun = await getJson<{ savedShowSearch: SavedShowSearchDto }>(
      `${sim.apiBase}/shows/search/advanced/${body.savedShowSearch.id}`,
    );
    expect(rerun.savedShowSearch.results).toEqual(body.savedShowSearch.results);
  });

  it('compares instants, whatever offset the search value is written in', async () => {
    const pivot = shows[200]!;
    const instant = Date.parse(pivot.lastModified);
    const inMinus5 = await advancedSearch(sim.apiBase, lastModifiedAfter(pivot.lastModified));
    const inUtc = await advancedSearch(
      sim.apiBase,
      lastModifiedAfter(new Date(instant).toISOString()),
    );
    const inPlus2 = await advancedSearch(
      sim.apiBase,
      lastModifiedAfter(formatCablecastDate(instant, '+02:00')),
    );
    expect(inUtc).toEqual(inMinus5);
    expect(inPlus2).toEqual(inMinus5);
    expect(inMinus5).not.toContain(pivot.id);
    // Without an offset the value is server-local time (-05:00): the same wall clock finds the same.
    const local = pivot.lastModified.replace(/-05:00$/, '');
    expect(await advancedSearch(sim.apiBase, lastModifiedAfter(local))).toEqual(inMinus5);
  });

  it('supports the comparison operators on eventDate, showId and location', async () => {
    const pivot = shows[100]!;
    const at = Date.parse(pivot.eventDate!);
    const search = (field: string, operator: string, searchValue: unknown) =>
      advancedSearch(sim.apiBase, {
        groups: [{ orAnd: 'and', filters: [{ field, operator, searchValue }] }],
        sortOptions: [{ field: 'showId', descending: false }],
      });
    const byDate = (test: (ms: number) => boolean) =>
      shows
        .filter((show) => test(Date.parse(show.eventDate!)))
        .map((show) => show.id)
        .sort((a, b) => a - b);
    expect(await search('eventDate', 'lessThan', pivot.eventDate)).toEqual(byDate((ms) => ms < at));
    expect(await search('eventDate', 'lessThanOrEqual', pivot.eventDate)).toEqual(
      byDate((ms) => ms <= at),
    );
    expect(await search('eventDate', 'greaterThanOrEqual', pivot.eventDate)).toEqual(
      byDate((ms) => ms >= at),
    );
    expect(await search('eventDate', 'notEquals', pivot.eventDate)).toEqual(
      byDate((ms) => ms !== at),
    );
    expect(await search('showId', 'equals', pivot.id)).toEqual([pivot.id]);
    expect(await search('showId', 'greaterThan', String(pivot.id))).toEqual(
      shows
        .filter((show) => show.id > pivot.id)
        .map((show) => show.id)
        .sort((a, b) => a - b),
    );
    expect((await search('location', 'equals', 1)).length).toBe(400);
    expect(await search('location', 'notEquals', 1)).toEqual([]);
  });

  it('treats a bare date as the whole local day', async () => {
    const pivot = shows.find((show) => show.eventDate!.includes('T19:00'))!;
    const day = pivot.eventDate!.slice(0, 10);
    const results = await advancedSearch(sim.apiBase, {
      groups: [
        { orAnd: 'and', filters: [{ field: 'eventDate', operator: 'equals', searchValue: day }] },
      ],
    });
    expect(results).toContain(pivot.id);
    const expected = shows.filter((show) => show.eventDate!.startsWith(day)).map((show) => show.id);
    expect(results.sort()).toEqual(expected.sort());
  });

  it('combines filters by the group orAnd and groups with AND', async () => {
    const [a, b] = [shows[3]!, shows[7]!];
    const either = await advancedSearch(sim.apiBase, {
      groups: [
        {
          orAnd: 'or',
          filters: [
            { field: 'showId', operator: 'equals', searchValue: a.id },
            { field: 'showId', operator: 'equals', searchValue: b.id },
          ],
        },
      ],
      sortOptions: [{ field: 'showId', descending: true }],
    });
    expect(either).toEqual([a.id, b.id].sort((x, y) => y - x));
    const both = await advancedSearch(sim.apiBase, {
      groups: [
        { orAnd: 'and', filters: [{ field: 'showId', operator: 'equals', searchValue: a.id }] },
        { orAnd: 'and', filters: [{ field: 'showId', operator: 'equals', searchValue: b.id }] },
      ],
    });
    expect(both).toEqual([]);
  });

  it('sorts by title, eventDate and showId', async () => {
    const byTitle = await advancedSearch(sim.apiBase, {
      sortOptions: [{ field: 'title', descending: false }],
    });
    const titles = byTitle.map((id) => shows.find((show) => show.id === id)!.title.toLowerCase());
    expect(titles).toEqual([...titles].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    const byDate = await advancedSearch(sim.apiBase, {
      sortOptions: [
        { field: 'eventDate', descending: true },
        { field: 'showId', descending: true },
      ],
    });
    expect(byDate).toEqual(shows.map((show) => show.id));
  });

  it('answers 400 for a query it cannot run', async () => {
    const response = await sendJson(`${sim.apiBase}/shows/search/advanced`, 'POST', {
      savedShowSearch: {
        name: '',
        query: {
          groups: [
            {
              orAnd: 'and',
              filters: [{ field: 'lastModified', operator: 'sortOf', searchValue: 'x' }],
            },
          ],
          sortOptions: [],
        },
      },
    });
    expect(response.status).toBe(400);
    const badDate = await sendJson(`${sim.apiBase}/shows/search/advanced`, 'POST', {
      savedShowSearch: {
        name: '',
        query: {
          groups: [
            {
              orAnd: 'and',
              filters: [
                { field: 'lastModified', operator: 'greaterThan', searchValue: 'last week' },
              ],
            },
          ],
          sortOptions: [],
        },
      },
    });
    expect(badDate.status).toBe(400);
  });
});

describe('incremental sync the TRMS way', () => {
  /** WordPress plugin algorithm: search lastModified > since, fetch ids[] in 100s, advance since. */
  async function syncSince(since: string, seen: Map<number, string>): Promise<string> {
    const results = await advancedSearch(sim.apiBase, lastModifiedAfter(since), ADMIN);
    let cursor = since;
    for (let i = 0; i < results.length; i += 100) {
      const batch = results.slice(i, i + 100);
      const page = await getJson<ShowsPage>(
        `${sim.apiBase}/shows?page_size=100&include=reel,vod&${batch.map((id) => `ids[]=${id}`).join('&')}`,
        ADMIN,
      );
      expect(page.shows).toHaveLength(batch.length);
      const byId = new Map(page.shows.map((show) => [show.id, show]));
      for (const id of batch) {
        const show = byId.get(id)!;
        seen.set(id, show.lastModified);
        cursor = show.lastModified;
      }
    }
    return cursor;
  }

  it('picks up exactly the shows edited since the last pass', async () => {
    const seen = new Map<number, string>();
    const cursor = await syncSince('1900-01-01T00:00:00', seen);
    expect(seen.size).toBe(sim.data.shows.size);

    const edited = [...sim.data.showIds()].slice(0, 25);
    for (const id of edited) {
      const response = await sendJson(
        `${sim.apiBase}/shows/${id}`,
        'PUT',
        { show: { custom4: 'synced' } },
        ADMIN,
      );
      expect(response.status).toBe(200);
    }
    const created = sim.data.addShow({ title: 'Added behind the client’s back' });
    const second = new Map<number, string>();
    const next = await syncSince(cursor, second);
    expect([...second.keys()].sort()).toEqual([...edited, created.id].sort());
    expect(Date.parse(next)).toBeGreaterThan(Date.parse(cursor));
    const third = new Map<number, string>();
    await syncSince(next, third);
    expect(third.size).toBe(0);
  });
});
