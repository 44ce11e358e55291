import type { AppEvents, EventName } from '../../shared/contract';
import type { PublishQueueStatus } from '../../shared/publishing';
import type { Dispatcher } from '../contract';
import { callAsDesktopUser } from './desktop-user';

export interface PublishQueueWatchDeps {
  dispatcher: Dispatcher;
  /** Where the queue's state goes: the tray. */
  show(status: PublishQueueStatus): void;
  warn?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface PublishQueueWatch {
  /** Pauses (`true`) or resumes (`false`) the whole queue, as the desktop user. */
  setPaused(paused: boolean): Promise<void>;
  /** Stops following the queue; answers that arrive later are dropped. */
  stop(): void;
}

/**
 * Keeps the tray on the publish queue: asks `publish.list` once for where it stands, then follows
 * `publish.changed`. Pausing and resuming go through the dispatcher like the Publish screen's.
 */
export function watchPublishQueue(deps: PublishQueueWatchDeps): PublishQueueWatch {
  const { dispatcher } = deps;
  const warn = deps.warn ?? (() => undefined);
  let stopped = false;
  // An event is newer than any answer to a call made before it: a late answer must not undo it.
  let heardEvent = false;

  const unsubscribe = dispatcher.subscribe(
    <E extends EventName>(name: E, payload: AppEvents[E]) => {
      if (name !== 'publish.changed' || stopped) return;
      heardEvent = true;
      deps.show((payload as AppEvents['publish.changed']).status);
    },
  );

  // Unfiltered: the counts are the whole queue's, whatever rows come with them.
  void callAsDesktopUser(dispatcher, 'publish.list', {}).then((result) => {
    if (stopped) return;
    if (!result.ok) {
      warn('the tray could not read the publish queue', { error: result.error });
      return;
    }
    if (!heardEvent) deps.show(result.value.status);
  });

  return {
    async setPaused(paused) {
      const method = paused ? 'publish.pause' : 'publish.resume';
      const result = await callAsDesktopUser(dispatcher, method, {});
      if (stopped) return;
      if (!result.ok) {
        warn(`the tray could not ${paused ? 'pause' : 'resume'} the publish queue`, {
          error: result.error,
        });
        return;
      }
      // The queue's own `publish.changed` follows; showing the answer now flips the menu at once.
      deps.show(result.value);
    },
    stop() {
      stopped = true;
      unsubscribe();
    },
  };
}
