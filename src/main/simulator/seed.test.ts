import { describe, expect, it } from 'vitest';
import { parseOffsetMinutes, SimulatorClock } from './cablecast-date';
import { seedSimulatorData } from './seed';
import { SimulatorData } from './simulator.data';
import { startSimulator } from './simulator.server';
import type { ShowDto } from './simulator.dtos';
import { ADMIN, allShows, getJson, type ShowsPage, type VodsPage } from './simulator.test-support';

function seeded(shows: number, randomSeed: number): SimulatorData {
  const data = new SimulatorData({ baseUrl: 'http://sim.test', timeZoneOffset: '-05:00' });
  seedSimulatorData(data, { shows, randomSeed });
  return data;
}

function localWallClock(iso: string): { weekday: number; hour: number } {
  const local = new Date(Date.parse(iso) + parseOffsetMinutes('-05:00') * 60_000);
  return { weekday: local.getUTCDay(), hour: local.getUTCHours() };
}

describe('seeding', () => {
  it('is deterministic: the same seed serves the same catalog', async () => {
    const [a, b] = await Promise.all([
      startSimulator({ seed: { shows: 150, randomSeed: 42 } }),
      startSimulator({ seed: { shows: 150, randomSeed: 42 } }),
    ]);
    try {
      const bodyA = await (await fetch(`${a.apiBase}/shows?page_size=-1&include=reel,vod`)).text();
      const bodyB = await (await fetch(`${b.apiBase}/shows?page_size=-1&include=reel,vod`)).text();
      // The only difference allowed is each simulator's own URL inside VOD and thumbnail links.
      expect(bodyA.split(a.url).join('HOST')).toBe(bodyB.split(b.url).join('HOST'));
      // The server's set-up too: configurations, their qualities, the file stores.
      for (const path of ['/vodconfigurations', '/vodtranscodequalities', '/filestores']) {
        const [setupA, setupB] = await Promise.all(
          [a, b].map(async (sim) =>
            (await (await fetch(`${sim.apiBase}${path}`, { headers: ADMIN })).text())
              .split(sim.url)
              .join('HOST'),
          ),
        );
        expect(setupA, path).toBe(setupB);
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('gives a different catalog for a different seed', () => {
    const first = [...seeded(50, 1).shows.values()].map((show) => show.title);
    const second = [...seeded(50, 2).shows.values()].map((show) => show.title);
    expect(first).not.toEqual(second);
  });

  it('builds the same records whatever is looked at first', () => {
    const forward = seeded(200, 9);
    const backward = seeded(200, 9);
    const ids = [...forward.showIds()];
    const built = ids.map((id) => forward.getShow(id));
    const reversed = [...ids]
      .reverse()
      .map((id) => backward.getShow(id))
      .reverse();
    expect(reversed).toEqual(built);
    const vodIds = [...forward.vods.ids()];
    expect(
      [...vodIds]
        .reverse()
        .map((id) => backward.getVod(id))
        .reverse(),
    ).toEqual(vodIds.map((id) => forward.getVod(id)));
  });

  it('looks like a community-TV station', () => {
    const data = seeded(2000, 1);
    const shows = [...data.shows.values()];
    const titles = shows.map((show) => show.title).join('\n');
    for (const name of [
      'City Council Regular meeting',
      'City Council Special meeting',
      'Planning Commission',
      'Park Board',
      'School Board',
      'Library Board',
      'Economic Development Authority',
      'Worship Service',
      'Varsity Football',
    ]) {
      expect(titles, name).toContain(name);
    }
    // Mostly weekday evenings.
    const evenings = shows.filter((show) => {
      const { weekday, hour } = localWallClock(show.eventDate!);
      return weekday >= 1 && weekday <= 5 && hour >= 16;
    });
    expect(evenings.length / shows.length).toBeGreaterThan(0.6);
    // Spread over years.
    const years = new Set(shows.map((show) => show.eventDate!.slice(0, 4)));
    expect(years.size).toBeGreaterThanOrEqual(2);
    // Run time is the sum of the reels; some shows have two reels.
    for (const show of shows.slice(0, 300)) {
      const lengths = show.reels.map((id) => data.getReel(id)!.length);
      expect(show.totalRunTime).toBe(lengths.reduce((a, b) => a + b, 0));
      expect(show.totalRunTime).toBeGreaterThan(15 * 60);
    }
    expect(shows.some((show) => show.reels.length === 2)).toBe(true);
    // Most shows have a VOD, mostly complete, a few in other states; some have captions.
    const vods = [...data.vods.values()];
    expect(vods.length / shows.length).toBeGreaterThan(0.75);
    const states = new Map<string, number>();
    for (const vod of vods) states.set(vod.vodState, (states.get(vod.vodState) ?? 0) + 1);
    expect((states.get('complete') ?? 0) / vods.length).toBeGreaterThan(0.85);
    for (const state of ['processing', 'waiting', 'error'])
      expect(states.get(state), state).toBeGreaterThan(0);
    expect(vods.filter((vod) => vod.vodState === 'error').every((vod) => vod.errorMessage)).toBe(
      true,
    );
    const captioned = shows.filter((show) => show.hasCaptions).length;
    expect(captioned).toBeGreaterThan(0);
    expect(captioned).toBeLessThan(shows.length / 2);
    // Public titles, descriptions and custom fields are filled in.
    expect(shows.every((show) => show.cgTitle && show.cgTitle.length > 5)).toBe(true);
    expect(shows.filter((show) => show.comments).length / shows.length).toBeGreaterThan(0.8);
    expect(
      shows.some((show) =>
        show.customFields.some((field) => field.fieldName === 'Tags' && field.value),
      ),
    ).toBe(true);
    expect(
      shows.some((show) =>
        show.customFields.some(
          (field) => field.fieldName === 'Agenda' && typeof field.value === 'number',
        ),
      ),
    ).toBe(true);
  });

  it('hands out strictly increasing ids by creation and unique lastModified values', () => {
    const data = seeded(3000, 4);
    const shows = [...data.shows.values()];
    const byId = [...shows].sort((a, b) => a.id - b.id);
    const created = byId.map((show) => Date.parse(show.created));
    expect(created).toEqual([...created].sort((a, b) => a - b));
    expect(new Set(shows.map((show) => show.lastModified)).size).toBe(shows.length);
    // A show, its reels and its VOD never share an id.
    const contentIds = [...data.showIds(), ...data.reels.ids(), ...data.vods.ids()];
    expect(new Set(contentIds).size).toBe(contentIds.length);
  });

  it('keeps a later mutation after every seeded lastModified', () => {
    const data = seeded(500, 8);
    const newest = Math.max(
      ...[...data.shows.values()].map((show) => Date.parse(show.lastModified)),
    );
    const id = [...data.showIds()][0]!;
    const updated = data.updateShow(id, { comments: 'later' }) as ShowDto;
    expect(Date.parse(updated.lastModified)).toBeGreaterThan(newest);
    // Nothing edited in the future of the catalog's newest event (default until 2026-11-20).
    expect(newest).toBeLessThanOrEqual(Date.parse('2026-11-25T23:59:59-05:00'));
  });

  it('dates no edit after the clock that seeds it, even with events still to come', () => {
    const now = Date.parse('2026-10-01T12:00:00-05:00');
    // The default catalog runs to 2026-11-20; the second one has events a month after "now".
    for (const seed of [{}, { until: new Date(now + 30 * 86_400_000) }]) {
      const data = new SimulatorData({
        baseUrl: 'http://sim.test',
        timeZoneOffset: '-05:00',
        clock: new SimulatorClock(() => now),
      });
      seedSimulatorData(data, { shows: 3000, randomSeed: 5, ...seed });
      const shows = [...data.shows.values()];
      const modified = shows.map((show) => Date.parse(show.lastModified));
      expect(Math.max(...modified)).toBeLessThanOrEqual(now);
      expect(new Set(modified).size).toBe(shows.length);
      expect(
        shows.filter((show) => Date.parse(show.created) > Date.parse(show.lastModified)),
      ).toEqual([]);
      expect(shows.some((show) => Date.parse(show.eventDate!) > now)).toBe(true);
    }
  });

  it('seeds 20,000 shows and serves them', async () => {
    const sim = await startSimulator({ seed: { shows: 20_000, randomSeed: 1 } });
    try {
      const page = await getJson<ShowsPage>(
        `${sim.apiBase}/shows?page_size=100&offset=150&include=reel,vod`,
      );
      expect(page.meta.count).toBe(20_000);
      expect(page.shows).toHaveLength(100);
      expect(page.vods?.length).toBeGreaterThan(50);
      const vods = await getJson<VodsPage>(`${sim.apiBase}/vods?page_size=10`);
      expect(vods.meta.count).toBe(sim.data.vods.size);
      const everything = await allShows(sim.apiBase);
      expect(new Set(everything.map((show) => show.id)).size).toBe(20_000);
    } finally {
      await sim.close();
    }
  });

  // Its speed is measured by `npm run bench`, never asserted here.
  it('seeds 50,000 shows', () => {
    const data = seeded(50_000, 1);
    expect(data.shows.size).toBe(50_000);
    expect(data.showIdsInDefaultOrder()).toHaveLength(50_000);
  });
});
