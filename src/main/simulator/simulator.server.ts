import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { finished } from 'node:stream/promises';
import { authenticate, DEFAULT_USERS, DENIED_MESSAGE } from './auth';
import { breakSchema, FaultInjector, LOGIN_PAGE_HTML, type FaultPlan } from './faults';
import { servePublicAsset } from './public-assets';
import { SimulatorPublishing } from './publishing';
import { matchRoute, type RouteContext, type RouteResult, type ServerSettings } from './routes';
import { seedSimulatorData } from './seed';
import { SimulatorData } from './simulator.data';
import { WRITE_ROUTES } from './write-routes';
import type {
  FaultRule,
  SeedOptions,
  Simulator,
  SimulatorOptions,
  SimulatorStats,
  SimulatorUser,
  TunableOptions,
} from './simulator.types';

const API_PREFIX = '/cablecastapi/v1';
/** Far above any real request; later file-upload segments are 5 MB. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const MAX_CACHE_ENTRIES = 5_000;

/** A response ready to write: the body is already serialised. */
interface Prepared {
  status: number;
  headers: Record<string, string>;
  body: string;
  json: boolean;
}

interface CacheEntry {
  expires: number;
  prepared: Prepared;
}

const STATUS_MESSAGES: Record<number, string> = {
  500: 'An error has occurred.',
  502: 'Bad Gateway',
  503: 'The service is unavailable.',
  504: 'Gateway Timeout',
};

function jsonPrepared(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Prepared {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
    json: body !== undefined,
  };
}

/**
 * One running simulator: a plain node:http server on 127.0.0.1 that answers like a Cablecast
 * server (shared/docs/cablecast-api.md), with fault injection in front of the routes.
 */
class SimulatorServer implements Simulator {
  readonly url: string;
  readonly apiBase: string;
  readonly data: SimulatorData;
  readonly publishing: SimulatorPublishing;
  readonly stats: SimulatorStats = { requests: 0, byPath: new Map() };

  private readonly settings: ServerSettings;
  private readonly users: readonly SimulatorUser[];
  private readonly faults: FaultInjector;
  private readonly sockets = new Set<Socket>();
  private readonly delays = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private readonly cache = new Map<string, CacheEntry>();
  private closing: Promise<void> | null = null;

  constructor(
    private readonly server: Server,
    url: string,
    options: SimulatorOptions,
  ) {
    this.url = url;
    this.apiBase = `${url}${API_PREFIX}`;
    const seed: SeedOptions = options.seed ?? { shows: 200, randomSeed: 1 };
    const randomSeed = seed.randomSeed ?? 1;
    this.users = options.users ?? DEFAULT_USERS;
    this.settings = {
      offsetMode: options.offsetMode ?? 'page',
      anonymousCacheMs: options.anonymousCacheMs ?? 0,
      systemInfoEnvelope: options.systemInfoEnvelope ?? 'bare',
      userSession: options.userSession ?? 'enveloped',
      permissionDeniedStatus: options.permissionDeniedStatus ?? 403,
      wrongCredentials: options.wrongCredentials ?? 'reject',
      defaultPageSize: options.defaultPageSize ?? 50,
      cablecastVersion: options.cablecastVersion ?? '7.6.2.0',
      hardwareId: `SIM-${(randomSeed >>> 0).toString(16).padStart(8, '0').toUpperCase()}`,
      createdStatus: options.createdStatus ?? 200,
      deleteStatus: options.deleteStatus ?? 200,
      vodDelete: options.vodDelete ?? 'allowed',
      fileUploadNameFilter: options.fileUploadNameFilter ?? 'honoured',
      assetNameFilter: options.assetNameFilter ?? 'honoured',
      chapterUpdate: options.chapterUpdate ?? 'replace',
      chapterDelete: options.chapterDelete ?? 'soft',
      captionSidecars: options.captionSidecars ?? 'honoured',
      transcodeQualityList: options.transcodeQualityList ?? 'served',
      fileStoreList: options.fileStoreList ?? 'enveloped',
      vodQueueMs: options.vodQueueMs ?? 1_000,
      transcodeMs: options.transcodeMs ?? 5_000,
      vodErrorRate: options.vodErrorRate ?? 0,
      uploadProcessingMs: options.uploadProcessingMs ?? 1_500,
      uploadIdleTimeoutMs: options.uploadIdleTimeoutMs ?? 4 * 3_600_000,
      uploadChecksums: options.uploadChecksums ?? true,
    };
    this.faults = new FaultInjector(randomSeed);
    this.data = new SimulatorData({
      baseUrl: url,
      timeZoneOffset: options.timeZoneOffset ?? '-05:00',
    });
    seedSimulatorData(this.data, seed);
    this.publishing = new SimulatorPublishing(this.data, this.settings, randomSeed);

    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      if (this.closing) socket.destroy();
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req, res).catch((error: unknown) => {
        // Never leave a request without an answer because of a simulator bug: say what broke.
        if (!res.headersSent && !res.destroyed) {
          this.write(
            res,
            jsonPrepared(500, {
              message: 'An error has occurred.',
              exceptionMessage: String(error),
            }),
          );
        }
      });
    });
  }

  setFaults(rules: FaultRule[]): void {
    this.faults.set(rules);
  }

  addFault(rule: FaultRule): void {
    this.faults.add(rule);
  }

  setOptions(patch: TunableOptions): void {
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) (this.settings as unknown as Record<string, unknown>)[key] = value;
    }
    if (patch.anonymousCacheMs !== undefined) this.cache.clear();
  }

  resetStats(): void {
    this.stats.requests = 0;
    this.stats.byPath.clear();
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      for (const pending of this.delays) {
        clearTimeout(pending.timer);
        pending.resolve();
      }
      this.delays.clear();
      this.server.close(() => resolve());
      // Hung requests and idle keep-alive connections would hold close() open; end them now.
      for (const socket of this.sockets) socket.destroy();
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  // ---- request pipeline ----------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const apiPath = apiPathOf(url.pathname.toLowerCase());
    const statsPath = apiPath ?? lowerPath(url);
    this.stats.requests++;
    this.stats.byPath.set(statsPath, (this.stats.byPath.get(statsPath) ?? 0) + 1);

    // Upload segments stream through their handler; everything else is read first.
    const match = apiPath === null ? null : matchRoute(method, apiPath, WRITE_ROUTES);
    const streaming = match?.kind === 'found' && match.route.stream === true;
    const body = streaming ? Buffer.alloc(0) : await readBody(req);
    if (body === null) {
      this.write(res, jsonPrepared(413, { message: 'The request body is too large.' }));
      return;
    }

    const plan = this.faults.plan(method, statsPath);
    if (plan.latencyMs > 0) await this.delay(plan.latencyMs);
    if (this.closing || res.destroyed) return;

    if (plan.failure && !plan.failure.afterHandling) {
      if (streaming) await drain(req);
      this.fail(plan.failure, req, res);
      return;
    }
    // A slow commit: the write lands after the delay even if the client stopped waiting.
    if (plan.commitDelayMs > 0) await this.delay(plan.commitDelayMs);
    if (this.closing) return;
    const prepared = await this.respond(method, url, apiPath, req, body);
    if (streaming) await drain(req);
    if (this.closing || res.destroyed) return;
    if (plan.failure) {
      this.fail(plan.failure, req, res);
      return;
    }
    this.send(res, prepared, plan);
  }

  private async respond(
    method: string,
    url: URL,
    apiPath: string | null,
    req: IncomingMessage,
    body: Buffer,
  ): Promise<Prepared> {
    const auth = authenticate(req.headers.authorization, this.users);
    if (auth.kind === 'invalid' && this.settings.wrongCredentials === 'reject') return denied(401);
    const user = auth.kind === 'user' ? auth.user : null;

    const notFound = jsonPrepared(404, {
      message: `No HTTP resource was found that matches the request URI '${this.url}${url.pathname}${url.search}'.`,
    });
    if (apiPath === null) {
      const asset =
        method === 'GET' || method === 'HEAD'
          ? servePublicAsset(this.data, lowerPath(url), url.searchParams)
          : null;
      return asset ? toPrepared(asset) : notFound;
    }
    this.publishing.tick();
    const match = matchRoute(method, apiPath, WRITE_ROUTES);
    if (match.kind === 'not-found') return notFound;
    if (match.kind === 'method-not-allowed') {
      return jsonPrepared(
        405,
        { message: `The requested resource does not support http method '${method}'.` },
        { allow: match.allow.join(', ') },
      );
    }

    const { route } = match;
    if (route.access !== 'public' && !user) return denied(401);
    if (route.access === 'write' && user && !user.canWrite)
      return denied(this.settings.permissionDeniedStatus);

    // Anonymous reads may be served from the cache; authenticated ones never are ([OV] caching).
    const cacheKey =
      !user && method === 'GET' && this.settings.anonymousCacheMs > 0
        ? `${apiPath}${url.search}`
        : null;
    if (cacheKey) {
      const hit = this.cache.get(cacheKey);
      if (hit && hit.expires > Date.now()) {
        return {
          ...hit.prepared,
          headers: { ...hit.prepared.headers, 'x-simulator-cache': 'HIT' },
        };
      }
    }

    const ctx: RouteContext = {
      method,
      params: match.params,
      query: url.searchParams,
      body,
      contentType: req.headers['content-type'],
      user,
      data: this.data,
      publishing: this.publishing,
      settings: this.settings,
      request: req,
    };
    const prepared = toPrepared(await route.handle(ctx));
    if (cacheKey && prepared.status === 200) {
      const seconds = Math.ceil(this.settings.anonymousCacheMs / 1000);
      prepared.headers['cache-control'] = `public, max-age=${seconds}`;
      if (this.cache.size >= MAX_CACHE_ENTRIES) this.cache.clear();
      this.cache.set(cacheKey, { expires: Date.now() + this.settings.anonymousCacheMs, prepared });
      return { ...prepared, headers: { ...prepared.headers, 'x-simulator-cache': 'MISS' } };
    }
    return prepared;
  }

  private send(res: ServerResponse, prepared: Prepared, plan: FaultPlan): void {
    let out = prepared;
    if (plan.schemaBreak && prepared.json && prepared.body !== '') {
      out = {
        ...prepared,
        body: JSON.stringify(breakSchema(JSON.parse(prepared.body) as unknown)),
      };
    }
    if (plan.truncate && out.body !== '') {
      const bytes = Buffer.from(out.body, 'utf8');
      const wanted = plan.truncate.value ?? Math.floor(bytes.length / 2);
      const length = Math.min(Math.max(1, wanted), bytes.length - 1);
      // No Content-Length: the body ends "normally" after a valid prefix, so the failure shows up
      // in the client's JSON parser, not as a network error.
      res.writeHead(out.status, { ...baseHeaders(), ...out.headers });
      res.end(bytes.subarray(0, Math.max(0, length)));
      return;
    }
    this.write(res, out);
  }

  private write(res: ServerResponse, prepared: Prepared): void {
    const headers: Record<string, string | number> = { ...baseHeaders(), ...prepared.headers };
    if (prepared.status === 204) {
      delete headers['content-type'];
      res.writeHead(204, headers);
      res.end();
      return;
    }
    const bytes = Buffer.from(prepared.body, 'utf8');
    headers['content-length'] = bytes.length;
    res.writeHead(prepared.status, headers);
    res.end(bytes);
  }

  private fail(rule: FaultRule, req: IncomingMessage, res: ServerResponse): void {
    switch (rule.kind) {
      case 'status': {
        const status = rule.value ?? 500;
        this.write(
          res,
          jsonPrepared(status, {
            message: rule.message ?? STATUS_MESSAGES[status] ?? 'An error has occurred.',
          }),
        );
        return;
      }
      case 'retry-after':
        this.write(
          res,
          jsonPrepared(
            429,
            { message: 'Too many requests.' },
            { 'retry-after': String(rule.value ?? 1) },
          ),
        );
        return;
      case 'html-200':
        this.write(res, {
          status: 200,
          headers: { 'content-type': 'text/html; charset=utf-8' },
          body: LOGIN_PAGE_HTML,
          json: false,
        });
        return;
      case 'drop':
        req.socket.destroy();
        return;
      case 'hang':
        // Answer nothing; close() destroys the socket.
        return;
      default:
        return;
    }
  }

  private delay(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const pending = {
        timer: setTimeout(() => {
          this.delays.delete(pending);
          resolve();
        }, ms),
        resolve,
      };
      this.delays.add(pending);
    });
  }
}

function lowerPath(url: URL): string {
  return url.pathname.toLowerCase().replace(/\/+$/, '');
}

function apiPathOf(lowerPath: string): string | null {
  if (lowerPath !== API_PREFIX && !lowerPath.startsWith(`${API_PREFIX}/`)) return null;
  const rest = lowerPath.slice(API_PREFIX.length).replace(/\/+$/, '');
  return rest === '' ? '/' : rest;
}

function baseHeaders(): Record<string, string> {
  // CORS as the real server ships it by default ([OV]).
  return {
    'cache-control': 'no-cache',
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'GET,HEAD',
    'access-control-allow-headers': 'Content-Type',
  };
}

function denied(status: number): Prepared {
  const headers: Record<string, string> =
    status === 401 ? { 'www-authenticate': 'Basic realm="Cablecast"' } : {};
  return jsonPrepared(status, { message: DENIED_MESSAGE }, headers);
}

function toPrepared(result: RouteResult): Prepared {
  const extra = result.headers ?? {};
  if (result.text) {
    return {
      status: result.status,
      headers: { 'content-type': result.text.contentType, ...extra },
      body: result.text.body,
      json: false,
    };
  }
  return jsonPrepared(result.status, result.body, extra);
}

/** Reads and discards what is left of a request body, so an early answer reaches the client. */
async function drain(req: IncomingMessage): Promise<void> {
  if (req.readableEnded || req.destroyed) return;
  req.resume();
  try {
    await finished(req);
  } catch {
    // The client went away: nothing left to drain.
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > MAX_BODY_BYTES) return null;
      chunks.push(buffer);
    }
  } catch {
    // The client went away mid-body; whatever arrived is all there is.
  }
  return Buffer.concat(chunks);
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts a simulator and resolves once it listens and its catalog is seeded. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer();
  // Keep-alive connections must not hold the process open after close(): they are destroyed
  // there, and a short idle timeout bounds them otherwise.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') {
    server.close();
    throw new Error('The simulator did not get a TCP address');
  }
  try {
    return new SimulatorServer(server, `http://${urlHost(host)}:${address.port}`, options);
  } catch (error) {
    server.close();
    throw error;
  }
}
