import type { Session, WebContents } from 'electron';
import { isAppUrl, isSafeExternalUrl } from '../../shared/app-origin';

export interface GuardOptions {
  /** Hands an https link to the operating system's browser (`shell.openExternal` in the app). */
  openExternal(url: string): Promise<void>;
  /** Where a refused navigation or a failed hand-off is reported. */
  warn?: (message: string, fields?: Record<string, unknown>) => void;
}

const guarded = new WeakSet<WebContents>();

/**
 * Keeps every web page we host on our own origin: navigation and redirects away from `app://` are
 * cancelled, new windows are never created (an https link opens in the system browser instead),
 * and `<webview>` is refused. Applied to each window we open and, from `web-contents-created`, to
 * every other WebContents, so a page we did not expect cannot escape either. Applying it twice is
 * harmless.
 */
export function applyWebContentsGuards(contents: WebContents, options: GuardOptions): void {
  if (guarded.has(contents)) return;
  guarded.add(contents);
  const warn = options.warn ?? (() => undefined);

  // `will-navigate` covers the main frame; `will-frame-navigate` also covers subframes (the CSP
  // already forbids frames, this is the second lock).
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    warn('navigation blocked', { url: event.url });
  });
  contents.on('will-frame-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    warn('frame navigation blocked', { url: event.url });
  });
  // A redirect of an allowed navigation could still land somewhere else.
  contents.on('will-redirect', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    warn('redirect blocked', { url: event.url });
  });

  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) {
      options.openExternal(url).catch((error: unknown) => {
        warn('could not open link in the system browser', { url, error });
      });
    } else {
      warn('new window refused', { url });
    }
    return { action: 'deny' };
  });

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    warn('webview refused');
  });
}

/**
 * The one browser permission the app uses: writing text to the clipboard
 * (`navigator.clipboard.writeText`, for "Copy diagnostics" and "Copy embed code"). Reading the
 * clipboard stays refused.
 */
export const CLIPBOARD_WRITE_PERMISSION = 'clipboard-sanitized-write';

/**
 * True when the asking page is one of ours: both the URL the frame reports and its window's. A
 * check made on behalf of no window (a worker) is not ours to allow.
 */
function fromOurPage(
  webContents: Pick<WebContents, 'getURL'> | null,
  requestingUrl: string | undefined,
): boolean {
  if (webContents === null || requestingUrl === undefined) return false;
  return isAppUrl(requestingUrl) && isAppUrl(webContents.getURL());
}

/**
 * The app needs no browser permission (camera, microphone, notifications through the web API,
 * geolocation, USB, HID, serial, clipboard read, ...), so every request and every check is denied
 * but one: writing to the clipboard, and only for a page on the app's own origin (`app://`), where
 * both the asking frame and its window are ours. Native features (notifications, dialogs) go
 * through the main process instead.
 */
export function denyAllPermissions(
  session: Pick<
    Session,
    'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
  >,
): void {
  session.setPermissionRequestHandler((webContents, permission, callback, details) => {
    callback(
      permission === CLIPBOARD_WRITE_PERMISSION &&
        fromOurPage(webContents, 'requestingUrl' in details ? details.requestingUrl : undefined),
    );
  });
  session.setPermissionCheckHandler((webContents, permission, requestingOrigin, details) => {
    return (
      permission === CLIPBOARD_WRITE_PERMISSION &&
      isAppUrl(requestingOrigin) &&
      fromOurPage(webContents, details.requestingUrl ?? requestingOrigin)
    );
  });
  session.setDevicePermissionHandler(() => false);
}
