import type { z } from 'zod';
import { errorMessage, formatZodPath } from '../../shared/errors';
import { AppError, type ErrorInfo } from '../../shared/result';

/** A refused input as an envelope: the first issue, with its field path. */
export function zodErrorToInfo(error: z.ZodError, what: string): ErrorInfo {
  const issue = error.issues[0];
  const path = issue ? formatZodPath(issue.path) : '';
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
