import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./test/fake-electron'));

import type {
  PublishFailed,
  PublishJobDetail,
  PublishJobState,
  VodPublished,
} from '../../shared/publishing';
import { createDispatcher, EventHub, type Handlers } from '../contract';
import { sampleSettingsView, stubHandlers } from '../contract/testing/stub-handlers';
import { notifyPublishing, publishFailedNotice, publishJobHash } from './publish-notifications';
import { flush, Notification, resetFakeElectron } from './test/fake-electron';

function job(id: number, state: PublishJobState): PublishJobDetail {
  return {
    id,
    recordingId: 31,
    fileName: 'council-2025-03-04.mp4',
    showId: 812,
    showTitle: 'Council Meeting',
    state,
    step: 'transcode',
    progress: { uploadPercent: null, transcodePercent: null },
    attempts: 1,
    lastError: null,
    enqueuedAt: '2025-03-05T10:00:00.000Z',
    startedAt: '2025-03-05T10:00:01.000Z',
    finishedAt: '2025-03-05T10:20:00.000Z',
    origin: 'operator',
    requestedBy: null,
    batchId: null,
    position: 1,
    vod: null,
    options: {
      vodConfigurationId: null,
      quality: null,
      captions: true,
      chapters: true,
      tagsToAdd: [],
    },
    steps: [],
  };
}

const published: VodPublished = {
  jobId: 7,
  recordingId: 31,
  showId: 812,
  showTitle: 'Council Meeting',
  vod: { vodId: 1207, url: 'https://vod.example/1207', embedCode: null, state: 'Complete' },
  publishedAt: '2025-03-05T10:20:00.000Z',
};

const failed: PublishFailed = {
  jobId: 9,
  recordingId: 32,
  showId: 813,
  showTitle: 'Planning Board',
  reason: 'Cablecast refused the upload: the disk is full.',
  failedAt: '2025-03-05T10:30:00.000Z',
};

function setup(overrides: Partial<Handlers> = {}) {
  const hub = new EventHub();
  const states = new Map<number, PublishJobState>([
    [7, 'done'],
    [9, 'failed'],
  ]);
  const handlers = stubHandlers({
    'publish.get': ({ id }) => job(id, states.get(id) ?? 'failed'),
    ...overrides,
  });
  const openJob = vi.fn<(jobId: number) => void>();
  const openShows = vi.fn<() => void>();
  const warn = vi.fn();
  const stop = notifyPublishing({
    dispatcher: createDispatcher(handlers, hub),
    openJob,
    openShows,
    iconPath: '/app/resources/icon.png',
    warn,
  });
  return { hub, states, openJob, openShows, warn, stop };
}

beforeEach(() => resetFakeElectron());

describe('publish notifications', () => {
  it('names the show when a VOD goes live, and opens its job when clicked', async () => {
    const { hub, openJob } = setup();
    hub.emit('vod.published', published);
    await flush();
    expect(Notification.instances).toHaveLength(1);
    const notification = Notification.instances[0];
    if (!notification) throw new Error('no notification');
    expect(notification.shown).toBe(true);
    expect(notification.title).toBe('Council Meeting is live');
    expect(notification.body).toBe('council-2025-03-04.mp4: VOD 1207 is ready on Cablecast.');
    expect(notification.options.icon).toBe('/app/resources/icon.png');
    expect(openJob).not.toHaveBeenCalled();
    notification.click();
    expect(openJob).toHaveBeenCalledWith(7);
  });

  it('says which publish failed and why, and opens it when clicked', async () => {
    const { hub, openJob } = setup();
    hub.emit('publish.failed', failed);
    await flush();
    const notification = Notification.instances[0];
    if (!notification) throw new Error('no notification');
    expect(notification.title).toBe('Publishing failed: Planning Board');
    expect(notification.body).toBe(
      'council-2025-03-04.mp4: Cablecast refused the upload: the disk is full.',
    );
    notification.click();
    expect(openJob).toHaveBeenCalledWith(9);
  });

  it('says nothing about a job the operator cancelled (or already retried)', async () => {
    const { hub, states } = setup();
    states.set(9, 'cancelled');
    hub.emit('publish.failed', failed);
    states.set(10, 'queued');
    hub.emit('publish.failed', { ...failed, jobId: 10 });
    await flush();
    expect(Notification.instances).toEqual([]);
  });

  it('still tells of a failure when the job cannot be read, from the event alone', async () => {
    const { hub, warn } = setup({
      'publish.get': () => {
        throw new Error('The database is closed.');
      },
    });
    hub.emit('publish.failed', { ...failed, showTitle: null });
    await flush();
    expect(Notification.instances.map((n) => [n.title, n.body])).toEqual([
      ['Publishing failed: Show 813', 'Cablecast refused the upload: the disk is full.'],
    ]);
    expect(warn).toHaveBeenCalledWith(
      'a publish notification could not read its job',
      expect.objectContaining({ jobId: 9 }),
    );
  });

  it('shows nothing where the system has no notifications', async () => {
    Notification.supported = false;
    const { hub } = setup();
    hub.emit('vod.published', published);
    hub.emit('publish.failed', failed);
    await flush();
    expect(Notification.instances).toEqual([]);
  });

  it('tells of new metadata conflicts, and opens the Shows screen when clicked', async () => {
    const { hub, openShows } = setup();
    hub.emit('shows.editsChanged', { showIds: [4], unpushed: 1, inConflict: 0 });
    hub.emit('shows.editsChanged', { showIds: [4], unpushed: 2, inConflict: 2 });
    await flush();
    // One fewer is not news.
    hub.emit('shows.editsChanged', { showIds: [4], unpushed: 1, inConflict: 1 });
    await flush();
    expect(Notification.instances.map((n) => [n.title, n.body])).toEqual([
      [
        'Metadata conflict',
        '2 shows were changed here and on Cablecast: choose which values stay on the Shows screen (Edits: Conflicts).',
      ],
    ]);
    Notification.instances[0]?.click();
    expect(openShows).toHaveBeenCalledTimes(1);
  });

  it('leaves out what the operator turned off in Settings › Notifications', async () => {
    const view = structuredClone(sampleSettingsView);
    view.settings.notifications = {
      vodLive: false,
      publishFailed: true,
      metadataConflicts: false,
      health: true,
    };
    const { hub } = setup({ 'settings.get': () => view });
    hub.emit('vod.published', published);
    hub.emit('publish.failed', failed);
    hub.emit('shows.editsChanged', { showIds: [4], unpushed: 1, inConflict: 1 });
    await flush();
    expect(Notification.instances.map((n) => n.title)).toEqual([
      'Publishing failed: Planning Board',
    ]);
  });

  it('tells when a service goes down and comes back, and opens the Health screen', async () => {
    const openHealth = vi.fn<() => void>();
    const hub = new EventHub();
    const stop = notifyPublishing({
      dispatcher: createDispatcher(stubHandlers(), hub),
      openJob: vi.fn(),
      openHealth,
    });
    const report = {} as never;
    hub.emit('health.changed', {
      service: 'storage',
      from: 'ok',
      to: 'down',
      message: 'Not found.',
      report,
    });
    hub.emit('health.changed', {
      service: 'vod',
      from: 'ok',
      to: 'warn',
      message: 'A failure.',
      report,
    });
    hub.emit('health.changed', {
      service: 'storage',
      from: 'down',
      to: 'ok',
      message: 'Readable.',
      report,
    });
    await flush();
    expect(Notification.instances.map((n) => [n.title, n.body])).toEqual([
      ['A storage folder is down', 'Not found.'],
      ['A storage folder is back', 'Readable.'],
    ]);
    Notification.instances[0]?.click();
    expect(openHealth).toHaveBeenCalledTimes(1);
    stop();
  });

  it('ignores the queue’s other events, and everything once stopped', async () => {
    const { hub, stop } = setup();
    hub.emit('publish.progress', {
      id: 7,
      step: 'video',
      progress: { uploadPercent: 40, transcodePercent: null },
    });
    stop();
    hub.emit('vod.published', published);
    await flush();
    expect(Notification.instances).toEqual([]);
  });
});

describe('publishFailedNotice', () => {
  it('gives a reason even when the core gave none', () => {
    expect(publishFailedNotice({ ...failed, reason: '  ' }, null)).toEqual({
      title: 'Publishing failed: Planning Board',
      body: 'No reason was given.',
    });
  });
});

describe('publishJobHash', () => {
  it('is the Publish screen with the job named after the screen', () => {
    expect(publishJobHash(7)).toBe('#/publish?job=7');
  });
});
