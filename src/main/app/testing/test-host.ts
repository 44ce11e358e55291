import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBrowserHost, type BrowserHost } from '../../host/browser-host';
import type { Core } from '../core';

/** The browser host over a test's core, with a one-page renderer in its data folder. */
export function startTestHost(
  core: Core,
  dataDir: string,
  options: Omit<Parameters<typeof startBrowserHost>[0], 'dispatcher' | 'rendererDir'> = {},
): Promise<BrowserHost> {
  const renderer = join(dataDir, 'renderer');
  mkdirSync(renderer, { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html>');
  return startBrowserHost({ dispatcher: core.dispatcher, rendererDir: renderer, ...options });
}
