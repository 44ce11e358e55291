import { errorMessage } from '../shared/errors';
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { mediaUrlFor } from '../shared/app-origin';
import {
  IPC_EVENT_CHANNEL,
  IPC_INVOKE_CHANNEL,
  IPC_SESSION_CHANNEL,
  isEventName,
  isMethodName,
  type AppEvents,
  type ArchivistBridge,
  type DesktopSession,
  type EventName,
  type MethodOutput,
} from '../shared/contract';
import { isErrorInfo, type ErrorInfo, type Result } from '../shared/result';

/*
 * The bridge, and the only code besides `src/main/electron/ipc.ts` that touches IPC. It runs
 * sandboxed: no Node modules, only `electron`'s renderer half and our bundled shared code (and the
 * pure constants of `app-origin.ts`). The page gets exactly `window.archivist` with `invoke` and
 * `on` (the contract over IPC), `mediaUrl` (the `archivist-media://` address of a recording's
 * video: an id, never a path) and `pathForFile` (the disk path of a file dropped on the window);
 * never `ipcRenderer`, `webUtils` or a channel name.
 */

function failure(code: ErrorInfo['code'], message: string): { ok: false; error: ErrorInfo } {
  return { ok: false, error: { code, message } };
}

/** What came back over IPC, checked: a page must never receive something that is not an envelope. */
function toEnvelope(value: unknown): Result<unknown> {
  if (typeof value === 'object' && value !== null) {
    const v = value as Record<string, unknown>;
    if (v.ok === true && 'value' in v) return { ok: true, value: v.value };
    if (v.ok === false && isErrorInfo(v.error)) return { ok: false, error: v.error };
  }
  return failure('INTERNAL', 'The app answered with something that is not a result.');
}

type Listener = (payload: unknown) => void;
const listeners = new Map<EventName, Set<Listener>>();

function deliver(_event: IpcRendererEvent, name: unknown, payload: unknown): void {
  // The IPC event object stays here: it carries `sender` (this ipcRenderer) and ports.
  if (!isEventName(name)) return;
  for (const listener of [...(listeners.get(name) ?? [])]) {
    try {
      listener(payload);
    } catch (error) {
      // One failing subscriber must not starve the others; the error still reaches DevTools.
      console.error(`A listener for ${name} failed:`, error);
    }
  }
}

function subscriberCount(): number {
  let count = 0;
  for (const set of listeners.values()) count += set.size;
  return count;
}

/** The sign-in over its own channel: `get`, `signIn` (the system browser) or `signOut`. */
async function session(action: 'get' | 'signIn' | 'signOut'): Promise<Result<DesktopSession>> {
  try {
    const answer: unknown = await ipcRenderer.invoke(IPC_SESSION_CHANNEL, action);
    return toEnvelope(answer) as Result<DesktopSession>;
  } catch (error) {
    return failure('INTERNAL', `The sign-in call failed: ${errorMessage(error)}`);
  }
}

export const bridge = {
  session: {
    get: () => session('get'),
    signIn: () => session('signIn'),
    signOut: () => session('signOut'),
  },

  async invoke(method, input) {
    type Output = Result<MethodOutput<typeof method>>;
    if (!isMethodName(method)) {
      return failure('UNKNOWN_METHOD', `No such method: ${String(method)}`);
    }
    try {
      const answer: unknown = await ipcRenderer.invoke(IPC_INVOKE_CHANNEL, method, input);
      // The main side only ever answers with envelopes; anything else is a bug, reported as one.
      return toEnvelope(answer) as Output;
    } catch (error) {
      const message = errorMessage(error);
      return failure('INTERNAL', `The call to ${method} failed: ${message}`);
    }
  },

  on<E extends EventName>(event: E, listener: (payload: AppEvents[E]) => void): () => void {
    if (!isEventName(event)) throw new TypeError(`No such event: ${String(event)}`);
    if (typeof listener !== 'function') throw new TypeError('The listener is not a function.');
    // One IPC listener for all subscriptions, added with the first and removed with the last.
    if (subscriberCount() === 0) ipcRenderer.on(IPC_EVENT_CHANNEL, deliver);
    const set = listeners.get(event) ?? new Set<Listener>();
    listeners.set(event, set);
    // Wrapped, so subscribing the same function twice gives two independent subscriptions.
    const wrapped: Listener = (payload) => listener(payload as AppEvents[E]);
    set.add(wrapped);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      set.delete(wrapped);
      if (subscriberCount() === 0) ipcRenderer.removeListener(IPC_EVENT_CHANNEL, deliver);
    };
  },

  mediaUrl(recordingId: number): string {
    return mediaUrlFor(recordingId);
  },

  pathForFile(file: File): string | null {
    // Electron ≥ 32 (File.path is gone). '' for a file that is not on disk (built in the page).
    try {
      return webUtils.getPathForFile(file) || null;
    } catch {
      // Not a File at all (the page can pass anything through the context bridge).
      return null;
    }
  },
} satisfies ArchivistBridge;

contextBridge.exposeInMainWorld('archivist', bridge);
