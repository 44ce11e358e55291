import { EventEmitter } from 'node:events';
import type { CancellationLike, UpdateFeed, UpdaterLog, UpdaterPort } from '../updater';

/**
 * electron-updater's `autoUpdater` as the service sees it: a test answers each check and download
 * by emitting the events electron-updater emits.
 */
export class FakeUpdater extends EventEmitter implements UpdaterPort {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  allowDowngrade = true;
  allowPrerelease = true;
  logger: UpdaterLog | null = null;
  feeds: UpdateFeed[] = [];
  checks = 0;
  downloads: Array<{ token: FakeToken; settle: (error?: Error) => void }> = [];
  /** What the next check does; by default it finds nothing. */
  onCheck: () => Promise<unknown> = () => {
    this.emit('update-not-available', { version: '0.1.0' });
    return Promise.resolve({ updateInfo: { version: '0.1.0' } });
  };

  setFeedURL(feed: UpdateFeed): void {
    this.feeds.push(feed);
  }
  checkForUpdates(): Promise<unknown> {
    this.checks++;
    return this.onCheck();
  }
  downloadUpdate(token?: CancellationLike): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const settle = (error?: Error) => (error ? reject(error) : resolve([]));
      this.downloads.push({ token: token as FakeToken, settle });
      (token as FakeToken).onCancel = () => reject(new Error('cancelled'));
    });
  }
  /** Whether electron-updater would install at quit: it sets this up only as a download ends. */
  quitHandlerAdded = false;

  /** The download ends as BaseUpdater's does: the event, then the quit handler if the flag is on. */
  completeDownload(version: string): void {
    this.downloads.at(-1)?.settle();
    this.emit('update-downloaded', { version });
    if (this.autoInstallOnAppQuit) this.quitHandlerAdded = true;
  }

  /** The check finds `version`, as electron-updater reports it with autoDownload off. */
  offers(version: string): void {
    this.onCheck = () => {
      this.emit('update-available', { version });
      return Promise.resolve({ updateInfo: { version } });
    };
  }
}

export class FakeToken implements CancellationLike {
  cancelled = false;
  onCancel: () => void = () => undefined;
  cancel(): void {
    this.cancelled = true;
    this.onCancel();
  }
}
