import { errorMessage } from '../../shared/errors';
import type { JobErrorClass } from './jobs.schema';

/**
 * What a handler throws to say how its attempt failed; the class decides what happens next (see
 * JobErrorClass). Anything else a handler throws counts as ambiguous: a job is never sent again
 * blindly on an error nobody classified.
 */
export class JobError extends Error {
  override readonly name = 'JobError';

  constructor(
    readonly errorClass: JobErrorClass,
    /** In words a person can act on: it is shown with the job. */
    message: string,
    options: { retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryAfterMs = options.retryAfterMs;
  }

  /** For `rejected`: the server's Retry-After. The next attempt waits at least this long. */
  readonly retryAfterMs: number | undefined;

  static unreached(message: string, cause?: unknown): JobError {
    return new JobError('unreached', message, { cause });
  }

  static rejected(message: string, retryAfterMs?: number, cause?: unknown): JobError {
    return new JobError('rejected', message, { retryAfterMs, cause });
  }

  static ambiguous(message: string, cause?: unknown): JobError {
    return new JobError('ambiguous', message, { cause });
  }

  static refused(message: string, cause?: unknown): JobError {
    return new JobError('refused', message, { cause });
  }
}

/** How the runner reads what a handler threw. */
export function classify(error: unknown): {
  errorClass: JobErrorClass;
  message: string;
  retryAfterMs: number | undefined;
} {
  if (error instanceof JobError) {
    return {
      errorClass: error.errorClass,
      message: error.message,
      retryAfterMs: error.retryAfterMs,
    };
  }
  return {
    errorClass: 'ambiguous',
    message: `${errorMessage(error)} (not classified, so treated as possibly having reached the server)`,
    retryAfterMs: undefined,
  };
}

/**
 * The wait before attempt `attempts + 1` after a retryable failure: exponential backoff with full
 * jitter, a uniformly random wait up to `min(cap, base * 2^(attempts - 1))`, so that jobs failing
 * together (a server that went down) do not all come back at the same moment.
 */
export function backoffMs(attempts: number, policy: Backoff, random: () => number): number {
  if ('stepsMs' in policy) {
    // A fixed ladder (webhooks: seconds, then minutes, then hours), with equal jitter: half the
    // step for sure, so a late step stays late, and half at random.
    const step =
      policy.stepsMs[Math.min(Math.max(0, attempts - 1), policy.stepsMs.length - 1)] ?? 0;
    return Math.floor(step / 2 + random() * (step / 2));
  }
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Exponential with full jitter from `baseMs` up to `capMs`; or a ladder of steps, the last one
 * repeating, for work whose retries should spread over hours.
 */
export type Backoff = { baseMs: number; capMs: number } | { stepsMs: readonly number[] };
