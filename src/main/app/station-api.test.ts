import { validate } from '@readme/openapi-parser';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiTokenCreated, AuditPage } from '../../shared/access';
import { METHOD_NAMES } from '../../shared/contract';
import { startBrowserHost, type BrowserHost } from '../host/browser-host';
import { REST_ROUTES } from '../host/rest-api';
import type { Core } from './core';
import {
  call,
  prepareLibrary,
  publishingCore,
  publishingWorkspace,
  QUICK_VODS,
  until,
  writeRecordings,
} from './testing/publish-fixture';

const ws = publishingWorkspace('archivist-station-api-', {
  seed: { shows: 30, randomSeed: 9 },
  ...QUICK_VODS,
});

interface Station {
  core: Core;
  host: BrowserHost;
  tokens: { admin: string; operator: string; viewer: string; revoked: string };
  recordingIds: number[];
}

async function station(rateLimit?: { burst: number; perSecond: number }): Promise<Station> {
  const showIds = [1, 2, 3].map((n) => {
    const show = ws.sim.data.addShow({ title: `Council ${n}`, eventDate: '2026-11-02T18:00:00Z' });
    ws.sim.data.addReel(show.id, { length: 3600 });
    return show.id;
  });
  const core = (ws.core = await publishingCore({ dataDir: ws.dataDir, serverUrl: ws.sim.url }));
  await core.catalog.sync.runToEnd('full');
  const folder = join(ws.dataDir, 'recordings');
  writeRecordings(folder, showIds);
  const recordingIds = await prepareLibrary(core, folder);
  const make = async (name: string, role: string) =>
    (await call<ApiTokenCreated>(core, 'tokens.create', { name, role })).token;
  const tokens = {
    admin: await make('admin script', 'admin'),
    operator: await make('playout script', 'operator'),
    viewer: await make('signage', 'viewer'),
    revoked: await make('old script', 'admin'),
  };
  const revokedId = (
    await call<{ tokens: { id: number; name: string }[] }>(core, 'tokens.list')
  ).tokens.find((t) => t.name === 'old script')!.id;
  await call(core, 'tokens.revoke', { id: revokedId });
  const host = await startBrowserHost({
    dispatcher: core.dispatcher,
    rendererDir: ws.dataDir,
    tokens: core.access.service,
    version: '9.9.9',
    metrics: { contentType: 'text/plain', text: () => Promise.resolve('up 1\n') },
    ...(rateLimit ? { rateLimit } : {}),
  });
  const onDispose = core.dispose;
  (core as { dispose: () => Promise<void> }).dispose = async () => {
    await host.close();
    await onDispose();
  };
  return { core, host, tokens, recordingIds };
}

async function api(
  s: Station,
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown } = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const token = options.token === undefined ? s.tokens.admin : options.token;
  const res = await fetch(`${s.host.url}${path}`, {
    method,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      'content-type': 'application/json',
    },
    ...(options.body === undefined
      ? {}
      : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
  });
  const text = await res.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { text };
  }
  return { status: res.status, body, headers: res.headers };
}

/** Every endpoint that takes a token, with a concrete path. */
function endpoints(): { method: string; path: string }[] {
  return [
    ...REST_ROUTES.map((r) => ({ method: r.method, path: r.path.replace('{id}', '1') })),
    { method: 'GET', path: '/metrics' },
    { method: 'POST', path: '/api/rpc/app.info' },
  ];
}

describe('the station REST API', () => {
  it('refuses every endpoint without a token, with a wrong or revoked one, and with too little role', async () => {
    const s = await station();
    for (const { method, path } of endpoints()) {
      for (const token of [null, 'arch_not-a-token', s.tokens.revoked, s.host.token.slice(1)]) {
        const res = await api(s, method, path, { token });
        expect({ method, path, token, status: res.status }).toEqual({
          method,
          path,
          token,
          status: 401,
        });
        expect(res.body).toMatchObject({ success: false, code: 'UNAUTHENTICATED' });
      }
    }
    // Each route that needs more than reading refuses a viewer; admin-only ones an operator.
    for (const route of REST_ROUTES.filter((r) => r.access !== 'read')) {
      const path = route.path.replace('{id}', String(s.recordingIds[0]));
      const body = route.method === 'POST' ? {} : undefined;
      const viewer = await api(s, route.method, path, { token: s.tokens.viewer, body });
      expect([route.path, viewer.status, viewer.body.code]).toEqual([route.path, 403, 'FORBIDDEN']);
      const operator = await api(s, route.method, path, { token: s.tokens.operator, body });
      expect([route.path, operator.status === 403]).toEqual([route.path, route.access === 'admin']);
    }
    // A contract method needing admin, over RPC, with an operator's token.
    const rpc = await api(s, 'POST', '/api/rpc/settings.update', {
      token: s.tokens.operator,
      body: {},
    });
    expect([rpc.status, rpc.body]).toMatchObject([
      403,
      { ok: false, error: { code: 'FORBIDDEN' } },
    ]);
    // What a viewer may read, it reads.
    expect((await api(s, 'GET', '/api/queue', { token: s.tokens.viewer })).status).toBe(200);
    expect((await api(s, 'GET', '/metrics', { token: s.tokens.viewer })).status).toBe(200);
  });

  it('answers bad input with 400 and the field path, never a 500', async () => {
    const s = await station();
    const cases: [string, string, unknown, string][] = [
      ['GET', '/api/cablecast/shows?page=0', undefined, 'query.page'],
      ['GET', '/api/cablecast/shows?colour=red', undefined, 'query.colour'],
      ['GET', '/api/cablecast/shows?has_vod=maybe', undefined, 'query.has_vod'],
      ['GET', '/api/cablecast/shows?category=3;4', undefined, 'query.category'],
      ['POST', '/api/cablecast/sync/shows?wait=soon', undefined, 'query.wait'],
      ['POST', '/api/vod/publish/abc', {}, 'path.id'],
      ['POST', '/api/vod/publish/1', { settings: { colour: 'red' } }, 'body.settings.colour'],
      ['POST', '/api/vod/publish/1', { quality: 'best' }, 'body.quality'],
      ['POST', '/api/vod/publish/1', '{"title": ', 'body'],
      ['POST', '/api/vod/batch-publish', {}, 'body.transcription_ids'],
      ['POST', '/api/vod/batch-publish', { transcription_ids: [] }, 'body.transcription_ids'],
      [
        'POST',
        '/api/vod/batch-publish',
        { transcription_ids: [1], settings: { enable_captions: 'yes' } },
        'body.settings.enable_captions',
      ],
      ['GET', '/api/jobs/0', undefined, 'path.id'],
      ['GET', '/api/recordings?state=lost', undefined, 'query.state[0]'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await api(s, method, path, { body });
      expect({ path, body, status: res.status, field: res.body.path }).toEqual({
        path,
        body,
        status: 400,
        field,
      });
      expect(res.body).toMatchObject({ success: false, code: 'INVALID_ARGUMENT' });
      expect(String(res.body.error)).not.toBe('');
    }
    expect((await api(s, 'GET', '/api/recordings/999999')).status).toBe(404);
    expect((await api(s, 'GET', '/api/jobs/999999')).status).toBe(404);
    expect((await api(s, 'DELETE', '/api/queue')).status).toBe(405);
  });

  it("keeps the original system's shapes: shows, sync, publish one, publish a batch", async () => {
    const s = await station();
    const sync = await api(s, 'POST', '/api/cablecast/sync/shows?wait=true');
    expect(sync.status).toBe(200);
    expect(sync.body).toMatchObject({ success: true, message: expect.stringMatching(/^Synced/) });

    const page = await api(
      s,
      'GET',
      '/api/cablecast/shows?q=Council&page_size=2&sort=id&order=asc',
    );
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ success: true, page: 1, page_size: 2 });
    const shows = page.body.shows as { id: number; title: string }[];
    expect(shows).toHaveLength(2);
    expect(shows.every((show) => show.title.includes('Council'))).toBe(true);
    expect(page.body.total).toBeGreaterThanOrEqual(3);
    const second = await api(
      s,
      'GET',
      '/api/cablecast/shows?q=Council&page_size=2&page=2&sort=id&order=asc',
    );
    expect((second.body.shows as { id: number }[])[0]!.id).toBeGreaterThan(shows[1]!.id);

    // One recording, waited for, with the original's settings mapped onto the draft.
    const [first, secondId, third] = s.recordingIds as [number, number, number];
    const one = await api(s, 'POST', `/api/vod/publish/${first}`, {
      token: s.tokens.operator,
      body: { title: 'Council, 2 November', tags: 'council, budget', enable_captions: true },
    });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      success: true,
      vod_id: expect.any(Number),
      url: expect.stringMatching(/^https?:/),
      transcription_id: first,
    });
    const showId = one.body.show_id as number;
    expect(ws.sim.data.shows.get(showId)!.cgTitle).toBe('Council, 2 November');

    // Not waiting: 202 and a link to follow.
    const queued = await api(s, 'POST', `/api/vod/publish/${secondId}?wait=false`, {
      token: s.tokens.operator,
    });
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ success: true, job_id: expect.any(Number) });
    const follow = String(queued.body.status_url).replace(s.host.url, '');
    expect(follow).toMatch(/^\/api\/jobs\/\d+$/);
    const job = await api(s, 'GET', follow, { token: s.tokens.viewer });
    expect(job.body).toMatchObject({ success: true, job: { recordingId: secondId } });

    // A batch with one good id and one unknown: 200, and one result per id.
    const batch = await api(s, 'POST', '/api/vod/batch-publish', {
      token: s.tokens.operator,
      body: { transcription_ids: [third, '999999'], settings: { quality: 1 } },
    });
    expect(batch.status).toBe(200);
    expect(batch.body.success).toBe(false);
    expect(batch.body.results).toEqual([
      expect.objectContaining({
        transcription_id: third,
        status: 'success',
        vod_id: expect.any(Number),
        url: expect.any(String),
        error: null,
      }),
      expect.objectContaining({
        transcription_id: '999999',
        status: 'failed',
        vod_id: null,
        url: null,
        error: expect.stringMatching(/999999/),
      }),
    ]);

    // The recordings, the queue and the deliveries a script follows.
    const recordings = await api(s, 'GET', '/api/recordings?state=published', {
      token: s.tokens.viewer,
    });
    expect((recordings.body.recordings as { id: number }[]).map((r) => r.id)).toContain(first);
    const queue = await api(s, 'GET', '/api/queue?state=done', { token: s.tokens.viewer });
    expect((queue.body.jobs as unknown[]).length).toBeGreaterThanOrEqual(2);
    expect((await api(s, 'GET', '/api/webhooks/deliveries')).body).toMatchObject({
      success: true,
      deliveries: [],
    });

    // Each publish is in the audit trail under the token that made it.
    const audit = await call<AuditPage>(s.core, 'audit.list', { action: 'publish.enqueue' });
    expect(audit.entries.map((e) => [e.actor, e.actorKind, e.outcome])).toEqual([
      ['token "playout script"', 'api-token', 'ok'],
      ['token "playout script"', 'api-token', 'ok'],
      ['token "playout script"', 'api-token', 'ok'],
    ]);
  });

  it('makes one publish when two operators publish the same recording at once, and the second sees who started it', async () => {
    const s = await station();
    const second = (
      await call<ApiTokenCreated>(s.core, 'tokens.create', { name: 'newsroom', role: 'operator' })
    ).token;
    const id = s.recordingIds[0]!;
    const vodsBefore = ws.sim.data.vods.size;
    const publish = (token: string) =>
      api(s, 'POST', '/api/rpc/publish.enqueue', {
        token,
        body: { recordingIds: [id], options: {} },
      });
    const [a, b] = await Promise.all([publish(s.tokens.operator), publish(second)]);
    type Batch = { value: { rows: { id: number; requestedBy: string | null }[] } };
    const rowA = (a.body as unknown as Batch).value.rows[0]!;
    const rowB = (b.body as unknown as Batch).value.rows[0]!;
    // One job, started by whichever call the host took first; the other joined it.
    expect(rowB.id).toBe(rowA.id);
    expect(rowB.requestedBy).toBe(rowA.requestedBy);
    expect(['token "playout script"', 'token "newsroom"']).toContain(rowA.requestedBy);
    await until(
      'the publish to finish',
      () => call<{ state: string }>(s.core, 'publish.get', { id: rowA.id }),
      (job) => job.state === 'done',
    );
    expect(ws.sim.data.vods.size).toBe(vodsBefore + 1);
    // Both asked, and the trail says so.
    const audit = await call<AuditPage>(s.core, 'audit.list', { action: 'publish.enqueue' });
    expect(audit.entries.map((e) => e.actor).sort()).toEqual([
      'token "newsroom"',
      'token "playout script"',
    ]);
  });

  it('rate limits each token on its own, with Retry-After', async () => {
    const s = await station({ burst: 3, perSecond: 0.2 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      statuses.push((await api(s, 'GET', '/api/queue', { token: s.tokens.viewer })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await api(s, 'GET', '/api/queue', { token: s.tokens.viewer });
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await api(s, 'GET', '/api/queue', { token: s.tokens.operator })).status).toBe(200);
  });

  it('publishes an OpenAPI 3.1 document that validates and lists every endpoint', async () => {
    const s = await station();
    const res = await fetch(`${s.host.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      info: { version: string };
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe('9.9.9');
    await expect(
      validate(structuredClone(doc) as unknown as Parameters<typeof validate>[0]),
    ).resolves.toMatchObject({ valid: true });
    for (const route of REST_ROUTES) {
      expect(doc.paths[route.path]?.[route.method.toLowerCase()], route.path).toBeDefined();
    }
    for (const method of METHOD_NAMES) {
      expect(doc.paths[`/api/rpc/${method}`]?.post, method).toBeDefined();
    }
    expect(doc.paths['/api/health']?.get).toBeDefined();
    expect(doc.paths['/metrics']?.get).toBeDefined();
    // The page that renders it, and its files, served from the app itself.
    const page = await fetch(`${s.host.url}/api/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const asset of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
      expect((await fetch(`${s.host.url}${asset[1]}`)).status, asset[1]).toBe(200);
    }
  });
});
