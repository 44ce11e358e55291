import { errorMessage } from '../../shared/errors';
import type { Core } from '../app/core';
import { createMetrics } from '../app/metrics';
import type { Logger } from '../logging/logger';
import { startBrowserHost, type BrowserHost } from './browser-host';

/** The desktop app's REST API on this computer, as Settings › Station host switches it. */
export interface LocalApi {
  /** Its address while it listens; null when off (or its port was taken). */
  url(): string | null;
  /** Starts, stops or moves it to match the settings now. */
  apply(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The REST API of the station host, served by the desktop app on 127.0.0.1 when switched on
 * (Settings › Station host): the same routes, dispatcher and contract as `archivist serve`, for
 * the station's scripts with an API token. Its per-run token is never shown, so only tokens open it.
 */
export function createLocalApi(
  core: Pick<Core, 'dispatcher' | 'settings' | 'access' | 'library' | 'health'> &
    Parameters<typeof createMetrics>[0],
  options: { rendererDir: string; version: string; logger: Logger },
): LocalApi {
  let running: { host: BrowserHost; port: number } | null = null;
  let chain: Promise<void> = Promise.resolve();

  async function stop(): Promise<void> {
    const was = running;
    running = null;
    if (was) {
      await was.host.close();
      options.logger.info('desktop REST API stopped', { url: was.host.url });
    }
  }

  async function reconcile(): Promise<void> {
    const { desktopApi, desktopApiPort } = core.settings.get().host;
    const wanted = desktopApi ? desktopApiPort : null;
    if (running?.port === wanted) return;
    await stop();
    if (wanted === null) return;
    try {
      const host = await startBrowserHost({
        dispatcher: core.dispatcher,
        rendererDir: options.rendererDir,
        host: '127.0.0.1',
        port: wanted,
        logger: options.logger,
        media: core.library.media,
        health: () => core.health.monitor.within(1_800, 90_000),
        metrics: createMetrics(core, { version: options.version, host: 'electron' }),
        tokens: core.access.service,
        signIn: core.access.signIn,
        version: options.version,
      });
      running = { host, port: wanted };
      options.logger.info('desktop REST API listening', { url: host.url });
    } catch (error) {
      options.logger.warn('desktop REST API not started', {
        port: wanted,
        error: errorMessage(error),
      });
    }
  }

  return {
    url: () => running?.host.url ?? null,
    apply() {
      // One change at a time: a quick on-off-on never leaves two listeners.
      chain = chain.then(reconcile, reconcile);
      return chain;
    },
    close() {
      chain = chain.then(stop, stop);
      return chain;
    },
  };
}
