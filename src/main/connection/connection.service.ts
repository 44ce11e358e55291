import { errorMessage } from '../../shared/errors';
import type { ConnectionTestResult } from '../../shared/connection';
import { AppError } from '../../shared/result';
import { CablecastClient, testConnection } from '../cablecast';
import type { EventHub } from '../contract';
import type { ConnectionChecksRepo } from './connection-checks.repo';
import type { Logger } from '../logging/logger';
import type { SettingsService } from '../settings/settings.service';

/** Where a server answers and the account to use: the demo mode's server. */
export interface ServerEndpoint {
  url: string;
  username: string;
  password: string;
}

/**
 * Builds the Cablecast client from the effective settings and the keychain, and runs "Test
 * connection". The client is rebuilt whenever settings change, so a change applies at once.
 */
export class ConnectionService {
  private cached: { key: string; client: CablecastClient } | null = null;
  /** Why the password could not be read the last time (no keychain, locked keyring), if so. */
  private passwordProblem: string | null = null;

  constructor(
    private readonly deps: {
      settings: SettingsService;
      /** The demo server's address and account, started on demand. */
      demoEndpoint: () => Promise<ServerEndpoint>;
      checks: ConnectionChecksRepo;
      hub: EventHub;
      logger: Logger;
    },
  ) {}

  /** The client for the configured server, or null when none is configured. */
  async client(): Promise<CablecastClient | null> {
    const c = this.deps.settings.get().cablecast;
    let serverUrl = c.serverUrl;
    let username = c.username;
    let password: string | null;
    if (c.mode === 'demo') {
      const demo = await this.deps.demoEndpoint();
      serverUrl = demo.url;
      username = demo.username;
      password = demo.password;
    } else {
      if (serverUrl.trim() === '') return null;
      // Without a keychain the server can still be reached and read anonymously; the operator is
      // told why the account was not used instead of getting no answer at all.
      try {
        password = await this.deps.settings.getPassword();
        this.passwordProblem = null;
      } catch (error) {
        password = null;
        this.passwordProblem = errorMessage(error);
      }
    }
    const key = JSON.stringify([
      serverUrl,
      username,
      password,
      c.timeoutMs,
      c.maxRetries,
      c.retryDelayMs,
      c.offsetMode,
    ]);
    if (this.cached?.key === key) return this.cached.client;
    const client = new CablecastClient({
      serverUrl,
      ...(username ? { username } : {}),
      ...(password ? { password } : {}),
      timeoutMs: c.timeoutMs,
      maxRetries: c.maxRetries,
      retryDelayMs: c.retryDelayMs,
      offsetMode: c.offsetMode,
    });
    this.cached = { key, client };
    return client;
  }

  async test(): Promise<ConnectionTestResult> {
    const started = Date.now();
    let result: ConnectionTestResult;
    try {
      const client = await this.client();
      result = client
        ? await testConnection(client, { configured: true })
        : notConfigured(
            started,
            'No Cablecast server is set up. Enter its address in Settings, or use the demo server.',
          );
    } catch (error) {
      const message = errorMessage(error);
      const path = error instanceof AppError ? error.path : undefined;
      result = notConfigured(started, message, path);
    }
    if (this.passwordProblem && this.deps.settings.get().cablecast.mode === 'server') {
      result = { ...result, rights: `${result.rights} ${this.passwordProblem}` };
    }
    this.deps.checks.record(result);
    this.deps.logger.info('connection tested', {
      ok: result.ok,
      apiBase: result.apiBase,
      problem: result.problem?.kind ?? null,
      elapsedMs: result.elapsedMs,
    });
    this.deps.hub.emit('connection.tested', result);
    return result;
  }
}

function notConfigured(started: number, message: string, path?: string): ConnectionTestResult {
  return {
    ok: false,
    apiBase: null,
    serverVersion: null,
    siteName: null,
    user: null,
    canWrite: null,
    rights: 'Unknown until a server is set up.',
    problem: { kind: 'not-configured', message, ...(path ? { path } : {}) },
    elapsedMs: Date.now() - started,
    testedAt: new Date().toISOString(),
  };
}
