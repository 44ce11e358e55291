import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSimulatorData } from './seed';
import { SimulatorData, vodSlug } from './simulator.data';
import { startSimulator } from './simulator.server';
import type { ShowDto } from './simulator.dtos';
import type { Simulator } from './simulator.types';
import { advancedSearch, allShows, getJson, json, type ShowsPage } from './simulator.test-support';

function seeded(shows: number): SimulatorData {
  const data = new SimulatorData({ baseUrl: 'http://sim.test', timeZoneOffset: '-05:00' });
  seedSimulatorData(data, { shows, randomSeed: 3 });
  return data;
}

describe('SimulatorData', () => {
  it('knows every seeded show without building it, and builds on first look', () => {
    const data = seeded(100);
    expect(data.shows.size).toBe(100);
    const id = [...data.showIds()][0]!;
    expect(data.shows.has(id)).toBe(true);
    const show = data.getShow(id)!;
    expect(show.id).toBe(id);
    expect(data.getShow(id)).toBe(show);
    expect(data.getReel(show.reels[0]!)?.show).toBe(id);
    expect(data.shows.size).toBe(100);
  });

  it('finds a VOD of a show that was never looked at', () => {
    const data = seeded(100);
    const vodId = [...data.vods.ids()][0]!;
    const vod = data.getVod(vodId)!;
    expect(data.getShow(vod.show)?.vods).toContain(vodId);
  });

  it('deletes a show that was never built, with its reels and VOD', () => {
    // The same seed gives the same ids, so a probe tells which show owns a VOD without building
    // anything in the catalog under test.
    const probe = seeded(50);
    const vodId = [...probe.vods.ids()][0]!;
    const owner = probe.getVod(vodId)!.show;
    const data = seeded(50);
    expect(data.deleteShow(owner)).toBe(true);
    expect(data.vods.has(vodId)).toBe(false);
    expect(data.getVod(vodId)).toBeUndefined();
    expect(data.shows.size).toBe(49);
    expect(data.showIdsInDefaultOrder()).not.toContain(owner);
    expect(data.deleteShow(987654)).toBe(false);
  });

  it('merges updates and keeps the sort index right', () => {
    const data = seeded(30);
    const last = data.showIdsInDefaultOrder().at(-1)!;
    data.updateShow(last, { eventDate: '2030-01-01T19:00:00-05:00', title: 'Moved to the top' });
    expect(data.showIdsInDefaultOrder()[0]).toBe(last);
    expect(data.getShow(last)).toMatchObject({
      title: 'Moved to the top',
      eventDate: '2030-01-01T19:00:00-05:00',
    });
    expect(() => data.updateShow(last, { eventDate: 'soon' })).toThrow();
    expect(data.getShow(last)?.eventDate).toBe('2030-01-01T19:00:00-05:00');
    expect(data.updateShow(987654, { title: 'x' })).toBeUndefined();
  });

  it('derives thumbnail URLs when a thumbnail is chosen', () => {
    const data = seeded(10);
    const show = [...data.shows.values()].find(
      (candidate) => candidate.thumbnailOptions.length > 1,
    )!;
    const choice = show.thumbnailOptions[2]!;
    data.updateShow(show.id, { thumbnail: choice });
    expect(show.thumbnailImage?.url).toBe(
      `http://sim.test/cablecastapi/dynamicthumbnails/${choice}`,
    );
    expect(show.showThumbnails[0]).toBe(`${choice}-small`);
  });

  it('adds reels and VODs that keep the show consistent and bump it', () => {
    const data = seeded(5);
    const show = data.addShow({ title: 'Fresh', eventDate: new Date('2026-05-05T23:00:00Z') });
    const before = show.lastModified;
    data.addReel(show.id, { length: 600 });
    data.addReel(show.id, { length: 300 });
    expect(show.totalRunTime).toBe(900);
    const vod = data.addVod(show.id, { vodState: 'complete' });
    expect(show.vods).toEqual([vod.id]);
    expect(vod.length).toBe(900);
    expect(vod.url).toMatch(/\/store-3\/\d+-Fresh-v1\/vod\.mp4$/);
    expect(Date.parse(show.lastModified)).toBeGreaterThan(Date.parse(before));
    expect(data.vodIdsInDefaultOrder()[0]).toBe(vod.id);
    const waiting = data.addVod(show.id);
    expect(waiting).toMatchObject({
      vodState: 'waiting',
      url: null,
      isWatchable: false,
      percentComplete: 0,
    });
  });

  it('makes VOD folder names like the real ones', () => {
    expect(vodSlug(870, 'City Council Regular meeting - 8/24/2026 6:30:00 PM')).toBe(
      '870-City-Council-Regular',
    );
    expect(vodSlug(21438, 'WBT Board Meeting 4/21/25')).toBe('21438-WBT-Board-Meeting-42125');
    expect(vodSlug(5, '')).toBe('5');
  });
});

describe('breakShow through the API', () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator({ seed: { shows: 40, randomSeed: 2 } });
  });

  afterAll(async () => {
    await sim.close();
  });

  it('serves a stored wrong-typed value and still finds the record', async () => {
    const id = sim.data.showIdsInDefaultOrder()[3]!;
    const before = Date.parse(sim.data.getShow(id)!.lastModified);
    sim.data.breakShow(id, 'reels', 'x');
    sim.data.breakShow(id, 'eventDate', 12345);
    const page = await getJson<ShowsPage>(`${sim.apiBase}/shows?page_size=10&include=reel`);
    // Still in its place in the default order, broken values served as stored.
    const broken = page.shows[3] as unknown as Record<string, unknown>;
    expect(broken.id).toBe(id);
    expect(broken.reels).toBe('x');
    expect(broken.eventDate).toBe(12345);
    expect(
      page.shows
        .filter((show) => show.id !== id)
        .every((show) => typeof show.eventDate === 'string'),
    ).toBe(true);
    // An incremental sync sees it as changed.
    const since = new Date(before).toISOString();
    const results = await advancedSearch(sim.apiBase, {
      groups: [
        {
          orAnd: 'and',
          filters: [{ field: 'lastModified', operator: 'greaterThan', searchValue: since }],
        },
      ],
    });
    expect(results).toContain(id);
  });

  it('can break the id itself', async () => {
    const id = sim.data.showIdsInDefaultOrder()[5]!;
    sim.data.breakShow(id, 'id', 'abc');
    const response = await fetch(`${sim.apiBase}/shows/${id}`);
    expect((await json<{ show: { id: unknown } }>(response)).show.id).toBe('abc');
  });

  it('serves the thumbnail and embed URLs that records point at', async () => {
    const shows = await allShows(sim.apiBase);
    const show = shows.find(
      (candidate): candidate is ShowDto & { thumbnailImage: { url: string } } =>
        candidate.thumbnailImage !== null,
    )!;
    const image = await fetch(`${show.thumbnailImage.url}?d=320x180`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/svg+xml');
    expect(await image.text()).toContain('width="320"');
    const embed = await fetch(`${sim.url}/cablecastapi/embed?show_id=${show.id}`);
    expect(embed.headers.get('content-type')).toMatch(/^text\/html/);
    expect((await fetch(`${sim.url}/cablecastapi/embed?show_id=987654`)).status).toBe(404);
  });
});
