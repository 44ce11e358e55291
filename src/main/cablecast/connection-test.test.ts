import { describe, expect, it } from 'vitest';
import { CablecastClient, type CablecastClientOptions } from './cablecast.client';
import { CircuitBreaker } from './circuit-breaker';
import { testConnection } from './connection-test';
import {
  hang,
  sendJson,
  sendText,
  localServerPerTest,
  unusedPort,
  type Handler,
} from './testing/local-server';

const serve = localServerPerTest();

function makeClient(
  serverUrl: string,
  options: Partial<CablecastClientOptions> = {},
): CablecastClient {
  return new CablecastClient({
    serverUrl,
    username: 'ops',
    password: 'secret',
    timeoutMs: 5_000,
    maxRetries: 3,
    retryDelayMs: 10,
    offsetMode: 'auto',
    sleep: () => Promise.resolve(),
    ...options,
  });
}

const SYSTEM_INFO = {
  cablecastVersion: '7.6.2.0',
  cablecastFriendlyVersion: '7.6.2',
  siteName: 'Urbana Public TV',
};

function station(session: unknown, sessionStatus = 200): Handler {
  return (req, res) => {
    if (req.path === '/systeminfo') sendJson(res, 200, SYSTEM_INFO);
    else if (req.path === '/usersession') sendJson(res, sessionStatus, session);
    else sendJson(res, 200, { shows: [], meta: { offset: 0, pageSize: 1, count: 0 } });
  };
}

describe('testConnection', () => {
  it('reports version, site, user and write rights for an administrator', async () => {
    const s = await serve(station({ session: { user: 'ops', isAdmin: true, permissions: [] } }));
    const result = await testConnection(makeClient(s.url), { configured: true });
    expect(result).toMatchObject({
      ok: true,
      apiBase: `${s.url}/cablecastapi/v1`,
      serverVersion: '7.6.2',
      siteName: 'Urbana Public TV',
      user: 'ops',
      canWrite: true,
      rights: 'Signed in as ops. This account may publish (administrator).',
      problem: null,
    });
    expect(result.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(Number.isNaN(Date.parse(result.testedAt))).toBe(false);
    expect(s.requests.every((r) => r.headers.authorization?.startsWith('Basic '))).toBe(true);
  });

  it('a user with write permission may publish; a read-only user may not', async () => {
    let s = await serve(
      station({
        session: { user: 'operator', isAdmin: false, permissions: ['ViewShows', 'EditShows'] },
      }),
    );
    const writer = await testConnection(makeClient(s.url), { configured: true });
    expect(writer).toMatchObject({ ok: true, canWrite: true, user: 'operator' });
    expect(writer.rights).toBe('Signed in as operator. This account may publish (EditShows).');
    await s.close();

    s = await serve(station({ user: 'viewer', isAdmin: false, permissions: ['ViewShows'] }));
    const reader = await testConnection(makeClient(s.url), { configured: true });
    expect(reader).toMatchObject({ ok: true, canWrite: false, user: 'viewer' });
    expect(reader.rights).toMatch(/may only read/);
  });

  it('says so when the server has no session endpoint', async () => {
    const s = await serve(station({ message: 'No HTTP resource was found' }, 404));
    const result = await testConnection(makeClient(s.url), { configured: true });
    expect(result).toMatchObject({ ok: true, user: 'ops', canWrite: null, problem: null });
    expect(result.rights).toMatch(/The server did not say what this account may do/);
  });

  it('without credentials still tests reachability and says publishing needs them', async () => {
    const s = await serve(station({}));
    const result = await testConnection(
      makeClient(s.url, { username: undefined, password: undefined }),
      {
        configured: true,
      },
    );
    expect(result).toMatchObject({
      ok: true,
      serverVersion: '7.6.2',
      user: null,
      canWrite: false,
      problem: null,
    });
    expect(result.rights).toBe(
      'Not signed in: reading the catalogue works, but publishing needs a user name and password.',
    );
    expect(s.count('/usersession')).toBe(0);
    expect(s.requests.every((r) => r.headers.authorization === undefined)).toBe(true);

    const namedOnly = await testConnection(
      makeClient(s.url, { username: 'ops', password: undefined }),
      {
        configured: true,
      },
    );
    expect(namedOnly.rights).toMatch(/The user name ops is set, but no password is saved\./);
  });

  it('reports refused credentials', async () => {
    const s = await serve((req, res) => {
      if (req.path === '/systeminfo') sendJson(res, 200, SYSTEM_INFO);
      else sendJson(res, 401, { Message: 'Authorization has been denied for this request.' });
    });
    const result = await testConnection(makeClient(s.url), { configured: true });
    expect(result).toMatchObject({
      ok: false,
      serverVersion: '7.6.2',
      canWrite: null,
      rights: 'Not signed in: the user name or password was refused.',
      problem: {
        kind: 'credentials-refused',
        message: `Cablecast at ${s.url} refused the user name or password (HTTP 401).`,
      },
    });
  });

  it('reports an unreachable server in plain words, without retrying', async () => {
    const port = await unusedPort();
    const attempts: string[] = [];
    const client = makeClient(`http://127.0.0.1:${port}`, {
      fetch: (input, init) => {
        attempts.push(input);
        return fetch(input, init);
      },
    });
    const result = await testConnection(client, { configured: true });
    expect(attempts).toHaveLength(1);
    expect(result).toMatchObject({
      ok: false,
      apiBase: `http://127.0.0.1:${port}/cablecastapi/v1`,
      serverVersion: null,
      problem: {
        kind: 'unreachable',
        message: `Could not reach Cablecast at http://127.0.0.1:${port} (connection refused).`,
      },
    });
  });

  it('a hanging server ends in a timeout within the configured timeout, not a hang', async () => {
    const s = await serve(hang);
    const result = await testConnection(makeClient(s.url, { timeoutMs: 300 }), {
      configured: true,
    });
    expect(s.requests).toHaveLength(1);
    expect(result.problem).toEqual({
      kind: 'timeout',
      message: `Cablecast at ${s.url} did not answer within 0.3 s.`,
    });
  });

  it('a bad response names the field', async () => {
    const s = await serve((_req, res) =>
      sendJson(res, 200, { cablecastVersion: 7.6, siteName: 'x' }),
    );
    const result = await testConnection(makeClient(s.url), { configured: true });
    expect(result.ok).toBe(false);
    expect(result.problem).toMatchObject({ kind: 'bad-response', path: 'cablecastVersion' });
    expect(result.problem?.message).toMatch(/at cablecastVersion: expected a string, got number/);
  });

  it('an HTML page where the API should be says the address may be wrong', async () => {
    const s = await serve((_req, res) =>
      sendText(res, 200, '<!doctype html><title>Sign in</title>', 'text/html'),
    );
    const result = await testConnection(makeClient(s.url), { configured: true });
    expect(result.problem?.kind).toBe('bad-response');
    expect(result.problem?.message).toMatch(/HTML page instead of JSON — is the address right\?/);
  });

  it('falls back to the show list when /systeminfo is missing, and says when there is no API at all', async () => {
    let s = await serve((req, res) => {
      if (req.path === '/shows') sendJson(res, 200, { shows: [], meta: null });
      else if (req.path === '/usersession')
        sendJson(res, 200, { session: { user: 'ops', isAdmin: true } });
      else sendJson(res, 404, {});
    });
    const older = await testConnection(makeClient(s.url), { configured: true });
    expect(older).toMatchObject({ ok: true, serverVersion: null, canWrite: true });
    await s.close();

    s = await serve((_req, res) => sendJson(res, 404, {}));
    const nothing = await testConnection(makeClient(s.url), { configured: true });
    expect(nothing.problem).toMatchObject({
      kind: 'not-found',
      message: `There is no Cablecast API at ${s.url}/cablecastapi/v1 (HTTP 404) — is the address right?`,
    });
  });

  it('system info kept from this account still counts as reachable', async () => {
    const s = await serve((req, res) => {
      if (req.path === '/systeminfo') sendJson(res, 403, {});
      else if (req.path === '/usersession')
        sendJson(res, 200, {
          session: { user: 'ops', isAdmin: false, permissions: ['EditShows'] },
        });
      else sendJson(res, 200, { shows: [] });
    });
    const result = await testConnection(makeClient(s.url), { configured: true });
    expect(result).toMatchObject({ ok: true, serverVersion: null, canWrite: true });
    expect(s.count('/shows')).toBe(1);
  });

  it('is a real probe even while the circuit breaker is open', async () => {
    const s = await serve(station({ session: { user: 'ops', isAdmin: true } }));
    const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 600_000 });
    const decision = breaker.acquire();
    if (decision.allowed) decision.permit.failure();
    const result = await testConnection(makeClient(s.url, { breaker }), { configured: true });
    expect(result.ok).toBe(true);
    expect(breaker.snapshot().state).toBe('closed');
  });

  it('not configured: says so without a request', async () => {
    const result = await testConnection(null, { configured: false });
    expect(result).toMatchObject({
      ok: false,
      apiBase: null,
      problem: { kind: 'not-configured', path: 'cablecast.serverUrl' },
    });
  });
});
