import { afterEach } from 'vitest';
import { CablecastError } from '../cablecast.errors';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';

/*
 * A tiny real HTTP server on 127.0.0.1 for the client's tests: each test scripts exactly what the
 * "server" does (status, headers, body, hang, drop), and reads back what the client sent.
 */

export interface RecordedRequest {
  method: string;
  /** Path below the API base, lower-cased, without the query: `/shows`, `/systeminfo`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Handler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

export interface LocalServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `http://127.0.0.1:PORT/cablecastapi/v1` */
  apiBase: string;
  requests: RecordedRequest[];
  setHandler(handler: Handler): void;
  /** Requests to one path (and method). */
  count(path: string, method?: string): number;
  close(): Promise<void>;
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

export function sendText(
  response: ServerResponse,
  status: number,
  text: string,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

/** Never answers; the client's timeout must end the request. */
export function hang(): void {
  // Intentionally nothing.
}

async function startLocalServer(initial: Handler): Promise<LocalServer> {
  let handler = initial;
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const path = url.pathname.toLowerCase().replace(/^\/cablecastapi\/v1/, '') || '/';
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      Promise.resolve(handler(recorded, res)).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 599, { message: String(error) });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    apiBase: `${url}/cablecastapi/v1`,
    requests,
    setHandler(next) {
      handler = next;
    },
    count(path, method) {
      return requests.filter(
        (r) => r.path === path && (method === undefined || r.method === method),
      ).length;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (connection refused). */
export async function unusedPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return address.port;
}

/** Records the delays the client asked for, without waiting. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    sleep: (ms: number) => {
      delays.push(ms);
      return Promise.resolve();
    },
  };
}

/**
 * One local server per test, closed after each test: call once at the top of a test file and use
 * the returned function to start the server a test needs.
 */
export function localServerPerTest(): (handler: Handler) => Promise<LocalServer> {
  let server: LocalServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  return async (handler) => {
    server = await startLocalServer(handler);
    return server;
  };
}

/** The CablecastError a promise rejects with; anything else (or success) fails the test. */
export async function cablecastFailure(promise: Promise<unknown>): Promise<CablecastError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CablecastError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}
