import {
  isEventName,
  isMethodName,
  type AppEvents,
  type ArchivistBridge,
  type EventName,
} from '../../shared/contract';
import { isErrorInfo, type Result } from '../../shared/result';
import { hostSession, SIGNED_OUT_EVENT } from './host-session';

const TOKEN_KEY = 'archivist.token';

/**
 * Reads the per-run token the browser host printed in its URL (`?token=…`), keeps it for this tab
 * only, and removes it from the address bar so it does not end up in screenshots or history.
 */
export function takeTokenFromLocation(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

/**
 * The contract carried over HTTP (calls) and server-sent events (events) to the browser host: with
 * the per-run token when the page was opened with one, else with the signed-in session's cookie
 * and its CSRF token on every call.
 */
export function createHttpBridge(token: string | null): ArchivistBridge {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;

  function ensureEventSource(): void {
    if (source) return;
    source = new EventSource(
      token === null ? '/api/events' : `/api/events?token=${encodeURIComponent(token)}`,
    );
    for (const name of listeners.keys()) attach(name);
  }

  function attach(name: EventName): void {
    source?.addEventListener(name, (message: MessageEvent<string>) => {
      const payload: unknown = JSON.parse(message.data);
      for (const listener of listeners.get(name) ?? []) listener(payload);
    });
  }

  return {
    async invoke(method, input) {
      if (!isMethodName(method)) {
        return {
          ok: false,
          error: { code: 'UNKNOWN_METHOD', message: `No such method: ${String(method)}` },
        };
      }
      let response: Response;
      try {
        const credentials: Record<string, string> =
          token === null
            ? { 'x-csrf-token': (await hostSession()).csrfToken ?? '' }
            : { authorization: `Bearer ${token}` };
        response = await fetch(`/api/rpc/${method}`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', ...credentials },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        return {
          ok: false,
          error: {
            code: 'UNAVAILABLE',
            message: 'The Archivist host is not answering. Is it still running?',
          },
        };
      }
      // A failed call comes with the status of its code and the same body as a success.
      const body: unknown = await response.json().catch(() => null);
      if (typeof body === 'object' && body !== null && 'ok' in body) {
        const result = body as Result<never>;
        if (result.ok || isErrorInfo(result.error)) return result;
      }
      if (response.status === 401) {
        if (token === null) {
          window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
        } else {
          // A token the host no longer takes (it restarted, or sign-in was turned on): forget it,
          // and when sign-in is on, start over as a page that signs in.
          sessionStorage.removeItem(TOKEN_KEY);
          void hostSession().then((s) => {
            if (s.signInRequired) window.location.reload();
          });
        }
        return {
          ok: false,
          error: {
            code: 'UNAUTHENTICATED',
            message:
              'This page is not signed in to the Archivist host. Open the address it printed, with its token.',
          },
        };
      }
      return {
        ok: false,
        error: {
          code: 'BAD_RESPONSE',
          message: `The Archivist host answered ${response.status} with an unexpected body.`,
        },
      };
    },
    mediaUrl(recordingId: number): string {
      // A <video src> cannot send a header, so the token rides in the query (same as events).
      return token === null
        ? `/api/media/${recordingId}`
        : `/api/media/${recordingId}?token=${encodeURIComponent(token)}`;
    },
    pathForFile(): string | null {
      // A browser never reveals where a dropped file lives on disk.
      return null;
    },
    on<E extends EventName>(event: E, listener: (payload: AppEvents[E]) => void) {
      if (!isEventName(event)) return () => undefined;
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
        attach(event);
      }
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      ensureEventSource();
      return () => {
        set.delete(wrapped);
      };
    },
  };
}
