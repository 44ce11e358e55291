import type { WhoAmI } from '../../shared/access';
import type { HealthReport } from '../../shared/health';
import { errorMessage } from '../../shared/errors';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { hostname, networkInterfaces } from 'node:os';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream';
import { createRequire } from 'node:module';
import { localCaller, type Caller, type Dispatcher } from '../contract';
import { NO_MEDIA, parseRecordingId, type MediaSource } from '../library/media-source';
import type { Logger } from '../logging/logger';
import { planMediaReply } from './byte-range';
import { openApiDocument } from './openapi';
import { RateLimiter } from './rate-limit';
import { cookieNames, readCookies, setCookie, signInPage } from './cookies';
import { failureBody, matchRoute, runRoute, statusOf } from './rest-api';

/** The holder of this run's token: the person who opened the printed address. */
const TOKEN_HOLDER = localCaller('browser-session', 'http', "the browser link's holder");

interface BrowserHostOptions {
  dispatcher: Dispatcher;
  /** The built renderer (`out/renderer`). */
  rendererDir: string;
  host?: string;
  port?: number;
  /** Fixed token for tests; by default a fresh random one per run. */
  token?: string;
  logger?: Logger;
  maxBodyBytes?: number;
  /** Where `/api/media/<id>` finds a recording's video; without it every id is unknown. */
  media?: MediaSource;
  /**
   * Test runs only (`ARCHIVIST_TEST_CLOCK=1`): `POST /api/test/clock` `{ "at": ISO }` moves the
   * app's clock there and returns the time it now reads. Without it the path does not exist.
   */
  testClock?: { set(at: number): string } | null;
  /**
   * `GET /api/health`: the report within 2 s (the last one if a check hangs), 200 when healthy and
   * 503 when not, without a token: it tells nothing secret and monitors have none.
   */
  health?: () => Promise<HealthReport>;
  /** `GET /metrics` in Prometheus's text format, for a bearer of the token. */
  metrics?: { contentType: string; text(): Promise<string> };
  /** Who the bearer of an API token is (made in Settings › API tokens); null when nobody. */
  tokens?: { authenticate(token: string): { caller: Caller; tokenId: number } | null };
  /** Requests per API token: a burst, then so many a second (default 60, then 20/s). */
  rateLimit?: { burst: number; perSecond: number };
  /** The app's version, for the OpenAPI document. */
  version?: string;
  /** Serve over TLS with this certificate and key (needed to listen beyond this computer). */
  tls?: { cert: Buffer; key: Buffer } | null;
  /** The address operators open, when it is not the one the host would derive. */
  publicUrl?: string | null;
  /**
   * Single sign-on: when `enabled()`, pages and calls need a signed-in session (or an API token)
   * and the per-run token is refused.
   */
  signIn?: SignInGate;
}

/** What the host asks of single sign-on (the access domain's SignInService). */
export interface SignInGate {
  enabled(): boolean;
  begin(redirectUri: string): Promise<{ url: string; binding: string }>;
  finish(
    binding: string | null,
    callbackUrl: URL,
  ): Promise<{ sessionId: string; who: WhoAmI; maxAgeSeconds: number }>;
  session(sessionId: string): { caller: Caller; csrf: string; who: WhoAmI } | null;
  signOut(sessionId: string, returnTo: string): Promise<string | null>;
}

/** The sign-in flow's own pages, in the app's colours. */
const SIGN_IN_PAGE_CSS = `body{font-family:system-ui,sans-serif;background:#111418;color:#e4e7eb;margin:0}
.sign-in-page{max-width:32rem;margin:15vh auto;padding:2rem;background:#181c22;border:1px solid #2b323c;border-radius:8px}
h1{font-size:1.3rem;margin-top:0}a{color:#e0a84f}
`;

/** Methods that change something: a session's request must carry its CSRF token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface BrowserHost {
  readonly url: string;
  /** The URL to open: carries the per-run token. */
  readonly openUrl: string;
  readonly token: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.vtt': 'text/vtt; charset=utf-8',
};

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https: http://127.0.0.1:*",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

const DOCS_ASSETS: Record<string, string> = {
  'swagger-ui.css': 'swagger-ui.css',
  'swagger-ui-bundle.js': 'swagger-ui-bundle.js',
};

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Archivist Desktop API</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>
`;

const DOCS_INIT = `window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  docExpansion: 'list',
  defaultModelsExpandDepth: 0,
});
`;

let swaggerDir: string | null | undefined;
/** Where swagger-ui-dist's files are; null if the package is missing. */
function swaggerUiDir(): string | null {
  if (swaggerDir === undefined) {
    try {
      const require = createRequire(import.meta.url);
      swaggerDir = dirname(require.resolve('swagger-ui-dist/package.json'));
    } catch {
      swaggerDir = null;
    }
  }
  return swaggerDir;
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function bearer(req: IncomingMessage): string {
  const header = req.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice(7).trim() : '';
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new Error(`The request body is larger than ${limit} bytes.`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Serves the built renderer and carries the API contract over HTTP (calls) and server-sent events
 * (events), on the loopback interface only. Every API request must present the per-run token, and
 * the Host header must name this listener, so another site in the operator's browser cannot call
 * the API (DNS rebinding) even though it can reach 127.0.0.1.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererRoot = resolve(options.rendererDir);
  const maxBody = options.maxBodyBytes ?? 1_000_000;
  const media = options.media ?? NO_MEDIA;
  const sseClients = new Set<ServerResponse>();
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();
  const limiter = new RateLimiter(
    options.rateLimit?.burst ?? 60,
    options.rateLimit?.perSecond ?? 20,
  );
  let openApiText: string | null = null;
  let base = '';

  const secure = options.tls != null;
  const cookies = cookieNames(secure);
  const signInOn = (): boolean => options.signIn?.enabled() ?? false;

  /** The live session a request's cookie names, if any. */
  function sessionOf(req: IncomingMessage) {
    const id = readCookies(req).get(cookies.session) ?? '';
    return id === '' ? null : (options.signIn?.session(id) ?? null);
  }

  function refuse(res: ServerResponse): null {
    sendJson(res, 401, {
      success: false,
      error: signInOn()
        ? 'Sign in at /auth/login, or send an API token as "Authorization: Bearer <token>".'
        : 'Send a valid token as "Authorization: Bearer <token>".',
      code: 'UNAUTHENTICATED',
      ...(signInOn() ? { signIn: '/auth/login' } : {}),
    });
    return null;
  }

  /**
   * The caller a request names: the per-run token's holder (only while sign-in is off), an API
   * token's bearer (rate limited per token), or a signed-in session (whose requests that change
   * something must echo its CSRF token and come from this origin). Answers 401, 403 or 429 itself
   * and says null when refused.
   */
  function authenticate(req: IncomingMessage, res: ServerResponse): Caller | null {
    const given = bearer(req);
    if (given !== '' && !signInOn() && sameToken(given, token)) return TOKEN_HOLDER;
    if (given === '') {
      const session = sessionOf(req);
      if (session === null) return refuse(res);
      if (!SAFE_METHODS.has(req.method ?? 'GET')) {
        const origin = req.headers.origin;
        const csrf = req.headers['x-csrf-token'];
        if (
          (origin !== undefined && !allowedOrigins.has(origin)) ||
          typeof csrf !== 'string' ||
          !sameToken(csrf, session.csrf)
        ) {
          sendJson(res, 403, {
            success: false,
            error:
              'This request did not come from an Archivist page (its CSRF token is missing or wrong): reload the page.',
            code: 'FORBIDDEN',
          });
          return null;
        }
      }
      return session.caller;
    }
    const bearerOf = options.tokens?.authenticate(given) ?? null;
    if (bearerOf === null) return refuse(res);
    const wait = limiter.take(`token:${bearerOf.tokenId}`);
    if (wait !== null) {
      res.setHeader('retry-after', String(wait));
      sendJson(res, 429, {
        success: false,
        error: `Too many requests with this token: wait ${wait} s.`,
        code: 'UNAVAILABLE',
      });
      return null;
    }
    return bearerOf.caller;
  }

  /** Whether a page's own request (events, a video) may go on: the per-run token or a session. */
  function pageAllowed(req: IncomingMessage, queryToken: string): boolean {
    if (!signInOn() && (sameToken(queryToken, token) || sameToken(bearer(req), token))) {
      return true;
    }
    return sessionOf(req) !== null;
  }

  function sendHtml(
    res: ServerResponse,
    status: number,
    html: string,
    headers: Record<string, string | string[]> = {},
  ): void {
    res.writeHead(status, {
      ...SECURITY_HEADERS,
      ...headers,
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-length': Buffer.byteLength(html),
    });
    res.end(html);
  }

  /** `/auth/login`, `/auth/callback`, `/auth/logout`, `/api/session`: single sign-on. */
  async function serveSignIn(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const gate = options.signIn;
    const path = url.pathname;
    if (path === '/api/session') {
      const session = sessionOf(req);
      sendJson(res, 200, {
        signInRequired: signInOn(),
        who: session?.who ?? null,
        csrfToken: session?.csrf ?? null,
      });
      return;
    }
    if (path === '/auth/page.css') {
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': 'text/css; charset=utf-8',
        'content-length': Buffer.byteLength(SIGN_IN_PAGE_CSS),
      });
      res.end(SIGN_IN_PAGE_CSS);
      return;
    }
    if (gate === undefined || !signInOn()) {
      sendJson(res, 404, { error: 'Sign-in is off: open the address the host printed.' });
      return;
    }
    const again = { href: '/auth/login', label: 'Sign in again' };
    const bindingCookie = (value: string, maxAge: number) =>
      setCookie(cookies.signIn, value, { maxAge, path: '/auth', sameSite: 'Lax', secure });
    if (path === '/auth/login') {
      try {
        const { url: to, binding } = await gate.begin(`${base}/auth/callback`);
        res.writeHead(302, {
          ...SECURITY_HEADERS,
          location: to,
          'set-cookie': bindingCookie(binding, 600),
          'cache-control': 'no-store',
        });
        res.end();
      } catch (error) {
        sendHtml(
          res,
          503,
          signInPage({
            title: 'Sign-in is not available',
            message: `${errorMessage(error)} The station's admin can fix this in Settings › Sign-in.`,
            link: again,
          }),
        );
      }
      return;
    }
    if (path === '/auth/callback') {
      const binding = readCookies(req).get(cookies.signIn) ?? null;
      try {
        const done = await gate.finish(binding, new URL(req.url ?? '/', base));
        sendHtml(
          res,
          200,
          signInPage({
            title: `Signed in as ${done.who.name}`,
            message: `With the role ${done.who.role ?? ''}. Opening Archivist…`,
            link: { href: '/', label: 'Open Archivist' },
            next: '/',
          }),
          {
            'set-cookie': [
              setCookie(cookies.session, done.sessionId, {
                maxAge: done.maxAgeSeconds,
                path: '/',
                sameSite: 'Strict',
                secure,
              }),
              bindingCookie('', 0),
            ],
          },
        );
      } catch (error) {
        const code = (error as { code?: string }).code;
        sendHtml(
          res,
          code === 'FORBIDDEN' ? 403 : 401,
          signInPage({ title: 'Not signed in', message: errorMessage(error), link: again }),
          { 'set-cookie': bindingCookie('', 0) },
        );
      }
      return;
    }
    if (path === '/auth/logout') {
      if (req.method !== 'POST') {
        sendJson(res, 405, { error: 'Use POST.' });
        return;
      }
      const caller = authenticate(req, res);
      if (caller === null) return;
      const id = readCookies(req).get(cookies.session) ?? '';
      const next = await gate.signOut(id, `${base}/`);
      res.setHeader(
        'set-cookie',
        setCookie(cookies.session, '', { maxAge: 0, path: '/', sameSite: 'Strict', secure }),
      );
      sendJson(res, 200, { success: true, redirect: next ?? '/' });
      return;
    }
    sendJson(res, 404, { error: 'No such sign-in path.' });
  }

  /**
   * `GET /api/docs`: the OpenAPI document rendered by Swagger UI (served from the app's own
   * files, so the page needs nothing from the internet and keeps the strict CSP).
   */
  async function serveDocs(path: string, res: ServerResponse): Promise<void> {
    if (path === '/api/docs' || path === '/api/docs/') {
      const html = DOCS_PAGE;
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-cache',
        'content-length': Buffer.byteLength(html),
      });
      res.end(html);
      return;
    }
    if (path === '/api/docs/init.js') {
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': MIME['.js'] ?? 'text/javascript',
        'content-length': Buffer.byteLength(DOCS_INIT),
      });
      res.end(DOCS_INIT);
      return;
    }
    const asset = DOCS_ASSETS[path.slice('/api/docs/'.length)];
    const dir = swaggerUiDir();
    if (asset === undefined || dir === null) {
      sendJson(res, 404, { error: 'Not found' });
      return;
    }
    const file = join(dir, asset);
    const stat = await fs.stat(file);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-length': stat.size,
      'cache-control': 'max-age=3600',
    });
    createReadStream(file).pipe(res);
  }

  async function serveRest(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const { match, allowed } = matchRoute(req.method ?? 'GET', url.pathname);
    if (match === null) {
      if (allowed.length === 0) return false;
      res.setHeader('allow', allowed.join(', '));
      sendJson(res, 405, {
        success: false,
        error: `Use ${allowed.join(' or ')} here.`,
        code: 'INVALID_ARGUMENT',
      });
      return true;
    }
    const caller = authenticate(req, res);
    if (caller === null) return true;
    let body: unknown = undefined;
    if (req.method === 'POST') {
      try {
        const text = await readBody(req, maxBody);
        body = text.trim() === '' ? undefined : JSON.parse(text);
      } catch (error) {
        sendJson(
          res,
          400,
          failureBody({
            code: 'INVALID_ARGUMENT',
            message: `The request body is not valid JSON: ${errorMessage(error)}`,
            path: 'body',
          }),
        );
        return true;
      }
    }
    const reply = await runRoute(
      match,
      { params: match.params, query: Object.fromEntries(url.searchParams), body },
      caller,
      options.dispatcher,
      base,
    );
    sendJson(res, reply.status, reply.body);
    return true;
  }

  const unsubscribe = options.dispatcher.subscribe((event, payload) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const client of sseClients) client.write(frame);
  });

  async function serveStatic(pathname: string, res: ServerResponse): Promise<void> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      sendJson(res, 400, { error: 'Bad path' });
      return;
    }
    const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
    const file = resolve(join(rendererRoot, relative));
    if (file !== rendererRoot && !file.startsWith(rendererRoot + sep)) {
      sendJson(res, 404, { error: 'Not found' });
      return;
    }
    let stat;
    try {
      stat = await fs.stat(file);
    } catch {
      stat = null;
    }
    if (!stat?.isFile()) {
      // Unknown paths without an extension are app routes: serve the app and let it route.
      if (extname(relative) === '') return serveStatic('/', res);
      sendJson(res, 404, { error: 'Not found' });
      return;
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-length': stat.size,
      'cache-control': relative === 'index.html' ? 'no-cache' : 'max-age=3600',
    });
    createReadStream(file).pipe(res);
  }

  /**
   * `GET|HEAD /api/media/<recordingId>`: the recording's video, with byte ranges so the page can
   * seek. The token comes in the query (a `<video src>` cannot send a header) or as a Bearer header.
   * Only the file the MediaSource names for a positive integer id is ever opened.
   */
  async function serveMedia(
    req: IncomingMessage,
    res: ServerResponse,
    idText: string,
    queryToken: string,
  ): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'Use GET or HEAD to read a video.');
      return;
    }
    if (!pageAllowed(req, queryToken)) {
      sendText(res, 401, 'Missing or wrong token.');
      return;
    }
    const id = parseRecordingId(idText);
    let file: ReturnType<MediaSource['videoFile']>;
    try {
      file = id === null ? null : media.videoFile(id);
    } catch {
      // Answered here: the generic error path logs the URL, and this one carries the token.
      sendText(res, 500, 'The library could not look up this recording.');
      return;
    }
    if (id === null || file === null) {
      sendText(res, 404, 'There is no recording with this id in the library.');
      return;
    }
    let size: number;
    try {
      const stat = await fs.stat(file.path);
      if (!stat.isFile()) throw new Error('not a file');
      size = stat.size;
    } catch {
      sendText(
        res,
        404,
        `The video of recording ${id} is not where the library last saw it: it may have been moved or deleted.`,
      );
      return;
    }
    const reply = planMediaReply(size, file.contentType, req.headers.range);
    res.writeHead(reply.status, { ...SECURITY_HEADERS, ...reply.headers });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    if (reply.span === null) {
      res.end(reply.message ?? undefined);
      return;
    }
    // A seeking video abandons requests all the time: closing early is normal, not an error.
    pipeline(createReadStream(file.path, reply.span), res, () => undefined);
  }

  /** An API call must be a POST carrying the token; answers the refusal and says false if not. */
  function tokenPost(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'POST') {
      sendJson(res, 405, { error: 'Use POST.' });
      return false;
    }
    if (!sameToken(bearer(req), token)) {
      sendJson(res, 401, { error: 'Missing or wrong token.' });
      return false;
    }
    return true;
  }

  async function moveTestClock(
    req: IncomingMessage,
    res: ServerResponse,
    clock: { set(at: number): string },
  ): Promise<void> {
    if (!tokenPost(req, res)) return;
    let at = Number.NaN;
    try {
      const body = JSON.parse(await readBody(req, maxBody)) as { at?: unknown };
      if (typeof body.at === 'string') at = Date.parse(body.at);
    } catch {
      // Read as "no time given" below.
    }
    if (Number.isNaN(at)) {
      sendJson(res, 400, { error: 'Send { "at": "<ISO 8601 time>" }.' });
      return;
    }
    sendJson(res, 200, { now: clock.set(at) });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      sendJson(res, 421, { error: 'This host name is not served here.' });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;

    if (path === '/api/health' && options.health) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendJson(res, 405, { error: 'Use GET.' });
        return;
      }
      const report = await options.health();
      sendJson(res, report.healthy ? 200 : 503, report);
      return;
    }

    if (path === '/metrics' && options.metrics) {
      if (req.method !== 'GET') {
        sendJson(res, 405, { error: 'Use GET.' });
        return;
      }
      if (authenticate(req, res) === null) return;
      const text = await options.metrics.text();
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': options.metrics.contentType,
        'cache-control': 'no-store',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
      return;
    }

    if (path.startsWith('/api/rpc/')) {
      if (req.method !== 'POST') {
        sendJson(res, 405, { error: 'Use POST.' });
        return;
      }
      const caller = authenticate(req, res);
      if (caller === null) return;
      const method = decodeURIComponent(path.slice('/api/rpc/'.length));
      let input: unknown;
      try {
        const text = await readBody(req, maxBody);
        input = text.trim() === '' ? {} : JSON.parse(text);
      } catch (error) {
        sendJson(res, 400, {
          ok: false,
          error: {
            code: 'INVALID_ARGUMENT',
            message: `The request body is not valid JSON: ${errorMessage(error)}`,
          },
        });
        return;
      }
      const result = await options.dispatcher.dispatch(method, input, caller);
      sendJson(res, result.ok ? 200 : statusOf(result.error.code), result);
      return;
    }

    if (path === '/api/session' || path.startsWith('/auth/')) {
      await serveSignIn(req, res, url);
      return;
    }

    if (path === '/api/events') {
      if (!pageAllowed(req, url.searchParams.get('token') ?? '')) {
        sendJson(res, 401, { error: 'Missing or wrong token.' });
        return;
      }
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      sseClients.add(res);
      req.on('close', () => sseClients.delete(res));
      return;
    }

    if (path === '/api/openapi.json') {
      if (req.method !== 'GET') {
        sendJson(res, 405, { error: 'Use GET.' });
        return;
      }
      openApiText ??= JSON.stringify(openApiDocument(options.version ?? '0.0.0', base));
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-cache',
        'content-length': Buffer.byteLength(openApiText),
      });
      res.end(openApiText);
      return;
    }

    if (path === '/api/docs' || path.startsWith('/api/docs/')) {
      await serveDocs(path, res);
      return;
    }

    if (await serveRest(req, res, url)) return;

    if (path === '/api/test/clock' && options.testClock) {
      await moveTestClock(req, res, options.testClock);
      return;
    }

    if (path.startsWith('/api/media/')) {
      const idText = path.slice('/api/media/'.length);
      await serveMedia(req, res, idText, url.searchParams.get('token') ?? '');
      return;
    }

    if (path.startsWith('/api/')) {
      sendJson(res, 404, { error: 'No such API path.' });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: 'Method not allowed.' });
      return;
    }
    await serveStatic(path, res);
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((error: unknown) => {
      options.logger?.error('browser host request failed', { error, path: req.url });
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal error' });
      else res.destroy();
    });
  };
  const server: Server = options.tls
    ? createTlsServer({ cert: options.tls.cert, key: options.tls.key }, onRequest)
    : createServer(onRequest);

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolvePromise());
  });
  const { port } = server.address() as AddressInfo;
  const scheme = secure ? 'https' : 'http';
  const wildcard = host === '0.0.0.0' || host === '::';
  const named = wildcard ? hostname() : host.includes(':') ? `[${host}]` : host;
  base = options.publicUrl ?? `${scheme}://${named}:${port}`;
  // The names this listener answers to (a DNS-rebinding page names another one).
  allowedHosts = new Set([
    `${named}:${port}`,
    `127.0.0.1:${port}`,
    `localhost:${port}`,
    new URL(base).host,
    ...(wildcard
      ? [
          `${hostname()}:${port}`,
          ...Object.values(networkInterfaces())
            .flat()
            .map((a) =>
              a?.family === 'IPv6' ? `[${a.address}]:${port}` : `${a?.address}:${port}`,
            ),
        ]
      : []),
  ]);
  allowedOrigins = new Set([...allowedHosts].map((h) => `${scheme}://${h}`));

  // Keeps proxies and idle timers from closing a quiet event stream.
  const heartbeat = setInterval(() => {
    for (const client of sseClients) client.write(': ping\n\n');
  }, 15_000);
  heartbeat.unref();

  return {
    url: base,
    openUrl: `${base}/?token=${token}`,
    token,
    async close() {
      clearInterval(heartbeat);
      unsubscribe();
      for (const client of sseClients) client.end();
      sseClients.clear();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
