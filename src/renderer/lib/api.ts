import type {
  AppEvents,
  ArchivistBridge,
  EventName,
  MethodInput,
  MethodName,
  MethodOutput,
} from '../../shared/contract';
import type { ErrorCode, ErrorInfo } from '../../shared/result';
import { createHttpBridge, takeTokenFromLocation } from './http-bridge';

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

function pickBridge(): ArchivistBridge {
  // The Electron preload exposes `window.archivist`; in a plain browser the browser host serves us.
  return window.archivist ?? createHttpBridge(takeTokenFromLocation());
}

const bridge = pickBridge();

/** The renderer's only way into the core, whichever shell carries it. */
export const api = {
  async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const result = await bridge.invoke(method, input);
    if (!result.ok) throw new ApiError(result.error);
    return result.value;
  },
  on<E extends EventName>(event: E, listener: (payload: AppEvents[E]) => void): () => void {
    return bridge.on(event, listener);
  },
  /** Where the page may play a recording's video from (served by the shell, never a file path). */
  mediaUrl(recordingId: number): string {
    return bridge.mediaUrl(recordingId);
  },
  /** The disk path of a dropped file or folder (the desktop app); null in a browser. */
  pathForFile(file: File): string | null {
    return bridge.pathForFile(file);
  },
};

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
