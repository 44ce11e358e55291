// One sync through the composed core, in a process of its own, as `archivist sync` and the desktop
// app run it: createCore with its settings, keychain-less secrets and every module started, then
// the catalog's sync to its end. Run by catalog.bench.ts through `fork`; it answers with the sync's
// time and the process's peak resident memory, and exits.
import { createCore } from '../../src/main/app/core';
import { silentLogger } from '../../src/main/logging/logger';
import { MemorySecretStore } from '../../src/main/secrets/memory-secret-store';

export interface CoreSyncOptions {
  url: string;
  dataDir: string;
  /** Run in order in the one process; before each after the first it waits for a 'next' message. */
  modes: ('full' | 'incremental')[];
}

export interface CoreSyncReply {
  seconds: number;
  peakRssMb: number;
  phase: string;
  showCount: number;
  added: number;
  updated: number;
  error: string | null;
}

const options = JSON.parse(process.argv[2] ?? '{}') as CoreSyncOptions;
const core = await createCore({
  dataDir: options.dataDir,
  host: 'browser',
  appVersion: 'bench',
  // The station-IT variables, as a fresh install would read them.
  env: {
    CABLECAST_API_URL: options.url,
    CABLECAST_USER_ID: 'admin',
    CABLECAST_PASSWORD: 'admin',
  },
  secrets: new MemorySecretStore(),
  logger: silentLogger,
  prober: { available: false, message: 'not used', probe: () => Promise.reject(new Error('no')) },
});
const next = (): Promise<void> =>
  new Promise((resolve) => process.once('message', () => resolve()));
for (const [index, mode] of options.modes.entries()) {
  // A later sync runs in the warm process, as the desktop app's periodic sync does.
  if (index > 0) await next();
  const started = performance.now();
  const status = await core.catalog.sync.runToEnd(mode);
  // What a sync triggers elsewhere (relinking, ranking) belongs to the sync's cost too.
  await core.library.service.idle();
  const seconds = (performance.now() - started) / 1000;
  const reply: CoreSyncReply = {
    seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    phase: status.phase,
    showCount: status.showCount,
    added: status.added,
    updated: status.updated,
    error: status.error,
  };
  process.send?.(reply);
}
await core.dispose();
process.disconnect();
