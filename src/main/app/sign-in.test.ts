import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditPage, WhoAmI } from '../../shared/access';
import { startTestIdp, type TestIdp } from '../access/testing/test-idp';
import { TestBrowser } from '../access/testing/test-browser';
import { DesktopIdentity } from '../electron/desktop-identity';
import { DESKTOP_USER } from '../electron/desktop-user';
import { startBrowserHost, type BrowserHost } from '../host/browser-host';
import type { Core } from './core';
import { call, publishingCore, publishingWorkspace, until } from './testing/publish-fixture';

/*
 * Single sign-on against a real identity provider (oidc-provider) on 127.0.0.1, through the real
 * browser host, with a browser that keeps cookies as a browser does: sign-in and sign-out, roles
 * from the claim, CSRF, session expiry, and the refusal of every tampered answer.
 */

const ws = publishingWorkspace('archivist-sign-in-', { seed: { shows: 5, randomSeed: 3 } });

const ACCOUNTS = {
  olivia: { name: 'Olivia Operator', email: 'olivia@station.test', roles: ['operator'] },
  adam: { name: 'Adam Admin', email: 'adam@station.test', roles: ['staff', 'admin'] },
  nora: { name: 'Nora Nobody', email: 'nora@station.test', roles: ['volunteer'] },
};

interface Setup {
  core: Core;
  host: BrowserHost;
  idp: TestIdp;
  callback: string;
  /** Moves the app's clock (sessions, ID token checks) forward. */
  advance(ms: number): void;
}

let setup: Setup | null = null;
let idps: TestIdp[] = [];

beforeEach(() => {
  idps = [];
});
afterEach(async () => {
  await setup?.host.close();
  for (const idp of idps) await idp.close();
  setup = null;
});

async function signInSetup(
  idTokenTtl?: number,
  secretFrom: 'keychain' | 'env' = 'keychain',
): Promise<Setup> {
  let offset = 0;
  const core = (ws.core = await publishingCore({
    dataDir: ws.dataDir,
    serverUrl: ws.sim.url,
    now: () => Date.now() + offset,
    ...(secretFrom === 'env' ? { env: { SSO_CLIENT_SECRET: 'archivist-secret' } } : {}),
  }));
  const host = await startBrowserHost({
    dispatcher: core.dispatcher,
    rendererDir: ws.dataDir,
    tokens: core.access.service,
    signIn: core.access.signIn,
    token: 'per-run-token',
  });
  const callback = `${host.url}/auth/callback`;
  const client = {
    client_id: 'archivist',
    client_secret: 'archivist-secret',
    redirect_uris: [callback],
    post_logout_redirect_uris: [`${host.url}/`],
  };
  const idp = await startTestIdp({
    accounts: ACCOUNTS,
    clients: [client, { ...client, client_id: 'other-app', client_secret: 'other-secret' }],
    ...(idTokenTtl === undefined ? {} : { idTokenTtl }),
  });
  idps.push(idp);
  if (secretFrom === 'keychain') {
    await call(core, 'sso.setClientSecret', { secret: 'archivist-secret' });
  }
  await call(core, 'settings.update', {
    sso: {
      enabled: true,
      issuerUrl: idp.issuer,
      clientId: 'archivist',
      scopes: 'openid profile email roles',
    },
  });
  setup = { core, host, idp, callback, advance: (ms) => (offset += ms) };
  return setup;
}

async function session(s: Setup, browser: TestBrowser) {
  const response = await browser.request(`${s.host.url}/api/session`);
  return (await response.json()) as {
    signInRequired: boolean;
    who: WhoAmI | null;
    csrfToken: string | null;
  };
}

/** Signs `login` in with a fresh browser, all the way; returns the browser and its CSRF token. */
async function signIn(s: Setup, login: string) {
  const browser = new TestBrowser();
  const answer = await browser.signInAtProvider(`${s.host.url}/auth/login`, login, s.callback);
  const done = await browser.request(answer);
  expect(done.status, await done.clone().text()).toBe(200);
  const { csrfToken } = await session(s, browser);
  return { browser, csrf: csrfToken ?? '' };
}

async function rpc(
  s: Setup,
  browser: TestBrowser,
  method: string,
  input: unknown,
  headers: Record<string, string> = {},
) {
  const response = await browser.request(`${s.host.url}/api/rpc/${method}`, {
    method: 'POST',
    body: JSON.stringify(input),
    headers: { 'content-type': 'application/json', ...headers },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function signInAudit(s: Setup) {
  return (await call<AuditPage>(s.core, 'audit.list', { action: 'session.' })).entries;
}

describe('single sign-on with OpenID Connect', () => {
  it('signs an operator and an admin in with the roles their claim gives, and signs them out', async () => {
    const s = await signInSetup();
    // Sign-in on: the per-run token no longer opens anything.
    const perRun = await fetch(`${s.host.url}/api/rpc/app.info`, {
      method: 'POST',
      headers: { authorization: 'Bearer per-run-token' },
    });
    expect(perRun.status).toBe(401);
    expect(await perRun.json()).toMatchObject({ signIn: '/auth/login' });

    const olivia = await signIn(s, 'olivia');
    const who = await session(s, olivia.browser);
    expect(who).toMatchObject({
      signInRequired: true,
      who: { name: 'Olivia Operator', role: 'operator', signedIn: true },
    });
    // The cookie: HttpOnly, SameSite=Strict, kept only as a hash in the database.
    const cookie = olivia.browser.cookie(new URL(s.host.url).host, 'archivist-session');
    expect(cookie).toMatch(/^[\w-]{40,}$/);
    const raw = s.core.database.sqlite.prepare('SELECT * FROM sessions').all();
    expect(JSON.stringify(raw)).not.toContain(cookie);

    const csrf = { 'x-csrf-token': olivia.csrf };
    expect((await rpc(s, olivia.browser, 'session.whoami', {}, csrf)).body).toMatchObject({
      ok: true,
      value: { role: 'operator', access: ['read', 'operate'] },
    });
    const refused = await rpc(
      s,
      olivia.browser,
      'settings.update',
      { sso: { sessionHours: 2 } },
      csrf,
    );
    expect([refused.status, refused.body]).toMatchObject([403, { error: { code: 'FORBIDDEN' } }]);

    // Without the CSRF token, or from another origin, a change is refused before it is looked at.
    expect((await rpc(s, olivia.browser, 'session.whoami', {})).status).toBe(403);
    expect(
      (
        await rpc(
          s,
          olivia.browser,
          'session.whoami',
          {},
          {
            ...csrf,
            origin: 'http://evil.example',
          },
        )
      ).status,
    ).toBe(403);

    const adam = await signIn(s, 'adam');
    const allowed = await rpc(
      s,
      adam.browser,
      'settings.update',
      { sso: { sessionHours: 8 } },
      {
        'x-csrf-token': adam.csrf,
      },
    );
    expect(allowed.status).toBe(200);

    // Sign-out ends the session here and sends the browser to the provider's sign-out page.
    const out = await olivia.browser.request(`${s.host.url}/auth/logout`, {
      method: 'POST',
      headers: csrf,
    });
    const { redirect } = (await out.json()) as { redirect: string };
    expect(new URL(redirect).origin).toBe(s.idp.issuer);
    expect(new URL(redirect).searchParams.get('post_logout_redirect_uri')).toBe(`${s.host.url}/`);
    expect((await session(s, olivia.browser)).who).toBeNull();
    expect((await rpc(s, olivia.browser, 'session.whoami', {}, csrf)).status).toBe(401);
    // The cookie's value is dead even if a copy of it is replayed.
    const replay = await fetch(`${s.host.url}/api/rpc/session.whoami`, {
      method: 'POST',
      headers: { cookie: `archivist-session=${cookie}`, 'x-csrf-token': olivia.csrf },
    });
    expect(replay.status).toBe(401);

    const trail = await signInAudit(s);
    expect(trail.map((e) => [e.action, e.actor, e.outcome])).toEqual([
      ['session.signOut', 'Olivia Operator', 'ok'],
      ['session.signIn', 'Adam Admin', 'ok'],
      ['session.signIn', 'Olivia Operator', 'ok'],
    ]);
    // And the refused change is in the trail under her name.
    const refusedEntry = (await call<AuditPage>(s.core, 'audit.list', { action: 'settings.' }))
      .entries;
    expect(refusedEntry.filter((e) => e.actor !== 'test').map((e) => [e.actor, e.outcome])).toEqual(
      [
        ['Adam Admin', 'ok'],
        ['Olivia Operator', 'FORBIDDEN'],
      ],
    );
  });

  it('takes the client secret from SSO_CLIENT_SECRET when the keychain has none, and a kept one over it', async () => {
    const s = await signInSetup(undefined, 'env');
    expect(await call(s.core, 'sso.status')).toMatchObject({
      clientSecretSet: true,
      clientSecretFromEnvironment: true,
      redirectUri: null,
    });
    const olivia = await signIn(s, 'olivia');
    expect((await session(s, olivia.browser)).who?.name).toBe('Olivia Operator');
    // A wrong secret kept in the keychain wins over the environment's: the provider refuses it.
    await call(s.core, 'sso.setClientSecret', { secret: 'not-the-secret' });
    expect(await call(s.core, 'sso.status')).toMatchObject({ clientSecretFromEnvironment: false });
    const browser = new TestBrowser();
    const answer = await browser.signInAtProvider(`${s.host.url}/auth/login`, 'adam', s.callback);
    const refused = await browser.request(answer);
    expect([refused.status, await refused.text()]).toEqual([
      401,
      expect.stringContaining('invalid_client'),
    ]);
  });

  it('ends a session when its time is up', async () => {
    const s = await signInSetup();
    await call(s.core, 'settings.update', { sso: { sessionHours: 1 } });
    const olivia = await signIn(s, 'olivia');
    expect((await session(s, olivia.browser)).who?.name).toBe('Olivia Operator');
    s.advance(59 * 60_000);
    expect((await session(s, olivia.browser)).who?.name).toBe('Olivia Operator');
    s.advance(2 * 60_000);
    expect((await session(s, olivia.browser)).who).toBeNull();
    const rpcAfter = await rpc(
      s,
      olivia.browser,
      'session.whoami',
      {},
      {
        'x-csrf-token': olivia.csrf,
      },
    );
    expect(rpcAfter.status).toBe(401);
  });

  it('refuses someone whose claim names no role, unless everyone else is a viewer', async () => {
    const s = await signInSetup();
    const browser = new TestBrowser();
    const answer = await browser.signInAtProvider(`${s.host.url}/auth/login`, 'nora', s.callback);
    const done = await browser.request(answer);
    expect(done.status).toBe(403);
    expect(await done.text()).toContain('has no Archivist role');
    expect((await session(s, browser)).who).toBeNull();

    await call(s.core, 'settings.update', { sso: { defaultRole: 'viewer' } });
    const nora = await signIn(s, 'nora');
    expect((await session(s, nora.browser)).who?.role).toBe('viewer');
  });

  it('refuses every tampered answer from the provider, and keeps each refusal in the audit trail', async () => {
    const s = await signInSetup(60);

    /** Starts a sign-in; `tamper` may change the address the browser is sent to. */
    async function attempt(
      tamper: (authUrl: URL) => void = () => undefined,
    ): Promise<{ browser: TestBrowser; answer: URL }> {
      const browser = new TestBrowser();
      const login = await browser.request(`${s.host.url}/auth/login`);
      const authUrl = new URL(login.headers.get('location') ?? '');
      tamper(authUrl);
      const answer = await browser.signInAtProvider(authUrl.href, 'olivia', s.callback);
      return { browser, answer: new URL(answer) };
    }
    async function deliver(
      browser: TestBrowser,
      answer: URL,
    ): Promise<{ status: number; text: string }> {
      const response = await browser.request(answer);
      return { status: response.status, text: (await response.text()).replaceAll('&quot;', '"') };
    }

    // The state of another sign-in (a forged answer): refused.
    {
      const { browser, answer } = await attempt();
      answer.searchParams.set('state', 'forged-state');
      const r = await deliver(browser, answer);
      expect([r.status, r.text]).toEqual([401, expect.stringContaining('"state"')]);
    }
    // An ID token minted for another nonce (an injected token): refused.
    {
      const { browser, answer } = await attempt((u) =>
        u.searchParams.set('nonce', 'attacker-nonce'),
      );
      const r = await deliver(browser, answer);
      expect([r.status, r.text]).toEqual([401, expect.stringContaining('"nonce"')]);
    }
    // A code whose PKCE challenge was swapped: the verifier does not match it.
    {
      const { browser, answer } = await attempt((u) =>
        u.searchParams.set('code_challenge', 'A'.repeat(43)),
      );
      const r = await deliver(browser, answer);
      expect([r.status, r.text]).toEqual([401, expect.stringContaining('invalid_grant')]);
    }
    // The issuer named in the answer is not ours (a mix-up attack).
    {
      const { browser, answer } = await attempt();
      answer.searchParams.set('iss', 'http://127.0.0.1:1/evil');
      const r = await deliver(browser, answer);
      expect([r.status, r.text]).toEqual([401, expect.stringContaining('"iss"')]);
    }
    // A code issued to another application (its audience is not us).
    {
      const { browser, answer } = await attempt((u) =>
        u.searchParams.set('client_id', 'other-app'),
      );
      const r = await deliver(browser, answer);
      expect([r.status, r.text]).toEqual([401, expect.stringContaining('invalid_grant')]);
    }
    // An answer delivered twice: the second (a replayed code) finds no sign-in under way, and a
    // fresh sign-in given the spent code is refused by the provider.
    {
      const { browser, answer } = await attempt();
      expect((await deliver(browser, answer)).status).toBe(200);
      const again = await deliver(browser, answer);
      expect([again.status, again.text]).toEqual([401, expect.stringContaining('No sign-in')]);
      const other = new TestBrowser();
      const login = await other.request(`${s.host.url}/auth/login`);
      const state = new URL(login.headers.get('location') ?? '').searchParams.get('state') ?? '';
      answer.searchParams.set('state', state);
      const replay = await deliver(other, answer);
      expect([replay.status, replay.text]).toEqual([401, expect.stringContaining('invalid_grant')]);
    }
    // An answer without this browser's binding cookie (sent to someone else's browser).
    {
      const { answer } = await attempt();
      const r = await deliver(new TestBrowser(), answer);
      expect(r.status).toBe(401);
    }
    // An ID token past its expiry when it arrives (a slow or held-back answer).
    {
      const { browser, answer } = await attempt();
      s.advance(5 * 60_000);
      const r = await deliver(browser, answer);
      expect([r.status, r.text]).toEqual([401, expect.stringContaining('"exp"')]);
    }
    // Nobody got in, and each refusal is in the audit trail.
    const trail = await signInAudit(s);
    expect(trail.filter((e) => e.outcome === 'ok')).toHaveLength(1);
    expect(trail.filter((e) => e.outcome !== 'ok')).toHaveLength(9);
  });
});

describe('the desktop app signs in through the system browser (RFC 8252)', () => {
  async function desktopSetup() {
    const core = (ws.core = await publishingCore({ dataDir: ws.dataDir, serverUrl: ws.sim.url }));
    const idp = await startTestIdp({
      accounts: ACCOUNTS,
      // A native, public client: any loopback port, PKCE instead of a secret.
      clients: [
        {
          client_id: 'archivist',
          client_secret: 'archivist-secret',
          redirect_uris: ['http://127.0.0.1:1/auth/callback'],
        },
        {
          client_id: 'archivist-desktop',
          application_type: 'native',
          token_endpoint_auth_method: 'none',
          redirect_uris: ['http://127.0.0.1/callback'],
        },
      ],
    });
    idps.push(idp);
    await call(core, 'sso.setClientSecret', { secret: 'archivist-secret' });
    await call(core, 'settings.update', {
      sso: {
        enabled: true,
        issuerUrl: idp.issuer,
        clientId: 'archivist',
        desktopClientId: 'archivist-desktop',
        scopes: 'openid profile roles',
      },
    });
    return core;
  }

  /** The system browser: signs `login` in at the provider and follows it back to the app. */
  function systemBrowser(login: string, seen: string[]) {
    return (url: string): Promise<void> => {
      seen.push(url);
      const loopback = new URL(url).searchParams.get('redirect_uri') ?? '';
      // As a real browser, it runs on its own: opening it does not wait for the sign-in.
      void (async () => {
        const browser = new TestBrowser();
        const answer = await browser.signInAtProvider(url, login, loopback);
        const page = await browser.request(answer);
        seen.push(`${page.status} ${await page.text()}`);
      })();
      return Promise.resolve();
    };
  }

  it('signs in on a random loopback port, gives the role, and closes the listener', async () => {
    const core = await desktopSetup();
    const seen: string[] = [];
    const identity = new DesktopIdentity(core.access.signIn, systemBrowser('olivia', seen));
    // Sign-in on and nobody signed in: every call is refused, even a look.
    expect(identity.state()).toEqual({ signInRequired: true, who: null });
    const before = await core.dispatcher.dispatch('settings.get', {}, identity.caller());
    expect(before).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const state = await identity.signInNow();
    expect(state.who).toMatchObject({ name: 'Olivia Operator', role: 'operator', signedIn: true });
    const redirect = new URL(new URL(seen[0]!).searchParams.get('redirect_uri')!);
    expect(redirect.hostname).toBe('127.0.0.1');
    expect(Number(redirect.port)).toBeGreaterThan(0);
    expect(new URL(seen[0]!).searchParams.get('code_challenge_method')).toBe('S256');
    // The desktop app's own public client, not the browser host's.
    expect(new URL(seen[0]!).searchParams.get('client_id')).toBe('archivist-desktop');
    await until(
      'the browser to show the answer',
      () => seen.length,
      (n) => n >= 2,
    );
    expect(seen[1]).toMatch(/^200 .*Signed in as Olivia Operator/);
    // The listener took its one answer and closed.
    await expect(fetch(redirect)).rejects.toThrow();

    const look = await core.dispatcher.dispatch('settings.get', {}, identity.caller());
    expect(look.ok).toBe(true);
    const change = await core.dispatcher.dispatch(
      'settings.update',
      { sso: { sessionHours: 3 } },
      identity.caller(),
    );
    expect(change).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    await identity.signOutNow();
    expect(identity.state().who).toBeNull();
    const trail = await call<AuditPage>(core, 'audit.list', { action: 'session.' });
    expect(trail.entries.map((e) => [e.action, e.actor, e.transport])).toEqual([
      ['session.signOut', 'Olivia Operator', 'ipc'],
      ['session.signIn', 'Olivia Operator', 'ipc'],
    ]);
  });

  it('gives up when the browser never comes back, closing the listener', async () => {
    const core = await desktopSetup();
    let loopback = '';
    const identity = new DesktopIdentity(
      core.access.signIn,
      (url) => {
        loopback = new URL(url).searchParams.get('redirect_uri') ?? '';
        return Promise.resolve();
      },
      300,
    );
    await expect(identity.signInNow()).rejects.toThrow(/did not come back/);
    await expect(fetch(loopback)).rejects.toThrow();
    expect(identity.state().who).toBeNull();
  });

  it('is the one local user with every role while sign-in is off', async () => {
    const core = await desktopSetup();
    await call(core, 'settings.update', { sso: { enabled: false } });
    const identity = new DesktopIdentity(core.access.signIn, () => Promise.resolve());
    expect(identity.caller()).toBe(DESKTOP_USER);
    expect(identity.state()).toEqual({
      signInRequired: false,
      who: expect.objectContaining({ role: null, access: ['read', 'operate', 'admin'] }),
    });
  });
});
