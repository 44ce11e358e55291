import type { DesktopSettings } from '../../shared/settings';

/** The feed as electron-updater reads it (`setFeedURL`): its generic or GitHub provider. */
export type UpdateFeed =
  { provider: 'generic'; url: string } | { provider: 'github'; owner: string; repo: string };

/** The feed the settings name, or in words why there is none. */
export function updateFeed(settings: DesktopSettings): { feed: UpdateFeed } | { problem: string } {
  if (settings.updateSource === 'github') {
    const [owner, repo] = settings.updateGithubRepo.split('/');
    if (!owner || !repo) return { problem: 'no GitHub repository is set' };
    return { feed: { provider: 'github', owner, repo } };
  }
  const url = settings.updateUrl.trim();
  if (url === '') return { problem: 'no update folder is set' };
  // electron-updater joins `latest.yml` to the folder: without the slash it would replace the
  // last part of the path instead.
  return { feed: { provider: 'generic', url: url.endsWith('/') ? url : `${url}/` } };
}

type Listener = Parameters<NodeJS.EventEmitter['on']>[1];

export interface UpdaterLog {
  info(message?: unknown): void;
  warn(message?: unknown): void;
  error(message?: unknown): void;
}

/** What the shell needs of electron-updater's `autoUpdater`; a test hands in its own. */
export interface UpdaterPort {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  allowPrerelease: boolean;
  /** Where electron-updater writes what it does; the app's log instead of the console. */
  logger: UpdaterLog | null;
  setFeedURL(feed: UpdateFeed): void;
  checkForUpdates(): Promise<unknown>;
  downloadUpdate(cancellation?: CancellationLike): Promise<unknown>;
  on(event: string, listener: Listener): unknown;
  removeListener(event: string, listener: Listener): unknown;
}

/** builder-util-runtime's `CancellationToken`, as far as it is used here. */
export interface CancellationLike {
  cancel(): void;
}

export type UpdateState =
  | { state: 'off' }
  | { state: 'no-feed'; problem: string }
  | { state: 'up-to-date'; checkedAt: Date | null }
  | { state: 'checking' }
  /** A check is due, or an update found, but the publish queue has work. */
  | { state: 'waiting'; version: string | null }
  | { state: 'downloading'; version: string; percent: number }
  | { state: 'ready'; version: string }
  | { state: 'failed'; message: string };

/** One line for the tray (null: nothing worth a line). */
export function updateStatusText(update: UpdateState): string | null {
  switch (update.state) {
    case 'off':
    case 'up-to-date':
    case 'checking':
      return null;
    case 'no-feed':
      return `Updates are on, but ${update.problem}`;
    case 'waiting':
      return update.version === null
        ? 'Update check waits for the queue to empty'
        : `Update ${update.version} waits for the queue to empty`;
    case 'downloading':
      return `Downloading update ${update.version} (${Math.floor(update.percent)}%)`;
    case 'ready':
      return `Update ${update.version} installs when Archivist quits`;
    case 'failed':
      return `Update check failed: ${update.message}`;
  }
}

export interface UpdateServiceDeps {
  updater: UpdaterPort;
  /** A fresh `CancellationToken` for each download (one cannot be reused once cancelled). */
  newCancellation: () => CancellationLike;
  onState(state: UpdateState): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  info?(message: string, fields?: Record<string, unknown>): void;
  /** electron-updater's own lines go here. */
  log?: UpdaterLog;
  /** Between checks: a day. */
  intervalMs?: number;
  /** From start (or switching updates on) to the first check, so the app settles first. */
  firstCheckDelayMs?: number;
  now?: () => Date;
}

export interface UpdateService {
  /** The desktop settings, at start and whenever they change. */
  apply(settings: DesktopSettings): void;
  /** Whether the publish queue has work; until told, it is assumed to have some. */
  setQueueBusy(busy: boolean): void;
  /** The operator asks from the tray; still waits for an empty queue. */
  checkNow(): void;
  state(): UpdateState;
  stop(): void;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Updates on the station's terms: off until switched on, from the feed the station set, checked
 * daily, and never while the publish queue has work: no check, no download (it would compete with
 * VOD uploads for the station's bandwidth: one under way is cancelled when work arrives and started
 * again once the queue is empty), and no install on quit. A downloaded update installs when the app
 * next quits with an empty queue; it never restarts the app on its own.
 */
export function createUpdateService(deps: UpdateServiceDeps): UpdateService {
  const { updater } = deps;
  const intervalMs = deps.intervalMs ?? DAY_MS;
  const firstCheckDelayMs = deps.firstCheckDelayMs ?? 60_000;
  const now = deps.now ?? (() => new Date());

  // Downloads are started here, when the queue allows; installs are decided at quit time.
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;
  // A feed that goes back a version, or offers a beta, does not change a pinned station's app.
  updater.allowDowngrade = false;
  updater.allowPrerelease = false;
  if (deps.log) updater.logger = deps.log;

  let current: UpdateState = { state: 'off' };
  let feedKey: string | null = null;
  let enabled = false;
  let busy = true;
  let due = false;
  let timer: NodeJS.Timeout | null = null;
  let lastCheck: Date | null = null;
  /** Found and not yet downloaded. */
  let available: string | null = null;
  let download: { token: CancellationLike; version: string } | null = null;
  let stopped = false;

  function setState(next: UpdateState): void {
    current = next;
    deps.onState(next);
  }

  /**
   * electron-updater reads the flag twice: when a download completes (it registers its quit
   * handler only if the flag is on then) and at quit (it installs only if it is still on). Downloads
   * run only with an empty queue, so the flag is on then; work arriving later turns it off.
   */
  function syncInstallOnQuit(): void {
    updater.autoInstallOnAppQuit = enabled && !busy;
  }

  function schedule(delayMs: number): void {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      due = true;
      proceed();
    }, delayMs);
    timer.unref?.();
  }

  /** Does whatever is due, if the queue lets it. */
  function proceed(): void {
    if (stopped || !enabled) return;
    if (current.state === 'ready' || download !== null) return;
    if (available !== null) {
      if (busy) setState({ state: 'waiting', version: available });
      else startDownload(available);
      return;
    }
    if (!due || current.state === 'checking') return;
    if (busy) {
      setState({ state: 'waiting', version: null });
      return;
    }
    due = false;
    check();
  }

  function check(): void {
    lastCheck = now();
    schedule(intervalMs);
    setState({ state: 'checking' });
    updater.checkForUpdates().then(
      (result) => {
        // electron-updater answers null, with no event, when it is inactive: an app run from a
        // clone rather than installed.
        if (result == null && current.state === 'checking') {
          fail(new Error('the updater works only in an installed app'));
        }
      },
      (error: unknown) => {
        // The `error` event has said it already; a check that fails before reaching the feed
        // only rejects.
        if (current.state === 'checking') fail(error);
      },
    );
  }

  function startDownload(version: string): void {
    const token = deps.newCancellation();
    download = { token, version };
    setState({ state: 'downloading', version, percent: 0 });
    updater.downloadUpdate(token).catch((error: unknown) => {
      if (download?.token !== token) return; // cancelled by us: the queue got work
      download = null;
      fail(error);
    });
  }

  function fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    deps.warn('the update check failed', { error: message });
    setState({ state: 'failed', message: message.split('\n')[0] ?? message });
  }

  const onAvailable = (info: { version: string }) => {
    if (!enabled) return;
    available = info.version;
    deps.info?.('an update is available', { version: info.version });
    proceed();
  };
  const onNotAvailable = () => {
    if (!enabled) return;
    available = null;
    setState({ state: 'up-to-date', checkedAt: lastCheck });
  };
  const onProgress = (progress: { percent: number }) => {
    if (download === null) return;
    setState({ state: 'downloading', version: download.version, percent: progress.percent });
  };
  const onDownloaded = (info: { version: string }) => {
    download = null;
    available = null;
    if (!enabled) return;
    deps.info?.('an update was downloaded; it installs when the app quits', {
      version: info.version,
    });
    setState({ state: 'ready', version: info.version });
    syncInstallOnQuit();
  };
  const onError = (error: unknown) => {
    if (!enabled || download !== null) return;
    if (current.state === 'checking') fail(error);
  };
  updater.on('update-available', onAvailable);
  updater.on('update-not-available', onNotAvailable);
  updater.on('download-progress', onProgress);
  updater.on('update-downloaded', onDownloaded);
  updater.on('error', onError);

  function cancelDownload(): void {
    if (download === null) return;
    const { token } = download;
    download = null;
    token.cancel();
  }

  return {
    apply(settings) {
      if (stopped) return;
      if (!settings.updates) {
        enabled = false;
        feedKey = null;
        due = false;
        available = null;
        cancelDownload();
        if (timer !== null) clearTimeout(timer);
        timer = null;
        setState({ state: 'off' });
        syncInstallOnQuit();
        return;
      }
      const found = updateFeed(settings);
      if ('problem' in found) {
        enabled = false;
        feedKey = null;
        cancelDownload();
        if (timer !== null) clearTimeout(timer);
        timer = null;
        setState({ state: 'no-feed', problem: found.problem });
        syncInstallOnQuit();
        return;
      }
      const key = JSON.stringify(found.feed);
      if (enabled && key === feedKey) return;
      const wasEnabled = enabled;
      enabled = true;
      feedKey = key;
      available = null;
      cancelDownload();
      updater.setFeedURL(found.feed);
      // A new feed is asked soon; switching back on within the day keeps the daily rhythm.
      const sinceLast = lastCheck === null ? Infinity : now().getTime() - lastCheck.getTime();
      const delay =
        wasEnabled || sinceLast >= intervalMs ? firstCheckDelayMs : intervalMs - sinceLast;
      setState({ state: 'up-to-date', checkedAt: lastCheck });
      syncInstallOnQuit();
      schedule(delay);
    },
    setQueueBusy(next) {
      if (busy === next) return;
      busy = next;
      if (busy) {
        if (download !== null) {
          const version = download.version;
          cancelDownload();
          available = version;
          setState({ state: 'waiting', version });
        }
      } else {
        proceed();
      }
      syncInstallOnQuit();
    },
    checkNow() {
      if (!enabled) return;
      due = true;
      proceed();
    },
    state: () => current,
    stop() {
      stopped = true;
      cancelDownload();
      if (timer !== null) clearTimeout(timer);
      timer = null;
      updater.removeListener('update-available', onAvailable);
      updater.removeListener('update-not-available', onNotAvailable);
      updater.removeListener('download-progress', onProgress);
      updater.removeListener('update-downloaded', onDownloaded);
      updater.removeListener('error', onError);
    },
  };
}
