import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PublishFailed, VodPublished } from '../../shared/publishing';
import type { BrowserNotifier } from '../lib/browser-notifier';
import { FakeApi } from '../lib/testing/fake-api';
import { createNoticesStore, MAX_NOTICES, type NoticesStore } from './notices';

function live(jobId: number, showTitle: string | null = `Council ${jobId}`): VodPublished {
  return {
    jobId,
    recordingId: 100 + jobId,
    showId: jobId,
    showTitle,
    vod: {
      vodId: 900 + jobId,
      url: `https://vod.example/${jobId}`,
      embedCode: null,
      state: 'complete',
    },
    publishedAt: '2026-11-02T10:00:00Z',
  };
}

function failed(jobId: number): PublishFailed {
  return {
    jobId,
    recordingId: 100 + jobId,
    showId: jobId,
    showTitle: `Council ${jobId}`,
    reason: 'Cablecast refused the upload (503).',
    failedAt: '2026-11-02T10:00:00Z',
  };
}

class FakeNotifier implements BrowserNotifier {
  state: NotificationPermission = 'default';
  shown: { title: string; body: string; onClick: () => void }[] = [];
  requests = 0;
  permission() {
    return this.state;
  }
  request() {
    this.requests++;
    this.state = 'granted';
    return Promise.resolve(this.state);
  }
  show(title: string, body: string, _tag: string, onClick: () => void) {
    this.shown.push({ title, body, onClick });
  }
}

let api: FakeApi;
let store: NoticesStore;

beforeEach(() => {
  api = new FakeApi();
});

afterEach(() => {
  store.dispose();
});

describe('in-page notices', () => {
  beforeEach(() => {
    store = createNoticesStore(api, { notifier: null });
  });

  it('says when a VOD went live, with its link, and when a publish failed, with the reason', () => {
    api.emit('vod.published', live(1));
    api.emit('publish.failed', failed(2));
    expect(store.getState().notices).toMatchObject([
      { tone: 'ok', text: 'Council 1 is live on VOD', vodUrl: 'https://vod.example/1', jobId: 1 },
      { tone: 'bad', text: 'Council 2 failed: Cablecast refused the upload (503).', jobId: 2 },
    ]);
  });

  it('names the show by id when it has no title, and keeps one notice per job', () => {
    api.emit('publish.failed', failed(3));
    api.emit('vod.published', live(3, null));
    expect(store.getState().notices).toHaveLength(1);
    expect(store.getState().notices[0]?.text).toBe('Show 3 is live on VOD');
  });

  it('is dismissable, and keeps only the newest few', () => {
    for (let id = 1; id <= MAX_NOTICES + 2; id++) api.emit('vod.published', live(id));
    expect(store.getState().notices).toHaveLength(MAX_NOTICES);
    expect(store.getState().notices[0]?.jobId).toBe(3);
    store.getState().dismiss('vod-3');
    expect(store.getState().notices.map((n) => n.jobId)).not.toContain(3);
  });

  it('offers no browser notifications in the desktop app', () => {
    expect(store.getState().access).toBe('unavailable');
  });
});

describe('browser notifications', () => {
  it('are asked for only when the operator allows them, then shown for each notice', async () => {
    const notifier = new FakeNotifier();
    const open = vi.fn();
    store = createNoticesStore(api, { notifier, open });
    expect(notifier.requests).toBe(0);
    api.emit('vod.published', live(1));
    expect(notifier.shown).toHaveLength(0);

    await store.getState().allowNotifications();
    expect(store.getState().access).toBe('granted');
    api.emit('publish.failed', failed(2));
    expect(notifier.shown).toMatchObject([
      { title: 'Publishing failed', body: 'Council 2 failed: Cablecast refused the upload (503).' },
    ]);
    notifier.shown[0]?.onClick();
    expect(open).toHaveBeenCalledWith(2);
  });

  it('are not shown when the operator said no', () => {
    const notifier = new FakeNotifier();
    notifier.state = 'denied';
    store = createNoticesStore(api, { notifier });
    api.emit('vod.published', live(1));
    expect(notifier.shown).toHaveLength(0);
    expect(store.getState().notices).toHaveLength(1);
  });
});

describe('browser notifications and the Notifications settings', () => {
  it('leaves out the kinds the operator turned off, and tells of new metadata conflicts', () => {
    const notifier = new FakeNotifier();
    notifier.state = 'granted';
    const wanted = { vodLive: false, publishFailed: true, metadataConflicts: true, health: true };
    const openShows = vi.fn();
    store = createNoticesStore(api, { notifier, wants: (kind) => wanted[kind], openShows });

    api.emit('vod.published', live(1));
    api.emit('publish.failed', failed(2));
    api.emit('shows.editsChanged', { showIds: [5], unpushed: 1, inConflict: 1 });
    // No more conflicts than before: not news.
    api.emit('shows.editsChanged', { showIds: [5], unpushed: 1, inConflict: 1 });

    // The in-page notices stay whatever the setting.
    expect(store.getState().notices.map((n) => n.key)).toEqual(['vod-1', 'failed-2']);
    expect(notifier.shown.map((n) => [n.title, n.body])).toEqual([
      ['Publishing failed', 'Council 2 failed: Cablecast refused the upload (503).'],
      [
        'Metadata conflict',
        '1 show was changed here and on Cablecast: choose which values stay on the Shows screen (Edits: Conflicts).',
      ],
    ]);
    notifier.shown[1]?.onClick();
    expect(openShows).toHaveBeenCalledTimes(1);

    wanted.metadataConflicts = false;
    api.emit('shows.editsChanged', { showIds: [6], unpushed: 2, inConflict: 2 });
    expect(notifier.shown).toHaveLength(2);
  });
});
