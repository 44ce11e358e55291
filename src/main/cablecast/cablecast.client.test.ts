import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/result';
import {
  CablecastClient,
  SHOW_BATCH_SIZE,
  type CablecastClientOptions,
  type ShowPage,
} from './cablecast.client';
import type { InvalidRecord } from './cablecast.envelope';
import type { ShowPatch } from './cablecast.schemas';
import { URBANA_SHOW_870, clone } from './testing/fixtures';
import {
  sendJson,
  localServerPerTest,
  cablecastFailure,
  type LocalServer,
  type RecordedRequest,
} from './testing/local-server';

const serve = localServerPerTest();

function makeClient(
  s: LocalServer,
  options: Partial<CablecastClientOptions> = {},
): CablecastClient {
  return new CablecastClient({
    serverUrl: s.apiBase,
    username: 'admin',
    password: 'admin',
    timeoutMs: 5_000,
    maxRetries: 2,
    retryDelayMs: 10,
    offsetMode: 'auto',
    sleep: () => Promise.resolve(),
    ...options,
  });
}

const failure = cablecastFailure;

function show(id: number, patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...clone(URBANA_SHOW_870.show),
    id,
    title: `Show ${id}`,
    location: id % 2 === 0 ? 2 : 1,
    reels: [id * 10],
    vods: [id * 100],
    ...patch,
  };
}

interface FakeCatalog {
  /** How `offset` is read. */
  offsetMode: 'page' | 'index';
  ids: number[];
  /** The server's own cap on page_size. */
  maxPageSize?: number;
  /** Fields to break per show id. */
  broken?: Map<number, Record<string, unknown>>;
  /** Ignores `offset` entirely (a broken server). */
  ignoreOffset?: boolean;
  omitCount?: boolean;
}

/** A `/shows` endpoint that pages like a Cablecast server under either reading of `offset`. */
function catalogHandler(catalog: FakeCatalog): (req: RecordedRequest) => unknown {
  return (req) => {
    const wanted = req.query.getAll('ids[]').map(Number);
    let ids = catalog.ids;
    if (wanted.length > 0) ids = ids.filter((id) => wanted.includes(id));
    const location = req.query.get('location');
    if (location !== null) ids = ids.filter((id) => show(id).location === Number(location));
    const requested = Number(req.query.get('page_size') ?? 50);
    const pageSize = Math.min(requested, catalog.maxPageSize ?? Infinity);
    const offset = catalog.ignoreOffset === true ? 0 : Number(req.query.get('offset') ?? 0);
    const start = catalog.offsetMode === 'page' ? offset * pageSize : offset;
    const pageIds = ids.slice(start, start + pageSize);
    const body: Record<string, unknown> = {
      shows: pageIds.map((id) => show(id, catalog.broken?.get(id) ?? {})),
      meta: { offset, pageSize, ...(catalog.omitCount === true ? {} : { count: ids.length }) },
    };
    const include = req.query.get('include') ?? '';
    if (include.includes('reel'))
      body.reels = pageIds.map((id) => ({ id: id * 10, show: id, length: 60 }));
    if (include.includes('media'))
      body.medias = pageIds.map((id) => ({ id: id * 1000, name: `m${id}` }));
    return body;
  };
}

async function collect(pages: AsyncIterable<ShowPage>): Promise<ShowPage[]> {
  const out: ShowPage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe('CablecastClient construction', () => {
  it('normalises the address and rejects garbage with the settings path', () => {
    const client = new CablecastClient({
      serverUrl: 'https://Demo.Cablecast.tv/CablecastAPI/v1/',
      timeoutMs: 1_000,
      maxRetries: 0,
      retryDelayMs: 0,
      offsetMode: 'auto',
    });
    expect(client.apiBase).toBe('https://demo.cablecast.tv/cablecastapi/v1');
    expect(client.server).toBe('https://demo.cablecast.tv');
    expect(client.hasCredentials).toBe(false);
    expect(
      () =>
        new CablecastClient({
          serverUrl: 'ftp://x',
          timeoutMs: 1,
          maxRetries: 0,
          retryDelayMs: 0,
          offsetMode: 'auto',
        }),
    ).toThrow(AppError);
    expect(
      () =>
        new CablecastClient({
          serverUrl: 'x.example',
          username: 'a:b',
          password: 'p',
          timeoutMs: 1,
          maxRetries: 0,
          retryDelayMs: 0,
          offsetMode: 'auto',
        }),
    ).toThrow(/colon/);
  });
});

describe('system info and session', () => {
  it.each([
    ['bare', { cablecastVersion: '7.6.2.0', siteName: 'Urbana' }],
    ['enveloped', { systemInfo: { cablecastVersion: '7.6.2.0', siteName: 'Urbana' } }],
  ])('reads system info served %s', async (_shape, body) => {
    const s = await serve((_req, res) => sendJson(res, 200, body));
    const info = await makeClient(s).getSystemInfo();
    expect(info).toMatchObject({ cablecastVersion: '7.6.2.0', siteName: 'Urbana' });
    expect(s.requests[0]?.path).toBe('/systeminfo');
  });

  it.each([
    ['session', { session: { user: 'ops', isAdmin: true, permissions: [] } }],
    ['userSession', { userSession: { user: 'ops', isAdmin: true, permissions: [] } }],
    ['bare', { user: 'ops', isAdmin: true, permissions: [] }],
  ])('reads the user session as %s', async (_shape, body) => {
    const s = await serve((_req, res) => sendJson(res, 200, body));
    const session = await makeClient(s).getUserSession();
    expect(session).toMatchObject({ user: 'ops', isAdmin: true });
  });

  it('returns null when the server has no session endpoint', async () => {
    const s = await serve((_req, res) =>
      sendJson(res, 404, { message: 'No HTTP resource was found' }),
    );
    await expect(makeClient(s).getUserSession()).resolves.toBeNull();
  });

  it('after the session was read, a 401 on a change reads as no permission', async () => {
    const s = await serve((req, res) => {
      if (req.path === '/usersession')
        sendJson(res, 200, {
          session: { user: 'viewer', isAdmin: false, permissions: ['ViewShows'] },
        });
      else if (req.method === 'PUT') sendJson(res, 401, {});
      else sendJson(res, 200, { show: show(5) });
    });
    const client = makeClient(s, { username: 'viewer', password: 'viewer' });
    await client.getUserSession();
    const error = await failure(client.updateShow(5, { comments: 'x' }));
    expect(error.kind).toBe('no-permission');
  });
});

describe('reference lists', () => {
  it('reads locations, categories, producers, projects, show fields and VOD configurations', async () => {
    const s = await serve((req, res) => {
      const bodies: Record<string, unknown> = {
        '/locations': {
          locations: [{ id: 1, name: 'Main', vodConfigurations: [1] }],
          controlModuleSets: [],
        },
        '/categories': { categories: [{ id: 7, location: 1, name: 'Meetings' }] },
        '/producers': { producers: [{ id: 41, name: 'City Clerk', active: true }] },
        '/projects': { projects: [{ id: 3, name: 'City Council', producer: null }] },
        '/showfields': {
          showFields: [{ id: 1, label: null, fieldDefinition: 10, maxInstances: null }],
          fieldDefinitions: [
            { id: 10, name: 'Agenda', type: 'file', widget: null, location: 1, fieldOptions: null },
          ],
        },
        '/vodconfigurations': {
          vodConfigurations: [
            { id: 1, providerName: 'TRMS', location: 1, vodTranscodeQualities: [2] },
          ],
        },
      };
      sendJson(res, 200, bodies[req.path] ?? {});
    });
    const client = makeClient(s);
    expect((await client.getLocations())[0]?.name).toBe('Main');
    expect((await client.getCategories({ location: 1 }))[0]?.name).toBe('Meetings');
    expect(s.requests.at(-1)?.query.get('location')).toBe('1');
    expect((await client.getProducers())[0]?.id).toBe(41);
    expect((await client.getProjects())[0]?.id).toBe(3);
    const fields = await client.getShowFields();
    expect(fields.fieldDefinitions[0]).toMatchObject({ name: 'Agenda', fieldOptions: [] });
    expect((await client.getVodConfigurations({ location: 1 }))[0]?.vodTranscodeQualities).toEqual([
      2,
    ]);
  });

  it('a broken reference list fails with the field path', async () => {
    const s = await serve((_req, res) =>
      sendJson(res, 200, {
        categories: [
          { id: 1, name: 'ok' },
          { id: '2', name: 'x' },
        ],
      }),
    );
    const error = await failure(makeClient(s).getCategories());
    expect(error.path).toBe('categories[1].id');
  });

  it('a broken file store list fails with the field path, enveloped or bare', async () => {
    const stores = [
      { id: 1, name: 'Content' },
      { id: 2, name: 7 },
    ];
    const s = await serve((_req, res) => sendJson(res, 200, { fileStores: stores }));
    const client = makeClient(s);
    const error = await failure(client.getFileStores());
    expect(error).toMatchObject({ kind: 'bad-response', path: 'fileStores[1].name' });
    // The same list bare: the path starts at the list itself.
    s.setHandler((_req, res) => sendJson(res, 200, stores));
    expect((await failure(client.getFileStores())).path).toBe('[1].name');
    s.setHandler((_req, res) => sendJson(res, 200, { stores }));
    expect((await failure(client.getFileStores())).path).toBe('fileStores');
  });
});

describe('shows by id', () => {
  it('getShow and getVod read single resources; 404 names the show', async () => {
    const s = await serve((req, res) => {
      if (req.path === '/shows/870') sendJson(res, 200, clone(URBANA_SHOW_870));
      else if (req.path === '/vods/1207')
        sendJson(res, 200, { vod: { id: 1207, show: 870, vodState: 'processing' } });
      else sendJson(res, 404, {});
    });
    const client = makeClient(s);
    expect((await client.getShow(870)).vods).toEqual([1207]);
    expect((await client.getVod(1207)).vodState).toBe('processing');
    const missing = await failure(client.getShow(871));
    expect(missing.kind).toBe('not-found');
    expect(missing.message).toBe(`Cablecast at ${s.url} has no show 871 (HTTP 404).`);
    await expect(client.getShow(-1)).rejects.toThrow(AppError);
  });

  it('fetches 250 ids in batches of 100 with ids[] and a matching page_size, in the order asked', async () => {
    const ids = Array.from({ length: 250 }, (_, i) => 1000 + i);
    const handler = catalogHandler({ offsetMode: 'page', ids: [...ids].reverse() });
    const s = await serve((req, res) => sendJson(res, 200, handler(req)));
    const batch = await makeClient(s).getShowsByIds([...ids, 1000, 5], {
      include: ['reel'],
      concurrency: 3,
    });
    const showRequests = s.requests.filter((r) => r.path === '/shows');
    expect(showRequests.map((r) => r.query.getAll('ids[]').length).sort()).toEqual(
      [100, 100, 51].sort(),
    );
    for (const r of showRequests) {
      expect(Number(r.query.get('page_size'))).toBe(r.query.getAll('ids[]').length);
      expect(r.query.get('include')).toBe('reel');
      expect(r.headers.authorization).toMatch(/^Basic /);
    }
    expect(batch.shows.map((x) => x.id)).toEqual(ids);
    expect(batch.included.reels).toHaveLength(250);
    expect(batch.missingIds).toEqual([5]);
  });

  it('skips a schema-breaking show with a report naming its id and field, keeping the others', async () => {
    const handler = catalogHandler({
      offsetMode: 'page',
      ids: [1, 2, 3],
      broken: new Map([[2, { eventDate: 20260824 }]]),
    });
    const s = await serve((req, res) => sendJson(res, 200, handler(req)));
    const reported: InvalidRecord[] = [];
    const batch = await makeClient(s).getShowsBatch([1, 2, 3], {
      onInvalid: (info) => reported.push(info),
    });
    expect(batch.shows.map((x) => x.id)).toEqual([1, 3]);
    expect(batch.missingIds).toEqual([]);
    expect(reported).toEqual([
      {
        id: 2,
        path: 'shows[1].eventDate',
        message: 'expected a date string, got number',
        key: 'shows',
        index: 1,
      },
    ]);
    expect(batch.invalid).toEqual(reported);
  });

  it('a broken envelope is still a hard error', async () => {
    const s = await serve((_req, res) => sendJson(res, 200, { show: [] }));
    const error = await failure(makeClient(s).getShowsBatch([1]));
    expect(error.kind).toBe('bad-response');
    expect(error.path).toBe('shows');
  });

  it('refuses more than one batch worth of ids in getShowsBatch', async () => {
    const s = await serve((_req, res) => sendJson(res, 200, { shows: [] }));
    const ids = Array.from({ length: SHOW_BATCH_SIZE + 1 }, (_, i) => i + 1);
    await expect(makeClient(s).getShowsBatch(ids)).rejects.toThrow(AppError);
    expect(s.requests).toHaveLength(0);
  });
});

describe('listShows under both readings of offset', () => {
  const ids = Array.from({ length: 23 }, (_, i) => 500 - i);

  it.each(['page', 'index'] as const)(
    'auto-detects %s semantics and lists every show exactly once',
    async (mode) => {
      const handler = catalogHandler({ offsetMode: mode, ids });
      const s = await serve((req, res) => sendJson(res, 200, handler(req)));
      const client = makeClient(s);
      const pages = await collect(client.listShows({ pageSize: 5 }));
      expect(pages.flatMap((p) => p.shows.map((x) => x.id))).toEqual(ids);
      expect(pages).toHaveLength(5);
      expect(pages.every((p) => p.offsetMode === mode && p.total === 23)).toBe(true);
      expect(client.offsetMode).toBe(mode);
      expect(pages.map((p) => p.offset)).toEqual(
        mode === 'page' ? [0, 1, 2, 3, 4] : [0, 5, 10, 15, 20],
      );

      // Detection is cached: a second listing sends only its own page requests.
      const before = s.requests.length;
      await collect(client.listShows({ pageSize: 10 }));
      expect(s.requests.length - before).toBe(3);
    },
  );

  it.each(['page', 'index'] as const)('an explicit %s setting skips detection', async (mode) => {
    const handler = catalogHandler({ offsetMode: mode, ids });
    const s = await serve((req, res) => sendJson(res, 200, handler(req)));
    const pages = await collect(makeClient(s, { offsetMode: mode }).listShows({ pageSize: 10 }));
    expect(pages.flatMap((p) => p.shows.map((x) => x.id))).toEqual(ids);
    expect(s.requests.every((r) => r.query.get('page_size') === '10')).toBe(true);
  });

  it('a wrong explicit setting cannot be noticed and skips shows (why the default is auto)', async () => {
    const handler = catalogHandler({
      offsetMode: 'page',
      ids: Array.from({ length: 6 }, (_, i) => i + 1),
    });
    const s = await serve((req, res) => sendJson(res, 200, handler(req)));
    // index reading on a page server: offset=2 means page 2 → items 5..6; then offset=4 → nothing.
    const pages = await collect(makeClient(s, { offsetMode: 'index' }).listShows({ pageSize: 2 }));
    expect(pages.flatMap((p) => p.shows.map((x) => x.id))).toEqual([1, 2, 5, 6]);
  });

  it('stops with a readable error when the server ignores offset', async () => {
    const handler = catalogHandler({ offsetMode: 'page', ids, ignoreOffset: true });
    const s = await serve((req, res) => sendJson(res, 200, handler(req)));
    const client = makeClient(s, { offsetMode: 'page' });
    const seen: number[] = [];
    const error = await failure(
      (async () => {
        for await (const page of client.listShows({ pageSize: 5 }))
          seen.push(...page.shows.map((x) => x.id));
      })(),
    );
    expect(seen).toEqual(ids.slice(0, 5));
    expect(error.kind).toBe('bad-response');
    expect(error.message).toMatch(/sent the same shows again/);
  });

  it('follows a server that caps the page size, with and without meta.count', async () => {
    for (const omitCount of [false, true]) {
      for (const mode of ['page', 'index'] as const) {
        const handler = catalogHandler({ offsetMode: mode, ids, maxPageSize: 4, omitCount });
        const s = await serve((req, res) => sendJson(res, 200, handler(req)));
        const pages = await collect(
          makeClient(s, { offsetMode: mode }).listShows({ pageSize: 10 }),
        );
        expect(pages.flatMap((p) => p.shows.map((x) => x.id))).toEqual(ids);
        await s.close();
      }
    }
  });

  it('passes location, search and include, reads medias as media, and reports bad shows per page', async () => {
    const handler = catalogHandler({
      offsetMode: 'page',
      ids,
      broken: new Map([[498, { reels: 'x' }]]),
    });
    const s = await serve((req, res) => sendJson(res, 200, handler(req)));
    const reported: InvalidRecord[] = [];
    const pages = await collect(
      makeClient(s, { offsetMode: 'page' }).listShows({
        location: 2,
        search: 'council',
        include: ['reel', 'media'],
        pageSize: 50,
        onInvalid: (info) => reported.push(info),
      }),
    );
    const request = s.requests[0];
    expect(request?.query.get('location')).toBe('2');
    expect(request?.query.get('search')).toBe('council');
    expect(request?.query.get('include')).toBe('reel,media');
    const listed = pages.flatMap((p) => p.shows.map((x) => x.id));
    expect(listed).toEqual(ids.filter((id) => id % 2 === 0 && id !== 498));
    expect(reported.map((r) => [r.id, r.path])).toEqual([[498, 'shows[1].reels']]);
    expect(pages[0]?.included.media.length).toBeGreaterThan(0);
  });

  it('an empty catalogue yields nothing and does not cache a guess', async () => {
    const handler = catalogHandler({ offsetMode: 'index', ids: [] });
    const s = await serve((req, res) => sendJson(res, 200, handler(req)));
    const client = makeClient(s);
    expect(await collect(client.listShows())).toEqual([]);
    expect(client.offsetMode).toBeNull();
  });
});

describe('chapters', () => {
  it("reads a VOD's chapters, keeping the valid ones when one is broken", async () => {
    const s = await serve((_req, res) =>
      sendJson(res, 200, {
        chapters: [
          { id: 1, vod: 1207, title: 'Call to Order', body: '', offset: 0, deleted: false },
          { id: 2, vod: 1207, title: 'Roll Call', offset: 'late', deleted: false },
          { id: 3, vod: 1207, title: 'Old', offset: 60, deleted: true, hidden: false },
        ],
      }),
    );
    const { chapters, invalid } = await makeClient(s).getChapters(1207);
    expect(s.requests[0]?.path).toBe('/chapters');
    expect(s.requests[0]?.query.get('vod')).toBe('1207');
    expect(chapters.map((c) => c.id)).toEqual([1, 3]);
    expect(invalid).toMatchObject([{ id: 2, path: 'chapters[1].offset' }]);
  });

  it('a missing chapters list is a bad response naming the key', async () => {
    const s = await serve((_req, res) => sendJson(res, 200, { chapter: {} }));
    const error = await failure(makeClient(s).getChapters(1));
    expect(error.kind).toBe('bad-response');
    expect(error.path).toBe('chapters');
  });
});

describe('advanced search', () => {
  it('posts the unsaved search envelope and returns the ordered ids', async () => {
    const s = await serve((_req, res) =>
      sendJson(res, 200, { savedShowSearch: { id: 0, name: '', results: [9, 3, 7] } }),
    );
    const ids = await makeClient(s).showIdsModifiedSince('2026-01-01T00:00:00-05:00', 3);
    expect(ids).toEqual([9, 3, 7]);
    const request = s.requests[0];
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/shows/search/advanced');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      savedShowSearch: {
        name: '',
        query: {
          groups: [
            {
              orAnd: 'and',
              filters: [
                {
                  field: 'lastModified',
                  operator: 'greaterThan',
                  searchValue: '2026-01-01T00:00:00-05:00',
                },
                { field: 'location', operator: 'equals', searchValue: 3 },
              ],
            },
          ],
          sortOptions: [
            { field: 'lastModified', descending: false },
            { field: 'showId', descending: false },
          ],
        },
      },
    });
  });

  it("also reports the server's clock at the answer, from its Date header", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, { savedShowSearch: { results: [5] } }));
    const at = await makeClient(s).showIdsModifiedSinceAt(null);
    expect(at.ids).toEqual([5]);
    // Node's server sends Date in whole seconds; any clock, any zone: it is an instant.
    expect(at.serverTime).not.toBeNull();
    expect(Math.abs((at.serverTime ?? 0) - Date.now())).toBeLessThan(60_000);
    s.setHandler((_req, res) =>
      sendJson(res, 200, { savedShowSearch: { results: [] } }, { date: 'garbage' }),
    );
    expect((await makeClient(s).showIdsModifiedSinceAt(null)).serverTime).toBeNull();
  });

  it('with no starting point asks for everything since 1900', async () => {
    const s = await serve((_req, res) => sendJson(res, 200, { savedShowSearch: { results: [] } }));
    await makeClient(s).showIdsModifiedSince(null);
    const body = JSON.parse(s.requests[0]?.body ?? '') as {
      savedShowSearch: { query: { groups: { filters: { searchValue: unknown }[] }[] } };
    };
    expect(body.savedShowSearch.query.groups[0]?.filters).toEqual([
      { field: 'lastModified', operator: 'greaterThan', searchValue: '1900-01-01T00:00:00' },
    ]);
  });

  it('is retried like a read, since it changes nothing', async () => {
    let calls = 0;
    const s = await serve((_req, res) => {
      calls += 1;
      if (calls === 1) sendJson(res, 503, {});
      else sendJson(res, 200, { savedShowSearch: { results: [1] } });
    });
    await expect(makeClient(s).advancedSearch({ groups: [], sortOptions: [] })).resolves.toEqual([
      1,
    ]);
    expect(calls).toBe(2);
  });

  it('results that are not a list of ids are a bad response', async () => {
    const s = await serve((_req, res) =>
      sendJson(res, 200, { savedShowSearch: { results: ['1'] } }),
    );
    const error = await failure(makeClient(s).advancedSearch({ groups: [], sortOptions: [] }));
    expect(error.path).toBe('savedShowSearch.results[0]');
  });

  it('rejects an invalid query before sending', async () => {
    const s = await serve((_req, res) => sendJson(res, 200, {}));
    await expect(
      makeClient(s).advancedSearch({
        groups: [
          {
            orAnd: 'and',
            filters: [{ field: 'nope' as 'title', operator: 'equals', searchValue: 'x' }],
          },
        ],
        sortOptions: [],
      }),
    ).rejects.toThrow(AppError);
    expect(s.requests).toHaveLength(0);
  });
});

describe('updateShow', () => {
  it('reads the show, PUTs the whole record with the patch laid over it, once', async () => {
    const s = await serve((req, res) => {
      if (req.method === 'GET')
        sendJson(res, 200, {
          meta: null,
          show: show(5, { comments: 'old', unknownField: 'kept' }),
        });
      else sendJson(res, 200, JSON.parse(req.body) as unknown);
    });
    const updated = await makeClient(s).updateShow(5, {
      comments: 'new description',
      cgTitle: 'Public title',
    });
    expect(updated).toMatchObject({
      id: 5,
      comments: 'new description',
      cgTitle: 'Public title',
      unknownField: 'kept',
    });
    const put = s.requests.find((r) => r.method === 'PUT');
    const sent = (JSON.parse(put?.body ?? '') as { show: Record<string, unknown> }).show;
    expect(sent).toMatchObject({
      id: 5,
      title: 'Show 5',
      comments: 'new description',
      unknownField: 'kept',
      reels: [50],
    });
    expect(put?.path).toBe('/shows/5');
  });

  it('is not retried on 503 and uses the base given instead of reading', async () => {
    const s = await serve((_req, res) => sendJson(res, 503, {}));
    const base = (await import('./cablecast.schemas')).ShowSchema.parse(show(5));
    const error = await failure(makeClient(s).updateShow(5, { comments: 'x' }, { base }));
    expect(error.kind).toBe('server-error');
    expect(s.requests.map((r) => r.method)).toEqual(['PUT']);
  });

  it('an empty answer returns the merged show; a wrongly typed patch is refused before sending', async () => {
    const s = await serve((req, res) => {
      if (req.method === 'GET') sendJson(res, 200, { show: show(6) });
      else {
        res.writeHead(204);
        res.end();
      }
    });
    const client = makeClient(s);
    expect((await client.updateShow(6, { comments: 'c' })).comments).toBe('c');
    const before = s.requests.length;
    await expect(
      client.updateShow(6, { eventDate: 12 } as unknown as ShowPatch),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      path: 'show.eventDate',
    });
    expect(s.requests.slice(before).map((r) => r.method)).toEqual(['GET']);
  });
});
