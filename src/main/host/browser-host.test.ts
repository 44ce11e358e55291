import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher, EventHub } from '../app/dispatcher';
import { sampleSettingsView, stubHandlers } from '../app/testing/stub-handlers';
import { startBrowserHost, type BrowserHost } from './browser-host';

const view = sampleSettingsView;

let dir: string;
let hub: EventHub;
let host: BrowserHost;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'archivist-host-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  hub = new EventHub();
  host = await startBrowserHost({
    dispatcher: createDispatcher(stubHandlers(), hub),
    rendererDir: renderer,
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
  const url = new URL(host.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path, headers: { host: hostHeader ?? url.host } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
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
