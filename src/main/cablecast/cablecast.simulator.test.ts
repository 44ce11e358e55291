import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../simulator';
import { CablecastClient, type CablecastClientOptions } from './cablecast.client';
import type { InvalidRecord } from './cablecast.envelope';
import { CircuitBreaker } from './circuit-breaker';
import { testConnection } from './connection-test';
import { cablecastFailure } from './testing/local-server';

/*
 * The client against the project's Cablecast simulator (real HTTP on 127.0.0.1): the same
 * behaviours as the unit tests, but with the simulator's own envelopes, auth and fault injection.
 */

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: { shows: 237, randomSeed: 7 } });
});

afterAll(async () => {
  // Undefined when start-up failed; that failure is the one worth reading.
  await (sim as Simulator | undefined)?.close();
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

function client(options: Partial<CablecastClientOptions> = {}): CablecastClient {
  return new CablecastClient({
    serverUrl: sim.apiBase.toUpperCase().replace('HTTP://', 'http://'),
    username: 'admin',
    password: 'admin',
    timeoutMs: 5_000,
    maxRetries: 3,
    retryDelayMs: 10,
    offsetMode: 'auto',
    sleep: () => Promise.resolve(),
    ...options,
  });
}

const failure = cablecastFailure;

describe('connection test against the simulator', () => {
  it.each([
    ['admin', true],
    ['operator', true],
    ['viewer', false],
  ] as const)('%s → canWrite %s', async (user, canWrite) => {
    const result = await testConnection(client({ username: user, password: user }), {
      configured: true,
    });
    expect(result).toMatchObject({ ok: true, user, canWrite, problem: null, apiBase: sim.apiBase });
    expect(result.serverVersion).toMatch(/^\d+\.\d+/);
  });

  it('a wrong password is refused in plain words', async () => {
    const result = await testConnection(client({ password: 'wrong' }), { configured: true });
    expect(result.ok).toBe(false);
    expect(result.problem?.kind).toBe('credentials-refused');
    expect(result.problem?.message).toBe(
      `Cablecast at ${sim.url} refused the user name or password (HTTP 401).`,
    );
  });

  it('anonymous: reachable, read-only', async () => {
    const result = await testConnection(client({ username: undefined, password: undefined }), {
      configured: true,
    });
    expect(result).toMatchObject({ ok: true, canWrite: false, user: null });
  });

  it('tolerates an enveloped system info, a bare session and an absent session endpoint', async () => {
    sim.setOptions({ systemInfoEnvelope: 'enveloped', userSession: 'bare' });
    expect(await testConnection(client(), { configured: true })).toMatchObject({
      ok: true,
      canWrite: true,
    });
    sim.setOptions({ userSession: 'absent' });
    const absent = await testConnection(client(), { configured: true });
    expect(absent).toMatchObject({ ok: true, canWrite: null, user: 'admin' });
    expect(absent.rights).toMatch(/did not say what this account may do/);
  });

  it('a hanging server is reported as a timeout within the configured timeout', async () => {
    sim.setFaults([{ kind: 'hang', path: '/systeminfo' }]);
    const result = await testConnection(client({ timeoutMs: 300 }), { configured: true });
    expect(result.problem?.kind).toBe('timeout');
  });

  it('a schema break names the field', async () => {
    sim.setFaults([{ kind: 'schema-break', path: '/systeminfo' }]);
    const result = await testConnection(client(), { configured: true });
    expect(result.problem).toMatchObject({ kind: 'bad-response', path: 'cablecastVersion' });
  });

  it('a login page with status 200 is a bad response', async () => {
    sim.setFaults([{ kind: 'html-200', path: '/systeminfo' }]);
    const result = await testConnection(client(), { configured: true });
    expect(result.problem?.message).toMatch(/HTML page instead of JSON/);
  });
});

describe('catalogue reads against the simulator', () => {
  it.each(['page', 'index'] as const)(
    'lists every show once when the server reads offset as %s',
    async (mode) => {
      sim.setOptions({ offsetMode: mode });
      const c = client();
      const ids: number[] = [];
      let total: number | null = null;
      for await (const page of c.listShows({ pageSize: 40 })) {
        ids.push(...page.shows.map((s) => s.id));
        total = page.total;
      }
      expect(c.offsetMode).toBe(mode);
      expect(total).toBe(sim.data.shows.size);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort((a, b) => a - b)).toEqual(
        [...sim.data.shows.keys()].sort((a, b) => a - b),
      );
    },
  );

  it('incremental ids by advanced search, then batches by id with sideloads', async () => {
    const c = client();
    const all = await c.showIdsModifiedSince(null);
    expect(all).toHaveLength(sim.data.shows.size);
    const batch = await c.getShowsByIds(all, { include: ['reel', 'vod'], concurrency: 3 });
    expect(batch.shows.map((s) => s.id)).toEqual(all);
    expect(batch.invalid).toEqual([]);
    expect(batch.missingIds).toEqual([]);
    const stamps = batch.shows.map((s) => Date.parse(s.lastModified ?? ''));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    const reelIds = new Set(batch.included.reels.map((r) => r.id));
    expect(batch.shows.flatMap((s) => s.reels).every((id) => reelIds.has(id))).toBe(true);

    const newest = batch.shows.at(-1)?.lastModified ?? null;
    expect(await c.showIdsModifiedSince(newest)).toEqual([]);
    const target = all[0] ?? 0;
    await c.updateShow(target, { comments: 'Changed by the client test' });
    expect(await c.showIdsModifiedSince(newest)).toEqual([target]);
    expect((await c.getShow(target)).comments).toBe('Changed by the client test');
  });

  it('a show the server sends broken is skipped with a report, the rest kept', async () => {
    const all = await client().showIdsModifiedSince(null);
    const victim = all[5] ?? 0;
    sim.data.breakShow(victim, 'eventDate', 12345);
    try {
      const reported: InvalidRecord[] = [];
      const batch = await client().getShowsByIds(all.slice(0, 20), {
        onInvalid: (info) => reported.push(info),
      });
      expect(batch.shows).toHaveLength(19);
      expect(reported).toHaveLength(1);
      expect(reported[0]).toMatchObject({
        id: victim,
        message: 'expected a date string, got number',
      });
      expect(reported[0]?.path).toMatch(/^shows\[\d+\]\.eventDate$/);
    } finally {
      sim.data.breakShow(victim, 'eventDate', new Date().toISOString());
    }
  });

  it('reads the reference lists', async () => {
    const c = client();
    expect((await c.getLocations()).length).toBeGreaterThan(0);
    expect((await c.getCategories()).length).toBeGreaterThan(0);
    expect((await c.getProducers()).length).toBeGreaterThan(0);
    expect((await c.getProjects()).length).toBeGreaterThan(0);
    expect((await c.getShowFields()).showFields.length).toBeGreaterThan(0);
    expect((await c.getVodConfigurations()).length).toBeGreaterThan(0);
    const withVod = [...sim.data.shows.values()].find((s) => s.vods.length > 0);
    if (withVod?.vods[0] !== undefined)
      expect((await c.getVod(withVod.vods[0])).show).toBe(withVod.id);
  });

  it('signed-in reads are fresh even when the server caches anonymous reads', async () => {
    sim.setOptions({ anonymousCacheMs: 600_000 });
    const anonymous = client({ username: undefined, password: undefined });
    const signedIn = client();
    const id = (await signedIn.showIdsModifiedSince(null))[0] ?? 0;
    await anonymous.getShow(id);
    await signedIn.updateShow(id, { comments: 'fresh' });
    expect((await anonymous.getShow(id)).comments).not.toBe('fresh');
    expect((await signedIn.getShow(id)).comments).toBe('fresh');
  });
});

describe('VOD transcode qualities and file stores against the simulator', () => {
  it("reads the qualities, one by id, and the configurations' lists of them", async () => {
    const c = client();
    const qualities = await c.getVodTranscodeQualities();
    expect(qualities.map((q) => q.name)).toEqual(['1080p', '720p', '480p', '360p']);
    expect(qualities[0]).toMatchObject({ vodProvider: 'TRMS', settingsHash: expect.any(String) });
    const [config] = await c.getVodConfigurations();
    expect(config?.vodTranscodeQualities).toEqual(qualities.map((q) => q.id));
    expect(qualities.find((q) => q.id === config?.defaultQuality)?.name).toBe('720p');
    expect(await c.getVodTranscodeQuality(qualities[2]!.id)).toEqual(qualities[2]);
    expect((await failure(c.getVodTranscodeQuality(999))).kind).toBe('not-found');
  });

  it('reads the file stores enveloped or bare, keeping fields it does not know', async () => {
    const c = client();
    const stores = await c.getFileStores();
    expect(stores.map((store) => [store.id, store.name])).toEqual([
      [1, 'Primary Content'],
      [2, 'Archive'],
    ]);
    expect(stores[0]).toMatchObject({ storeType: 'content', isDefault: true });
    expect((await c.getFileStore(2)).name).toBe('Archive');
    sim.setOptions({ fileStoreList: 'bare' });
    expect(await c.getFileStores()).toEqual(stores);
    expect(await c.getFileStore(2)).toEqual(stores[1]);
  });

  it('takes a record without a name', async () => {
    const quality = sim.data.vodTranscodeQualities.get(1)!;
    const store = sim.data.fileStores.get(2)!;
    quality.name = null;
    store.name = null;
    try {
      const c = client();
      expect((await c.getVodTranscodeQualities())[0]).toMatchObject({ id: 1, name: null });
      expect((await c.getFileStores())[1]).toMatchObject({ id: 2, name: null });
    } finally {
      quality.name = '1080p';
      store.name = 'Archive';
    }
  });

  it('a schema break fails the read with the field path', async () => {
    const c = client();
    sim.setFaults([
      { kind: 'schema-break', path: '/vodtranscodequalities' },
      { kind: 'schema-break', path: '/filestores' },
    ]);
    const qualities = await failure(c.getVodTranscodeQualities());
    expect(qualities).toMatchObject({ kind: 'bad-response', path: 'vodTranscodeQualities[0].id' });
    const stores = await failure(c.getFileStores());
    expect(stores).toMatchObject({ kind: 'bad-response', path: 'fileStores[0].id' });
    expect(stores.message).toMatch(/fileStores\[0\]\.id: expected a numeric id, got string/);
  });

  it('a server without the endpoints answers not-found', async () => {
    sim.setOptions({ transcodeQualityList: 'absent', fileStoreList: 'absent' });
    const c = client();
    expect((await failure(c.getVodTranscodeQualities())).kind).toBe('not-found');
    expect((await failure(c.getFileStores())).kind).toBe('not-found');
  });
});

describe('faults against the simulator', () => {
  it('GETs ride out 503s, 429 with Retry-After and truncated JSON', async () => {
    const delays: number[] = [];
    const c = client({
      sleep: (ms) => {
        delays.push(ms);
        return Promise.resolve();
      },
    });
    sim.setFaults([
      { kind: 'status', value: 503, path: '/locations', times: 2 },
      { kind: 'retry-after', value: 2, path: '/categories', times: 1 },
      { kind: 'truncated-json', path: '/producers', times: 1 },
    ]);
    await c.getLocations();
    await c.getCategories();
    await c.getProducers();
    expect(delays).toHaveLength(4);
    expect(delays[2]).toBe(2_000);
  });

  it('a write that failed after the server handled it is not sent again', async () => {
    const c = client();
    const id = (await c.showIdsModifiedSince(null))[1] ?? 0;
    const before = sim.stats.requests;
    sim.setFaults([{ kind: 'status', value: 503, method: 'PUT', afterHandling: true }]);
    const base = await c.getShow(id);
    const error = await failure(c.updateShow(id, { comments: 'once' }, { base }));
    expect(error.kind).toBe('server-error');
    expect(error.reachedServer).toBe(true);
    expect(sim.stats.requests - before).toBe(2);
    // It did commit: the caller (the durable queue) must reconcile, not re-send.
    sim.setFaults([]);
    expect((await c.getShow(id)).comments).toBe('once');
  });

  it('a dropped connection and a hang end as unreachable and timeout', async () => {
    sim.setFaults([
      { kind: 'drop', path: '/locations' },
      { kind: 'hang', path: '/projects' },
    ]);
    const c = client({ maxRetries: 1, timeoutMs: 300 });
    const dropped = await failure(c.getLocations());
    expect(dropped).toMatchObject({ kind: 'unreachable', reachedServer: true });
    const hung = await failure(c.getProjects());
    expect(hung.kind).toBe('timeout');
  });

  it('a read-only user gets a permission error on a change (403, and 401 after sign-in)', async () => {
    const viewer = client({ username: 'viewer', password: 'viewer' });
    const id = (await viewer.showIdsModifiedSince(null))[2] ?? 0;
    expect((await failure(viewer.updateShow(id, { comments: 'no' }))).kind).toBe('no-permission');

    sim.setOptions({ permissionDeniedStatus: 401 });
    const signedIn = client({ username: 'viewer', password: 'viewer' });
    await signedIn.getUserSession();
    expect((await failure(signedIn.updateShow(id, { comments: 'no' }))).kind).toBe('no-permission');
  });

  it('the circuit opens when the server keeps failing, and requests then fail fast', async () => {
    sim.setFaults([{ kind: 'status', value: 503 }]);
    const c = client({
      maxRetries: 0,
      breaker: new CircuitBreaker({ failureThreshold: 5, cooldownMs: 60_000 }),
    });
    for (let i = 0; i < 5; i += 1) await failure(c.getLocations());
    const before = sim.stats.requests;
    const fast = await failure(c.getLocations());
    expect(fast.kind).toBe('circuit-open');
    expect(sim.stats.requests).toBe(before);
  });
});
