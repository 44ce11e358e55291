import { errorCode, errorMessage } from '../../shared/errors';

/** The system error code, or the error itself in words when it has none: for "(…)" in a message. */
export function errorCodeText(error: unknown): string {
  return errorCode(error) ?? errorMessage(error);
}
