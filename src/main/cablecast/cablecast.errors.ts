import type { CablecastErrorKind } from '../../shared/connection';
import { AppError, type ErrorCode } from '../../shared/result';

export type { CablecastErrorKind };

/**
 * What a failed write means for the exactly-once protocol (reliability-security.md):
 * - `unreached`: provably never reached the server (connection refused, DNS, circuit open, TLS
 *   refused before a byte was sent): safe to send again.
 * - `rejected`: the server answered that it did not do it and may later (503, 429): safe to send
 *   again after `retryAfterMs` when given.
 * - `ambiguous`: the body may have been received (timeout, dropped or reset connection, 500 / 502
 *   / 504, a cut-short or unreadable answer): look the result up before sending again.
 * - `refused`: the server will not do it (validation, permission, not found): do not retry; the
 *   server's message is the reason.
 */
export type Delivery = 'unreached' | 'rejected' | 'ambiguous' | 'refused';

export interface CablecastErrorInit {
  kind: CablecastErrorKind;
  message: string;
  /** HTTP status, when the server answered. */
  status?: number;
  /** For `bad-response`: the JSON field path that did not match, e.g. `shows[3].eventDate`. */
  path?: string;
  /** Whether trying the same request again later may succeed. */
  retryable: boolean;
  /**
   * False only when the request provably never reached the server (connection refused, DNS
   * failure, circuit open, TLS refused before any byte of the request was sent). A write that
   * failed with `reachedServer: false` can safely be sent again; anything else is ambiguous.
   */
  reachedServer: boolean;
  method?: string;
  /** The request URL without credentials. */
  url?: string;
  /** How long the server asked us to wait (Retry-After), or how long the circuit stays open. */
  retryAfterMs?: number;
  /** The server's own words from an error body (`{"message": ...}`), when it sent any. */
  serverMessage?: string;
  /** Derived from the other fields unless given (see `deliveryOf`). */
  delivery?: Delivery;
  cause?: unknown;
}

/** The delivery class of a failure, from what is known about it. */
export function deliveryOf(
  init: Pick<CablecastErrorInit, 'kind' | 'status' | 'reachedServer'>,
): Delivery {
  if (!init.reachedServer || init.kind === 'circuit-open') return 'unreached';
  const status = init.status;
  switch (init.kind) {
    case 'rate-limited':
      return 'rejected';
    case 'credentials-refused':
    case 'no-permission':
    case 'not-found':
      return 'refused';
    case 'server-error':
      if (status === 503) return 'rejected';
      if (status !== undefined && status >= 400 && status < 500) return 'refused';
      return 'ambiguous';
    case 'bad-response':
      // A redirect was not followed, so nothing was carried out; any other unreadable answer
      // came after the server had the whole request.
      if (status !== undefined && status >= 300 && status < 400) return 'refused';
      return 'ambiguous';
    case 'timeout':
    case 'unreachable':
      return 'ambiguous';
  }
}

/** A failure talking to Cablecast, with a message an operator can act on. */
export class CablecastError extends Error {
  override readonly name: string = 'CablecastError';
  readonly kind: CablecastErrorKind;
  readonly status?: number;
  readonly path?: string;
  readonly retryable: boolean;
  readonly reachedServer: boolean;
  readonly method?: string;
  readonly url?: string;
  readonly retryAfterMs?: number;
  readonly serverMessage?: string;
  /** For writes: whether sending again is safe, safe after a wait, needs a lookup, or is futile. */
  readonly delivery: Delivery;

  constructor(init: CablecastErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.retryable = init.retryable;
    this.reachedServer = init.reachedServer;
    this.delivery = init.delivery ?? deliveryOf(init);
    if (init.status !== undefined) this.status = init.status;
    if (init.path !== undefined) this.path = init.path;
    if (init.method !== undefined) this.method = init.method;
    if (init.url !== undefined) this.url = init.url;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.serverMessage !== undefined) this.serverMessage = init.serverMessage;
  }

  /** The envelope code for the IPC/HTTP edge. */
  get code(): ErrorCode {
    switch (this.kind) {
      case 'credentials-refused':
        return 'UNAUTHENTICATED';
      case 'no-permission':
        return 'PERMISSION_DENIED';
      case 'not-found':
        return 'NOT_FOUND';
      case 'timeout':
        return 'TIMEOUT';
      case 'bad-response':
        return 'BAD_RESPONSE';
      case 'unreachable':
      case 'rate-limited':
      case 'circuit-open':
        return 'UNAVAILABLE';
      case 'server-error':
        // A 4xx the server used to refuse our data is not an outage: the request itself is wrong.
        if (this.status === 409) return 'CONFLICT';
        if (this.status !== undefined && this.status >= 400 && this.status < 500) {
          return 'FAILED_PRECONDITION';
        }
        return 'UNAVAILABLE';
    }
  }

  toAppError(): AppError {
    return new AppError(this.code, this.message, this.path, { cause: this });
  }
}

/** Kinds that say "the server is down or unreachable"; only these move the circuit breaker. */
export function indicatesServerDown(error: CablecastError): boolean {
  return (
    error.kind === 'unreachable' ||
    error.kind === 'timeout' ||
    (error.kind === 'server-error' && error.status !== undefined && error.status >= 500)
  );
}

// ---------------------------------------------------------------------------------------------
// Classifying transport failures. Node's fetch (undici) wraps the system error as `cause`, and
// with Happy Eyeballs the cause can be an AggregateError holding one error per address tried.

/** Codes that mean no byte of the request reached the server. */
const NEVER_SENT_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'no such server name (DNS)',
  EAI_AGAIN: 'the server name could not be looked up (DNS)',
  EAI_NONAME: 'no such server name (DNS)',
  EHOSTUNREACH: 'no route to the server',
  ENETUNREACH: 'the network is unreachable',
  EHOSTDOWN: 'the server is down',
  ENETDOWN: 'the network is down',
  UND_ERR_CONNECT_TIMEOUT: 'the connection attempt timed out',
  EADDRNOTAVAIL: 'the address is not available',
};

/** TLS failures happen during the handshake, before the HTTP request is written. */
const TLS_CODES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate chain is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate cannot be verified',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its certificate issuer is unknown',
  CERT_HAS_EXPIRED: 'its certificate has expired',
  CERT_NOT_YET_VALID: 'its certificate is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is for a different server name',
  ERR_SSL_WRONG_VERSION_NUMBER: 'it does not speak https on that port',
  EPROTO: 'the secure connection failed',
};

const DROPPED_CODES: Record<string, string> = {
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed',
  UND_ERR_SOCKET: 'the connection was closed before the answer was complete',
  UND_ERR_CLOSED: 'the connection was closed',
  ECONNABORTED: 'the connection was aborted',
};

function collectCodes(error: unknown, depth = 0): string[] {
  if (depth > 5 || typeof error !== 'object' || error === null) return [];
  const codes: string[] = [];
  const record = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof record.code === 'string') codes.push(record.code);
  if (Array.isArray(record.errors)) {
    for (const inner of record.errors) codes.push(...collectCodes(inner, depth + 1));
  }
  codes.push(...collectCodes(record.cause, depth + 1));
  return codes;
}

interface TransportFailure {
  /** Plain words for the cause, e.g. "connection refused". */
  reason: string;
  reachedServer: boolean;
  retryable: boolean;
  tls: boolean;
}

export function classifyTransportError(error: unknown): TransportFailure {
  const codes = collectCodes(error);
  for (const code of codes) {
    const never = NEVER_SENT_CODES[code];
    if (never !== undefined)
      return { reason: never, reachedServer: false, retryable: true, tls: false };
  }
  for (const code of codes) {
    const tls = TLS_CODES[code];
    if (tls !== undefined)
      return { reason: tls, reachedServer: false, retryable: false, tls: true };
  }
  for (const code of codes) {
    const dropped = DROPPED_CODES[code];
    if (dropped !== undefined) {
      return { reason: dropped, reachedServer: true, retryable: true, tls: false };
    }
  }
  const detail =
    error instanceof Error
      ? error.cause instanceof Error
        ? error.cause.message
        : error.message
      : String(error);
  // Unknown transport failure: we cannot prove the request was not delivered.
  return {
    reason: detail || 'the connection failed',
    reachedServer: true,
    retryable: true,
    tls: false,
  };
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
