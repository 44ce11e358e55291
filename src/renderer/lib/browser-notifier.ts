/** Browser notifications (the browser host only: the desktop app's main process shows its own). */
export interface BrowserNotifier {
  /** What the operator said so far; `default` until they answer the browser's question. */
  permission(): NotificationPermission;
  /** Asks the browser's question; only ever from a click, never on page load. */
  request(): Promise<NotificationPermission>;
  /** Shows one notification; `onClick` runs when the operator clicks it. */
  show(title: string, body: string, tag: string, onClick: () => void): void;
}

/**
 * The page's notifier, or null where browser notifications must not be shown: in the desktop app
 * (`window.archivist` is its preload's bridge, and the OS notifications come from the main
 * process), or in a browser without the Notification API.
 */
export function createBrowserNotifier(): BrowserNotifier | null {
  if (typeof window === 'undefined' || window.archivist !== undefined) return null;
  if (typeof Notification === 'undefined') return null;
  return {
    permission: () => Notification.permission,
    request: () => Notification.requestPermission(),
    show(title, body, tag, onClick) {
      const notification = new Notification(title, { body, tag });
      notification.onclick = () => {
        window.focus();
        onClick();
        notification.close();
      };
    },
  };
}
