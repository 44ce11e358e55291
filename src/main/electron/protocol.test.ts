import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  createAppProtocolHandler,
  handleAppProtocol,
  mimeTypeFor,
  registerPrivilegedSchemes,
  resolveAppPath,
} from './protocol';

const ROOT = '/srv/app/out/renderer';

describe('resolveAppPath', () => {
  it.each([
    ['app://archivist/index.html', `${ROOT}/index.html`],
    ['app://archivist/', `${ROOT}/index.html`],
    ['app://archivist', `${ROOT}/index.html`],
    ['app://archivist/assets/index-abc123.js', `${ROOT}/assets/index-abc123.js`],
    ['app://archivist/assets/', `${ROOT}/assets/index.html`],
    ['app://archivist/assets/my%20file.css?v=2#x', `${ROOT}/assets/my file.css`],
    ['app://ARCHIVIST/index.html', `${ROOT}/index.html`],
    // The URL parser collapses these before we see them; they stay inside the root.
    ['app://archivist/../../etc/passwd', `${ROOT}/etc/passwd`],
    ['app://archivist/%2e%2e/%2e%2e/etc/passwd', `${ROOT}/etc/passwd`],
    ['app://archivist//etc/passwd', `${ROOT}/etc/passwd`],
  ])('maps %s to a file inside the renderer folder', (url, expected) => {
    expect(resolveAppPath(ROOT, url, path.posix)).toEqual({ ok: true, filePath: expected });
  });

  it.each([
    'app://archivist/..%2F..%2Fetc%2Fpasswd',
    'app://archivist/assets/..%2F..%2F..%2Fsecrets.json',
    'app://archivist/%2E%2E%2F%2E%2E%2Fetc/passwd',
    'app://archivist/..%2f',
  ])('refuses traversal through encoded separators: %s', (url) => {
    expect(resolveAppPath(ROOT, url, path.posix)).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses backslash traversal on Windows', () => {
    const root = 'C:\\Program Files\\Archivist\\resources\\app.asar\\out\\renderer';
    for (const url of [
      'app://archivist/..%5C..%5C..%5C..%5CWindows%5Cwin.ini',
      'app://archivist/assets%5C..%5C..%5C..%5Csecrets.json',
    ]) {
      expect(resolveAppPath(root, url, path.win32), url).toMatchObject({ ok: false, status: 403 });
    }
    expect(resolveAppPath(root, 'app://archivist/assets/a.js', path.win32)).toEqual({
      ok: true,
      filePath: `${root}\\assets\\a.js`,
    });
    // A drive letter or UNC path in the URL stays relative to the root.
    for (const url of [
      'app://archivist/C:%5CWindows%5Cwin.ini',
      'app://archivist/C:/Windows/win.ini',
      'app://archivist/%5C%5Cserver%5Cshare',
      'app://archivist/%5C%5C%3F%5CC:%5Cx',
    ]) {
      const result = resolveAppPath(root, url, path.win32);
      expect(result.ok && result.filePath.startsWith(`${root}\\`), url).toBe(true);
    }
  });

  it.each([
    ['app://archivist/a%00.html', 400],
    ['app://archivist/%E0%A4%A', 400],
    ['https://archivist/index.html', 404],
    ['app://other/index.html', 404],
    ['not a url', 400],
  ] as const)('refuses %s with %i', (url, status) => {
    expect(resolveAppPath(ROOT, url, path.posix)).toMatchObject({ ok: false, status });
  });
});

describe('mimeTypeFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a.js', 'text/javascript; charset=utf-8'],
    ['a.mjs', 'text/javascript; charset=utf-8'],
    ['a.css', 'text/css; charset=utf-8'],
    ['logo.SVG', 'image/svg+xml'],
    ['font.woff2', 'font/woff2'],
    ['captions.vtt', 'text/vtt; charset=utf-8'],
    ['a.wasm', 'application/wasm'],
    ['unknown.bin', 'application/octet-stream'],
    ['no-extension', 'application/octet-stream'],
  ])('%s is served as %s', (file, type) => {
    expect(mimeTypeFor(file)).toBe(type);
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );

  it('allows scripts only from the app itself: no inline script, no eval', () => {
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toContain('wasm-unsafe-eval');
  });

  it('locks down everything else the brief names', () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('media-src')).not.toContain('file:');
  });

  it('lets a <video> play archivist-media: and a <track> load a blob: the page built', () => {
    expect(directives.get('media-src')).toEqual(["'self'", 'blob:', 'archivist-media:']);
  });

  it('is the policy the renderer index.html carries in its <meta>, plus what a header alone can say', () => {
    const html = readFileSync(join(import.meta.dirname, '../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    const metaDirectives = new Map(
      meta.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    // Both policies apply to the page: a media source must be allowed by both.
    expect(metaDirectives.get('media-src')).toEqual(directives.get('media-src'));
    expect(metaDirectives.get('script-src')).toEqual(directives.get('script-src'));
  });
});

describe('the app:// handler', () => {
  let root: string;
  let handler: (request: Request) => Promise<Response>;

  beforeAll(() => {
    const base = mkdtempSync(join(tmpdir(), 'archivist-protocol-'));
    root = join(base, 'renderer');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Archivist</title>');
    writeFileSync(join(root, 'assets', 'index.js'), 'console.log("hi")');
    writeFileSync(join(root, 'assets', 'index.css'), 'body{}');
    // A file next to the renderer folder that traversal would like to reach.
    writeFileSync(join(base, 'secret.txt'), 'keep out');
    handler = createAppProtocolHandler(root);
  });
  afterAll(() => rmSync(join(root, '..'), { recursive: true, force: true }));

  it('serves index.html with the CSP header and hardening headers', async () => {
    const response = await handler(new Request('app://archivist/'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Archivist</title>');
  });

  it('serves scripts and styles with their MIME types', async () => {
    const js = await handler(new Request('app://archivist/assets/index.js'));
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log("hi")');
    const css = await handler(new Request('app://archivist/assets/index.css'));
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('refuses to read outside the renderer folder', async () => {
    const response = await handler(new Request('app://archivist/..%2Fsecret.txt'));
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('keep out');
  });

  it('answers 404 for a missing file or a folder', async () => {
    expect((await handler(new Request('app://archivist/nope.js'))).status).toBe(404);
    expect((await handler(new Request('app://archivist/assets'))).status).toBe(404);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await handler(new Request('app://archivist/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await handler(
      new Request('app://archivist/index.html', { method: 'POST', body: 'x' }),
    );
    expect(post.status).toBe(405);
  });
});

describe('scheme registration', () => {
  it('registers app:// and archivist-media:// in one call, with only the privileges they need', () => {
    const calls: unknown[] = [];
    registerPrivilegedSchemes({ registerSchemesAsPrivileged: (schemes) => calls.push(schemes) });
    expect(calls).toEqual([
      [
        { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
        { scheme: 'archivist-media', privileges: { standard: true, secure: true, stream: true } },
      ],
    ]);
  });

  it('hands protocol.handle a handler for the app scheme', async () => {
    const handlers = new Map<string, (request: Request) => Response | Promise<Response>>();
    handleAppProtocol({ handle: (scheme, h) => handlers.set(scheme, h) }, '/nowhere');
    const response = await handlers.get('app')?.(new Request('app://archivist/index.html'));
    expect(response?.status).toBe(404);
  });
});
