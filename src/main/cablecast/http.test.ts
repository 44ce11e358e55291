import { describe, expect, it } from 'vitest';
import { classifyTransportError } from './cablecast.errors';
import { CircuitBreaker } from './circuit-breaker';
import { CablecastHttp, parseRetryAfter, type HttpClientOptions } from './http';
import {
  cablecastFailure,
  hang,
  recordingSleep,
  sendJson,
  sendText,
  localServerPerTest,
  unusedPort,
} from './testing/local-server';

const serve = localServerPerTest();

function client(apiBase: string, options: Partial<HttpClientOptions> = {}): CablecastHttp {
  return new CablecastHttp({
    apiBase,
    timeoutMs: 5_000,
    maxRetries: 3,
    retryDelayMs: 100,
    sleep: () => Promise.resolve(),
    ...options,
  });
}

const failure = cablecastFailure;

describe('CablecastHttp: what every request carries', () => {
  it('sends HTTP Basic and Accept: application/json on every request', async () => {
    const s = await serve((_req, res) => sendJson(res, 200, { ok: true }));
    const http = client(s.apiBase, { username: 'ops', password: 'pässword' });
    await http.getJson('shows', { page_size: 1 });
    await http.sendJson('PUT', 'shows/1', { show: { id: 1 } });
    expect(s.requests).toHaveLength(2);
    for (const request of s.requests) {
      expect(request.headers.authorization).toBe(
        `Basic ${Buffer.from('ops:pässword', 'utf8').toString('base64')}`,
      );
      expect(request.headers.accept).toBe('application/json');
    }
    expect(s.requests[1]?.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(s.requests[1]?.body ?? '')).toEqual({ show: { id: 1 } });
  });

  it('is anonymous without credentials, and with a user name but no password', async () => {
    const s = await serve((_req, res) => sendJson(res, 200, {}));
    await client(s.apiBase).getJson('shows');
    await client(s.apiBase, { username: 'ops', password: '' }).getJson('shows');
    expect(s.requests.map((r) => r.headers.authorization)).toEqual([undefined, undefined]);
  });

  it('builds repeated ids[] parameters and skips undefined ones', async () => {
    const s = await serve((_req, res) => sendJson(res, 200, {}));
    await client(s.apiBase).getJson('shows', {
      'ids[]': [3, 1, 2],
      include: undefined,
      page_size: 3,
    });
    expect(s.requests[0]?.query.getAll('ids[]')).toEqual(['3', '1', '2']);
    expect(s.requests[0]?.query.has('include')).toBe(false);
  });

  it('treats an empty 2xx body as no JSON', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    await expect(
      client(s.apiBase).sendJson('DELETE', 'shows/1', undefined),
    ).resolves.toBeUndefined();
  });
});

describe('CablecastHttp: retries', () => {
  it('retries a GET on 503 and 500 and then succeeds, with full-jitter exponential backoff', async () => {
    let calls = 0;
    const s = await serve((_req, res) => {
      calls += 1;
      if (calls <= 3) sendJson(res, calls === 2 ? 500 : 503, { message: 'busy' });
      else sendJson(res, 200, { shows: [] });
    });
    const { sleep, delays } = recordingSleep();
    const http = client(s.apiBase, { sleep, random: () => 0.5, retryDelayMs: 200, maxRetries: 3 });
    await expect(http.getJson('shows')).resolves.toEqual({ shows: [] });
    expect(calls).toBe(4);
    // random()=0.5 of 200, 400, 800.
    expect(delays).toEqual([100, 200, 400]);
  });

  it('gives up after maxRetries extra attempts and reports the last error', async () => {
    const s = await serve((_req, res) => sendJson(res, 500, { Message: 'An error has occurred.' }));
    const { sleep, delays } = recordingSleep();
    const error = await failure(
      client(s.apiBase, { sleep, maxRetries: 2, random: () => 1 }).getJson('shows'),
    );
    expect(s.count('/shows')).toBe(3);
    expect(delays).toEqual([100, 200]);
    expect(error.kind).toBe('server-error');
    expect(error.status).toBe(500);
    expect(error.serverMessage).toBe('An error has occurred.');
    expect(error.message).toBe(
      `Cablecast at ${s.url} had an internal error (HTTP 500). The server said: "An error has occurred."`,
    );
    expect(error.toAppError().code).toBe('UNAVAILABLE');
  });

  it('caps each backoff delay', async () => {
    const s = await serve((_req, res) => sendJson(res, 502, {}));
    const { sleep, delays } = recordingSleep();
    await failure(
      client(s.apiBase, {
        sleep,
        random: () => 0.999999,
        retryDelayMs: 1_000,
        maxBackoffMs: 2_500,
        maxRetries: 4,
      }).getJson('x'),
    );
    expect(delays.map((d) => Math.round(d / 100) * 100)).toEqual([1_000, 2_000, 2_500, 2_500]);
  });

  it('honours Retry-After in seconds on 429', async () => {
    let calls = 0;
    const s = await serve((_req, res) => {
      calls += 1;
      if (calls === 1) sendJson(res, 429, {}, { 'retry-after': '7' });
      else sendJson(res, 200, { ok: 1 });
    });
    const { sleep, delays } = recordingSleep();
    await expect(client(s.apiBase, { sleep }).getJson('shows')).resolves.toEqual({ ok: 1 });
    expect(delays).toEqual([7_000]);
  });

  it('honours Retry-After as an HTTP date on 503', async () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    let calls = 0;
    const s = await serve((_req, res) => {
      calls += 1;
      if (calls === 1) sendJson(res, 503, {}, { 'retry-after': 'Sun, 01 Mar 2026 12:00:04 GMT' });
      else sendJson(res, 200, {});
    });
    const { sleep, delays } = recordingSleep();
    await client(s.apiBase, { sleep, now: () => now }).getJson('shows');
    expect(delays).toEqual([4_000]);
  });

  it('does not wait out an unreasonable Retry-After: it fails at once and says how long', async () => {
    const s = await serve((_req, res) => sendJson(res, 429, {}, { 'retry-after': '3600' }));
    const { sleep, delays } = recordingSleep();
    const error = await failure(client(s.apiBase, { sleep }).getJson('shows'));
    expect(s.count('/shows')).toBe(1);
    expect(delays).toEqual([]);
    expect(error.kind).toBe('rate-limited');
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(error.message).toContain('wait 3600.0 s');
    expect(error.toAppError().code).toBe('UNAVAILABLE');
  });

  it('retries a GET whose JSON was cut short, but not an HTML page', async () => {
    let calls = 0;
    const s = await serve((req, res) => {
      calls += 1;
      if (req.path === '/html') {
        sendText(res, 200, '<!DOCTYPE html><html><body>Login</body></html>', 'text/html');
      } else if (calls === 1) {
        sendText(res, 200, '{"shows":[{"id":1,"ti', 'application/json');
      } else {
        sendJson(res, 200, { shows: [] });
      }
    });
    await expect(client(s.apiBase).getJson('shows')).resolves.toEqual({ shows: [] });
    expect(s.count('/shows')).toBe(2);

    const error = await failure(client(s.apiBase).getJson('html'));
    expect(s.count('/html')).toBe(1);
    expect(error.kind).toBe('bad-response');
    expect(error.message).toBe(
      `Cablecast at ${s.url} answered with an HTML page instead of JSON — is the address right?`,
    );
    expect(error.toAppError().code).toBe('BAD_RESPONSE');
  });

  it('reports truncated JSON as bad-response once retries are spent', async () => {
    const s = await serve((_req, res) =>
      sendText(res, 200, '{"shows":[{"id":1,', 'application/json'),
    );
    const error = await failure(client(s.apiBase, { maxRetries: 1 }).getJson('shows'));
    expect(error.kind).toBe('bad-response');
    expect(error.message).toMatch(/cut short or malformed/);
    expect(s.count('/shows')).toBe(2);
  });

  it('detects HTML served with a JSON content type', async () => {
    const s = await serve((_req, res) =>
      sendText(res, 200, '<html><head></head></html>', 'application/json'),
    );
    const error = await failure(client(s.apiBase).getJson('shows'));
    expect(error.kind).toBe('bad-response');
    expect(error.message).toMatch(/HTML page instead of JSON/);
  });
});

describe('CablecastHttp: writes are never retried automatically', () => {
  it.each(['POST', 'PUT', 'DELETE'] as const)('%s on 503 is sent once', async (method) => {
    const s = await serve((_req, res) => sendJson(res, 503, {}, { 'retry-after': '1' }));
    const { sleep, delays } = recordingSleep();
    const error = await failure(
      client(s.apiBase, { sleep }).sendJson(method, 'vods', { vod: { show: 1 } }),
    );
    expect(s.requests).toHaveLength(1);
    expect(delays).toEqual([]);
    expect(error.kind).toBe('server-error');
    expect(error.reachedServer).toBe(true);
  });

  it('a POST that timed out is sent once and reported as possibly delivered', async () => {
    const s = await serve(hang);
    const error = await failure(
      client(s.apiBase, { timeoutMs: 200 }).sendJson('POST', 'vods', { vod: {} }),
    );
    expect(s.requests).toHaveLength(1);
    expect(error.kind).toBe('timeout');
    expect(error.reachedServer).toBe(true);
  });

  it('a POST refused at connection is not retried either, but says it never reached the server', async () => {
    const port = await unusedPort();
    const attempts: string[] = [];
    const http = client(`http://127.0.0.1:${port}/cablecastapi/v1`, {
      fetch: (input, init) => {
        attempts.push(input);
        return fetch(input, init);
      },
    });
    const error = await failure(http.sendJson('POST', 'vods', { vod: {} }));
    expect(attempts).toHaveLength(1);
    expect(error.kind).toBe('unreachable');
    expect(error.reachedServer).toBe(false);
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(
      `Could not reach Cablecast at http://127.0.0.1:${port} (connection refused).`,
    );
  });

  it('the read-only advanced search POST may opt in to retries', async () => {
    let calls = 0;
    const s = await serve((_req, res) => {
      calls += 1;
      if (calls === 1) sendJson(res, 503, {});
      else sendJson(res, 200, { savedShowSearch: { results: [] } });
    });
    await client(s.apiBase).request({
      method: 'POST',
      path: 'shows/search/advanced',
      json: {},
      idempotent: true,
    });
    expect(calls).toBe(2);
  });

  it('does not follow a redirect on a write (a 302 would turn the POST into a GET)', async () => {
    const s = await serve((req, res) => {
      if (req.method === 'POST') {
        res.writeHead(302, { location: 'https://elsewhere.example/cablecastapi/v1/vods' });
        res.end();
      } else sendJson(res, 200, { vods: [] });
    });
    const error = await failure(client(s.apiBase).sendJson('POST', 'vods', { vod: {} }));
    expect(s.requests.map((r) => r.method)).toEqual(['POST']);
    expect(error.kind).toBe('bad-response');
    expect(error.message).toContain('https://elsewhere.example/cablecastapi/v1/vods');
  });
});

describe('CablecastHttp: timeouts and broken connections', () => {
  it('a hanging server ends in a timeout error, retried for GET', async () => {
    const s = await serve(hang);
    const error = await failure(
      client(s.apiBase, { timeoutMs: 300, maxRetries: 1 }).getJson('systeminfo'),
    );
    expect(s.count('/systeminfo')).toBe(2);
    expect(error.kind).toBe('timeout');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(`Cablecast at ${s.url} did not answer within 0.3 s.`);
    expect(error.toAppError().code).toBe('TIMEOUT');
  });

  it('the timeout also covers a body that stalls after the headers', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"shows":[');
    });
    const error = await failure(
      client(s.apiBase, { timeoutMs: 300, maxRetries: 0 }).getJson('shows'),
    );
    expect(error.kind).toBe('timeout');
  });

  it('a dropped connection is unreachable but may have reached the server', async () => {
    const s = await serve((_req, res) => {
      res.socket?.destroy();
    });
    const error = await failure(client(s.apiBase, { maxRetries: 1 }).getJson('shows'));
    expect(s.count('/shows')).toBe(2);
    expect(error.kind).toBe('unreachable');
    expect(error.reachedServer).toBe(true);
  });

  it('connection refused on a GET is retried, then reported in plain words', async () => {
    const port = await unusedPort();
    const { sleep, delays } = recordingSleep();
    const error = await failure(
      client(`http://127.0.0.1:${port}/cablecastapi/v1`, { sleep, maxRetries: 2 }).getJson('shows'),
    );
    expect(delays).toHaveLength(2);
    expect(error.kind).toBe('unreachable');
    expect(error.reachedServer).toBe(false);
    expect(error.toAppError().code).toBe('UNAVAILABLE');
  });

  it('a caller cancellation is passed through as is and not retried', async () => {
    const s = await serve(hang);
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    setTimeout(() => controller.abort(reason), 50);
    await expect(
      client(s.apiBase).getJson('shows', undefined, { signal: controller.signal }),
    ).rejects.toBe(reason);
    expect(s.count('/shows')).toBe(1);
  });
});

describe('CablecastHttp: status codes in plain words', () => {
  it('401 with credentials: the user name or password was refused', async () => {
    const s = await serve((_req, res) =>
      sendJson(res, 401, { Message: 'Authorization has been denied for this request.' }),
    );
    const error = await failure(
      client(s.apiBase, { username: 'ops', password: 'bad' }).getJson('usersession'),
    );
    expect(error.kind).toBe('credentials-refused');
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      `Cablecast at ${s.url} refused the user name or password (HTTP 401).`,
    );
    expect(error.toAppError().code).toBe('UNAUTHENTICATED');
    expect(s.requests).toHaveLength(1);
  });

  it('401 without credentials: a user name and password are needed', async () => {
    const s = await serve((_req, res) => sendJson(res, 401, {}));
    const error = await failure(client(s.apiBase).sendJson('POST', 'shows', { show: {} }));
    expect(error.kind).toBe('credentials-refused');
    expect(error.message).toMatch(/needs a user name and password/);
  });

  it('401 on a change after the credentials were accepted means no permission', async () => {
    const s = await serve((_req, res) => sendJson(res, 401, {}));
    const http = client(s.apiBase, { username: 'viewer', password: 'viewer' });
    http.markCredentialsVerified();
    const error = await failure(http.sendJson('PUT', 'shows/1', { show: {} }));
    expect(error.kind).toBe('no-permission');
    expect(error.message).toMatch(/accepted the sign-in as viewer but refused this change/);
    expect(error.toAppError().code).toBe('PERMISSION_DENIED');
  });

  it('403 is no-permission, 404 not-found naming the thing, 400 a refusal with the server message', async () => {
    const s = await serve((req, res) => {
      if (req.path === '/forbidden') sendJson(res, 403, {});
      else if (req.path === '/shows/99') sendJson(res, 404, {});
      else sendJson(res, 400, { message: 'Title is required.' });
    });
    const http = client(s.apiBase, { username: 'viewer', password: 'x' });
    const forbidden = await failure(http.getJson('forbidden'));
    expect(forbidden.kind).toBe('no-permission');
    expect(forbidden.message).toBe(
      `The account viewer may not do this on Cablecast at ${s.url} (HTTP 403).`,
    );

    const missing = await failure(http.getJson('shows/99', undefined, { what: 'show 99' }));
    expect(missing.kind).toBe('not-found');
    expect(missing.message).toBe(`Cablecast at ${s.url} has no show 99 (HTTP 404).`);
    expect(missing.toAppError().code).toBe('NOT_FOUND');

    const refused = await failure(http.sendJson('POST', 'shows', { show: {} }));
    expect(refused.kind).toBe('server-error');
    expect(refused.retryable).toBe(false);
    expect(refused.message).toBe(
      `Cablecast at ${s.url} refused the request (HTTP 400). The server said: "Title is required."`,
    );
    expect(refused.toAppError().code).toBe('FAILED_PRECONDITION');
    expect(s.count('/shows/99')).toBe(1);
  });
});

describe('CablecastHttp: circuit breaker', () => {
  it('opens after 5 consecutive down-failures, fails fast, then lets one probe through', async () => {
    const port = await unusedPort();
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 5, cooldownMs: 30_000, now: () => now });
    const sent: string[] = [];
    const http = client(`http://127.0.0.1:${port}/cablecastapi/v1`, {
      breaker,
      maxRetries: 0,
      fetch: (input, init) => {
        sent.push(input);
        return fetch(input, init);
      },
    });
    for (let i = 0; i < 5; i += 1) {
      expect((await failure(http.getJson('shows'))).kind).toBe('unreachable');
    }
    const fast = await failure(http.getJson('shows'));
    expect(sent).toHaveLength(5);
    expect(fast.kind).toBe('circuit-open');
    expect(fast.reachedServer).toBe(false);
    expect(fast.message).toMatch(
      /is not answering, so requests are paused after 5 failures in a row/,
    );
    expect(fast.message).toMatch(/connection refused/);
    expect(fast.toAppError().code).toBe('UNAVAILABLE');

    // After the cooldown: a real server is back on that port? Use a new server and point the probe at it.
    now = 30_000;
    const s = await serve((_req, res) => sendJson(res, 200, { shows: [] }));
    const recovered = client(s.apiBase, { breaker, maxRetries: 0 });
    await expect(recovered.getJson('shows')).resolves.toEqual({ shows: [] });
    expect(breaker.snapshot().state).toBe('closed');
  });

  it('a GET in retry stops retrying once the circuit opens', async () => {
    const s = await serve((_req, res) => sendJson(res, 503, {}));
    const breaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 60_000 });
    const error = await failure(client(s.apiBase, { breaker, maxRetries: 5 }).getJson('shows'));
    expect(s.count('/shows')).toBe(2);
    expect(error.kind).toBe('circuit-open');
  });

  it('4xx answers and schema trouble do not count as the server being down', async () => {
    const s = await serve((_req, res) => sendJson(res, 404, {}));
    const breaker = new CircuitBreaker({ failureThreshold: 2 });
    const http = client(s.apiBase, { breaker });
    for (let i = 0; i < 4; i += 1) await failure(http.getJson('shows/1'));
    expect(breaker.snapshot().state).toBe('closed');
  });

  it('forceThroughBreaker sends even while open (an explicit connection test)', async () => {
    const s = await serve((_req, res) => sendJson(res, 200, {}));
    const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 60_000 });
    const first = breaker.acquire();
    if (first.allowed) first.permit.failure();
    const http = client(s.apiBase, { breaker });
    expect((await failure(http.getJson('systeminfo'))).kind).toBe('circuit-open');
    await http.getJson('systeminfo', undefined, { forceThroughBreaker: true });
    expect(s.count('/systeminfo')).toBe(1);
    expect(breaker.snapshot().state).toBe('closed');
  });
});

describe('helpers', () => {
  it('parseRetryAfter reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('classifies DNS and TLS failures as never sent, resets as ambiguous', () => {
    const wrap = (cause: object) => Object.assign(new TypeError('fetch failed'), { cause });
    expect(classifyTransportError(wrap({ code: 'ENOTFOUND' }))).toMatchObject({
      reachedServer: false,
      reason: 'no such server name (DNS)',
    });
    expect(classifyTransportError(wrap({ code: 'EAI_AGAIN' })).reachedServer).toBe(false);
    expect(
      classifyTransportError(
        wrap(Object.assign(new AggregateError([{ code: 'ECONNREFUSED' }]), {})),
      ),
    ).toMatchObject({ reachedServer: false, reason: 'connection refused' });
    expect(classifyTransportError(wrap({ code: 'CERT_HAS_EXPIRED' }))).toMatchObject({
      reachedServer: false,
      retryable: false,
      tls: true,
    });
    expect(classifyTransportError(wrap({ code: 'ECONNRESET' })).reachedServer).toBe(true);
    expect(classifyTransportError(new TypeError('fetch failed')).reachedServer).toBe(true);
  });

  it('a DNS failure of a real lookup reads as unreachable and never sent', async () => {
    const http = client('https://no-such-host.invalid/cablecastapi/v1', {
      maxRetries: 0,
      fetch: () =>
        Promise.reject(
          Object.assign(new TypeError('fetch failed'), {
            cause: Object.assign(new Error('getaddrinfo ENOTFOUND no-such-host.invalid'), {
              code: 'ENOTFOUND',
            }),
          }),
        ),
    });
    const error = await failure(http.sendJson('POST', 'vods', {}));
    expect(error.kind).toBe('unreachable');
    expect(error.reachedServer).toBe(false);
    expect(error.message).toBe(
      'Could not reach Cablecast at https://no-such-host.invalid (no such server name (DNS)).',
    );
  });
});
