/** The system error code of a failed file operation (`ENOENT`, `EACCES`…), or undefined. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/** The code, or the error itself in words when it has none: for "(…)" in a message. */
export function errorCodeText(error: unknown): string {
  return errorCode(error) ?? (error instanceof Error ? error.message : String(error));
}
