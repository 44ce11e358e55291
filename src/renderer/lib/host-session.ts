import type { WhoAmI } from '../../shared/access';
import { errorMessage } from '../../shared/errors';

/** Whether sign-in is on, and who is signed in (the browser host's or the desktop app's). */
export interface HostSession {
  signInRequired: boolean;
  who: WhoAmI | null;
  /** The browser host's CSRF token for this session; null in the desktop app. */
  csrfToken: string | null;
}

/** Said on `window` when a call finds the sign-in gone (expired, or signed out elsewhere). */
export const SIGNED_OUT_EVENT = 'archivist:signed-out';

const NOBODY: HostSession = { signInRequired: false, who: null, csrfToken: null };

let current: Promise<HostSession> | null = null;

async function read(): Promise<HostSession> {
  const desktop = window.archivist?.session;
  if (desktop) {
    const result = await desktop.get();
    return result.ok ? { ...result.value, csrfToken: null } : NOBODY;
  }
  try {
    const response = await fetch('/api/session', { credentials: 'same-origin' });
    return (await response.json()) as HostSession;
  } catch {
    return NOBODY;
  }
}

/** The session, read once per page (again after `forgetHostSession`). */
export function hostSession(): Promise<HostSession> {
  current ??= read();
  return current;
}

export function forgetHostSession(): void {
  current = null;
}

/**
 * The desktop app's sign-in: opens the system browser at the identity provider and resolves when
 * it has answered. Returns an error message, or null when signed in.
 */
export async function signInFromDesktop(): Promise<string | null> {
  const desktop = window.archivist?.session;
  if (!desktop) return 'Sign-in from here is only in the desktop app.';
  const result = await desktop.signIn();
  forgetHostSession();
  return result.ok ? null : result.error.message;
}

/** Signs out: the desktop app here; the browser host, then its provider's sign-out page. */
export async function signOutOfHost(): Promise<void> {
  const desktop = window.archivist?.session;
  if (desktop) {
    await desktop.signOut();
    forgetHostSession();
    window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
    return;
  }
  const { csrfToken } = await hostSession();
  let redirect = '/';
  try {
    const response = await fetch('/auth/logout', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'x-csrf-token': csrfToken ?? '' },
    });
    redirect = ((await response.json()) as { redirect?: string }).redirect ?? '/';
  } catch (error) {
    console.error(`Signing out failed: ${errorMessage(error)}`);
  }
  forgetHostSession();
  window.location.assign(redirect);
}
