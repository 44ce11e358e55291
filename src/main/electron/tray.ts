import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';

interface AppTrayDeps {
  /** `resources/tray-icon.png`; Electron picks up `tray-icon@2x.png` beside it on HiDPI screens. */
  iconPath: string;
  onOpen(): void;
  onQuit(): void;
  initialStatus?: string;
}

export interface AppTray {
  /** One line an operator can read at a glance: "Connected to Cablecast 7.4", "Publishing 2 of 5". */
  updateTrayStatus(text: string): void;
  destroy(): void;
}

/** Windows cuts tray tooltips at 127 characters; a status line longer than this is not read anyway. */
const MAX_STATUS = 100;

export function trayStatusLine(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  if (oneLine === '') return 'Idle';
  return oneLine.length > MAX_STATUS ? `${oneLine.slice(0, MAX_STATUS - 1)}…` : oneLine;
}

function trayMenuTemplate(
  status: string,
  deps: Pick<AppTrayDeps, 'onOpen' | 'onQuit'>,
): MenuItemConstructorOptions[] {
  return [
    { label: 'Open Archivist', click: () => deps.onOpen() },
    { type: 'separator' },
    { label: status, enabled: false },
    { type: 'separator' },
    { label: 'Quit', click: () => deps.onQuit() },
  ];
}

export function createAppTray(deps: AppTrayDeps): AppTray {
  const tray = new Tray(nativeImage.createFromPath(deps.iconPath));
  // Clicking the icon (Windows, most Linux panels) opens the window; macOS shows the menu instead.
  tray.on('click', () => deps.onOpen());

  function render(text: string): void {
    const status = trayStatusLine(text);
    tray.setToolTip(`Archivist: ${status}`);
    // Menus are rebuilt, not mutated: Linux (AppIndicator) only picks up a menu set anew.
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(status, deps)));
  }
  render(deps.initialStatus ?? 'Starting…');

  return {
    updateTrayStatus(text) {
      if (!tray.isDestroyed()) render(text);
    },
    destroy() {
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
