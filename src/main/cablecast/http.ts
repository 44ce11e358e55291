import { errorMessage } from '../../shared/errors';
import { serverLabelFromApiBase } from './api-base';
import {
  CablecastError,
  classifyTransportError,
  formatSeconds,
  indicatesServerDown,
} from './cablecast.errors';
import { CircuitBreaker } from './circuit-breaker';
import { bodyStream, type StreamedBody } from './multipart-body';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;
/** Waits `ms`; rejects with the signal's reason if it aborts first. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type QueryValue =
  string | number | boolean | null | undefined | readonly (string | number)[];
export type Query = Readonly<Record<string, QueryValue>>;

export interface HttpClientOptions {
  /** Normalised API base, e.g. `https://host/cablecastapi/v1` (see `normalizeApiBase`). */
  apiBase: string;
  username?: string;
  password?: string;
  /** Per-request timeout, covering connection, headers and body. */
  timeoutMs: number;
  /** Extra attempts for requests that are safe to repeat (GETs). */
  maxRetries: number;
  /** Base of the exponential backoff (full jitter). */
  retryDelayMs: number;
  /** Ceiling for one backoff delay. Default 30 s. */
  maxBackoffMs?: number;
  /** The longest Retry-After we are willing to wait inside one call. Default 60 s. */
  maxRetryAfterMs?: number;
  fetch?: FetchLike;
  sleep?: Sleep;
  /** Uniform in [0, 1); injected so tests can pin the jitter. */
  random?: () => number;
  now?: () => number;
  breaker?: CircuitBreaker;
  userAgent?: string;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call (uploads need longer). */
  timeoutMs?: number;
  /** Overrides the client's retry count for this call (a connection test wants 0). */
  maxRetries?: number;
  /** Send even if the circuit is open (an operator's explicit test); the outcome still counts. */
  forceThroughBreaker?: boolean;
  /**
   * Marks a POST that only reads (the unsaved advanced search) as safe to retry. Never set it on a
   * request that creates or changes anything: retrying those is the durable queue's job.
   */
  idempotent?: boolean;
  /** Words for 404 messages, e.g. "show 870". */
  what?: string;
  onRetry?: (info: RetryInfo) => void;
}

export interface RetryInfo {
  /** The attempt that just failed, 1-based. */
  attempt: number;
  delayMs: number;
  error: CablecastError;
}

interface HttpRequest extends RequestOptions {
  method: HttpMethod;
  /** Relative to the API base: `shows`, `shows/870`, `shows/search/advanced`. */
  path: string;
  query?: Query;
  /** Sent as JSON with `Content-Type: application/json`. */
  json?: unknown;
  /** Sent as multipart (chunked uploads). */
  form?: FormData;
  /** Sent as given, streamed part by part (multipart upload segments of any size). */
  body?: StreamedBody;
  /** What the answer should be: JSON (default) or text (WebVTT chapter files). */
  accept?: 'json' | 'text';
}

interface HttpResponse {
  status: number;
  headers: Headers;
  /** Parsed body for `accept: 'json'`; undefined when the body was empty (204). */
  json: unknown;
  text: string;
}

const HTML_START = /^\s*(<!doctype html|<html|<head|<body|<\?xml[^>]*>\s*<!doctype html)/i;

// The caller's abort reason is passed through untouched (as fetch does), whatever its type.
/* eslint-disable @typescript-eslint/prefer-promise-reject-errors */
const defaultSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
/* eslint-enable @typescript-eslint/prefer-promise-reject-errors */

function buildQueryString(query: Query | undefined): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value as readonly (string | number)[]) params.append(key, String(item));
    } else {
      params.append(key, String(value));
    }
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** Parses Retry-After (delta seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

function extractServerMessage(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || HTML_START.test(trimmed) || trimmed.startsWith('<')) return undefined;
  let candidate: unknown = trimmed;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    candidate = undefined;
    if (typeof parsed === 'string') candidate = parsed;
    else if (typeof parsed === 'object' && parsed !== null) {
      const record = parsed as Record<string, unknown>;
      // ASP.NET Web API uses "Message" (and "ExceptionMessage" in debug builds).
      for (const key of ['message', 'Message', 'error', 'title', 'ExceptionMessage', 'detail']) {
        if (typeof record[key] === 'string' && record[key] !== '') {
          candidate = record[key];
          break;
        }
      }
    }
  } catch {
    // Plain text is fine as long as it is short.
  }
  if (typeof candidate !== 'string') return undefined;
  const oneLine = candidate.replace(/\s+/g, ' ').trim();
  return oneLine.length > 200 ? `${oneLine.slice(0, 197)}...` : oneLine;
}

function isIdempotent(request: HttpRequest): boolean {
  return request.method === 'GET' || request.method === 'HEAD' || request.idempotent === true;
}

/**
 * The one door to a Cablecast server: Basic auth on every request (anonymous reads are cached by
 * the server and can be stale), a timeout on every request, retries with backoff for GETs only,
 * Retry-After, a circuit breaker, and errors that say what happened in plain words.
 */
export class CablecastHttp {
  readonly apiBase: string;
  /** The server as people know it, used in every message. */
  readonly server: string;
  readonly breaker: CircuitBreaker;
  readonly username: string | undefined;
  private readonly authorization: string | undefined;
  private readonly fetchImpl: FetchLike;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly retryDelayMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly userAgent: string;
  private credentialsVerified = false;
  private lastDownReason: string | undefined;

  constructor(options: HttpClientOptions) {
    this.apiBase = options.apiBase.replace(/\/+$/, '');
    this.server = serverLabelFromApiBase(this.apiBase);
    const username = options.username?.trim() ?? '';
    const password = options.password ?? '';
    // A user name without a password is treated as anonymous: sending an empty password would
    // only earn a 401 that hides the real problem ("no password saved").
    if (username !== '' && password !== '') {
      this.username = username;
      this.authorization = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
    }
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs;
    this.maxRetries = Math.max(0, Math.floor(options.maxRetries));
    this.retryDelayMs = Math.max(0, options.retryDelayMs);
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
    this.breaker = options.breaker ?? new CircuitBreaker({ now: this.now });
    this.userAgent = options.userAgent ?? 'ArchivistDesktop/0.1 (+cablecast client)';
  }

  get hasCredentials(): boolean {
    return this.authorization !== undefined;
  }

  /**
   * Records that the server accepted these credentials (e.g. the user session was read). After
   * that, a 401 on a change means "not allowed", not "wrong password": the docs note that a
   * signed-in user lacking rights may get 401 rather than 403.
   */
  markCredentialsVerified(): void {
    this.credentialsVerified = true;
  }

  async getJson(path: string, query?: Query, options: RequestOptions = {}): Promise<unknown> {
    const response = await this.request({ ...options, method: 'GET', path, query });
    return response.json;
  }

  async sendJson(
    method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body: unknown,
    options: RequestOptions = {},
  ): Promise<unknown> {
    const response = await this.request({ ...options, method, path, json: body });
    return response.json;
  }

  urlFor(path: string, query?: Query): string {
    const relative = path.replace(/^\/+/, '');
    return `${this.apiBase}/${relative}${buildQueryString(query)}`;
  }

  async request(request: HttpRequest): Promise<HttpResponse> {
    const retriesAllowed = isIdempotent(request)
      ? Math.max(0, Math.floor(request.maxRetries ?? this.maxRetries))
      : 0;
    let attempt = 0;
    for (;;) {
      attempt += 1;
      try {
        return await this.attempt(request);
      } catch (error) {
        if (!(error instanceof CablecastError)) throw error;
        if (!error.retryable || error.kind === 'circuit-open' || attempt > retriesAllowed)
          throw error;
        let delayMs: number;
        if (error.retryAfterMs !== undefined) {
          // The server said when to come back. Waiting longer than we are willing to inside one
          // call helps nobody: give up now and let the caller (or the scheduler) come back later.
          if (error.retryAfterMs > this.maxRetryAfterMs) throw error;
          delayMs = error.retryAfterMs;
        } else {
          const ceiling = Math.min(this.maxBackoffMs, this.retryDelayMs * 2 ** (attempt - 1));
          delayMs = Math.floor(this.random() * ceiling);
        }
        request.onRetry?.({ attempt, delayMs, error });
        await this.sleep(delayMs, request.signal);
      }
    }
  }

  private describeRequest(request: HttpRequest): string {
    return request.what ?? request.path.replace(/^\/+/, '');
  }

  private async attempt(request: HttpRequest): Promise<HttpResponse> {
    const { signal } = request;
    if (signal?.aborted) throw signal.reason;
    const url = this.urlFor(request.path, request.query);
    const method = request.method;
    const decision = this.breaker.acquire({ force: request.forceThroughBreaker === true });
    if (!decision.allowed) {
      const wait =
        decision.retryInMs > 0 ? ` Trying again in ${formatSeconds(decision.retryInMs)}.` : '';
      const last = this.lastDownReason === undefined ? '' : ` Last problem: ${this.lastDownReason}`;
      throw new CablecastError({
        kind: 'circuit-open',
        message: `Cablecast at ${this.server} is not answering, so requests are paused after ${this.breaker.failureThreshold} failures in a row.${wait}${last}`,
        retryable: true,
        reachedServer: false,
        method,
        url,
        retryAfterMs: decision.retryInMs,
      });
    }
    const permit = decision.permit;

    const timeoutMs = request.timeoutMs ?? this.timeoutMs;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('timeout'));
    }, timeoutMs);
    const onCallerAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onCallerAbort, { once: true });

    const headers: Record<string, string> = {
      Accept:
        request.accept === 'text' ? 'text/vtt, text/plain;q=0.9, */*;q=0.1' : 'application/json',
      'User-Agent': this.userAgent,
    };
    if (this.authorization !== undefined) headers.Authorization = this.authorization;
    let body: string | FormData | ReadableStream<Uint8Array> | undefined;
    if (request.json !== undefined) {
      headers['Content-Type'] = 'application/json; charset=utf-8';
      body = JSON.stringify(request.json);
    } else if (request.form !== undefined) {
      body = request.form;
    } else if (request.body !== undefined) {
      headers['Content-Type'] = request.body.contentType;
      if (request.body.length !== undefined) {
        headers['Content-Length'] = String(request.body.length);
      }
      body = bodyStream(request.body);
    }

    const base = { method, url };
    try {
      let response: Response;
      let text: string;
      try {
        response = await this.fetchImpl(url, {
          method,
          headers,
          body,
          // A streamed body needs half duplex; it is only ever sent once (never retried).
          ...(body instanceof ReadableStream ? { duplex: 'half' as const } : {}),
          signal: controller.signal,
          // Following a 301/302 would turn a POST into a GET and report success for a write
          // that never happened; reads may follow (http → https is common).
          redirect: method === 'GET' || method === 'HEAD' ? 'follow' : 'manual',
        });
        text = method === 'HEAD' ? '' : await response.text();
      } catch (error) {
        if (signal?.aborted === true && !timedOut) throw signal.reason;
        if (timedOut) {
          throw new CablecastError({
            ...base,
            kind: 'timeout',
            message: `Cablecast at ${this.server} did not answer within ${formatSeconds(timeoutMs)}.`,
            retryable: true,
            reachedServer: true,
            cause: error,
          });
        }
        const failure = classifyTransportError(error);
        const message = failure.tls
          ? `Could not make a secure connection to ${this.server}: ${failure.reason}.`
          : failure.reachedServer
            ? `The connection to Cablecast at ${this.server} failed: ${failure.reason}.`
            : `Could not reach Cablecast at ${this.server} (${failure.reason}).`;
        throw new CablecastError({
          ...base,
          kind: 'unreachable',
          message,
          retryable: failure.retryable,
          reachedServer: failure.reachedServer,
          cause: error,
        });
      }

      if (response.status >= 200 && response.status < 300) {
        const result: HttpResponse = {
          status: response.status,
          headers: response.headers,
          json: undefined,
          text,
        };
        if (request.accept !== 'text') result.json = this.parseJsonBody(text, response, base);
        permit.success();
        return result;
      }
      throw this.statusError(request, response, text, base);
    } catch (error) {
      if (error instanceof CablecastError) {
        if (indicatesServerDown(error)) {
          this.lastDownReason = error.message;
          permit.failure();
        } else {
          permit.success();
        }
      } else {
        permit.neutral();
      }
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  private parseJsonBody(
    text: string,
    response: Response,
    base: { method: string; url: string },
  ): unknown {
    if (text.trim() === '') return undefined;
    const contentType = response.headers.get('content-type') ?? '';
    const htmlPage = (): CablecastError =>
      new CablecastError({
        ...base,
        kind: 'bad-response',
        status: response.status,
        message: `Cablecast at ${this.server} answered with an HTML page instead of JSON — is the address right?`,
        retryable: false,
        reachedServer: true,
      });
    // Judge by the body first: a login page served as application/json is still a login page,
    // and valid JSON mislabelled text/html by a proxy is still usable.
    if (HTML_START.test(text)) throw htmlPage();
    if (/^\s*</.test(text)) {
      if (/html/i.test(contentType)) throw htmlPage();
      throw new CablecastError({
        ...base,
        kind: 'bad-response',
        status: response.status,
        message: `Cablecast at ${this.server} answered in XML instead of JSON.`,
        retryable: false,
        reachedServer: true,
      });
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      if (/html/i.test(contentType)) throw htmlPage();
      // Usually a body cut short by a proxy or a dropped connection: worth one more GET.
      return this.throwMalformed(error, text, response.status, base);
    }
  }

  private throwMalformed(
    error: unknown,
    text: string,
    status: number,
    base: { method: string; url: string },
  ): never {
    const detail = errorMessage(error);
    throw new CablecastError({
      ...base,
      kind: 'bad-response',
      status,
      message: `Cablecast at ${this.server} sent JSON that is cut short or malformed (${text.length} bytes: ${detail}).`,
      retryable: true,
      reachedServer: true,
      cause: error,
    });
  }

  private statusError(
    request: HttpRequest,
    response: Response,
    text: string,
    base: { method: string; url: string },
  ): CablecastError {
    const status = response.status;
    const serverMessage = extractServerMessage(text);
    const said = serverMessage === undefined ? '' : ` The server said: "${serverMessage}"`;
    const common = {
      ...base,
      status,
      reachedServer: true,
      ...(serverMessage === undefined ? {} : { serverMessage }),
    };
    const what = this.describeRequest(request);
    const server = this.server;

    if (status === 401) {
      if (this.authorization === undefined) {
        return new CablecastError({
          ...common,
          kind: 'credentials-refused',
          message: `Cablecast at ${server} needs a user name and password for this (HTTP 401).`,
          retryable: false,
        });
      }
      if (this.credentialsVerified && request.method !== 'GET') {
        return new CablecastError({
          ...common,
          kind: 'no-permission',
          message: `Cablecast at ${server} accepted the sign-in as ${this.username ?? 'this user'} but refused this change (HTTP 401): the account may lack write permission.${said}`,
          retryable: false,
        });
      }
      return new CablecastError({
        ...common,
        kind: 'credentials-refused',
        message: `Cablecast at ${server} refused the user name or password (HTTP 401).`,
        retryable: false,
      });
    }
    if (status === 403) {
      const who = this.username === undefined ? 'Anonymous access' : `The account ${this.username}`;
      return new CablecastError({
        ...common,
        kind: 'no-permission',
        message: `${who} may not do this on Cablecast at ${server} (HTTP 403).${said}`,
        retryable: false,
      });
    }
    if (status === 404 || status === 410) {
      return new CablecastError({
        ...common,
        kind: 'not-found',
        message: `Cablecast at ${server} has no ${what} (HTTP ${status}).`,
        retryable: false,
      });
    }
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.now());
    if (status === 429) {
      const when =
        retryAfterMs === undefined ? '' : ` It asked us to wait ${formatSeconds(retryAfterMs)}.`;
      return new CablecastError({
        ...common,
        kind: 'rate-limited',
        message: `Cablecast at ${server} is receiving too many requests (HTTP 429).${when}`,
        retryable: true,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    }
    if (status >= 500) {
      const words =
        status === 503
          ? 'is temporarily unavailable'
          : status === 502 || status === 504
            ? '(or a proxy in front of it) did not answer properly'
            : 'had an internal error';
      const honoured = status === 503 && retryAfterMs !== undefined ? { retryAfterMs } : {};
      return new CablecastError({
        ...common,
        ...honoured,
        kind: 'server-error',
        message: `Cablecast at ${server} ${words} (HTTP ${status}).${said}`,
        retryable: true,
      });
    }
    if (status >= 300 && status < 400) {
      const location = response.headers.get('location');
      const to = location === null ? 'another address' : location;
      return new CablecastError({
        ...common,
        kind: 'bad-response',
        message: `Cablecast at ${server} redirected the request to ${to} instead of carrying it out (HTTP ${status}); check the server address in Settings.`,
        retryable: false,
      });
    }
    return new CablecastError({
      ...common,
      kind: 'server-error',
      message: `Cablecast at ${server} refused the request (HTTP ${status}).${said}`,
      retryable: false,
    });
  }
}
