import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { PublishQueueStatus } from '../../shared/publishing';

interface AppTrayDeps {
  /** `resources/tray-icon.png`; Electron picks up `tray-icon@2x.png` beside it on HiDPI screens. */
  iconPath: string;
  onOpen(): void;
  onQuit(): void;
  /** The operator asks to pause (`true`) or resume (`false`) the publish queue. */
  onPauseQueue?(pause: boolean): void;
  /** Opens the folder the logs are written to, in the system's file manager. */
  onOpenLogs?(): void;
  /** Present when updates are on: the operator asks for a check now. */
  onCheckUpdates?(): void;
  initialStatus?: string;
  /** Where the app runs; only macOS shows a title beside the icon. Defaults to `process.platform`. */
  platform?: NodeJS.Platform;
}

export interface AppTray {
  /** One line an operator can read at a glance: "Connected to Cablecast 7.4", "Ready". */
  updateTrayStatus(text: string): void;
  /** The publish queue as the core last reported it: the tooltip, the title and the menu follow. */
  showQueue(status: PublishQueueStatus): void;
  /** How the update stands, in words; null when there is nothing to say (off, up to date). */
  showUpdate(text: string | null, canCheck: boolean): void;
  /** What the tray shows now: for the packaged app's smoke test, which cannot see the tray. */
  describe(): { destroyed: boolean; tooltip: string; menu: string[] };
  destroy(): void;
}

/** Windows cuts tray tooltips at 127 characters; a status line longer than this is not read anyway. */
const MAX_STATUS = 100;
const MAX_TOOLTIP = 127;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function trayStatusLine(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  if (oneLine === '') return 'Idle';
  return clip(oneLine, MAX_STATUS);
}

export type QueueState = 'idle' | 'publishing' | 'failed' | 'paused';

export interface QueueSummary {
  /** What most needs the operator: a failure first, then a pause, then work in flight. */
  state: QueueState;
  /** "idle", "Publishing 3", "1 failed", "Paused", or two of them: "Publishing 2, 1 failed". */
  text: string;
}

/**
 * The queue in a few words. Jobs in `unknown` count as publishing: they were in flight when the app
 * stopped and are being looked up on the server, so they are still on their way.
 */
export function queueSummary(status: PublishQueueStatus): QueueSummary {
  const { counts } = status;
  const inFlight = counts.running + counts.queued + counts.unknown;
  const failed = counts.failed;
  const parts: string[] = [];
  if (status.paused) parts.push('Paused');
  else if (inFlight > 0) parts.push(`Publishing ${inFlight}`);
  if (failed > 0) parts.push(`${failed} failed`);
  const state: QueueState =
    failed > 0 ? 'failed' : status.paused ? 'paused' : inFlight > 0 ? 'publishing' : 'idle';
  return { state, text: parts.length === 0 ? 'idle' : parts.join(', ') };
}

export function trayTooltip(queue: QueueSummary | null, status: string): string {
  const head = queue === null ? 'Archivist Desktop' : `Archivist Desktop — ${queue.text}`;
  return clip(`${head}\n${status}`, MAX_TOOLTIP);
}

export interface TrayMenuView {
  /** The connection line (`updateTrayStatus`). */
  status: string;
  /** Null until the core has said how the queue stands: pausing is offered only then. */
  queue: (QueueSummary & { paused: boolean }) | null;
  /** The update line, if any, and whether "Check for updates" is offered (updates on). */
  update?: { text: string | null; canCheck: boolean };
}

function trayMenuTemplate(
  view: TrayMenuView,
  deps: Pick<AppTrayDeps, 'onOpen' | 'onQuit' | 'onPauseQueue' | 'onOpenLogs' | 'onCheckUpdates'>,
): MenuItemConstructorOptions[] {
  const { queue, update } = view;
  const paused = queue?.paused ?? false;
  // The app's own upkeep: how the update stands, and where the logs are.
  const upkeep: MenuItemConstructorOptions[] = [
    ...(update?.text ? [{ label: update.text, enabled: false }] : []),
    ...(update?.canCheck && deps.onCheckUpdates
      ? [{ label: 'Check for updates', click: () => deps.onCheckUpdates?.() }]
      : []),
    ...(deps.onOpenLogs ? [{ label: 'Open logs folder', click: () => deps.onOpenLogs?.() }] : []),
  ];
  const queueLines: MenuItemConstructorOptions[] =
    queue === null
      ? []
      : [{ label: queue.state === 'idle' ? 'Nothing to publish' : queue.text, enabled: false }];
  return [
    { label: 'Open Archivist', click: () => deps.onOpen() },
    { type: 'separator' },
    ...queueLines,
    { label: view.status, enabled: false },
    { type: 'separator' },
    {
      label: paused ? 'Resume the queue' : 'Pause the queue',
      enabled: queue !== null && deps.onPauseQueue !== undefined,
      click: () => deps.onPauseQueue?.(!paused),
    },
    { type: 'separator' },
    ...(upkeep.length === 0 ? [] : [...upkeep, { type: 'separator' as const }]),
    { label: 'Quit', click: () => deps.onQuit() },
  ];
}

export function createAppTray(deps: AppTrayDeps): AppTray {
  const tray = new Tray(nativeImage.createFromPath(deps.iconPath));
  const platform = deps.platform ?? process.platform;
  // Clicking the icon (Windows, most Linux panels) opens the window; macOS shows the menu instead.
  tray.on('click', () => deps.onOpen());

  let status = trayStatusLine(deps.initialStatus ?? 'Starting…');
  let queue: TrayMenuView['queue'] = null;
  let update: NonNullable<TrayMenuView['update']> = { text: null, canCheck: false };
  let shown = '';

  function render(): void {
    // The queue reports every job's change; the menu is rebuilt only when what it shows changed.
    const key = JSON.stringify([status, queue, update]);
    if (key === shown) return;
    shown = key;
    tray.setToolTip(trayTooltip(queue, status));
    // There is one icon: on macOS the queue is written beside it, elsewhere the tooltip tells.
    if (platform === 'darwin')
      tray.setTitle(queue === null || queue.state === 'idle' ? '' : queue.text);
    // Menus are rebuilt, not mutated: Linux (AppIndicator) only picks up a menu set anew.
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate({ status, queue, update }, deps)));
  }
  render();

  return {
    updateTrayStatus(text) {
      if (tray.isDestroyed()) return;
      status = trayStatusLine(text);
      render();
    },
    showQueue(next) {
      if (tray.isDestroyed()) return;
      queue = { ...queueSummary(next), paused: next.paused };
      render();
    },
    showUpdate(text, canCheck) {
      if (tray.isDestroyed()) return;
      update = { text: text === null ? null : trayStatusLine(text), canCheck };
      render();
    },
    describe() {
      return {
        destroyed: tray.isDestroyed(),
        tooltip: trayTooltip(queue, status),
        menu: trayMenuTemplate({ status, queue, update }, deps).flatMap((item) =>
          item.label === undefined ? [] : [item.label],
        ),
      };
    },
    destroy() {
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
