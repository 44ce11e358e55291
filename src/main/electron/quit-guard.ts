import { dialog, Notification, type BrowserWindow } from 'electron';
import type { PublishQueueStatus } from '../../shared/publishing';

/**
 * Publishes the queue is carrying: running, queued, or being looked up after a restart. Paused
 * queued jobs count too: they are work the operator expects to go out.
 */
export function jobsInFlight(status: PublishQueueStatus | null): number {
  if (status === null) return 0;
  const { running, queued, unknown } = status.counts;
  return running + queued + unknown;
}

function publishes(count: number): string {
  return count === 1 ? '1 publish' : `${count} publishes`;
}

export interface TrayOnCloseDeps {
  /** How many publishes are in flight now. */
  inFlight(): number;
  /** True once the app is quitting: the window then closes like any other. */
  quitting(): boolean;
  iconPath?: string;
}

/**
 * Closing the window while publishes are in flight hides it instead: the app goes on in the tray,
 * and says so the first time (a notification), not at every close.
 */
export function keepInTrayWhileBusy(deps: TrayOnCloseDeps): (window: BrowserWindow) => void {
  let told = false;
  return (window) => {
    window.on('close', (event) => {
      if (deps.quitting()) return;
      const count = deps.inFlight();
      if (count === 0) return;
      event.preventDefault();
      window.hide();
      if (told) return;
      told = true;
      if (!Notification.isSupported()) return;
      new Notification({
        title: 'Archivist is still publishing',
        body: `${publishes(count)} in flight. Archivist keeps going in the tray; quit from the tray icon's menu.`,
        ...(deps.iconPath === undefined ? {} : { icon: deps.iconPath }),
      }).show();
    });
  };
}

/**
 * Asks before quitting with publishes in flight. Quitting anyway loses nothing: each publish
 * picks up where it was when Archivist next starts, and none is made twice.
 */
export async function confirmQuit(count: number, window: BrowserWindow | null): Promise<boolean> {
  const options = {
    type: 'question' as const,
    title: 'Quit Archivist?',
    message: `${publishes(count)} ${count === 1 ? 'is' : 'are'} still in flight.`,
    detail:
      'If you quit now, they stop where they are and go on when Archivist starts again; nothing is published twice.',
    buttons: ['Keep publishing', 'Quit anyway'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
  const answer =
    window !== null && !window.isDestroyed()
      ? await dialog.showMessageBox(window, options)
      : await dialog.showMessageBox(options);
  return answer.response === 1;
}
