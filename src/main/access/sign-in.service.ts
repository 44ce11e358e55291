import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import type { SsoStatus, SsoTestResult, WhoAmI } from '../../shared/access';
import { ROLE_ACCESS, type Role } from '../../shared/access';
import { errorMessage } from '../../shared/errors';
import { isLoopbackAddress } from '../../shared/loopback';
import { AppError } from '../../shared/result';
import type { SsoSettings } from '../../shared/settings';
import { roleCaller, type Caller } from '../contract';
import type { Logger } from '../logging/logger';
import type { SecretStore } from '../secrets/secret-store';
import type { AccessRepo, SessionRow } from './access.repo';
import { hashToken } from './access.service';

/** The keychain entry of the identity provider's client secret. */
export const SSO_SECRET_KEY = 'sso:client-secret';
/** How long a sign-in may take between leaving for the provider and coming back. */
const PENDING_MS = 10 * 60_000;
/** Sign-ins under way at once, at most (each is a few hundred bytes, kept in memory). */
const MAX_PENDING = 1_000;
/** How often a session's "last seen" is written at most. */
const TOUCH_EVERY_MS = 60_000;

export interface SignInServiceOptions {
  repo: AccessRepo;
  settings: () => SsoSettings;
  secrets: SecretStore;
  env: Record<string, string | undefined>;
  /** Keeps sign-ins and sign-outs in the audit trail. */
  record: (entry: {
    caller: Pick<Caller, 'id' | 'kind' | 'transport'>;
    action: string;
    target?: string;
    outcome?: string;
    message?: string;
  }) => void;
  logger: Logger;
  /** The app's clock: sessions expire by it, and ID tokens are checked against it. */
  now: () => number;
}

/** A signed-in session as the browser host sees it. */
export interface ActiveSession {
  caller: Caller;
  csrf: string;
  who: WhoAmI;
}

interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
  startedAt: number;
  /** The desktop app's sign-in (its own client, when the settings name one). */
  native: boolean;
}

/** Where a sign-in happens, for the audit trail: the browser host, or the desktop app. */
export type SignInVia = Pick<Caller, 'kind' | 'transport'>;
const BROWSER: SignInVia = { kind: 'browser-session', transport: 'http' };

function isLoopback(url: URL): boolean {
  return isLoopbackAddress(url.hostname);
}

function parseAddress(text: string, label: string, path: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new AppError('FAILED_PRECONDITION', `${label} is not an address: "${text}".`, path);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url))) {
    throw new AppError(
      'FAILED_PRECONDITION',
      `${label} must use https (plain http only to this computer): ${url.origin}.`,
      path,
    );
  }
  return url;
}

function values(list: string): Set<string> {
  return new Set(
    list
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== ''),
  );
}

/** The values a claim carries: a list, a space- or comma-separated string, or one value. */
function claimValues(claims: Record<string, unknown>, claim: string): string[] {
  // A dotted name reaches into an object, as Keycloak's `realm_access.roles`.
  let value: unknown = claims;
  for (const part of claim.split('.')) {
    value =
      typeof value === 'object' && value !== null
        ? (value as Record<string, unknown>)[part]
        : undefined;
  }
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return value.split(/[\s,]+/).filter((v) => v !== '');
  return [];
}

/**
 * The role the claims give, by the settings: the highest one any of the claim's values names, or
 * the default role (which may be none: refused).
 */
export function roleFromClaims(claims: Record<string, unknown>, sso: SsoSettings): Role | null {
  const found = new Set(claimValues(claims, sso.roleClaim));
  const has = (list: string) => [...values(list)].some((v) => found.has(v));
  if (has(sso.adminValues)) return 'admin';
  if (has(sso.operatorValues)) return 'operator';
  if (has(sso.viewerValues)) return 'viewer';
  return sso.defaultRole === 'viewer' ? 'viewer' : null;
}

function displayName(claims: Record<string, unknown>): string {
  for (const key of ['name', 'preferred_username', 'email', 'sub']) {
    const value = claims[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim().slice(0, 200);
  }
  return 'someone';
}

/** An openid-client failure in words an operator (or the station's IT) can act on. */
function refusal(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof oidc.ResponseBodyError) {
    return new AppError(
      'UNAUTHENTICATED',
      `The identity provider refused the sign-in: ${error.error}${error.error_description ? ` (${error.error_description})` : ''}.`,
    );
  }
  if (error instanceof oidc.WWWAuthenticateChallengeError) {
    // The token endpoint turned the client away (a wrong client secret: `invalid_client`).
    const said = error.cause
      .map((c) => [c.parameters.error, c.parameters.error_description].filter(Boolean).join(': '))
      .filter((t) => t !== '')
      .join('; ');
    return new AppError(
      'UNAUTHENTICATED',
      `The identity provider refused this app (HTTP ${error.status}${said ? `, ${said}` : ''}): check the client ID and secret in Settings › Sign-in.`,
    );
  }
  if (error instanceof oidc.AuthorizationResponseError) {
    return new AppError(
      'UNAUTHENTICATED',
      `The identity provider did not sign you in: ${error.error}${error.error_description ? ` (${error.error_description})` : ''}.`,
    );
  }
  // openid-client says what kind of check failed; its cause says which (`"state"`, `"nonce"`).
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
  const detail = cause !== '' && cause !== errorMessage(error) ? ` (${cause})` : '';
  return new AppError(
    'UNAUTHENTICATED',
    `The sign-in answer was refused: ${errorMessage(error)}${detail}.`,
  );
}

/**
 * Single sign-on with OpenID Connect (authorization code with PKCE, `openid-client`) and the
 * sessions it opens. The browser host leaves for the provider with `begin`, comes back with
 * `finish`, and asks `session` who a cookie belongs to. State, nonce and the PKCE verifier stay
 * here, keyed by a one-time binding that rides in the browser's cookie; each is used once.
 */
export class SignInService {
  private readonly pending = new Map<string, PendingSignIn>();
  private readonly touched = new Map<string, number>();
  private metadata: { key: string; server: Promise<oidc.ServerMetadata> } | null = null;

  constructor(private readonly options: SignInServiceOptions) {}

  /** Whether the browser host asks for a sign-in (the per-run link stops working then). */
  enabled(): boolean {
    return this.options.settings().enabled;
  }

  private async clientSecret(): Promise<{ value: string | null; fromEnvironment: boolean }> {
    let stored: string | null = null;
    try {
      stored = await this.options.secrets.get(SSO_SECRET_KEY);
    } catch (error) {
      this.options.logger.warn('keychain not readable for the sign-in client secret', { error });
    }
    if (stored !== null) return { value: stored, fromEnvironment: false };
    const env = this.options.env.SSO_CLIENT_SECRET?.trim();
    return env ? { value: env, fromEnvironment: true } : { value: null, fromEnvironment: false };
  }

  async status(redirectUri: string | null): Promise<SsoStatus> {
    const secret = await this.clientSecret();
    return {
      clientSecretSet: secret.value !== null,
      clientSecretFromEnvironment: secret.fromEnvironment,
      redirectUri,
    };
  }

  async setClientSecret(secret: string): Promise<void> {
    await this.options.secrets.set(SSO_SECRET_KEY, secret);
  }

  async clearClientSecret(): Promise<void> {
    await this.options.secrets.delete(SSO_SECRET_KEY);
  }

  /** The provider's metadata: from discovery, or from the endpoints given one by one. */
  private server(sso: SsoSettings): Promise<oidc.ServerMetadata> {
    const key = JSON.stringify([sso.issuerUrl, sso.authUrl, sso.tokenUrl, sso.userinfoUrl]);
    if (this.metadata?.key === key) return this.metadata.server;
    const server = (async (): Promise<oidc.ServerMetadata> => {
      if (
        sso.issuerUrl.trim() === '' &&
        (sso.authUrl.trim() === '' || sso.tokenUrl.trim() === '')
      ) {
        throw new AppError(
          'FAILED_PRECONDITION',
          'Sign-in needs the issuer (or, for a provider without discovery, its authorization and token endpoints).',
          'sso.issuerUrl',
        );
      }
      if (sso.authUrl.trim() !== '' && sso.tokenUrl.trim() !== '') {
        const issuer =
          sso.issuerUrl.trim() !== ''
            ? parseAddress(sso.issuerUrl, 'The issuer', 'sso.issuerUrl')
            : new URL(
                parseAddress(sso.authUrl, 'The authorization endpoint', 'sso.authUrl').origin,
              );
        return {
          issuer: issuer.href.replace(/\/$/, ''),
          authorization_endpoint: parseAddress(
            sso.authUrl,
            'The authorization endpoint',
            'sso.authUrl',
          ).href,
          token_endpoint: parseAddress(sso.tokenUrl, 'The token endpoint', 'sso.tokenUrl').href,
          ...(sso.userinfoUrl.trim() === ''
            ? {}
            : {
                userinfo_endpoint: parseAddress(
                  sso.userinfoUrl,
                  'The userinfo endpoint',
                  'sso.userinfoUrl',
                ).href,
              }),
        };
      }
      const issuer = parseAddress(sso.issuerUrl, 'The issuer', 'sso.issuerUrl');
      try {
        const found = await oidc.discovery(
          issuer,
          sso.clientId || 'discovery',
          undefined,
          undefined,
          {
            timeout: 10,
            ...(isLoopback(issuer) ? { execute: [oidc.allowInsecureRequests] } : {}),
          },
        );
        return found.serverMetadata();
      } catch (error) {
        throw new AppError(
          'UNAVAILABLE',
          `The identity provider's discovery document at ${issuer.origin} could not be read: ${errorMessage(error)}.`,
          'sso.issuerUrl',
        );
      }
    })();
    this.metadata = { key, server };
    // A failed discovery is tried again next time rather than remembered.
    server.catch(() => {
      if (this.metadata?.server === server) this.metadata = null;
    });
    return server;
  }

  /** A client configuration whose clock is the app's (so a test clock moves token expiry too). */
  private async configuration(
    draft: Partial<SsoSettings> = {},
    native = false,
  ): Promise<{ config: oidc.Configuration; sso: SsoSettings }> {
    const sso = { ...this.options.settings(), ...draft };
    if (sso.clientId.trim() === '') {
      throw new AppError('FAILED_PRECONDITION', 'Sign-in needs the client ID.', 'sso.clientId');
    }
    const server = await this.server(sso);
    // The desktop app's own client is a public one: PKCE stands in for a secret (RFC 8252).
    const ownClient = native && sso.desktopClientId.trim() !== '';
    const secret = ownClient ? { value: null, fromEnvironment: false } : await this.clientSecret();
    const skew = Math.round((this.options.now() - Date.now()) / 1000);
    const config = new oidc.Configuration(
      server,
      ownClient ? sso.desktopClientId.trim() : sso.clientId.trim(),
      { [oidc.clockSkew]: skew },
      secret.value === null ? oidc.None() : oidc.ClientSecretBasic(secret.value),
    );
    if (Object.values(server).some((v) => typeof v === 'string' && v.startsWith('http://'))) {
      // Only ever a provider on this computer: parseAddress refuses plain http elsewhere.
      oidc.allowInsecureRequests(config);
    }
    return { config, sso };
  }

  async test(draft: Partial<SsoSettings> = {}): Promise<SsoTestResult> {
    try {
      const { config } = await this.configuration(draft);
      const server = config.serverMetadata();
      return {
        ok: true,
        issuer: server.issuer,
        authorizationEndpoint: server.authorization_endpoint ?? null,
        endSession: server.end_session_endpoint !== undefined,
        message: `Found ${server.issuer}.`,
      };
    } catch (error) {
      return {
        ok: false,
        issuer: null,
        authorizationEndpoint: null,
        endSession: false,
        message: errorMessage(error),
      };
    }
  }

  private prune(): void {
    const cutoff = this.options.now() - PENDING_MS;
    for (const [binding, login] of this.pending) {
      if (login.startedAt < cutoff) this.pending.delete(binding);
    }
  }

  /**
   * Starts a sign-in: the address to send the browser to, and the binding to keep in its cookie
   * until it comes back to `redirectUri`.
   */
  async begin(redirectUri: string, native = false): Promise<{ url: string; binding: string }> {
    const { config, sso } = await this.configuration({}, native);
    this.prune();
    if (this.pending.size >= MAX_PENDING) {
      throw new AppError('UNAVAILABLE', 'Too many sign-ins are under way: try again in a minute.');
    }
    const login: PendingSignIn = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
      redirectUri,
      startedAt: this.options.now(),
      native,
    };
    const scopes = new Set(['openid', ...sso.scopes.split(/\s+/).filter((s) => s !== '')]);
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: [...scopes].join(' '),
      state: login.state,
      nonce: login.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(login.verifier),
      code_challenge_method: 'S256',
    });
    const binding = randomBytes(24).toString('base64url');
    this.pending.set(binding, login);
    return { url: url.href, binding };
  }

  /**
   * Finishes a sign-in from the provider's answer (`callbackUrl`, as the browser requested it)
   * and the binding from the browser's cookie: checks state, nonce, PKCE, issuer, audience and
   * expiry (openid-client), maps the role, opens a session. Every refusal is in the audit trail.
   */
  async finish(
    binding: string | null,
    callbackUrl: URL,
    via: SignInVia = BROWSER,
  ): Promise<{ sessionId: string; who: WhoAmI; maxAgeSeconds: number }> {
    const login = binding === null ? undefined : this.pending.get(binding);
    if (binding !== null) this.pending.delete(binding);
    try {
      if (login === undefined || login.startedAt < this.options.now() - PENDING_MS) {
        throw new AppError(
          'UNAUTHENTICATED',
          'No sign-in was under way in this browser (or it took more than 10 minutes): start again.',
        );
      }
      const { config, sso } = await this.configuration({}, login.native);
      const url = new URL(callbackUrl.href);
      // The provider answered the address we gave it: compare like with like.
      const expected = new URL(login.redirectUri);
      url.protocol = expected.protocol;
      url.host = expected.host;
      const tokens = await oidc.authorizationCodeGrant(config, url, {
        pkceCodeVerifier: login.verifier,
        expectedState: login.state,
        expectedNonce: login.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (idClaims === undefined) throw new AppError('UNAUTHENTICATED', 'No ID token came back.');
      let claims: Record<string, unknown> = { ...idClaims };
      if (config.serverMetadata().userinfo_endpoint !== undefined) {
        const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        claims = { ...info, ...idClaims };
      }
      const name = displayName(claims);
      const role = roleFromClaims(claims, sso);
      if (role === null) {
        throw new AppError(
          'FORBIDDEN',
          `${name} signed in, but has no Archivist role: the "${sso.roleClaim}" claim names none of the admin, operator or viewer values. Ask the station's admin.`,
        );
      }
      const sessionId = randomBytes(32).toString('base64url');
      const now = this.options.now();
      const expiresAt = new Date(now + sso.sessionHours * 3_600_000).toISOString();
      this.options.repo.insertSession({
        hash: hashToken(sessionId),
        issuer: String(idClaims.iss),
        subject: idClaims.sub,
        name,
        email: typeof claims.email === 'string' ? claims.email.slice(0, 200) : '',
        role,
        csrf: randomBytes(24).toString('base64url'),
        createdAt: new Date(now).toISOString(),
        expiresAt,
        lastSeenAt: new Date(now).toISOString(),
      });
      this.options.record({
        caller: { id: name, ...via },
        action: 'session.signIn',
        target: `${role}`,
      });
      const session = this.session(sessionId);
      if (session === null) throw new AppError('INTERNAL', 'The new session was not found.');
      return { sessionId, who: session.who, maxAgeSeconds: sso.sessionHours * 3_600 };
    } catch (error) {
      const refused = refusal(error);
      this.options.record({
        caller: { id: 'someone signing in', ...via },
        action: 'session.signIn',
        outcome: refused.code,
        message: refused.message,
      });
      throw refused;
    }
  }

  /** Who holds this session cookie, or null when it names no live session. */
  session(sessionId: string): ActiveSession | null {
    if (sessionId === '' || sessionId.length > 200) return null;
    const hash = hashToken(sessionId);
    const row = this.options.repo.session(hash);
    const now = this.options.now();
    if (row === null || row.endedAt !== null || Date.parse(row.expiresAt) <= now) return null;
    if (now - (this.touched.get(hash) ?? -Infinity) >= TOUCH_EVERY_MS) {
      this.touched.set(hash, now);
      this.options.repo.touchSession(hash, new Date(now).toISOString());
    }
    return toActive(row);
  }

  /**
   * Ends a session; the address of the provider's sign-out page to go to next (which comes back
   * to `returnTo`), or null when it has none.
   */
  async signOut(
    sessionId: string,
    returnTo: string | null,
    via: SignInVia = BROWSER,
  ): Promise<string | null> {
    const hash = hashToken(sessionId);
    const row = this.options.repo.session(hash);
    if (row === null || row.endedAt !== null) return null;
    this.options.repo.endSession(hash, new Date(this.options.now()).toISOString());
    this.touched.delete(hash);
    this.options.record({
      caller: { id: row.name, ...via },
      action: 'session.signOut',
    });
    try {
      const { config } = await this.configuration();
      if (returnTo === null || config.serverMetadata().end_session_endpoint === undefined) {
        return null;
      }
      return oidc
        .buildEndSessionUrl(config, {
          client_id: config.clientMetadata().client_id,
          post_logout_redirect_uri: returnTo,
        })
        .toString();
    } catch (error) {
      this.options.logger.warn('no sign-out page of the identity provider', { error });
      return null;
    }
  }

  /** Forgets sessions that ended more than a day ago. */
  pruneSessions(): number {
    return this.options.repo.pruneSessions(new Date(this.options.now() - 86_400_000).toISOString());
  }
}

function toActive(row: SessionRow): ActiveSession {
  return {
    caller: {
      ...roleCaller('browser-session', 'http', row.name, row.role),
      expiresAt: row.expiresAt,
    },
    csrf: row.csrf,
    who: {
      name: row.name,
      kind: 'browser-session',
      role: row.role,
      access: [...ROLE_ACCESS[row.role]],
      signedIn: true,
      expiresAt: row.expiresAt,
    },
  };
}
