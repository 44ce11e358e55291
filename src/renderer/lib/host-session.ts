import type { WhoAmI } from '../../shared/access';

/** What the browser host says of this browser: whether sign-in is on, and who is signed in. */
export interface HostSession {
  signInRequired: boolean;
  who: WhoAmI | null;
  csrfToken: string | null;
}

/** Said on `window` when a call finds the sign-in gone (expired, or signed out elsewhere). */
export const SIGNED_OUT_EVENT = 'archivist:signed-out';

let current: Promise<HostSession> | null = null;

/** The browser host's `/api/session`, read once per page (again after `forgetHostSession`). */
export function hostSession(): Promise<HostSession> {
  current ??= fetch('/api/session', { credentials: 'same-origin' })
    .then((r) => r.json() as Promise<HostSession>)
    .catch(() => ({ signInRequired: false, who: null, csrfToken: null }));
  return current;
}

export function forgetHostSession(): void {
  current = null;
}

/** Signs this browser out of the host, then goes where the host says (the provider's sign-out). */
export async function signOutOfHost(): Promise<void> {
  const { csrfToken } = await hostSession();
  const response = await fetch('/auth/logout', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'x-csrf-token': csrfToken ?? '' },
  });
  const body = (await response.json().catch(() => ({}))) as { redirect?: string };
  forgetHostSession();
  window.location.assign(body.redirect ?? '/');
}
