import type { HealthReport } from '../shared/health';
import { errorMessage } from '../shared/errors';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SyncStatus } from '../shared/catalog';
import type { HostSettings } from '../shared/settings';
import { createCore, type Core, type CorePlatform } from '../main/app/core';
import { createMetrics } from '../main/app/metrics';
import { acquireDataLock } from '../main/app/data-lock';
import { localCaller } from '../main/contract';
import { appVersion, defaultDataDir, sourceRoot } from '../main/app/paths';
import { TestClock, testClockWanted } from '../main/app/test-clock';
import { startBrowserHost } from '../main/host/browser-host';
import { planListen, type ListenPlan } from '../main/host/listen-plan';
import { createFileLogger } from '../main/logging/logger';
import { FlagReader, parseArgs, UsageError } from './args';
import { captionsConvert, captionsValidate } from './captions.command';
import { PUBLISH_HELP, publishCommand, publishRequest } from './publish.command';
import { fetchHealth, formatHealth, HEALTH_HELP } from './health.command';
import { SAMPLES_HELP, samplesCommand } from './samples.command';
import { SIM_HELP, simCommand } from './sim.command';

const HELP = `archivist: Archivist Desktop on the command line

Usage:
  archivist serve [--demo] [--port N] [--data-dir DIR] [--demo-shows N] [--demo-samples false]
                  [--host ADDR] [--tls-cert FILE --tls-key FILE] [--public-url URL]
                  [--allow-plain-http]
      Start the core and serve the app to a browser, on 127.0.0.1 unless --host (or Settings ›
      Station host) names another address, which needs TLS or --allow-plain-http. Prints the
      address to open (it carries a per-run token while sign-in is off). --demo uses the built-in Cablecast simulator when no
      server is set up, and adds sample recordings of its meetings as a storage folder
      (unless there are storage folders already, or --demo-samples false).
  archivist sync [--full] [--data-dir DIR]
      Bring the local show catalog up to date with the Cablecast server in the settings
      (incremental: what changed since the last sync; --full: every show). Prints progress;
      exits non-zero when the sync fails. Ctrl+C cancels it, keeping what was written.
${PUBLISH_HELP}  archivist captions validate FILE [--start-timecode 01:00:00;00]
      Check an SCC file: every problem with its line and word. Exit 0 valid, 1 errors.
  archivist captions convert IN OUT [--start-timecode 01:00:00;00] [--rows N]
      SRT, WebVTT or Whisper JSON to SCC (pop-on, drop-frame), or SCC to WebVTT or SRT,
      by the files' extensions. The output appears atomically; an invalid SCC is never written.
${HEALTH_HELP}${SAMPLES_HELP}${SIM_HELP}  archivist help
`;

/** Where a command writes, and what it builds the core with (tests swap both). */
export interface CliOptions {
  out?: (text: string) => void;
  err?: (text: string) => void;
  /** Overrides for the core's platform (a test's secret store, logger, environment). */
  platform?: Partial<CorePlatform>;
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/**
 * Runs a command that writes the data folder while holding the folder's lock: taken before the core
 * opens anything, released after the core is disposed. A second writer (the desktop app, another
 * host or sync) would corrupt the sync's bookkeeping, so it is refused with the holder named.
 */
/** The core as a command uses it: its log in the file only, and no schedules. */
function commandCore(dataDir: string, options: CliOptions): Promise<Core> {
  return createCore({
    dataDir,
    host: 'browser',
    appVersion: appVersion(),
    env: process.env,
    // The log file only: this command's own lines are what a terminal should show.
    logger: createFileLogger({ file: join(dataDir, 'logs', 'archivist.log') }),
    // A command does what it was asked; the app runs the schedules.
    runSchedules: false,
    ...options.platform,
  });
}

async function holdingDataFolder(
  dataDir: string,
  command: string,
  run: () => Promise<number>,
): Promise<number> {
  const lock = await acquireDataLock({ dataDir, command });
  try {
    return await run();
  } finally {
    lock.release();
  }
}

async function health(flags: FlagReader, options: CliOptions): Promise<number> {
  const url = flags.string('url');
  const json = flags.bool('json');
  const dataDir = flags.string('data-dir') ?? defaultDataDir();
  flags.rejectUnknown();
  const out = options.out ?? ((text: string) => process.stdout.write(text));
  const print = (report: HealthReport): number => {
    out(json ? `${JSON.stringify(report, null, 2)}\n` : formatHealth(report));
    return report.healthy ? 0 : 1;
  };
  if (url) return print(await fetchHealth(url));
  return holdingDataFolder(dataDir, 'archivist health', async () => {
    const core = await commandCore(dataDir, options);
    try {
      return print(await core.health.monitor.check());
    } finally {
      await core.dispose();
    }
  });
}

async function serve(flags: FlagReader): Promise<number> {
  const demo = flags.bool('demo');
  const port = flags.int('port', 0, 65_535);
  const listen: Partial<HostSettings> = {
    ...(port === undefined ? {} : { port }),
    ...optional('bindAddress', flags.string('host')),
    ...optional('tlsCertPath', flags.string('tls-cert')),
    ...optional('tlsKeyPath', flags.string('tls-key')),
    ...optional('publicUrl', flags.string('public-url')),
    ...(flags.bool('allow-plain-http') ? { allowPlainHttp: true } : {}),
  };
  const dataDir = flags.string('data-dir') ?? defaultDataDir();
  const demoShows = flags.int('demo-shows', 1, 200_000) ?? 2_000;
  const demoSamples = flags.string('demo-samples') !== 'false';
  flags.rejectUnknown();

  const rendererDir = join(sourceRoot(), 'out', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    process.stderr.write(
      `The app's pages are not built yet (${rendererDir} is missing). Run "npm run build" first, or use "npm run demo".\n`,
    );
    return 1;
  }

  return holdingDataFolder(dataDir, 'browser host', () =>
    serveWithLock({ dataDir, rendererDir, listen, demo, demoShows, demoSamples }),
  );
}

function optional<K extends keyof HostSettings>(
  key: K,
  value: HostSettings[K] | undefined,
): Partial<HostSettings> {
  return value === undefined ? {} : { [key]: value };
}

async function serveWithLock(options: {
  dataDir: string;
  rendererDir: string;
  listen: Partial<HostSettings>;
  demo: boolean;
  demoShows: number;
  demoSamples: boolean;
}): Promise<number> {
  const { dataDir, rendererDir, listen, demo, demoShows, demoSamples } = options;
  const testClock = testClockWanted(process.env) ? new TestClock() : null;
  const core = await createCore({
    dataDir,
    host: 'browser',
    appVersion: appVersion(),
    env: process.env,
    demoShows,
    demoSamples,
    ...(testClock ? { now: testClock.now } : {}),
  });
  if (demo) {
    const c = core.settings.get().cablecast;
    if (c.mode !== 'demo' && c.serverUrl.trim() === '') {
      await core.dispatcher.dispatch(
        'demo.use',
        {},
        localCaller('command', 'cli', 'archivist serve'),
      );
    } else if (c.mode !== 'demo') {
      process.stdout.write(
        `A Cablecast server is already set up (${c.serverUrl}); --demo left it in place.\n`,
      );
    }
  }
  let plan: ListenPlan;
  try {
    plan = planListen(core.settings.get().host, listen, (path) => readFileSync(path));
  } catch (error) {
    process.stderr.write(`${errorMessage(error)}\n`);
    await core.dispose();
    return 2;
  }
  const host = await startBrowserHost({
    dispatcher: core.dispatcher,
    rendererDir,
    host: plan.host,
    port: plan.port,
    tls: plan.tls,
    publicUrl: plan.publicUrl,
    logger: core.logger,
    media: core.library.media,
    health: () => core.health.monitor.within(1_800, 90_000),
    metrics: createMetrics(core, { version: appVersion(), host: 'browser' }),
    tokens: core.access.service,
    signIn: core.access.signIn,
    version: appVersion(),
    testClock: testClock && {
      set(at) {
        testClock.set(at);
        // Look at once: what is due at the new time runs now, not at the next look.
        core.schedules.scheduler.tick();
        core.runner.wake();
        return new Date(testClock.now()).toISOString();
      },
    },
  });
  core.access.setRedirectUri(`${host.url}/auth/callback`);
  const signIn = core.access.signIn.enabled();
  process.stdout.write(
    [
      'Archivist Desktop is running.',
      plan.warning ? `  WARNING: ${plan.warning}` : null,
      signIn
        ? `  Open: ${host.url}/ (sign-in is on: the per-run token is refused)`
        : `  Open: ${host.openUrl}`,
      `  Sign-in callback to register with the identity provider: ${host.url}/auth/callback`,
      `  Data folder: ${dataDir}`,
      `  API: ${host.url}/api/docs (API tokens in Settings)`,
      core.demo.url ? `  Demo Cablecast server: ${core.demo.url}` : null,
      testClock
        ? '  Test clock: on (ARCHIVIST_TEST_CLOCK=1): POST /api/test/clock moves it.'
        : null,
      'Press Ctrl+C to stop.',
      '',
    ]
      .filter((l) => l !== null)
      .join('\n'),
  );
  await waitForSignal();
  await host.close();
  await core.dispose();
  return 0;
}

function percent(done: number, total: number): string {
  return total === 0 ? '' : ` (${Math.floor((done / total) * 100)}%)`;
}

const PHASE_WORDS: Partial<Record<SyncStatus['phase'], string>> = {
  lookups: 'reading categories, producers, projects, locations and show fields',
  listing: 'listing shows',
  fetching: 'fetching shows',
  deleting: 'looking for shows deleted on the server',
};

/**
 * Prints a line per phase and one per tenth of the shows fetched: enough to follow a long sync in
 * a terminal or a log, without a line per event.
 */
function progressPrinter(out: (text: string) => void): (status: SyncStatus) => void {
  let phase: SyncStatus['phase'] | null = null;
  let tenth = -1;
  return (status) => {
    if (!status.running) return;
    // Progress events are throttled, so the last tenth may only show in the next phase's event.
    if ((status.phase === 'fetching' || phase === 'fetching') && status.total > 0) {
      const now = Math.floor((status.done / status.total) * 10);
      if (now > tenth) {
        tenth = now;
        out(`    ${status.done} of ${status.total} shows${percent(status.done, status.total)}\n`);
      }
    }
    if (status.phase !== phase) {
      phase = status.phase;
      const words = PHASE_WORDS[status.phase];
      if (words) out(`  ${words}...\n`);
    }
  };
}

async function sync(flags: FlagReader, options: CliOptions): Promise<number> {
  const full = flags.bool('full');
  const dataDir = flags.string('data-dir') ?? defaultDataDir();
  flags.rejectUnknown();
  const out = options.out ?? ((text: string) => process.stdout.write(text));
  const err = options.err ?? ((text: string) => process.stderr.write(text));

  return holdingDataFolder(dataDir, 'archivist sync', () =>
    syncWithLock({ full, dataDir, out, err, options }),
  );
}

async function syncWithLock(args: {
  full: boolean;
  dataDir: string;
  out: (text: string) => void;
  err: (text: string) => void;
  options: CliOptions;
}): Promise<number> {
  const { full, dataDir, out, err, options } = args;
  const core = await commandCore(dataDir, options);
  const print = progressPrinter(out);
  const unsubscribe = core.hub.subscribe((event, payload) => {
    if (event === 'sync.progress') print(payload as SyncStatus);
  });
  const onSignal = (): void => {
    err('Cancelling the sync (what was written is kept)...\n');
    core.catalog.sync.cancel();
  };
  process.once('SIGINT', onSignal);
  try {
    const mode = full ? 'full' : 'incremental';
    const settings = core.settings.get().cablecast;
    const server = settings.mode === 'demo' ? 'the demo server' : settings.serverUrl || '(none)';
    const location =
      settings.locationId === null ? 'all locations' : `location ${settings.locationId}`;
    out(`Syncing the show catalog from ${server} (${mode}, ${location}).\n`);
    const started = Date.now();
    let status: SyncStatus;
    try {
      status = await core.catalog.sync.runToEnd(mode);
    } catch (error) {
      err(`archivist: ${errorMessage(error)}\n`);
      return 1;
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const counts = `${status.added} added, ${status.updated} updated, ${status.deleted} deleted`;
    for (const warning of status.warnings) out(`  warning: ${warning.message}\n`);
    if (status.phase === 'done') {
      out(
        `Done in ${seconds} s: ${status.showCount} shows in the catalog (${counts}${status.warnings.length > 0 ? `, ${status.warnings.length} skipped` : ''}).\n`,
      );
      return 0;
    }
    if (status.phase === 'cancelled') {
      out(`Cancelled after ${seconds} s (${counts} before it stopped).\n`);
      return 130;
    }
    err(`Sync failed after ${seconds} s: ${status.error ?? 'unknown error'}\n`);
    err(`What was written before it stopped is kept (${counts}); run it again to resume.\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    unsubscribe();
    await core.dispose();
  }
}

async function publish(
  args: { positionals: string[] },
  flags: FlagReader,
  options: CliOptions,
): Promise<number> {
  const request = publishRequest(args.positionals, flags);
  const dataDir = flags.string('data-dir') ?? defaultDataDir();
  flags.rejectUnknown();
  const out = options.out ?? ((text: string) => process.stdout.write(text));
  const err = options.err ?? ((text: string) => process.stderr.write(text));

  return holdingDataFolder(dataDir, 'archivist publish', async () => {
    const core = await commandCore(dataDir, options);
    const stop = new AbortController();
    const onSignal = (): void => {
      err('Stopping the wait (the jobs stay queued)...\n');
      stop.abort();
    };
    process.once('SIGINT', onSignal);
    try {
      return await publishCommand(core, request, { out, err, stop: stop.signal });
    } finally {
      process.off('SIGINT', onSignal);
      await core.dispose();
    }
  });
}

async function captions(
  args: { positionals: string[] },
  flags: FlagReader,
  options: CliOptions,
): Promise<number> {
  const [action, ...files] = args.positionals;
  const startTimecode = flags.string('start-timecode');
  const rows = action === 'convert' ? flags.int('rows', 1, 4) : undefined;
  flags.rejectUnknown();
  const write = options.out ?? ((text: string) => process.stdout.write(text));
  const out = { write: (text: string) => void write(text) };
  if (action === 'validate' && files.length === 1 && files[0]) {
    return captionsValidate(files[0], out, startTimecode ? { startTimecode } : {});
  }
  if (action === 'convert' && files.length === 2 && files[0] && files[1]) {
    return captionsConvert(files[0], files[1], {
      out,
      ...(startTimecode ? { offset: startTimecode } : {}),
      ...(rows ? { maxRows: rows } : {}),
    });
  }
  throw new UsageError(
    'Use "archivist captions validate FILE" or "archivist captions convert IN OUT".',
  );
}

export async function main(argv: readonly string[], options: CliOptions = {}): Promise<number> {
  const args = parseArgs(argv);
  const flags = new FlagReader(args);
  try {
    switch (args.command) {
      case 'serve':
        return await serve(flags);
      case 'sync':
        return await sync(flags, options);
      case 'publish':
        return await publish(args, flags, options);
      case 'captions':
        return await captions(args, flags, options);
      case 'health':
        return await health(flags, options);
      case 'samples': {
        const write = options.out ?? ((text: string) => process.stdout.write(text));
        return await samplesCommand(args, flags, { write: (text: string) => void write(text) });
      }
      case 'sim': {
        const write = options.out ?? ((text: string) => process.stdout.write(text));
        return await simCommand(flags, { write: (text: string) => void write(text) }, () =>
          waitForSignal(),
        );
      }
      case null:
      case 'help':
        process.stdout.write(HELP);
        return args.command === null ? 1 : 0;
      default:
        throw new UsageError(`Unknown command "${args.command}".`);
    }
  } catch (error) {
    const err = options.err ?? ((text: string) => process.stderr.write(text));
    if (error instanceof UsageError) {
      err(`${error.message}\n\n${HELP}`);
      return 2;
    }
    err(`archivist: ${errorMessage(error)}\n`);
    return 1;
  }
}
