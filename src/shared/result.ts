/**
 * The result envelope that crosses every process boundary (IPC and the browser host's HTTP).
 * Errors are plain data so they survive structured cloning and JSON alike; the preload and the
 * renderer's API module rebuild them into `ApiError` instances.
 */
export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'PERMISSION_DENIED',
  'UNAVAILABLE',
  'TIMEOUT',
  'BAD_RESPONSE',
  'CONFLICT',
  'FAILED_PRECONDITION',
  'CANCELLED',
  'UNKNOWN_METHOD',
  'FORBIDDEN_SENDER',
  /** The caller lacks the access the method declares (read, operate, admin). */
  'FORBIDDEN',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorInfo {
  code: ErrorCode;
  /** A sentence a person can act on. */
  message: string;
  /** Where the problem is: a field path such as `cablecast.serverUrl` or `shows[3].eventDate`. */
  path?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** An error that knows its envelope code. Thrown inside the core, turned into `{ ok: false }` at the edge. */
export class AppError extends Error {
  override readonly name: string = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly path?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  toInfo(): ErrorInfo {
    return this.path === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, path: this.path };
  }
}

export function isErrorInfo(value: unknown): value is ErrorInfo {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.code === 'string' &&
    (ERROR_CODES as readonly string[]).includes(v.code) &&
    typeof v.message === 'string'
  );
}
