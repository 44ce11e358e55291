import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDispatcher, EventHub } from '../contract';
import { sampleSettingsView, stubHandlers } from '../contract/testing/stub-handlers';
import { contentTypeFor, type MediaFile } from '../library/media-source';
import { startBrowserHost, type BrowserHost } from './browser-host';

const view = sampleSettingsView;

/** 1000 bytes whose values say where they are, so a range's content can be checked. */
const VIDEO = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));

let dir: string;
let hub: EventHub;
let host: BrowserHost;
let videoFile: ReturnType<typeof vi.fn<(id: number) => MediaFile | null>>;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'archivist-host-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  const video = join(dir, 'council.mp4');
  writeFileSync(video, VIDEO);
  writeFileSync(join(dir, 'empty.mov'), '');
  const files = new Map<number, string>([
    [7, video],
    [8, join(dir, 'moved-away.mp4')],
    [9, join(dir, 'empty.mov')],
    [10, join(dir, 'renderer')],
  ]);
  videoFile = vi.fn((id: number) => {
    const path = files.get(id);
    return path === undefined ? null : { path, contentType: contentTypeFor(path) };
  });
  hub = new EventHub();
  host = await startBrowserHost({
    dispatcher: createDispatcher(stubHandlers(), hub),
    rendererDir: renderer,
    media: { videoFile },
  });
});

afterEach(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

function rpc(method: string, body: string, token = host.token) {
  return fetch(`${host.url}/api/rpc/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
  });
}

/**
 * A raw request: the path is sent exactly as written (fetch would normalise `..` away) and the Host
 * header can be what a DNS-rebinding attacker's page would send.
 */
function rawGet(path: string, hostHeader?: string): Promise<{ status: number; body: string }> {
  return rawRequest(path, { headers: { host: hostHeader ?? new URL(host.url).host } }).then(
    ({ status, body }) => ({ status, body: body.toString('utf8') }),
  );
}

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function rawRequest(
  path: string,
  { method = 'GET', headers = {} }: { method?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const url = new URL(host.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path, method, headers: { host: url.host, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** GET (or another method) of a media path with the token in the query and optional headers. */
function media(
  id: string | number,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<RawResponse> {
  return rawRequest(`/api/media/${id}?token=${encodeURIComponent(host.token)}`, {
    method,
    headers,
  });
}

describe('browser host', () => {
  it('prints an address that carries the token', () => {
    expect(host.openUrl).toBe(`${host.url}/?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('carries a call and its result envelope', async () => {
    const res = await rpc('settings.get', '{}');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, value: view });
  });

  it('has no test clock outside test runs', async () => {
    const res = await fetch(`${host.url}/api/test/clock`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.token}` },
      body: '{"at":"2026-12-05T05:00:00Z"}',
    });
    expect(res.status).toBe(404);
  });

  it('moves the test clock in a test run, for the token holder only', async () => {
    const moved: number[] = [];
    const testHost = await startBrowserHost({
      dispatcher: createDispatcher(stubHandlers(), hub),
      rendererDir: join(dir, 'renderer'),
      testClock: {
        set(at) {
          moved.push(at);
          return new Date(at).toISOString();
        },
      },
    });
    try {
      const post = (body: string, token = testHost.token) =>
        fetch(`${testHost.url}/api/test/clock`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
          body,
        });
      expect((await post('{"at":"2026-12-05T05:00:00Z"}', 'nope')).status).toBe(401);
      expect((await post('{"at":"soon"}')).status).toBe(400);
      const ok = await post('{"at":"2026-12-05T05:00:00Z"}');
      expect(await ok.json()).toEqual({ now: '2026-12-05T05:00:00.000Z' });
      expect(moved).toEqual([Date.parse('2026-12-05T05:00:00Z')]);
    } finally {
      await testHost.close();
    }
  });

  it('refuses calls without the right token', async () => {
    expect((await rpc('settings.get', '{}', '')).status).toBe(401);
    expect((await rpc('settings.get', '{}', 'x'.repeat(host.token.length))).status).toBe(401);
  });

  it('answers invalid input and bad JSON with INVALID_ARGUMENT, not a crash', async () => {
    const invalid = await rpc('settings.update', '{"cablecast":{"maxRetries":-1}}');
    expect(await invalid.json()).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', path: 'cablecast.maxRetries' },
    });
    const broken = await rpc('settings.update', '{"cablecast":');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect((await rpc('settings.get', '{}')).status).toBe(200);
  });

  it('serves the app with a strict content security policy', async () => {
    const res = await fetch(`${host.url}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>app</title>');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    const js = await fetch(`${host.url}/assets/app.js`);
    expect(js.headers.get('content-type')).toContain('javascript');
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await rawGet(path);
      expect(res.body).not.toContain('outside the renderer');
    }
    expect((await rawGet('/assets/app.js')).body).toContain('console.log');
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const port = new URL(host.url).port;
    expect((await rawGet('/', `127.0.0.1:${port}`)).status).toBe(200);
    expect((await rawGet('/', `evil.example:${port}`)).status).toBe(421);
  });

  it('streams events to a client holding the token', async () => {
    const denied = await fetch(`${host.url}/api/events?token=wrong`);
    expect(denied.status).toBe(401);
    const controller = new AbortController();
    const res = await fetch(`${host.url}/api/events?token=${host.token}`, {
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes(': connected')) text += decoder.decode((await reader.read()).value);
    hub.emit('settings.changed', view);
    while (!text.includes('event: settings.changed'))
      text += decoder.decode((await reader.read()).value);
    expect(text).toContain(`data: ${JSON.stringify(view)}`);
    controller.abort();
  });
});

describe('GET /api/media/<recordingId>', () => {
  it('serves the whole video with its type, length and range support, never cached', async () => {
    const res = await media(7);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('video/mp4');
    expect(res.headers['content-length']).toBe('1000');
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body.equals(VIDEO)).toBe(true);
    expect(videoFile).toHaveBeenCalledWith(7);
  });

  it('plays in a <video> through fetch as the page would, the token in the query', async () => {
    const url = host.url + `/api/media/7?token=${encodeURIComponent(host.token)}`;
    const res = await fetch(url, { headers: { range: 'bytes=0-' } });
    expect(res.status).toBe(206);
    expect(Buffer.from(await res.arrayBuffer()).equals(VIDEO)).toBe(true);
  });

  it('answers a first-bytes range with 206 and exactly those bytes', async () => {
    const res = await media(7, { range: 'bytes=0-99' });
    expect(res.status).toBe(206);
    expect(res.headers['content-range']).toBe('bytes 0-99/1000');
    expect(res.headers['content-length']).toBe('100');
    expect(res.body.equals(VIDEO.subarray(0, 100))).toBe(true);
  });

  it('answers a suffix range (the last N bytes)', async () => {
    const res = await media(7, { range: 'bytes=-100' });
    expect(res.status).toBe(206);
    expect(res.headers['content-range']).toBe('bytes 900-999/1000');
    expect(res.body.equals(VIDEO.subarray(900))).toBe(true);
  });

  it('answers an open-ended range and clamps an end past the file', async () => {
    const open = await media(7, { range: 'bytes=500-' });
    expect(open.status).toBe(206);
    expect(open.headers['content-range']).toBe('bytes 500-999/1000');
    expect(open.body.equals(VIDEO.subarray(500))).toBe(true);
    const long = await media(7, { range: 'bytes=990-5000' });
    expect(long.headers['content-range']).toBe('bytes 990-999/1000');
    expect(long.body.equals(VIDEO.subarray(990))).toBe(true);
  });

  it('answers a range beyond the end with 416 and the real length', async () => {
    for (const range of ['bytes=1000-', 'bytes=5000-6000', 'bytes=-0']) {
      const res = await media(7, { range });
      expect(res.status, range).toBe(416);
      expect(res.headers['content-range']).toBe('bytes */1000');
      expect(res.body.toString()).toContain('1000 bytes');
    }
  });

  it('answers HEAD with the headers and no body', async () => {
    const whole = await media(7, {}, 'HEAD');
    expect(whole.status).toBe(200);
    expect(whole.headers['content-length']).toBe('1000');
    expect(whole.body.length).toBe(0);
    const part = await media(7, { range: 'bytes=10-19' }, 'HEAD');
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe('bytes 10-19/1000');
    expect(part.body.length).toBe(0);
  });

  it('serves an empty file as an empty 200, and any range of it as 416', async () => {
    const res = await media(9);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('video/quicktime');
    expect(res.body.length).toBe(0);
    expect((await media(9, { range: 'bytes=0-' })).status).toBe(416);
  });

  it('refuses a missing or wrong token, and accepts the Bearer header instead', async () => {
    expect((await rawRequest('/api/media/7')).status).toBe(401);
    expect((await rawRequest('/api/media/7?token=wrong')).status).toBe(401);
    const bearer = await rawRequest('/api/media/7', {
      headers: { authorization: `Bearer ${host.token}` },
    });
    expect(bearer.status).toBe(200);
    expect(videoFile).toHaveBeenCalledTimes(1);
  });

  it('refuses a media request addressed to another host name', async () => {
    const port = new URL(host.url).port;
    const res = await rawRequest(`/api/media/7?token=${host.token}`, {
      headers: { host: `evil.example:${port}` },
    });
    expect(res.status).toBe(421);
    expect(videoFile).not.toHaveBeenCalled();
  });

  it('answers 404 in words for an unknown id or a file that is gone', async () => {
    const unknown = await media(12345);
    expect(unknown.status).toBe(404);
    expect(unknown.body.toString()).toMatch(/no recording/i);
    const gone = await media(8);
    expect(gone.status).toBe(404);
    expect(gone.body.toString()).toMatch(/moved or deleted/);
    expect(gone.body.toString()).not.toContain(dir);
    // A folder is not a video.
    expect((await media(10)).status).toBe(404);
  });

  it('takes only a positive integer id, and never serves a path it was not given', async () => {
    for (const id of [
      '0',
      '-7',
      '07',
      '7.0',
      '1e3',
      '+7',
      '7%20',
      '7/extra',
      '99999999999999999999',
      '..%2fsecret.txt',
      '%2e%2e%2f%2e%2e%2fsecret.txt',
      '..%2f..%2frenderer%2findex.html',
      '7%2f..%2f..%2fsecret.txt',
      '%2Fetc%2Fpasswd',
      'C:%5CWindows%5Cwin.ini',
    ]) {
      const res = await media(id);
      expect(res.status, id).toBe(404);
      expect(res.body.toString(), id).not.toContain('outside the renderer');
    }
    // Dot segments are removed before routing: these end up outside /api/media/ entirely.
    for (const path of ['/api/media/../../secret.txt', '/api/media/%2e%2e/%2e%2e/secret.txt']) {
      const res = await rawRequest(`${path}?token=${host.token}`);
      expect(res.body.toString(), path).not.toContain('outside the renderer');
    }
    expect(videoFile).not.toHaveBeenCalled();
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await media(7, {}, 'POST')).status).toBe(405);
    expect((await media(7, {}, 'DELETE')).status).toBe(405);
  });

  it('answers 404 for every id when the host has no media source', async () => {
    const bare = await startBrowserHost({
      dispatcher: createDispatcher(stubHandlers(), new EventHub()),
      rendererDir: join(dir, 'renderer'),
    });
    try {
      const res = await fetch(`${bare.url}/api/media/7?token=${bare.token}`);
      expect(res.status).toBe(404);
    } finally {
      await bare.close();
    }
  });

  it('lets the page play the media URL and a blob: caption track under its CSP', async () => {
    const res = await fetch(`${host.url}/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    const mediaSrc = csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .find(([name]) => name === 'media-src');
    expect(mediaSrc).toEqual(['media-src', "'self'", 'blob:']);
  });
});
