import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_SETTINGS,
  DesktopSettingsSchema,
  type DesktopSettings,
} from '../../shared/settings';
import {
  createUpdateService,
  DAY_MS,
  updateFeed,
  updateStatusText,
  type UpdateFeed,
  type UpdateService,
  type UpdateState,
} from './updater';
import { FakeToken, FakeUpdater } from './test/fake-updater';

const ON: DesktopSettings = {
  ...DEFAULT_SETTINGS.desktop,
  updates: true,
  updateUrl: 'https://archivist.station.example/updates',
};

let updater: FakeUpdater;
let states: UpdateState[];
let service: UpdateService;
let warnings: string[];

function start(now?: () => Date): UpdateService {
  service = createUpdateService({
    updater,
    newCancellation: () => new FakeToken(),
    onState: (state) => states.push(state),
    warn: (message) => warnings.push(message),
    firstCheckDelayMs: 60_000,
    ...(now ? { now } : {}),
  });
  return service;
}

/** Updates on, an empty queue, and the first check (a minute in) finds `version`. */
async function offeredWithEmptyQueue(version: string): Promise<void> {
  start();
  service.setQueueBusy(false);
  updater.offers(version);
  service.apply(ON);
  await vi.advanceTimersByTimeAsync(60_000);
}

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await Promise.resolve();
}

beforeEach(() => {
  vi.useFakeTimers();
  updater = new FakeUpdater();
  states = [];
  warnings = [];
});

afterEach(() => {
  service?.stop();
  vi.useRealTimers();
});

describe('the update feed', () => {
  it('is a folder on the station server, with the slash electron-updater needs', () => {
    expect(updateFeed(ON)).toEqual({
      feed: { provider: 'generic', url: 'https://archivist.station.example/updates/' },
    });
  });

  it("is a GitHub repository's releases", () => {
    expect(
      updateFeed({ ...ON, updateSource: 'github', updateGithubRepo: 'station/archivist' }),
    ).toEqual({ feed: { provider: 'github', owner: 'station', repo: 'archivist' } });
  });

  it('says what is missing', () => {
    expect(updateFeed({ ...ON, updateUrl: '' })).toEqual({ problem: 'no update folder is set' });
    expect(updateFeed({ ...ON, updateSource: 'github' })).toEqual({
      problem: 'no GitHub repository is set',
    });
  });

  it('is refused over plain http to another computer, or with credentials in it', () => {
    const check = (updateUrl: string) => DesktopSettingsSchema.safeParse({ ...ON, updateUrl });
    expect(check('http://archivist.station.example/updates').success).toBe(false);
    expect(check('https://user:pw@archivist.station.example/updates').success).toBe(false);
    expect(check('ftp://archivist.station.example/updates').success).toBe(false);
    expect(check('http://127.0.0.1:8080/updates').success).toBe(true);
    expect(check('https://archivist.station.example/updates').success).toBe(true);
    const repo = (updateGithubRepo: string) =>
      DesktopSettingsSchema.safeParse({ ...ON, updateGithubRepo }).success;
    expect(repo('station/archivist')).toBe(true);
    expect(repo('https://github.com/station/archivist')).toBe(false);
  });
});

describe('the update service', () => {
  it('is off by default: no feed, no check, nothing installed on quit', async () => {
    start();
    service.apply(DEFAULT_SETTINGS.desktop);
    service.setQueueBusy(false);
    await vi.advanceTimersByTimeAsync(3 * DAY_MS);
    expect(updater.feeds).toEqual([]);
    expect(updater.checks).toBe(0);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(updater.autoDownload).toBe(false);
    expect(updater.allowDowngrade).toBe(false);
    expect(service.state()).toEqual({ state: 'off' });
  });

  it('checks a minute after start, then daily', async () => {
    start();
    service.setQueueBusy(false);
    service.apply(ON);
    expect(updater.feeds).toEqual([
      { provider: 'generic', url: 'https://archivist.station.example/updates/' },
    ]);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(updater.checks).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(updater.checks).toBe(1);
    expect(service.state()).toMatchObject({ state: 'up-to-date' });
    await vi.advanceTimersByTimeAsync(DAY_MS - 1_000);
    expect(updater.checks).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(updater.checks).toBe(2);
    await vi.advanceTimersByTimeAsync(DAY_MS);
    expect(updater.checks).toBe(3);
  });

  it('downloads in the background and installs on the next quit', async () => {
    await offeredWithEmptyQueue('0.2.0');
    expect(updater.downloads).toHaveLength(1);
    expect(service.state()).toEqual({ state: 'downloading', version: '0.2.0', percent: 0 });
    // On when the download completes, or electron-updater would not set up its install on quit.
    expect(updater.autoInstallOnAppQuit).toBe(true);
    updater.emit('download-progress', { percent: 42.7 });
    expect(updateStatusText(service.state())).toBe('Downloading update 0.2.0 (42%)');
    updater.completeDownload('0.2.0');
    expect(updater.quitHandlerAdded).toBe(true);
    expect(service.state()).toEqual({ state: 'ready', version: '0.2.0' });
    expect(updater.autoInstallOnAppQuit).toBe(true);
    expect(updateStatusText(service.state())).toBe('Update 0.2.0 installs when Archivist quits');
  });

  it('never checks while the queue has work, and checks once it empties', async () => {
    start();
    service.apply(ON);
    // Until the queue has answered, it counts as busy.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(updater.checks).toBe(0);
    expect(service.state()).toEqual({ state: 'waiting', version: null });
    service.setQueueBusy(false);
    expect(updater.checks).toBe(1);
  });

  it('stops a download when publishing starts, and starts it again when the queue empties', async () => {
    await offeredWithEmptyQueue('0.2.0');
    const first = updater.downloads[0]!;
    service.setQueueBusy(true);
    expect(first.token.cancelled).toBe(true);
    expect(service.state()).toEqual({ state: 'waiting', version: '0.2.0' });
    await settle();
    expect(warnings).toEqual([]);
    service.setQueueBusy(false);
    expect(updater.downloads).toHaveLength(2);
    expect(updater.downloads[1]!.token.cancelled).toBe(false);
    expect(updater.checks).toBe(1);
  });

  it('does not install on quit while the queue has work', async () => {
    await offeredWithEmptyQueue('0.2.0');
    updater.completeDownload('0.2.0');
    expect(updater.autoInstallOnAppQuit).toBe(true);
    service.setQueueBusy(true);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    service.setQueueBusy(false);
    expect(updater.autoInstallOnAppQuit).toBe(true);
  });

  it('switched off, forgets a downloaded update rather than install it', async () => {
    await offeredWithEmptyQueue('0.2.0');
    updater.completeDownload('0.2.0');
    service.apply({ ...ON, updates: false });
    expect(updater.autoInstallOnAppQuit).toBe(false);
    await vi.advanceTimersByTimeAsync(2 * DAY_MS);
    expect(updater.checks).toBe(1);
  });

  it('says when updates are on but no feed is set, and checks nothing', async () => {
    start();
    service.setQueueBusy(false);
    service.apply({ ...ON, updateUrl: '' });
    await vi.advanceTimersByTimeAsync(DAY_MS);
    expect(updater.checks).toBe(0);
    expect(updateStatusText(service.state())).toBe('Updates are on, but no update folder is set');
  });

  it('reports a failed check in words, and tries again the next day', async () => {
    start();
    service.setQueueBusy(false);
    updater.onCheck = () => {
      const error = new Error('net::ERR_NAME_NOT_RESOLVED\n    at stack');
      updater.emit('error', error);
      return Promise.reject(error);
    };
    service.apply(ON);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(service.state()).toEqual({ state: 'failed', message: 'net::ERR_NAME_NOT_RESOLVED' });
    expect(warnings).toEqual(['the update check failed']);
    await vi.advanceTimersByTimeAsync(DAY_MS);
    expect(updater.checks).toBe(2);
  });

  it('says the updater is inactive when electron-updater answers a check with nothing', async () => {
    start();
    service.setQueueBusy(false);
    updater.onCheck = () => Promise.resolve(null);
    service.apply(ON);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(service.state()).toEqual({
      state: 'failed',
      message: 'the updater works only in an installed app',
    });
  });

  it('asks a new feed soon after it is set, and the same feed again only when due', async () => {
    start();
    service.setQueueBusy(false);
    service.apply(ON);
    await vi.advanceTimersByTimeAsync(60_000);
    service.apply(ON);
    expect(updater.feeds).toHaveLength(1);
    service.apply({ ...ON, updateSource: 'github', updateGithubRepo: 'station/archivist' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(updater.checks).toBe(2);
    // Off and on again within the day: the next check stays a day after the last.
    service.apply({ ...ON, updates: false });
    service.apply(ON);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(updater.checks).toBe(2);
    await vi.advanceTimersByTimeAsync(DAY_MS - 60_000 - 1);
    expect(updater.checks).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(updater.checks).toBe(3);
  });

  it('checks on demand from the tray, still only with an empty queue', () => {
    start();
    service.apply(ON);
    service.checkNow();
    expect(updater.checks).toBe(0);
    service.setQueueBusy(false);
    expect(updater.checks).toBe(1);
    service.checkNow();
    expect(updater.checks).toBe(2);
  });
});

/*
 * The feed the settings make, read by electron-updater's own provider against a folder served on
 * 127.0.0.1: the shape a station puts on its server (latest-linux.yml beside the AppImage) is the
 * one electron-updater finds. Its HTTP goes through Node here (Electron's `net` cannot run).
 */
describe("electron-updater's own provider reads the feed", () => {
  const require = createRequire(import.meta.url);
  const { createClient } = require('electron-updater/out/providerFactory') as {
    createClient(
      feed: UpdateFeed,
      updater: unknown,
      runtime: unknown,
    ): {
      getLatestVersion(): Promise<{ version: string }>;
      resolveFiles(info: unknown): Array<{ url: URL }>;
    };
  };
  const { NodeHttpExecutor } = require('builder-util') as { NodeHttpExecutor: new () => unknown };
  let server: Server;
  let requested: string[];

  beforeEach(async () => {
    vi.useRealTimers();
    requested = [];
    server = createServer((request, response) => {
      requested.push(request.url ?? '');
      if (request.url?.startsWith('/updates/latest-linux.yml')) {
        response.setHeader('content-type', 'text/yaml');
        response.end(
          [
            'version: 0.2.0',
            'files:',
            '  - url: Archivist-Desktop-0.2.0.AppImage',
            '    sha512: ' + 'A'.repeat(86) + '==',
            '    size: 1024',
            'path: Archivist-Desktop-0.2.0.AppImage',
            'sha512: ' + 'A'.repeat(86) + '==',
            "releaseDate: '2026-12-01T10:00:00.000Z'",
          ].join('\n'),
        );
        return;
      }
      response.statusCode = 404;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('finds the version and the installer in the station folder', async () => {
    const { port } = server.address() as AddressInfo;
    const settings = { ...ON, updateUrl: `http://127.0.0.1:${port}/updates` };
    expect(DesktopSettingsSchema.safeParse(settings).success).toBe(true);
    const found = updateFeed(settings);
    if (!('feed' in found)) throw new Error(found.problem);
    const client = createClient(
      found.feed,
      { channel: null, isAddNoCacheQuery: false },
      { executor: new NodeHttpExecutor(), platform: 'linux', isUseMultipleRangeRequest: false },
    );
    const info = await client.getLatestVersion();
    expect(info.version).toBe('0.2.0');
    expect(requested[0]).toMatch(/^\/updates\/latest-linux\.yml/);
    expect(client.resolveFiles(info).map((file) => file.url.href)).toEqual([
      `http://127.0.0.1:${port}/updates/Archivist-Desktop-0.2.0.AppImage`,
    ]);
  });

  it('names the missing channel file when the folder has none', async () => {
    const { port } = server.address() as AddressInfo;
    const found = updateFeed({ ...ON, updateUrl: `http://127.0.0.1:${port}/elsewhere` });
    if (!('feed' in found)) throw new Error(found.problem);
    const client = createClient(
      found.feed,
      { channel: null, isAddNoCacheQuery: false },
      { executor: new NodeHttpExecutor(), platform: 'linux', isUseMultipleRangeRequest: false },
    );
    await expect(client.getLatestVersion()).rejects.toThrow(/latest-linux\.yml/);
  });

  it('takes the GitHub feed as its GitHub provider', () => {
    const found = updateFeed({ ...ON, updateSource: 'github', updateGithubRepo: 'station/a' });
    if (!('feed' in found)) throw new Error(found.problem);
    const client = createClient(
      found.feed,
      { channel: null, allowPrerelease: false },
      { executor: new NodeHttpExecutor(), platform: 'win32', isUseMultipleRangeRequest: false },
    );
    expect(client.constructor.name).toBe('GitHubProvider');
  });
});
