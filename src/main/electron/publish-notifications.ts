import { Notification } from 'electron';
import type { AppEvents, EventName } from '../../shared/contract';
import { conflictsText, type ShowEditsChanged } from '../../shared/catalog';
import type { HealthChanged, HealthService } from '../../shared/health';
import type { PublishFailed, PublishJobDetail, VodPublished } from '../../shared/publishing';
import type { NotificationKind } from '../../shared/settings';
import type { Dispatcher } from '../contract';
import { callAsDesktopUser } from './desktop-user';

/**
 * Where the renderer shows one publish job: the Publish queue screen with the job picked out. The
 * renderer keeps its screen in the location hash; the query after the screen names the job.
 */
export function publishJobHash(jobId: number): string {
  return `#/publish?job=${jobId}`;
}

export interface Notice {
  title: string;
  body: string;
}

function showName(showTitle: string | null, showId: number): string {
  const title = showTitle?.replace(/\s+/g, ' ').trim();
  return title ? title : `Show ${showId}`;
}

/** "Council Meeting 2025-03-04 is live": the show, and which file and VOD it is. */
export function vodPublishedNotice(event: VodPublished, fileName: string | null): Notice {
  const vod = `VOD ${event.vod.vodId} is ready on Cablecast.`;
  return {
    title: `${showName(event.showTitle, event.showId)} is live`,
    body: fileName === null ? vod : `${fileName}: ${vod}`,
  };
}

/** "Publishing failed: Council Meeting": which, and why in the core's words. */
export function publishFailedNotice(event: PublishFailed, fileName: string | null): Notice {
  const reason = event.reason.trim() || 'No reason was given.';
  return {
    title: `Publishing failed: ${showName(event.showTitle, event.showId)}`,
    body: fileName === null ? reason : `${fileName}: ${reason}`,
  };
}

const HEALTH_NAMES: Record<HealthService, string> = {
  cablecast: 'Cablecast',
  vod: 'The VOD pipeline',
  webhooks: 'Webhook delivery',
  storage: 'A storage folder',
  database: 'The local database',
};

function healthName(service: HealthService): string {
  return HEALTH_NAMES[service];
}

/** New metadata conflicts: how many, and where to settle them. */
export function conflictsNotice(inConflict: number): Notice {
  return { title: 'Metadata conflict', body: conflictsText(inConflict) };
}

export interface PublishNotificationsDeps {
  dispatcher: Dispatcher;
  /** Shows the window on the job (clicking a notification). */
  openJob(jobId: number): void;
  /** Shows the window on the Shows screen (clicking a conflict's notification). */
  openShows?(): void;
  /** Shows the window on the Health screen (clicking a service's notification). */
  openHealth?(): void;
  /** The app's icon, which Linux notifiers show beside the text. */
  iconPath?: string;
  warn?: (message: string, fields?: Record<string, unknown>) => void;
}

/**
 * Tells the operator, through the operating system, when a VOD goes live and when a publish fails
 * for good; clicking either opens the job. Where the system has no notifications (some Linux
 * desktops) nothing is shown: the tray still counts the failures. Returns a function that stops.
 */
export function notifyPublishing(deps: PublishNotificationsDeps): () => void {
  const { dispatcher } = deps;
  const warn = deps.warn ?? (() => undefined);
  let stopped = false;
  // macOS takes a notification out of the Notification Center when its object is collected, and
  // its click would be lost: each is held until it is clicked or closed.
  const live = new Set<Notification>();

  /** The job as it stands now, or null when the core cannot say (the notice still goes out). */
  async function jobNow(jobId: number): Promise<PublishJobDetail | null> {
    const result = await callAsDesktopUser(dispatcher, 'publish.get', { id: jobId });
    if (result.ok) return result.value;
    warn('a publish notification could not read its job', { jobId, error: result.error });
    return null;
  }

  /** Whether the operator wants this kind (Settings › Notifications); yes when it cannot be read. */
  async function wanted(kind: NotificationKind): Promise<boolean> {
    const result = await callAsDesktopUser(dispatcher, 'settings.get', {});
    return result.ok ? result.value.settings.notifications[kind] : true;
  }

  function show(notice: Notice, open: () => void): void {
    if (stopped) return;
    const notification = new Notification({
      title: notice.title,
      body: notice.body,
      ...(deps.iconPath === undefined ? {} : { icon: deps.iconPath }),
    });
    live.add(notification);
    notification.on('click', () => {
      live.delete(notification);
      open();
    });
    notification.on('close', () => live.delete(notification));
    notification.on('failed', (_event, error) => {
      live.delete(notification);
      warn('a notification could not be shown', { title: notice.title, error });
    });
    notification.show();
  }

  async function onVodPublished(event: VodPublished): Promise<void> {
    if (!(await wanted('vodLive'))) return;
    const job = await jobNow(event.jobId);
    show(vodPublishedNotice(event, job?.fileName ?? null), () => deps.openJob(event.jobId));
  }

  async function onPublishFailed(event: PublishFailed): Promise<void> {
    if (!(await wanted('publishFailed'))) return;
    const job = await jobNow(event.jobId);
    // Only a job that still waits for a person is worth a notice: one the operator cancelled, or
    // already retried or marked done, is not.
    if (job !== null && job.state !== 'failed') return;
    show(publishFailedNotice(event, job?.fileName ?? null), () => deps.openJob(event.jobId));
  }

  /** A service went down, or came back: the same news as the system.alert webhook. */
  async function onHealthChanged(event: HealthChanged): Promise<void> {
    if (event.to !== 'down' && event.from !== 'down') return;
    if (!(await wanted('health'))) return;
    show(
      {
        title: `${healthName(event.service)} ${event.to === 'down' ? 'is down' : 'is back'}`,
        body: event.message,
      },
      () => deps.openHealth?.(),
    );
  }

  /** Shows in conflict when last told: only a rise is news. */
  let conflicts: number | null = null;
  async function onEditsChanged(event: ShowEditsChanged): Promise<void> {
    const before = conflicts ?? 0;
    conflicts = event.inConflict;
    if (event.inConflict <= before || !(await wanted('metadataConflicts'))) return;
    show(conflictsNotice(event.inConflict), () => deps.openShows?.());
  }

  const unsubscribe = dispatcher.subscribe(
    <E extends EventName>(name: E, payload: AppEvents[E]) => {
      if (stopped || !Notification.isSupported()) return;
      let notifying: Promise<void>;
      if (name === 'vod.published') notifying = onVodPublished(payload as VodPublished);
      else if (name === 'publish.failed') notifying = onPublishFailed(payload as PublishFailed);
      else if (name === 'shows.editsChanged')
        notifying = onEditsChanged(payload as ShowEditsChanged);
      else if (name === 'health.changed') notifying = onHealthChanged(payload as HealthChanged);
      else return;
      notifying.catch((error: unknown) => warn('a publish notification failed', { error }));
    },
  );

  return () => {
    stopped = true;
    unsubscribe();
    live.clear();
  };
}
