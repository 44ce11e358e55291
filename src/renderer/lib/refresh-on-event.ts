import type { EventName } from '../../shared/contract';
import type { Api } from './api';

/**
 * Re-queries when the core says something changed. A sync or a scan sends one event per committed
 * batch, many a second: the first event refreshes at once (on the next turn), later ones at most
 * once every `spacingMs`, and a burst inside that time becomes a single refresh at its end, so the
 * screen keeps up without asking the core for the same list again and again.
 *
 * Returns the unsubscribe, which also drops a refresh still waiting.
 */
export function refreshOnEvent(
  api: Pick<Api, 'on'>,
  event: EventName,
  refresh: () => void,
  spacingMs: number,
): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastRefresh = 0;
  const off = api.on(event, () => {
    if (timer) return;
    const wait = Math.max(0, lastRefresh + spacingMs - Date.now());
    timer = setTimeout(() => {
      timer = null;
      lastRefresh = Date.now();
      refresh();
    }, wait);
  });
  return () => {
    off();
    if (timer) clearTimeout(timer);
    timer = null;
  };
}
