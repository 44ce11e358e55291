import type {
  AppEvents,
  ArchivistBridge,
  EventName,
  MethodInput,
  MethodName,
  MethodOutput,
} from '../../shared/contract';
import { ApiError } from './api-error';
import { createHttpBridge, takeTokenFromLocation } from './http-bridge';

export { errorMessage } from './api-error';

/**
 * The renderer's way into the core. Stores take it as an argument, so a test can hand them a fake
 * whose answers it releases in the order it wants.
 */
export interface Api {
  /** Calls a method of the contract; an error envelope is thrown as an `ApiError`. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** Subscribes to an event of the core; returns the unsubscribe. */
  on<E extends EventName>(event: E, listener: (payload: AppEvents[E]) => void): () => void;
  /** Where the page may play a recording's video from (served by the shell, never a file path). */
  mediaUrl(recordingId: number): string;
  /** The disk path of a dropped file or folder (the desktop app); null in a browser. */
  pathForFile(file: File): string | null;
}

/** How this page reaches the core: the desktop app's preload, the per-run token, or a sign-in. */
export type BridgeMode = 'electron' | 'token' | 'session';
let mode: BridgeMode = 'electron';

function pickBridge(): ArchivistBridge {
  // The Electron preload exposes `window.archivist`; in a plain browser the browser host serves us.
  if (window.archivist) return window.archivist;
  const token = takeTokenFromLocation();
  mode = token === null ? 'session' : 'token';
  return createHttpBridge(token);
}

const bridge = pickBridge();

export function bridgeMode(): BridgeMode {
  return mode;
}

/** The renderer's only way into the core, whichever shell carries it. */
export const api: Api = {
  async call(method, input) {
    const result = await bridge.invoke(method, input);
    if (!result.ok) throw new ApiError(result.error);
    return result.value;
  },
  on(event, listener) {
    return bridge.on(event, listener);
  },
  mediaUrl(recordingId) {
    return bridge.mediaUrl(recordingId);
  },
  pathForFile(file) {
    return bridge.pathForFile(file);
  },
};
