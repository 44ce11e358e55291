import { create } from 'zustand';
import { conflictsText } from '../../shared/catalog';
import type { PublishFailed, VodPublished } from '../../shared/publishing';
import type { NotificationKind } from '../../shared/settings';
import type { Api } from '../lib/api';
import { errorMessage } from '../lib/api-error';
import type { BrowserNotifier } from '../lib/browser-notifier';

/** At most this many notices are stacked; the oldest goes first. */
export const MAX_NOTICES = 5;

export interface Notice {
  /** Names the job and the news (`vod-12`, `failed-12`). */
  key: string;
  tone: 'ok' | 'bad';
  text: string;
  jobId: number;
  /** The VOD's address once live. */
  vodUrl: string | null;
  at: string;
}

/** Whether the "Allow notifications" control is offered, and what the browser said. */
export type NotificationAccess = 'unavailable' | NotificationPermission;

interface NoticesState {
  notices: Notice[];
  access: NotificationAccess;
  accessError: string | null;
  dismiss: (key: string) => void;
  dismissAll: () => void;
  /** The one-time question to the browser, from the operator's click. */
  allowNotifications: () => Promise<void>;
}

export interface NoticesOptions {
  /** Null in the desktop app (its main process notifies) or without the Notification API. */
  notifier: BrowserNotifier | null;
  /** Opens a job (its notice or notification was clicked). */
  open?: (jobId: number) => void;
  /** Opens the Shows screen (a conflict's notification was clicked). */
  openShows?: () => void;
  /** Opens the Health screen (a service's notification was clicked). */
  openHealth?: () => void;
  /** Whether the operator wants this kind as a browser notification (Settings › Notifications). */
  wants?: (kind: NotificationKind) => boolean;
}

function showName(event: { showTitle: string | null; showId: number }): string {
  return event.showTitle ?? `Show ${event.showId}`;
}

export function vodPublishedText(event: VodPublished): string {
  return `${showName(event)} is live on VOD`;
}

export function publishFailedText(event: PublishFailed): string {
  return `${showName(event)} failed: ${event.reason}`;
}

/**
 * In-page notices of the publish queue (a VOD went live, a publish failed for good), and the same
 * as browser notifications where the operator allowed them.
 */
export function createNoticesStore(api: Api, options: NoticesOptions) {
  const { notifier } = options;
  const wants = options.wants ?? (() => true);
  const store = create<NoticesState>()((set, get) => ({
    notices: [],
    access: notifier ? notifier.permission() : 'unavailable',
    accessError: null,
    dismiss(key) {
      set((s) => ({ notices: s.notices.filter((n) => n.key !== key) }));
    },
    dismissAll() {
      set({ notices: [] });
    },
    async allowNotifications() {
      if (!notifier || get().access !== 'default') return;
      try {
        set({ access: await notifier.request(), accessError: null });
      } catch (error) {
        set({ accessError: errorMessage(error) });
      }
    },
  }));

  function push(notice: Notice): void {
    // A job has one notice: the newest news of it (live after a retry replaces its failure).
    store.setState((s) => ({
      notices: [...s.notices.filter((n) => n.jobId !== notice.jobId), notice].slice(-MAX_NOTICES),
    }));
    const kind: NotificationKind = notice.tone === 'ok' ? 'vodLive' : 'publishFailed';
    if (notifier && store.getState().access === 'granted' && wants(kind)) {
      notifier.show(
        notice.tone === 'ok' ? 'Live on VOD' : 'Publishing failed',
        notice.text,
        notice.key,
        () => options.open?.(notice.jobId),
      );
    }
  }

  /** Shows in conflict when last told: only a rise is news. */
  let conflicts = 0;
  const unsubscribe = [
    api.on('shows.editsChanged', ({ inConflict }) => {
      const before = conflicts;
      conflicts = inConflict;
      if (inConflict <= before || !notifier || store.getState().access !== 'granted') return;
      if (!wants('metadataConflicts')) return;
      notifier.show('Metadata conflict', conflictsText(inConflict), 'conflicts', () =>
        options.openShows?.(),
      );
    }),
    api.on('health.changed', ({ service, from, to, message }) => {
      if (to !== 'down' && from !== 'down') return;
      if (!notifier || store.getState().access !== 'granted' || !wants('health')) return;
      notifier.show(
        `${service} ${to === 'down' ? 'is down' : 'is back'}`,
        message,
        `health-${service}`,
        () => options.openHealth?.(),
      );
    }),
    api.on('vod.published', (event) => {
      push({
        key: `vod-${event.jobId}`,
        tone: 'ok',
        text: vodPublishedText(event),
        jobId: event.jobId,
        vodUrl: event.vod.url,
        at: event.publishedAt,
      });
    }),
    api.on('publish.failed', (event) => {
      push({
        key: `failed-${event.jobId}`,
        tone: 'bad',
        text: publishFailedText(event),
        jobId: event.jobId,
        vodUrl: null,
        at: event.failedAt,
      });
    }),
  ];

  function dispose(): void {
    for (const off of unsubscribe) off();
  }

  return Object.assign(store, { dispose, open: (jobId: number) => options.open?.(jobId) });
}

export type NoticesStore = ReturnType<typeof createNoticesStore>;
