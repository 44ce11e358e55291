import type { ErrorCode, ErrorInfo } from '../../shared/result';

/** An error envelope from the core, rebuilt as an exception for the renderer's code. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: ErrorCode;
  readonly path: string | undefined;
  constructor(info: ErrorInfo) {
    super(info.message);
    this.code = info.code;
    this.path = info.path;
  }
}

export { errorMessage } from '../../shared/errors';
