import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from './simulator.server';
import type {
  FileStoreDto,
  ReelDto,
  ShowDto,
  VodConfigurationDto,
  VodDto,
  VodTranscodeQualityDto,
} from './simulator.dtos';
import type { Simulator } from './simulator.types';
import {
  ADMIN,
  allShows,
  basicAuth,
  getJson,
  json,
  sendJson,
  VIEWER,
  type Message,
  type ShowsPage,
  type VodsPage,
} from './simulator.test-support';

const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?-05:00$/;

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: { shows: 300, randomSeed: 7 } });
});

afterAll(async () => {
  await sim.close();
});

afterEach(() => {
  sim.setFaults([]);
  sim.setOptions({
    offsetMode: 'page',
    anonymousCacheMs: 0,
    systemInfoEnvelope: 'bare',
    userSession: 'enveloped',
    permissionDeniedStatus: 403,
    transcodeQualityList: 'served',
    fileStoreList: 'enveloped',
  });
});

describe('base URL and envelopes', () => {
  it('serves under /cablecastapi/v1 whatever the case', async () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.apiBase).toBe(`${sim.url}/cablecastapi/v1`);
    const upper = await getJson<ShowsPage>(`${sim.url}/CablecastAPI/v1/Shows?page_size=1`);
    const lower = await getJson<ShowsPage>(`${sim.apiBase}/shows?page_size=1`);
    expect(upper.shows[0]?.id).toBe(lower.shows[0]?.id);
  });

  it('wraps a single show as { meta: null, show } with the real field names', async () => {
    const first = (await getJson<ShowsPage>(`${sim.apiBase}/shows?page_size=1`)).shows[0]!;
    const response = await fetch(`${sim.apiBase}/shows/${first.id}`);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await json<{ meta: null; show: ShowDto }>(response);
    expect(Object.keys(body)).toEqual(['meta', 'show']);
    expect(body.meta).toBeNull();
    const show = body.show;
    expect(show.id).toBe(first.id);
    for (const field of [
      'eventDate',
      'lastModified',
      'cgTitle',
      'comments',
      'totalRunTime',
      'reels',
      'vods',
      'customFields',
      'custom1',
      'custom8',
      'hasCaptions',
      'location',
      'category',
      'producer',
      'project',
    ]) {
      expect(show).toHaveProperty(field);
    }
    expect(show.lastModified).toMatch(DATE);
    expect(show.eventDate).toMatch(DATE);
    expect(show.customFields.map((field) => field.fieldName)).toEqual([
      'Tags',
      'Agenda',
      'Sub-Category',
    ]);
    for (const item of show.customFields) {
      expect(Object.keys(item).sort()).toEqual([
        'fieldName',
        'fieldValueString',
        'id',
        'showField',
        'type',
        'value',
      ]);
    }
  });

  it('wraps a single VOD as { vod } without meta, and reels as { reel }', async () => {
    const shows = await allShows(sim.apiBase);
    const show = shows.find((candidate) => candidate.vods.length > 0)!;
    const vodBody = await getJson<Record<string, unknown>>(`${sim.apiBase}/vods/${show.vods[0]}`);
    expect(Object.keys(vodBody)).toEqual(['vod']);
    const vod = vodBody.vod as VodDto;
    expect(vod.show).toBe(show.id);
    expect(vod.vodStatus).toBe(vod.id);
    const reel = (await getJson<{ reel: ReelDto }>(`${sim.apiBase}/reels/${show.reels[0]}`)).reel;
    expect(reel.show).toBe(show.id);
    const status = await getJson<{ vodStatus: { id: number; vodState: string } }>(
      `${sim.apiBase}/vodstatuses/${vod.id}`,
    );
    expect(status.vodStatus).toMatchObject({ id: vod.id, vodState: vod.vodState });
  });

  it('lists catalogue tables under their plural keys', async () => {
    const locations = await getJson<{
      locations: { id: number; vodConfigurations: number[] }[];
      controlModuleSets: unknown[];
    }>(`${sim.apiBase}/locations`);
    expect(locations.locations).toHaveLength(1);
    expect(locations.controlModuleSets.length).toBeGreaterThan(0);
    const categories = await getJson<{
      categories: { id: number; name: string; location: number }[];
    }>(`${sim.apiBase}/categories`);
    expect(categories.categories.map((category) => category.name)).toContain('Government');
    const producers = await getJson<{ producers: { name: string; email: string }[] }>(
      `${sim.apiBase}/producers`,
    );
    expect(producers.producers.map((producer) => producer.name)).toContain('City of Springfield');
    const projects = await getJson<{ projects: { name: string }[] }>(`${sim.apiBase}/projects`);
    expect(projects.projects.map((project) => project.name)).toContain('Planning Commission');
    const fields = await getJson<{
      showFields: { id: number; fieldDefinition: number }[];
      fieldDefinitions: { id: number; name: string }[];
    }>(`${sim.apiBase}/showfields`);
    expect(fields.fieldDefinitions.map((definition) => definition.name)).toEqual([
      'Tags',
      'Agenda',
      'Sub-Category',
    ]);
    expect(
      fields.showFields.every((field) =>
        fields.fieldDefinitions.some((d) => d.id === field.fieldDefinition),
      ),
    ).toBe(true);
    const configs = await getJson<{ vodConfigurations: { id: number; location: number }[] }>(
      `${sim.apiBase}/vodconfigurations`,
    );
    expect(configs.vodConfigurations[0]?.id).toBe(locations.locations[0]?.vodConfigurations[0]);
    const single = await getJson<{ category: { id: number } }>(
      `${sim.apiBase}/categories/${categories.categories[0]!.id}`,
    );
    expect(single.category.id).toBe(categories.categories[0]!.id);
  });

  it('answers 404 with a message for unknown ids and routes, and 405 for wrong methods', async () => {
    for (const path of [
      '/shows/987654321',
      '/vods/987654321',
      '/reels/987654321',
      '/nosuchthing',
    ]) {
      const response = await fetch(`${sim.apiBase}${path}`);
      expect(response.status, path).toBe(404);
      expect((await json<Message>(response)).message).toEqual(expect.any(String));
    }
    expect((await fetch(`${sim.url}/elsewhere`)).status).toBe(404);
    const patch = await fetch(`${sim.apiBase}/shows/1`, { method: 'PATCH', headers: ADMIN });
    expect(patch.status).toBe(405);
  });

  it('ignores unknown query parameters', async () => {
    const plain = await getJson<ShowsPage>(`${sim.apiBase}/shows?page_size=5`);
    const extra = await getJson<ShowsPage>(
      `${sim.apiBase}/shows?page_size=5&fields=id&t=123&showId=4`,
    );
    expect(extra.shows.map((show) => show.id)).toEqual(plain.shows.map((show) => show.id));
  });
});

describe('VOD transcode qualities and file stores', () => {
  it('lists the qualities the seeded configurations offer, with their default', async () => {
    const { vodTranscodeQualities } = await getJson<{
      vodTranscodeQualities: VodTranscodeQualityDto[];
    }>(`${sim.apiBase}/vodtranscodequalities`);
    expect(vodTranscodeQualities.map((q) => q.name)).toEqual(['1080p', '720p', '480p', '360p']);
    for (const quality of vodTranscodeQualities) {
      expect(Object.keys(quality)).toEqual([
        'id',
        'name',
        'vodProvider',
        'settingsHash',
        'descriptionTemplate',
      ]);
      expect(quality.vodProvider).toBe('TRMS');
      expect(JSON.parse(quality.settingsHash!)).toMatchObject({ codec: 'h264' });
    }
    const { vodConfigurations } = await getJson<{ vodConfigurations: VodConfigurationDto[] }>(
      `${sim.apiBase}/vodconfigurations`,
    );
    const ids = vodTranscodeQualities.map((q) => q.id);
    const hd = vodTranscodeQualities.find((q) => q.name === '720p')!;
    for (const config of vodConfigurations) {
      expect(config.vodTranscodeQualities).toEqual(ids);
      expect(config.defaultQuality).toBe(hd.id);
    }
    const one = await getJson<{ vodTranscodeQuality: VodTranscodeQualityDto }>(
      `${sim.apiBase}/vodtranscodequalities/${hd.id}`,
    );
    expect(one.vodTranscodeQuality).toEqual(hd);
    expect((await fetch(`${sim.apiBase}/vodtranscodequalities/999`)).status).toBe(404);
  });

  it('lists the file stores to signed-in users, enveloped or bare (inferred)', async () => {
    expect((await fetch(`${sim.apiBase}/filestores`)).status).toBe(401);
    const { fileStores } = await getJson<{ fileStores: FileStoreDto[] }>(
      `${sim.apiBase}/filestores`,
      VIEWER,
    );
    expect(fileStores.map((store) => [store.id, store.name, store.isDefault])).toEqual([
      [1, 'Primary Content', true],
      [2, 'Archive', false],
    ]);
    expect(fileStores[1]?.url).toBe(`${sim.url}/store-2/`);
    const one = await getJson<{ fileStore: FileStoreDto }>(`${sim.apiBase}/filestores/2`, VIEWER);
    expect(one.fileStore).toEqual(fileStores[1]);
    expect((await fetch(`${sim.apiBase}/filestores/9`, { headers: VIEWER })).status).toBe(404);

    sim.setOptions({ fileStoreList: 'bare' });
    expect(await getJson<FileStoreDto[]>(`${sim.apiBase}/filestores`, VIEWER)).toEqual(fileStores);
    expect(await getJson<FileStoreDto>(`${sim.apiBase}/filestores/1`, VIEWER)).toEqual(
      fileStores[0],
    );
  });

  it('answers 404 for both lists when switched to an older server', async () => {
    sim.setOptions({ transcodeQualityList: 'absent', fileStoreList: 'absent' });
    for (const path of ['/vodtranscodequalities', '/vodtranscodequalities/1', '/filestores']) {
      const response = await fetch(`${sim.apiBase}${path}`, { headers: ADMIN });
      expect(response.status, path).toBe(404);
      expect((await json<Message>(response)).message).toMatch(/No HTTP resource/);
    }
  });
});

describe('GET /shows', () => {
  it('orders newest event date first and pages 50 at a time by default', async () => {
    const page = await getJson<ShowsPage>(`${sim.apiBase}/shows`);
    expect(page.meta).toEqual({ offset: 0, pageSize: 50, count: 300 });
    expect(page.shows).toHaveLength(50);
    const dates = page.shows.map((show) => Date.parse(show.eventDate!));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
  });

  it('reads offset as a page number by default', async () => {
    const all = await allShows(sim.apiBase);
    expect(all).toHaveLength(300);
    const page = await getJson<ShowsPage>(`${sim.apiBase}/shows?page_size=10&offset=2`);
    expect(page.meta).toEqual({ offset: 2, pageSize: 10, count: 300 });
    expect(page.shows.map((show) => show.id)).toEqual(all.slice(20, 30).map((show) => show.id));
    const last = await getJson<ShowsPage>(`${sim.apiBase}/shows?page_size=100&offset=2`);
    expect(last.shows.map((show) => show.id)).toEqual(all.slice(200, 300).map((show) => show.id));
    const beyond = await getJson<ShowsPage>(`${sim.apiBase}/shows?page_size=100&offset=3`);
    expect(beyond.shows).toEqual([]);
  });

  it('reads offset as an item index when switched', async () => {
    sim.setOptions({ offsetMode: 'index' });
    const all = await allShows(sim.apiBase);
    const page = await getJson<ShowsPage>(`${sim.apiBase}/shows?page_size=10&offset=23`);
    expect(page.meta).toEqual({ offset: 23, pageSize: 10, count: 300 });
    expect(page.shows.map((show) => show.id)).toEqual(all.slice(23, 33).map((show) => show.id));
  });

  it('returns exactly the shows asked for with ids[] (and the ids=1,2 form)', async () => {
    const all = await allShows(sim.apiBase);
    const wanted = [all[5]!.id, all[99]!.id, all[250]!.id];
    const bracket = await getJson<ShowsPage>(
      `${sim.apiBase}/shows?${wanted.map((id) => `ids%5B%5D=${id}`).join('&')}&ids[]=987654321`,
    );
    expect(bracket.shows.map((show) => show.id).sort()).toEqual([...wanted].sort());
    expect(bracket.meta.count).toBe(3);
    const comma = await getJson<ShowsPage>(`${sim.apiBase}/shows?ids=${wanted.join(',')}`);
    expect(comma.shows.map((show) => show.id).sort()).toEqual([...wanted].sort());
  });

  it('pages ids[] too (page_size still applies)', async () => {
    const all = await allShows(sim.apiBase);
    const ids = all.slice(0, 60).map((show) => show.id);
    const query = ids.map((id) => `ids[]=${id}`).join('&');
    expect((await getJson<ShowsPage>(`${sim.apiBase}/shows?${query}`)).shows).toHaveLength(50);
    expect(
      (await getJson<ShowsPage>(`${sim.apiBase}/shows?${query}&page_size=100`)).shows,
    ).toHaveLength(60);
  });

  it('searches title, cgTitle and comments case-insensitively', async () => {
    const all = await allShows(sim.apiBase);
    const expected = all.filter((show) =>
      [show.title, show.cgTitle, show.comments].some((text) =>
        text?.toLowerCase().includes('planning'),
      ),
    );
    expect(expected.length).toBeGreaterThan(0);
    const page = await getJson<ShowsPage>(`${sim.apiBase}/shows?search=PLANNING&page_size=-1`);
    expect(page.shows.map((show) => show.id)).toEqual(expected.map((show) => show.id));
    expect(page.meta.count).toBe(expected.length);
  });

  it('filters by location', async () => {
    const multi = await startSimulator({ seed: { shows: 60, randomSeed: 3, locations: 2 } });
    try {
      const second = await getJson<ShowsPage>(`${multi.apiBase}/shows?location=2&page_size=-1`);
      expect(second.shows.length).toBeGreaterThan(0);
      expect(second.shows.every((show) => show.location === 2)).toBe(true);
      const first = await getJson<ShowsPage>(`${multi.apiBase}/shows?location=1&page_size=-1`);
      expect(first.shows.length + second.shows.length).toBe(60);
    } finally {
      await multi.close();
    }
  });

  it('sideloads related records with include=', async () => {
    const page = await getJson<ShowsPage>(
      `${sim.apiBase}/shows?page_size=20&include=reel,vod,category,producer,project,location`,
    );
    const reelIds = page.shows.flatMap((show) => show.reels).sort();
    const vodIds = page.shows.flatMap((show) => show.vods).sort();
    expect(page.reels?.map((reel) => reel.id).sort()).toEqual(reelIds);
    expect(page.vods?.map((vod) => vod.id).sort()).toEqual(vodIds);
    const categoryIds = new Set(page.shows.map((show) => show.category));
    expect(new Set(page.categories?.map((category) => category.id))).toEqual(categoryIds);
    expect(page.producers?.length).toBeGreaterThan(0);
    expect(page.projects?.length).toBeGreaterThan(0);
    expect(page.locations?.map((location) => location.id)).toEqual([1]);
    const plain = await getJson<ShowsPage>(`${sim.apiBase}/shows?page_size=20`);
    expect(plain.reels).toBeUndefined();
  });

  it('pages /vods and sideloads their shows', async () => {
    const page = await getJson<VodsPage>(`${sim.apiBase}/vods?page_size=10&include=show`);
    expect(page.meta.pageSize).toBe(10);
    expect(page.meta.count).toBe(sim.data.vods.size);
    expect(new Set(page.shows?.map((show) => show.id))).toEqual(
      new Set(page.vods.map((vod) => vod.show)),
    );
  });
});

describe('seeded VOD records', () => {
  it('build url, embedCode and webVtt like the real ones, on the simulator host', async () => {
    const shows = await allShows(sim.apiBase);
    const show = shows.find(
      (candidate) =>
        candidate.vods.length > 0 && sim.data.getVod(candidate.vods[0]!)?.vodState === 'complete',
    )!;
    const vod = (await getJson<{ vod: VodDto }>(`${sim.apiBase}/vods/${show.vods[0]}`)).vod;
    expect(vod.url).toMatch(
      new RegExp(`^${sim.url}/store-3/${show.id}-[A-Za-z0-9-]+-v1/vod\\.mp4$`),
    );
    expect(vod.embedCode).toContain(`src="${sim.url}/cablecastapi/embed?show_id=${show.id}"`);
    expect(vod.webVtt).toBe(`${sim.apiBase}/vods/${vod.id}/chapters`);
    expect(vod.percentComplete).toBe(1);
    expect(vod.isWatchable).toBe(true);
    const vtt = await fetch(vod.webVtt!);
    expect(vtt.headers.get('content-type')).toMatch(/^text\/vtt/);
    expect(await vtt.text()).toMatch(/^WEBVTT/);
  });
});

describe('authentication', () => {
  it('lets anonymous clients read the catalogue and the system info', async () => {
    expect((await fetch(`${sim.apiBase}/shows?page_size=1`)).status).toBe(200);
    const info = await getJson<{ cablecastVersion: string; siteName: string }>(
      `${sim.apiBase}/systeminfo`,
    );
    expect(info.cablecastVersion).toBe('7.6.2.0');
    expect(info.siteName).toBe('Springfield Community Television');
  });

  it('refuses anonymous writes with 401 and the ASP.NET message', async () => {
    const response = await sendJson(`${sim.apiBase}/shows`, 'POST', { show: { title: 'x' } });
    expect(response.status).toBe(401);
    expect(await json<Message>(response)).toEqual({
      message: 'Authorization has been denied for this request.',
    });
  });

  it('answers 401 to any request with wrong credentials, even a public read', async () => {
    const response = await fetch(`${sim.apiBase}/shows?page_size=1`, {
      headers: { authorization: basicAuth('admin', 'nope') },
    });
    expect(response.status).toBe(401);
    expect(
      (await fetch(`${sim.apiBase}/systeminfo`, { headers: { authorization: 'Bearer abc' } }))
        .status,
    ).toBe(401);
  });

  it('treats wrong credentials as anonymous when switched to', async () => {
    sim.setOptions({ wrongCredentials: 'ignore' });
    try {
      const response = await fetch(`${sim.apiBase}/shows?page_size=1`, {
        headers: { authorization: basicAuth('admin', 'nope') },
      });
      expect(response.status).toBe(200);
    } finally {
      sim.setOptions({ wrongCredentials: 'reject' });
    }
  });

  it('refuses a read-only user with the configured status', async () => {
    const id = [...sim.data.showIds()][0]!;
    const denied = await sendJson(
      `${sim.apiBase}/shows/${id}`,
      'PUT',
      { show: { comments: 'x' } },
      VIEWER,
    );
    expect(denied.status).toBe(403);
    sim.setOptions({ permissionDeniedStatus: 401 });
    const denied401 = await sendJson(
      `${sim.apiBase}/shows/${id}`,
      'PUT',
      { show: { comments: 'x' } },
      VIEWER,
    );
    expect(denied401.status).toBe(401);
    expect(sim.data.getShow(id)?.comments).not.toBe('x');
  });

  it('accepts "Basic" in any case with extra spaces', async () => {
    const id = [...sim.data.showIds()][1]!;
    const token = Buffer.from('operator:operator').toString('base64');
    const response = await sendJson(
      `${sim.apiBase}/shows/${id}`,
      'PUT',
      { show: { custom2: 'ok' } },
      { authorization: `basic   ${token} ` },
    );
    expect(response.status).toBe(200);
    expect(sim.data.getShow(id)?.custom2).toBe('ok');
  });

  it('reports the session with rights, or hides it', async () => {
    expect((await fetch(`${sim.apiBase}/usersession`)).status).toBe(401);
    const admin = await getJson<{
      session: { user: string; isAdmin: boolean; permissions: string[] };
    }>(`${sim.apiBase}/usersession`, ADMIN);
    expect(admin.session).toMatchObject({ user: 'admin', isAdmin: true });
    expect(admin.session.permissions).toContain('EditShows');
    const viewer = await getJson<{ session: { isAdmin: boolean; permissions: string[] } }>(
      `${sim.apiBase}/usersession`,
      VIEWER,
    );
    expect(viewer.session.isAdmin).toBe(false);
    expect(
      viewer.session.permissions.some((permission) => /^(Edit|Manage|Upload)/.test(permission)),
    ).toBe(false);
    sim.setOptions({ userSession: 'bare' });
    expect(await getJson<{ user: string }>(`${sim.apiBase}/usersession`, VIEWER)).toMatchObject({
      user: 'viewer',
    });
    sim.setOptions({ userSession: 'absent' });
    expect((await fetch(`${sim.apiBase}/usersession`, { headers: ADMIN })).status).toBe(404);
  });

  it('returns the system info bare or enveloped', async () => {
    sim.setOptions({ systemInfoEnvelope: 'enveloped' });
    const body = await getJson<{ systemInfo: { cablecastVersion: string } }>(
      `${sim.apiBase}/systeminfo`,
    );
    expect(body.systemInfo.cablecastVersion).toBe('7.6.2.0');
  });
});

describe('anonymous cache', () => {
  it('serves stale anonymous reads while authenticated reads are fresh', async () => {
    sim.setOptions({ anonymousCacheMs: 60_000 });
    const id = [...sim.data.showIds()][2]!;
    const before = (await getJson<{ show: ShowDto }>(`${sim.apiBase}/shows/${id}`)).show.cgTitle;
    const put = await sendJson(
      `${sim.apiBase}/shows/${id}`,
      'PUT',
      { show: { cgTitle: 'Edited by the test' } },
      ADMIN,
    );
    expect(put.status).toBe(200);
    const stale = await fetch(`${sim.apiBase}/shows/${id}`);
    expect(stale.headers.get('x-simulator-cache')).toBe('HIT');
    expect((await json<{ show: ShowDto }>(stale)).show.cgTitle).toBe(before);
    const fresh = await getJson<{ show: ShowDto }>(`${sim.apiBase}/shows/${id}`, ADMIN);
    expect(fresh.show.cgTitle).toBe('Edited by the test');
    const busted = await getJson<{ show: ShowDto }>(`${sim.apiBase}/shows/${id}?t=${Date.now()}`);
    expect(busted.show.cgTitle).toBe('Edited by the test');
  });

  it('does not cache when off', async () => {
    const id = [...sim.data.showIds()][3]!;
    await getJson(`${sim.apiBase}/shows/${id}`);
    sim.data.updateShow(id, { cgTitle: 'Direct edit' });
    expect((await getJson<{ show: ShowDto }>(`${sim.apiBase}/shows/${id}`)).show.cgTitle).toBe(
      'Direct edit',
    );
  });
});

describe('writes', () => {
  it('creates a show with POST and returns { show } with its id', async () => {
    const location = (await getJson<{ locations: { id: number }[] }>(`${sim.apiBase}/locations`))
      .locations[0]!.id;
    const response = await sendJson(
      `${sim.apiBase}/shows`,
      'POST',
      {
        show: {
          title: 'Test Show',
          cgTitle: 'Public Test Show',
          cgExempt: false,
          comments: 'From a test',
          location,
          customFields: [],
        },
      },
      ADMIN,
    );
    expect(response.status).toBe(200);
    const created = (await json<{ show: ShowDto }>(response)).show;
    expect(created.id).toEqual(expect.any(Number));
    const fetched = (await getJson<{ show: ShowDto }>(`${sim.apiBase}/shows/${created.id}`, ADMIN))
      .show;
    expect(fetched).toMatchObject({
      title: 'Test Show',
      cgTitle: 'Public Test Show',
      comments: 'From a test',
      location,
      reels: [],
      vods: [],
    });
    expect(fetched.customFields).toHaveLength(3);
  });

  it('merges a PUT, bumps lastModified and keeps other fields', async () => {
    const id = [...sim.data.showIds()][4]!;
    const before = (await getJson<{ show: ShowDto }>(`${sim.apiBase}/shows/${id}`, ADMIN)).show;
    const response = await sendJson(
      `${sim.apiBase}/shows/${id}`,
      'PUT',
      {
        show: {
          comments: 'New description',
          eventDate: '2026-03-02T19:00:00-05:00',
          customFields: [{ showField: 1, value: 'budget' }],
          id: 5,
          lastModified: '2000-01-01T00:00:00',
        },
      },
      ADMIN,
    );
    expect(response.status).toBe(200);
    const after = (await json<{ show: ShowDto }>(response)).show;
    expect(after.id).toBe(id);
    expect(after.comments).toBe('New description');
    expect(after.eventDate).toBe('2026-03-02T19:00:00-05:00');
    expect(after.title).toBe(before.title);
    expect(after.customFields.find((field) => field.showField === 1)?.value).toBe('budget');
    expect(Date.parse(after.lastModified)).toBeGreaterThan(Date.parse(before.lastModified));
  });

  it('gives every mutation a strictly later lastModified', async () => {
    const ids = [...sim.data.showIds()].slice(10, 30);
    const stamps: number[] = [];
    for (const id of ids) {
      const response = await sendJson(
        `${sim.apiBase}/shows/${id}`,
        'PUT',
        { show: { custom3: 'tick' } },
        ADMIN,
      );
      stamps.push(Date.parse((await json<{ show: ShowDto }>(response)).show.lastModified));
    }
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]).toBeGreaterThan(stamps[i - 1]!);
  });

  it('rejects bad bodies with 400, wrong content types with 415, unknown ids with 404', async () => {
    const id = [...sim.data.showIds()][5]!;
    const badType = await sendJson(
      `${sim.apiBase}/shows/${id}`,
      'PUT',
      { show: { eventDate: 12345 } },
      ADMIN,
    );
    expect(badType.status).toBe(400);
    expect(
      await json<{ message: string; modelState: Record<string, string[]> }>(badType),
    ).toMatchObject({
      message: 'The request is invalid.',
      modelState: { 'show.eventDate': expect.any(Array) },
    });
    const badCategory = await sendJson(
      `${sim.apiBase}/shows/${id}`,
      'PUT',
      { show: { category: 999 } },
      ADMIN,
    );
    expect(badCategory.status).toBe(400);
    const noEnvelope = await sendJson(`${sim.apiBase}/shows/${id}`, 'PUT', { title: 'x' }, ADMIN);
    expect(noEnvelope.status).toBe(400);
    const text = await fetch(`${sim.apiBase}/shows/${id}`, {
      method: 'PUT',
      headers: { ...ADMIN, 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(text.status).toBe(415);
    const missing = await sendJson(
      `${sim.apiBase}/shows/987654321`,
      'PUT',
      { show: { title: 'x' } },
      ADMIN,
    );
    expect(missing.status).toBe(404);
    const noTitle = await sendJson(
      `${sim.apiBase}/shows`,
      'POST',
      { show: { comments: 'x' } },
      ADMIN,
    );
    expect(noTitle.status).toBe(400);
  });

  it('deletes a show with its reels and VOD', async () => {
    const shows = await allShows(sim.apiBase);
    const victim = shows.find((show) => show.vods.length > 0)!;
    const response = await fetch(`${sim.apiBase}/shows/${victim.id}`, {
      method: 'DELETE',
      headers: ADMIN,
    });
    expect(response.status).toBe(204);
    expect((await fetch(`${sim.apiBase}/shows/${victim.id}`)).status).toBe(404);
    expect((await fetch(`${sim.apiBase}/vods/${victim.vods[0]}`)).status).toBe(404);
    expect(
      (await fetch(`${sim.apiBase}/shows/${victim.id}`, { method: 'DELETE', headers: ADMIN }))
        .status,
    ).toBe(404);
  });
});

describe('statistics', () => {
  it('counts requests per path', async () => {
    sim.resetStats();
    await fetch(`${sim.apiBase}/shows?page_size=1`);
    await fetch(`${sim.apiBase}/Shows?page_size=2`);
    await fetch(`${sim.apiBase}/systeminfo`);
    expect(sim.stats.requests).toBe(3);
    expect(sim.stats.byPath.get('/shows')).toBe(2);
    expect(sim.stats.byPath.get('/systeminfo')).toBe(1);
  });
});
