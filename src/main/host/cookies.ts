import { escapeHtml } from '../../shared/html';
import type { IncomingMessage } from 'node:http';

/** The cookies a request carries, by name (the first of a repeated name wins). */
export function readCookies(req: IncomingMessage): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const name = part.slice(0, at).trim();
    if (found.has(name)) continue;
    try {
      found.set(name, decodeURIComponent(part.slice(at + 1).trim()));
    } catch {
      // A value that is not valid percent-encoding is no value of ours.
    }
  }
  return found;
}

export interface CookieOptions {
  /** Seconds; 0 removes the cookie. */
  maxAge: number;
  path: string;
  sameSite: 'Strict' | 'Lax';
  secure: boolean;
}

/** A `Set-Cookie` value: always HttpOnly, so no script on the page can read it. */
export function setCookie(name: string, value: string, options: CookieOptions): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    `Max-Age=${options.maxAge}`,
    `Path=${options.path}`,
    'HttpOnly',
    `SameSite=${options.sameSite}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

/**
 * The names of the host's cookies: under TLS the session cookie takes the `__Host-` prefix, which
 * the browser accepts only from a secure origin, for the whole host, without a Domain.
 */
export function cookieNames(secure: boolean): { session: string; signIn: string } {
  return secure
    ? { session: '__Host-archivist-session', signIn: 'archivist-sign-in' }
    : { session: 'archivist-session', signIn: 'archivist-sign-in' };
}

/**
 * A small page of the sign-in flow (the app's own pages come after it). `next` makes the browser
 * go on there by itself: a navigation the page starts is same-site, so the session cookie, which
 * is SameSite=Strict, goes with it (a redirect from the provider's answer would not carry it).
 */
export function signInPage(options: {
  title: string;
  message: string;
  link: { href: string; label: string };
  next?: string;
}): string {
  const refresh = options.next
    ? `<meta http-equiv="refresh" content="0;url=${escapeHtml(options.next)}">`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${refresh}
<title>${escapeHtml(options.title)} · Archivist</title>
<link rel="stylesheet" href="/auth/page.css">
</head>
<body>
<main class="sign-in-page">
<h1>${escapeHtml(options.title)}</h1>
<p>${escapeHtml(options.message)}</p>
<p><a href="${escapeHtml(options.link.href)}">${escapeHtml(options.link.label)}</a></p>
</main>
</body>
</html>
`;
}
