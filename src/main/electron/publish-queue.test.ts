import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./test/fake-electron'));

import type { PublishJobState, PublishQueueStatus } from '../../shared/publishing';
import { createDispatcher, EventHub, type Handlers } from '../contract';
import type { Caller } from '../contract/caller';
import { stubHandlers } from '../contract/testing/stub-handlers';
import { watchPublishQueue } from './publish-queue';
import { flush, resetFakeElectron, Tray } from './test/fake-electron';
import { createAppTray } from './tray';

function queue(
  counts: Partial<Record<PublishJobState, number>> = {},
  paused = false,
): PublishQueueStatus {
  return {
    paused,
    counts: { queued: 0, running: 0, unknown: 0, done: 0, failed: 0, cancelled: 0, ...counts },
  };
}

/** The tray wired to a dispatcher over stub handlers, as the shell wires it to the core. */
function setup(overrides: Partial<Handlers> = {}) {
  const hub = new EventHub();
  const calls: Array<{ method: string; caller: Caller }> = [];
  let current = queue({ running: 1 });
  const handlers = stubHandlers({
    'publish.list': (_input, caller) => {
      calls.push({ method: 'publish.list', caller });
      return { rows: [], status: current };
    },
    'publish.pause': (_input, caller) => {
      calls.push({ method: 'publish.pause', caller });
      current = { ...current, paused: true };
      return current;
    },
    'publish.resume': (_input, caller) => {
      calls.push({ method: 'publish.resume', caller });
      current = { ...current, paused: false };
      return current;
    },
    ...overrides,
  });
  const dispatcher = createDispatcher(handlers, hub);
  const warn = vi.fn();
  let watch: ReturnType<typeof watchPublishQueue> | null = null;
  const appTray = createAppTray({
    iconPath: '/app/resources/tray-icon.png',
    onOpen: vi.fn(),
    onQuit: vi.fn(),
    onPauseQueue: (pause) => void watch?.setPaused(pause),
    initialStatus: 'Ready',
    platform: 'linux',
  });
  watch = watchPublishQueue({ dispatcher, show: (s) => appTray.showQueue(s), warn });
  const tray = Tray.instances.at(-1);
  if (!tray) throw new Error('no tray was created');
  return { hub, calls, tray, warn, watch };
}

beforeEach(() => resetFakeElectron());

describe('the tray on the publish queue', () => {
  it('asks publish.list once, as the desktop user, and shows where the queue stands', async () => {
    const { calls, tray } = setup();
    await flush();
    expect(calls).toEqual([
      { method: 'publish.list', caller: expect.objectContaining({ kind: 'desktop-user' }) },
    ]);
    expect(tray.toolTip).toBe('Archivist Desktop — Publishing 1\nReady');
  });

  it('follows publish.changed', async () => {
    const { hub, tray } = setup();
    await flush();
    hub.emit('publish.changed', { status: queue({ failed: 1 }), jobIds: [4] });
    expect(tray.toolTip).toBe('Archivist Desktop — 1 failed\nReady');
    hub.emit('publish.changed', { status: queue(), jobIds: [4] });
    expect(tray.toolTip).toBe('Archivist Desktop — idle\nReady');
  });

  it('does not let a late answer to publish.list undo a newer event', async () => {
    let answer: (value: { rows: []; status: PublishQueueStatus }) => void = () => undefined;
    const { hub, tray } = setup({
      'publish.list': () => new Promise((resolve) => (answer = resolve)),
    });
    await flush();
    hub.emit('publish.changed', { status: queue({ running: 2 }), jobIds: [1] });
    answer({ rows: [], status: queue() });
    await flush();
    expect(tray.toolTip).toBe('Archivist Desktop — Publishing 2\nReady');
  });

  it('pauses and resumes from the menu through the dispatcher, and the item flips', async () => {
    const { calls, tray } = setup();
    await flush();
    tray.item('Pause the queue')?.click?.();
    await flush();
    expect(calls.at(-1)).toEqual({
      method: 'publish.pause',
      caller: expect.objectContaining({ kind: 'desktop-user', transport: 'ipc' }),
    });
    expect(tray.item('Pause the queue')).toBeUndefined();
    expect(tray.toolTip).toBe('Archivist Desktop — Paused\nReady');

    tray.item('Resume the queue')?.click?.();
    await flush();
    expect(calls.at(-1)?.method).toBe('publish.resume');
    expect(tray.item('Resume the queue')).toBeUndefined();
    expect(tray.item('Pause the queue')?.enabled).toBe(true);
  });

  it('keeps the menu as it was and reports it when pausing is refused', async () => {
    const { tray, warn } = setup({
      'publish.pause': () => {
        throw new Error('The queue cannot be paused now.');
      },
    });
    await flush();
    tray.item('Pause the queue')?.click?.();
    await flush();
    expect(tray.item('Pause the queue')).toBeDefined();
    expect(warn).toHaveBeenCalledWith('the tray could not pause the publish queue', {
      error: expect.objectContaining({ message: expect.stringContaining('cannot be paused') }),
    });
  });

  it('offers no pause while the queue cannot be read, and says why', async () => {
    const { tray, warn } = setup({
      'publish.list': () => {
        throw new Error('The database is closed.');
      },
    });
    await flush();
    expect(tray.item('Pause the queue')?.enabled).toBe(false);
    expect(tray.toolTip).toBe('Archivist Desktop\nReady');
    expect(warn).toHaveBeenCalledWith('the tray could not read the publish queue', {
      error: expect.objectContaining({ message: expect.stringContaining('database is closed') }),
    });
  });

  it('stops following once stopped', async () => {
    const { hub, tray, watch } = setup();
    await flush();
    watch.stop();
    hub.emit('publish.changed', { status: queue({ failed: 3 }), jobIds: [1] });
    expect(tray.toolTip).toBe('Archivist Desktop — Publishing 1\nReady');
  });
});
