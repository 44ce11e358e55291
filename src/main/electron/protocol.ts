import { readFile, stat } from 'node:fs/promises';
import path, { extname, type PlatformPath } from 'node:path';
import type { Protocol } from 'electron';
import { APP_HOST, APP_SCHEME, MEDIA_SCHEME } from '../../shared/app-origin';

/**
 * The page's Content-Security-Policy, sent as a header (a `<meta>` cannot carry `frame-ancestors`).
 * No inline script and no eval. `img-src https:` lets show thumbnails come from the Cablecast
 * server, and `http://127.0.0.1:*` from the built-in demo server (loopback only). `media-src` allows `archivist-media:` (a recording's video, served by the main process by
 * recording id; see `media-protocol.ts`) and `blob:` (a caption track the page builds from WebVTT
 * text), but not `file:`: a page that could load any local file as media is a page that can probe
 * the disk. `src/renderer/index.html` carries the same policy in a `<meta>`; a page obeys both, so
 * a source must be allowed in both.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https: http://127.0.0.1:*",
  `media-src 'self' blob: ${MEDIA_SCHEME}:`,
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.vtt': 'text/vtt; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
};

export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

type AppPathResult =
  { ok: true; filePath: string } | { ok: false; status: 400 | 403 | 404; reason: string };

/**
 * Maps `app://archivist/<path>` to a file under `rootDir`, or refuses. The URL parser already
 * removes `..` segments, but percent-encoded separators (`..%2F..%2F`) and, on Windows, backslashes
 * only become path syntax after decoding, so the decoded path is resolved and must still lie
 * inside `rootDir`.
 */
export function resolveAppPath(
  rootDir: string,
  url: string,
  // Injectable so the Windows rules (backslashes, drive letters) are tested on any machine.
  paths: Pick<PlatformPath, 'resolve' | 'sep'> = path,
): AppPathResult {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: 400, reason: 'not a URL' };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.hostname.toLowerCase() !== APP_HOST) {
    return { ok: false, status: 404, reason: 'not an app URL' };
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'malformed percent-encoding' };
  }
  if (pathname.includes('\0')) return { ok: false, status: 400, reason: 'NUL in path' };
  if (pathname === '' || pathname.endsWith('/')) pathname += 'index.html';

  const root = paths.resolve(rootDir);
  // Always relative to the root, even for `//host/x` or `/C:/x`.
  const filePath = paths.resolve(root, `./${pathname}`);
  if (!filePath.startsWith(root + paths.sep)) {
    return { ok: false, status: 403, reason: 'outside the renderer folder' };
  }
  return { ok: true, filePath };
}

interface FileReader {
  isFile(path: string): Promise<boolean>;
  read(path: string): Promise<Uint8Array>;
}

const diskReader: FileReader = {
  async isFile(path) {
    try {
      return (await stat(path)).isFile();
    } catch {
      return false;
    }
  },
  read: (path) => readFile(path),
};

function textResponse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });
}

/** The `protocol.handle` handler for `app://`, as a plain function of a Fetch `Request`. */
export function createAppProtocolHandler(
  rootDir: string,
  reader: FileReader = diskReader,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return textResponse(405, 'Method not allowed');
    }
    const target = resolveAppPath(rootDir, request.url);
    if (!target.ok) return textResponse(target.status, target.reason);
    if (!(await reader.isFile(target.filePath))) return textResponse(404, 'Not found');

    const contentType = mimeTypeFor(target.filePath);
    const headers = new Headers({
      'Content-Type': contentType,
      'X-Content-Type-Options': 'nosniff',
      // The files change with every build and are read from local disk: caching gains nothing.
      'Cache-Control': 'no-cache',
    });
    if (contentType.startsWith('text/html')) {
      headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      headers.set('Referrer-Policy', 'no-referrer');
      headers.set('Cross-Origin-Opener-Policy', 'same-origin');
    }
    const body = request.method === 'HEAD' ? null : await reader.read(target.filePath);
    return new Response(body, { status: 200, headers });
  };
}

/**
 * Must run before the app's `ready` event: Chromium fixes the set of standard schemes at start-up,
 * and Electron takes this list once, so every custom scheme is registered in this one call.
 * - `app://` (the renderer): `standard` gives relative URLs, an origin and web storage; `secure`
 *   makes it a secure context; `supportFetchAPI` lets the page `fetch()` its own assets.
 * - `archivist-media://` (videos): `standard` so `recording/<id>` parses as host and path; `secure`
 *   so a secure page may load it without mixed-content blocking; `stream` so the media element
 *   streams the response and seeks with range requests instead of waiting for the whole file. No
 *   `supportFetchAPI`, `corsEnabled` or `bypassCSP`: only `<video>` loads it, under the page's CSP.
 */
export function registerPrivilegedSchemes(
  protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>,
): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
    { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, stream: true } },
  ]);
}

/** Serves the built renderer (`out/renderer`) under `app://archivist/`. After `ready`. */
export function handleAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));
}
