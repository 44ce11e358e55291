import { errorMessage } from '../../shared/errors';
import type { ConnectionProblemKind, ConnectionTestResult } from '../../shared/connection';
import type { CablecastClient, CallOptions } from './cablecast.client';
import { CablecastError } from './cablecast.errors';
import type { SystemInfo } from './cablecast.schemas';
import { sessionUserName, sessionWriteAccess } from './cablecast.session';

interface ConnectionTestOptions {
  /** False when no server address is set up: the result says so without a request. */
  configured: boolean;
  signal?: AbortSignal;
}

type Problem = NonNullable<ConnectionTestResult['problem']>;

function problemFrom(error: unknown): Problem {
  if (error instanceof CablecastError) {
    const kind: ConnectionProblemKind = error.kind;
    return error.path === undefined
      ? { kind, message: error.message }
      : { kind, message: error.message, path: error.path };
  }
  const message = errorMessage(error);
  return { kind: 'bad-response', message: `The test stopped on an unexpected error: ${message}` };
}

function versionOf(info: SystemInfo): string | null {
  const version = info.cablecastFriendlyVersion ?? info.cablecastVersion ?? null;
  return version === null || version.trim() === '' ? null : version;
}

/**
 * "Test connection": can we reach the server, which version is it, who are we signed in as, and
 * may that account publish. Each step is one attempt (no retries) within the configured timeout,
 * and the test goes through an open circuit breaker (an explicit test is the probe the operator
 * asked for). Never throws for server problems: they become `ok: false` with a `problem`.
 */
export async function testConnection(
  client: CablecastClient | null,
  options: ConnectionTestOptions,
): Promise<ConnectionTestResult> {
  const now = client?.now ?? Date.now;
  const started = now();
  const finish = (
    partial: Omit<ConnectionTestResult, 'elapsedMs' | 'testedAt' | 'apiBase'>,
  ): ConnectionTestResult => ({
    ...partial,
    apiBase: client?.apiBase ?? null,
    elapsedMs: Math.max(0, now() - started),
    testedAt: new Date(now()).toISOString(),
  });

  if (!options.configured || client === null) {
    return finish({
      ok: false,
      serverVersion: null,
      siteName: null,
      user: null,
      canWrite: null,
      rights: 'Unknown until a server is set up.',
      problem: {
        kind: 'not-configured',
        message: 'No Cablecast server is set up. Enter its address in Settings.',
        path: 'cablecast.serverUrl',
      },
    });
  }

  const call: CallOptions = {
    maxRetries: 0,
    forceThroughBreaker: true,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  const failed = (error: unknown, rights: string, known: Partial<ConnectionTestResult> = {}) =>
    finish({
      ok: false,
      serverVersion: known.serverVersion ?? null,
      siteName: known.siteName ?? null,
      user: known.user ?? null,
      canWrite: null,
      rights,
      problem: problemFrom(error),
    });

  // 1. Reachability and version.
  let serverVersion: string | null = null;
  let siteName: string | null = null;
  try {
    const info = await client.getSystemInfo(call);
    serverVersion = versionOf(info);
    siteName = info.siteName ?? null;
  } catch (error) {
    if (options.signal?.aborted === true) throw error;
    const fallback =
      error instanceof CablecastError &&
      (error.kind === 'not-found' ||
        error.kind === 'no-permission' ||
        (error.kind === 'credentials-refused' && !client.hasCredentials));
    if (!fallback) return failed(error, 'Unknown: the server could not be asked.');
    // An older server without /systeminfo, or one that keeps it from this account: the catalogue read that
    // TRMS's own plugin uses as its connection test tells us whether this is Cablecast at all.
    try {
      await client.http.getJson('shows', { page_size: 1 }, { ...call, what: 'show list (/shows)' });
    } catch (inner) {
      if (inner instanceof CablecastError && inner.kind === 'not-found') {
        return failed(
          new CablecastError({
            kind: 'not-found',
            status: inner.status ?? 404,
            message: `There is no Cablecast API at ${client.apiBase} (HTTP ${inner.status ?? 404}) — is the address right?`,
            retryable: false,
            reachedServer: true,
          }),
          'Unknown: the server could not be asked.',
        );
      }
      return failed(inner, 'Unknown: the server could not be asked.');
    }
  }

  const known = { serverVersion, siteName };
  // 2. Who we are and what we may do.
  if (!client.hasCredentials) {
    const named = client.configuredUsername;
    const missingPassword =
      named === undefined ? '' : ` The user name ${named} is set, but no password is saved.`;
    return finish({
      ok: true,
      ...known,
      user: null,
      canWrite: false,
      rights: `Not signed in: reading the catalogue works, but publishing needs a user name and password.${missingPassword}`,
      problem: null,
    });
  }

  const username = client.username ?? null;
  try {
    const session = await client.getUserSession(call);
    if (session === null) {
      return finish({
        ok: true,
        ...known,
        user: username,
        canWrite: null,
        rights: `Using the account ${username ?? ''}. The server did not say what this account may do; the password is checked on the first change.`,
        problem: null,
      });
    }
    const user = sessionUserName(session) ?? username;
    const access = sessionWriteAccess(session);
    const who = `Signed in as ${user ?? 'an unnamed user'}.`;
    const rights =
      access.canWrite === true
        ? `${who} This account may publish (${access.basis}).`
        : access.canWrite === false
          ? `${who} This account may only read: publishing needs an account with permission to edit shows and VODs.`
          : `${who} The server did not say what this account may do.`;
    return finish({ ok: true, ...known, user, canWrite: access.canWrite, rights, problem: null });
  } catch (error) {
    if (options.signal?.aborted === true) throw error;
    if (error instanceof CablecastError && error.kind === 'no-permission') {
      // Signed in, but not even allowed to read its own session: certainly not a publisher.
      return finish({
        ok: true,
        ...known,
        user: username,
        canWrite: false,
        rights: `Signed in as ${username ?? 'this user'}, but the server would not show this account's rights; it is unlikely to be allowed to publish.`,
        problem: null,
      });
    }
    return failed(
      error,
      error instanceof CablecastError && error.kind === 'credentials-refused'
        ? 'Not signed in: the user name or password was refused.'
        : 'Unknown: the server could not be asked.',
      known,
    );
  }
}
