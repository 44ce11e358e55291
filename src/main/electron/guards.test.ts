import { describe, expect, it, vi } from 'vitest';
import type { Session, WebContents } from 'electron';
import { applyWebContentsGuards, denyAllPermissions } from './guards';
import { FakeWebContents } from './test/fake-electron';

describe('denyAllPermissions', () => {
  const session = {
    request: null as
      null | ((wc: unknown, p: string, cb: (ok: boolean) => void, d: unknown) => void),
    check: null as null | ((wc: unknown, p: string, origin: string, d: unknown) => boolean),
    device: null as null | ((d: unknown) => boolean),
    setPermissionRequestHandler(h: typeof this.request) {
      this.request = h;
    },
    setPermissionCheckHandler(h: typeof this.check) {
      this.check = h;
    },
    setDevicePermissionHandler(h: typeof this.device) {
      this.device = h;
    },
  };
  denyAllPermissions(session as unknown as Session);

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid'])(
    'denies a request for %s',
    (permission) => {
      const callback = vi.fn();
      session.request?.({}, permission, callback, { requestingUrl: 'app://archivist/' });
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    },
  );

  it.each(['media', 'serial', 'usb', 'fullscreen'])('denies a check for %s', (permission) => {
    expect(session.check?.({}, permission, 'app://archivist', {})).toBe(false);
  });

  const ours = { getURL: () => 'app://archivist/index.html#/health' };

  it('allows writing to the clipboard, asked by a page of ours', () => {
    const callback = vi.fn();
    session.request?.(ours, 'clipboard-sanitized-write', callback, {
      requestingUrl: 'app://archivist/index.html#/health',
      isMainFrame: true,
    });
    expect(callback).toHaveBeenCalledExactlyOnceWith(true);
    expect(
      session.check?.(ours, 'clipboard-sanitized-write', 'app://archivist', {
        requestingUrl: 'app://archivist/index.html',
        isMainFrame: true,
      }),
    ).toBe(true);
  });

  it.each([
    ['another site', 'https://example.com/', ours],
    ['a look-alike host', 'app://archivist.example/', ours],
    ['another app host', 'app://other/index.html', ours],
    ['a file', 'file:///tmp/page.html', ours],
    [
      'our URL in a window showing another site',
      'app://archivist/',
      { getURL: () => 'https://example.com/' },
    ],
    ['no window', 'app://archivist/', null],
  ])('refuses writing to the clipboard from %s', (_what, url, contents) => {
    const callback = vi.fn();
    session.request?.(contents, 'clipboard-sanitized-write', callback, {
      requestingUrl: url,
      isMainFrame: true,
    });
    expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    expect(
      session.check?.(contents, 'clipboard-sanitized-write', new URL(url).origin, {
        requestingUrl: url,
        isMainFrame: true,
      }),
    ).toBe(false);
  });

  it('refuses a check whose origin is not ours, whatever the frame says', () => {
    expect(
      session.check?.(ours, 'clipboard-sanitized-write', 'https://example.com', {
        requestingUrl: 'app://archivist/index.html',
        isMainFrame: false,
      }),
    ).toBe(false);
  });

  it.each(['clipboard-read', 'deprecated-sync-clipboard-read', 'media', 'notifications'])(
    'still denies %s to a page of ours',
    (permission) => {
      const callback = vi.fn();
      session.request?.(ours, permission, callback, {
        requestingUrl: 'app://archivist/index.html',
        isMainFrame: true,
      });
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
      expect(
        session.check?.(ours, permission, 'app://archivist', {
          requestingUrl: 'app://archivist/index.html',
          isMainFrame: true,
        }),
      ).toBe(false);
    },
  );

  it('denies device access', () => {
    expect(session.device?.({ deviceType: 'usb', origin: 'app://archivist' })).toBe(false);
  });
});

describe('applyWebContentsGuards', () => {
  it('guards a WebContents only once, so a link is never opened twice', async () => {
    const contents = new FakeWebContents('app://archivist/index.html');
    const openExternal = vi.fn(() => Promise.resolve());
    applyWebContentsGuards(contents as unknown as WebContents, { openExternal });
    applyWebContentsGuards(contents as unknown as WebContents, { openExternal });
    expect(contents.listenerCount('will-navigate')).toBe(1);
    contents.attemptWindowOpen('https://example.com/');
    await Promise.resolve();
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('reports a link the system browser could not open, without throwing', async () => {
    const contents = new FakeWebContents('app://archivist/index.html');
    const warn = vi.fn();
    applyWebContentsGuards(contents as unknown as WebContents, {
      openExternal: () => Promise.reject(new Error('no browser')),
      warn,
    });
    expect(contents.attemptWindowOpen('https://example.com/')).toEqual({ action: 'deny' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(warn).toHaveBeenCalledWith(
      'could not open link in the system browser',
      expect.objectContaining({ url: 'https://example.com/' }),
    );
  });
});
