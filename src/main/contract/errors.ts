import type { z } from 'zod';
import { errorMessage, formatZodPath } from '../../shared/errors';
import { AppError, type ErrorInfo } from '../../shared/result';

/** A refused input as an envelope: the first issue, with its field path. */
export function zodErrorToInfo(error: z.ZodError, what: string): ErrorInfo {
  const issue = error.issues[0];
  // An unknown key is named in the path, so the caller sees which one (`settings.colour`).
  const key = issue?.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const path = issue ? formatZodPath(key === undefined ? issue.path : [...issue.path, key]) : '';
  const where = path === '' ? what : `${what} at ${path}`;
  return {
    code: 'INVALID_ARGUMENT',
    message: `Invalid ${where}: ${issue?.message ?? 'not accepted'}`,
    ...(path === '' ? {} : { path }),
  };
}

/** Whatever a handler threw, as an envelope: an AppError keeps its code, anything else is INTERNAL. */
export function errorToInfo(error: unknown): ErrorInfo {
  if (error instanceof AppError) return error.toInfo();
  if (
    typeof error === 'object' &&
    error !== null &&
    'toAppError' in error &&
    typeof error.toAppError === 'function'
  ) {
    return (error as { toAppError(): AppError }).toAppError().toInfo();
  }
  return { code: 'INTERNAL', message: `Unexpected error: ${errorMessage(error)}` };
}
