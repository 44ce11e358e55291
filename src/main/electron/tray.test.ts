import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./test/fake-electron'));

import type { PublishJobState, PublishQueueStatus } from '../../shared/publishing';
import { resetFakeElectron, Tray } from './test/fake-electron';
import { createAppTray, queueSummary, trayStatusLine, trayTooltip } from './tray';

beforeEach(() => resetFakeElectron());

function setup(initialStatus?: string, platform: NodeJS.Platform = 'linux') {
  const onOpen = vi.fn();
  const onQuit = vi.fn();
  const onPauseQueue = vi.fn<(pause: boolean) => void>();
  const appTray = createAppTray({
    iconPath: '/app/resources/tray-icon.png',
    onOpen,
    onQuit,
    onPauseQueue,
    platform,
    ...(initialStatus === undefined ? {} : { initialStatus }),
  });
  const tray = Tray.instances.at(-1);
  if (!tray) throw new Error('no tray was created');
  return { appTray, tray, onOpen, onQuit, onPauseQueue };
}

function queue(
  counts: Partial<Record<PublishJobState, number>> = {},
  paused = false,
): PublishQueueStatus {
  return {
    paused,
    counts: { queued: 0, running: 0, unknown: 0, done: 0, failed: 0, cancelled: 0, ...counts },
  };
}

describe('the tray', () => {
  it('shows the icon, the status as tooltip and as a disabled menu line', () => {
    const { tray } = setup('Ready');
    expect(tray.image.path).toBe('/app/resources/tray-icon.png');
    expect(tray.toolTip).toBe('Archivist Desktop\nReady');
    const items = tray.contextMenu?.items ?? [];
    expect(items.map((i) => i.label ?? i.type)).toEqual([
      'Open Archivist',
      'separator',
      'Ready',
      'separator',
      'Pause the queue',
      'separator',
      'Quit',
    ]);
    expect(tray.item('Ready')?.enabled).toBe(false);
    // Until the core has said how the queue stands there is nothing to pause.
    expect(tray.item('Pause the queue')?.enabled).toBe(false);
  });

  it('updates the tooltip and the menu with the new status', () => {
    const { appTray, tray } = setup('Ready');
    appTray.updateTrayStatus('Publishing 2 of 5');
    expect(tray.toolTip).toBe('Archivist Desktop\nPublishing 2 of 5');
    expect(tray.item('Publishing 2 of 5')?.enabled).toBe(false);
    expect(tray.item('Ready')).toBeUndefined();
  });

  it('opens the window from the menu and from a click on the icon, and quits from the menu', () => {
    const { tray, onOpen, onQuit } = setup();
    tray.item('Open Archivist')?.click?.();
    tray.emit('click');
    expect(onOpen).toHaveBeenCalledTimes(2);
    tray.item('Quit')?.click?.();
    expect(onQuit).toHaveBeenCalledTimes(1);
  });

  it('opens the logs folder, and says how the update stands with a check offered only when on', () => {
    const onOpenLogs = vi.fn();
    const onCheckUpdates = vi.fn();
    createAppTray({
      iconPath: '/app/resources/tray-icon.png',
      onOpen: vi.fn(),
      onQuit: vi.fn(),
      onOpenLogs,
      onCheckUpdates,
      platform: 'win32',
    });
    const tray = Tray.instances.at(-1) as Tray;
    const labels = () => (tray.contextMenu?.items ?? []).map((i) => i.label ?? i.type);
    expect(labels()).toContain('Open logs folder');
    expect(labels()).not.toContain('Check for updates');
    tray.item('Open logs folder')?.click?.();
    expect(onOpenLogs).toHaveBeenCalledTimes(1);
  });

  it('shows the update line and the check item when updates are on', () => {
    const onCheckUpdates = vi.fn();
    const appTray = createAppTray({
      iconPath: '/app/resources/tray-icon.png',
      onOpen: vi.fn(),
      onQuit: vi.fn(),
      onCheckUpdates,
      platform: 'linux',
    });
    const tray = Tray.instances.at(-1) as Tray;
    appTray.showUpdate('Update 0.2.0 installs when Archivist quits', true);
    expect(tray.item('Update 0.2.0 installs when Archivist quits')?.enabled).toBe(false);
    tray.item('Check for updates')?.click?.();
    expect(onCheckUpdates).toHaveBeenCalledTimes(1);
    appTray.showUpdate(null, false);
    expect(tray.item('Check for updates')).toBeUndefined();
    expect(tray.item('Update 0.2.0 installs when Archivist quits')).toBeUndefined();
  });

  it('ignores updates after it is destroyed', () => {
    const { appTray, tray } = setup('Ready');
    appTray.destroy();
    expect(tray.isDestroyed()).toBe(true);
    appTray.updateTrayStatus('Later');
    expect(tray.toolTip).toBe('Archivist Desktop\nReady');
  });
});

describe('the tray on the publish queue', () => {
  it('says idle when nothing waits, however many jobs are done or cancelled', () => {
    const { appTray, tray } = setup('Ready');
    appTray.showQueue(queue({ done: 12, cancelled: 3 }));
    expect(tray.toolTip).toBe('Archivist Desktop — idle\nReady');
    expect(tray.item('Nothing to publish')?.enabled).toBe(false);
    expect(tray.item('Pause the queue')?.enabled).toBe(true);
  });

  it('counts running, queued and in-doubt jobs as publishing', () => {
    const { appTray, tray } = setup('Ready');
    appTray.showQueue(queue({ running: 2, queued: 3, unknown: 1, done: 4 }));
    expect(tray.toolTip).toBe('Archivist Desktop — Publishing 6\nReady');
    expect(tray.item('Publishing 6')?.enabled).toBe(false);
    expect(tray.item('Nothing to publish')).toBeUndefined();
  });

  it('shows failures, alone or beside the work in flight', () => {
    const { appTray, tray } = setup('Ready');
    appTray.showQueue(queue({ failed: 2 }));
    expect(tray.toolTip).toBe('Archivist Desktop — 2 failed\nReady');
    appTray.showQueue(queue({ running: 1, failed: 1 }));
    expect(tray.toolTip).toBe('Archivist Desktop — Publishing 1, 1 failed\nReady');
    expect(tray.item('Publishing 1, 1 failed')).toBeDefined();
  });

  it('says paused, and offers to resume', () => {
    const { appTray, tray, onPauseQueue } = setup('Ready');
    appTray.showQueue(queue({ queued: 4 }, true));
    expect(tray.toolTip).toBe('Archivist Desktop — Paused\nReady');
    expect(tray.item('Pause the queue')).toBeUndefined();
    tray.item('Resume the queue')?.click?.();
    expect(onPauseQueue).toHaveBeenLastCalledWith(false);

    appTray.showQueue(queue({ queued: 4 }));
    expect(tray.item('Resume the queue')).toBeUndefined();
    tray.item('Pause the queue')?.click?.();
    expect(onPauseQueue).toHaveBeenLastCalledWith(true);
  });

  it('keeps the connection line when the queue changes, and the queue when the line changes', () => {
    const { appTray, tray } = setup('Ready');
    appTray.showQueue(queue({ running: 1 }));
    appTray.updateTrayStatus('Connected to CTV');
    expect(tray.toolTip).toBe('Archivist Desktop — Publishing 1\nConnected to CTV');
    appTray.showQueue(queue());
    expect(tray.toolTip).toBe('Archivist Desktop — idle\nConnected to CTV');
  });

  it('rebuilds the menu only when what it shows changed', () => {
    const { appTray, tray } = setup('Ready');
    appTray.showQueue(queue({ running: 1 }));
    const menu = tray.contextMenu;
    appTray.showQueue(queue({ running: 1 }));
    expect(tray.contextMenu).toBe(menu);
    appTray.showQueue(queue({ running: 2 }));
    expect(tray.contextMenu).not.toBe(menu);
  });

  it('writes the queue beside the icon on macOS, and nothing when idle', () => {
    const { appTray, tray } = setup('Ready', 'darwin');
    appTray.showQueue(queue({ running: 3 }));
    expect(tray.title).toBe('Publishing 3');
    appTray.showQueue(queue({ failed: 1 }));
    expect(tray.title).toBe('1 failed');
    appTray.showQueue(queue());
    expect(tray.title).toBe('');
  });

  it('leaves the title alone elsewhere (Electron supports it on macOS only)', () => {
    const { appTray, tray } = setup('Ready', 'win32');
    appTray.showQueue(queue({ running: 3 }));
    expect(tray.title).toBe('');
  });
});

describe('queueSummary', () => {
  it('puts what needs a person first', () => {
    expect(queueSummary(queue()).state).toBe('idle');
    expect(queueSummary(queue({ queued: 1 })).state).toBe('publishing');
    expect(queueSummary(queue({ queued: 1 }, true))).toEqual({ state: 'paused', text: 'Paused' });
    expect(queueSummary(queue({ queued: 1, failed: 1 }, true))).toEqual({
      state: 'failed',
      text: 'Paused, 1 failed',
    });
  });
});

describe('trayTooltip', () => {
  it('stays within what Windows shows', () => {
    const tooltip = trayTooltip(queueSummary(queue({ failed: 1 })), 'x'.repeat(100));
    expect(tooltip.length).toBeLessThanOrEqual(127);
    expect(tooltip.startsWith('Archivist Desktop — 1 failed\n')).toBe(true);
  });
});

describe('trayStatusLine', () => {
  it('keeps one short line', () => {
    expect(trayStatusLine('  Connected\n to   CTV ')).toBe('Connected to CTV');
    expect(trayStatusLine('')).toBe('Idle');
    const long = trayStatusLine('x'.repeat(500));
    expect(long.length).toBeLessThanOrEqual(100);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('the icon files', () => {
  const resources = join(import.meta.dirname, '..', '..', '..', 'resources');

  /** Reads a PNG as far as needed to trust it: signature, chunk CRCs, size, and pixel data. */
  function readPng(file: string) {
    const bytes = readFileSync(join(resources, file));
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
    let offset = 8;
    const chunks: Array<{ type: string; data: Buffer }> = [];
    while (offset < bytes.length) {
      const length = bytes.readUInt32BE(offset);
      const type = bytes.toString('ascii', offset + 4, offset + 8);
      const data = bytes.subarray(offset + 8, offset + 8 + length);
      const crc = bytes.readUInt32BE(offset + 8 + length);
      expect(crc, `${file} ${type} CRC`).toBe(
        crc32(bytes.subarray(offset + 4, offset + 8 + length)),
      );
      chunks.push({ type, data });
      offset += 12 + length;
    }
    const header = chunks[0];
    if (header?.type !== 'IHDR') throw new Error(`${file}: IHDR is not first`);
    expect(chunks.at(-1)?.type).toBe('IEND');
    const width = header.data.readUInt32BE(0);
    const height = header.data.readUInt32BE(4);
    const idat = Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data));
    const raw = inflateSync(idat);
    expect(raw.length).toBe(height * (width * 4 + 1));
    let opaque = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++)
        if ((raw[y * (width * 4 + 1) + 1 + x * 4 + 3] ?? 0) > 0) opaque++;
    }
    return { width, height, bitDepth: header.data[8], colorType: header.data[9], opaque };
  }

  function crc32(bytes: Uint8Array): number {
    let c = 0xffffffff;
    for (const b of bytes) {
      c ^= b;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    return (c ^ 0xffffffff) >>> 0;
  }

  it.each([
    ['tray-icon.png', 16],
    ['tray-icon@2x.png', 32],
    ['icon.png', 256],
  ])('%s is a valid %ipx RGBA PNG with something drawn on it', (file, size) => {
    const png = readPng(file);
    expect(png).toMatchObject({ width: size, height: size, bitDepth: 8, colorType: 6 });
    expect(png.opaque).toBeGreaterThan(size * size * 0.2);
    // The tray icons sit on the panel's colour: they must not be a filled square.
    if (file.startsWith('tray')) expect(png.opaque).toBeLessThan(size * size * 0.9);
  });
});
