/**
 * Where the renderer lives. It is served from a custom `app://` scheme (see `protocol.ts`) rather
 * than `file://`, so it has a real origin that navigation guards, IPC sender checks and the CSP can
 * name, and it cannot read arbitrary files the way a `file://` page can.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'archivist';
const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Where the page plays a recording's video from: `archivist-media://recording/<id>`, served by the
 * main process from the file the library names for that id (see `media-protocol.ts`). The page
 * only ever holds an id, never a path. Pure constants, so the sandboxed preload can use them too.
 */
export const MEDIA_SCHEME = 'archivist-media';
export const MEDIA_HOST = 'recording';

export function mediaUrlFor(recordingId: number): string {
  return `${MEDIA_SCHEME}://${MEDIA_HOST}/${recordingId}`;
}

/**
 * True when `url` is a page of ours. Compared by parts, not by `new URL(url).origin`: Node's URL
 * parser reports the origin of any non-special scheme (ours included) as `"null"`.
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    // Chromium lowercases the host of a standard scheme; Node's parser does not.
    parsed.hostname.toLowerCase() === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/**
 * Links the renderer may hand to the operating system's browser: https only, and no credentials in
 * the URL (`https://bank.example@evil.example/` reads as one host and goes to another).
 */
export function isSafeExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '';
}
