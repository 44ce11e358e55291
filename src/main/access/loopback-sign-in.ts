import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WhoAmI } from '../../shared/access';
import { errorMessage } from '../../shared/errors';
import { escapeHtml } from '../../shared/html';
import { AppError } from '../../shared/result';
import type { SignInService, SignInVia } from './sign-in.service';

const DESKTOP: SignInVia = { kind: 'desktop-user', transport: 'ipc' };
/** How long the system browser has to come back. */
const DEFAULT_TIMEOUT_MS = 5 * 60_000;

function page(title: string, message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:15vh auto"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`;
}

/**
 * The desktop app's sign-in, as RFC 8252 asks of a native app: the system browser (not a window of
 * ours, so the app never sees the password), and the provider's answer on a loopback listener at
 * 127.0.0.1 on a random port, with PKCE, state and nonce checked by `finish`. The listener takes
 * one answer and closes, or closes at the timeout.
 */
export async function signInThroughSystemBrowser(options: {
  signIn: Pick<SignInService, 'begin' | 'finish'>;
  /** Opens the address in the system's browser (Electron's `shell.openExternal`). */
  openExternal: (url: string) => Promise<void>;
  timeoutMs?: number;
}): Promise<{ sessionId: string; who: WhoAmI }> {
  let settle: { resolve(v: { sessionId: string; who: WhoAmI }): void; reject(e: unknown): void };
  const outcome = new Promise<{ sessionId: string; who: WhoAmI }>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Awaited below; a timeout while the browser is still being opened must not go unheard.
  outcome.catch(() => undefined);
  let answered = false;
  let binding: string | null = null;
  let redirectUri = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', redirectUri);
    if (url.pathname !== '/callback' || answered || binding === null) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not here.');
      return;
    }
    answered = true;
    /** Answers the browser, and settles once the page has left (the listener closes then). */
    const respond = (status: number, html: string, then: () => void) => {
      res.once('finish', then);
      res.writeHead(status, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
      });
      res.end(html);
    };
    options.signIn.finish(binding, url, DESKTOP).then(
      (done) => {
        respond(
          200,
          page(`Signed in as ${done.who.name}`, 'You can close this tab and go back to Archivist.'),
          () => settle.resolve({ sessionId: done.sessionId, who: done.who }),
        );
      },
      (error: unknown) => {
        respond(401, page('Not signed in', errorMessage(error)), () => settle.reject(error));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
  const timer = setTimeout(() => {
    settle.reject(
      new AppError(
        'TIMEOUT',
        'The sign-in page did not come back within 5 minutes: sign in again.',
      ),
    );
  }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  try {
    const started = await options.signIn.begin(redirectUri, true);
    binding = started.binding;
    await options.openExternal(started.url);
    return await outcome;
  } finally {
    clearTimeout(timer);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
