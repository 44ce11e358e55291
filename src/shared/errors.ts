/** Small readers of thrown values, shared by the core, the command line and the renderer. */

/** The message of anything thrown: an Error's message, or the value in words. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The code of a system error (`ENOENT`, `EACCES`, `SQLITE_BUSY`, ...), when it has one. */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string'
    ? error.code
    : undefined;
}

/** A schema issue's path as people read it: `shows[3].eventDate`. */
export function formatZodPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** The system error code, or the error itself in words when it has none: for "(…)" in a message. */
export function errorCodeText(error: unknown): string {
  return errorCode(error) ?? errorMessage(error);
}
