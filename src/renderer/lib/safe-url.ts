/**
 * The http(s) address a link may open (a VOD's, from Cablecast), or null for anything else: a
 * `javascript:` or `file:` address from a server must never become a link in the app.
 */
export function safeHttpUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}
