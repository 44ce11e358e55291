import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createCore } from '../main/app/core';
import { appVersion, defaultDataDir, sourceRoot } from '../main/app/paths';
import { startBrowserHost } from '../main/host/browser-host';
import { startSimulator } from '../main/simulator';
import { FlagReader, parseArgs, UsageError } from './args';

const HELP = `archivist: Archivist Desktop on the command line

Usage:
  archivist serve [--demo] [--port N] [--data-dir DIR] [--demo-shows N]
      Start the core and serve the app to a browser on 127.0.0.1. Prints the address to open
      (it carries a per-run token). --demo uses the built-in Cablecast simulator when no
      server is set up.
  archivist sim [--port N] [--shows N] [--seed N] [--offset-mode page|index]
                [--anonymous-cache-ms N] [--latency-ms N]
      Run the Cablecast simulator alone (users admin/admin, operator/operator, viewer/viewer).
  archivist help
`;

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

async function serve(flags: FlagReader): Promise<number> {
  const demo = flags.bool('demo');
  const port = flags.int('port', 0, 65_535) ?? 0;
  const dataDir = flags.string('data-dir') ?? defaultDataDir();
  const demoShows = flags.int('demo-shows', 1, 200_000) ?? 2_000;
  flags.rejectUnknown();

  const rendererDir = join(sourceRoot(), 'out', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    process.stderr.write(
      `The app's pages are not built yet (${rendererDir} is missing). Run "npm run build" first, or use "npm run demo".\n`,
    );
    return 1;
  }

  const core = await createCore({
    dataDir,
    host: 'browser',
    appVersion: appVersion(),
    env: process.env,
    demoShows,
  });
  if (demo) {
    const c = core.settings.get().cablecast;
    if (c.mode !== 'demo' && c.serverUrl.trim() === '') {
      await core.dispatcher.dispatch('demo.use', {});
    } else if (c.mode !== 'demo') {
      process.stdout.write(
        `A Cablecast server is already set up (${c.serverUrl}); --demo left it in place.\n`,
      );
    }
  }
  const host = await startBrowserHost({
    dispatcher: core.dispatcher,
    rendererDir,
    port,
    logger: core.logger,
  });
  process.stdout.write(
    [
      'Archivist Desktop is running.',
      `  Open: ${host.openUrl}`,
      `  Data folder: ${dataDir}`,
      core.demo.url ? `  Demo Cablecast server: ${core.demo.url}` : null,
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

async function sim(flags: FlagReader): Promise<number> {
  const port = flags.int('port', 0, 65_535) ?? 0;
  const shows = flags.int('shows', 0, 500_000) ?? 2_000;
  const seed = flags.int('seed', 0, 2 ** 31) ?? 1;
  const offsetMode = flags.string('offset-mode') ?? 'page';
  if (offsetMode !== 'page' && offsetMode !== 'index') {
    throw new UsageError(`--offset-mode must be "page" or "index" (got "${offsetMode}").`);
  }
  const anonymousCacheMs = flags.int('anonymous-cache-ms', 0, 3_600_000) ?? 0;
  const latency = flags.int('latency-ms', 0, 60_000) ?? 0;
  flags.rejectUnknown();
  const simulator = await startSimulator({
    port,
    seed: { shows, randomSeed: seed },
    offsetMode,
    anonymousCacheMs,
  });
  if (latency > 0) simulator.addFault({ kind: 'latency', value: latency });
  process.stdout.write(
    `Cablecast simulator on ${simulator.apiBase} with ${shows} shows. Users: admin/admin, operator/operator, viewer/viewer. Ctrl+C stops it.\n`,
  );
  await waitForSignal();
  await simulator.close();
  return 0;
}

export async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  const flags = new FlagReader(args);
  try {
    switch (args.command) {
      case 'serve':
        return await serve(flags);
      case 'sim':
        return await sim(flags);
      case null:
      case 'help':
        process.stdout.write(HELP);
        return args.command === null ? 1 : 0;
      default:
        throw new UsageError(`Unknown command "${args.command}".`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${HELP}`);
      return 2;
    }
    process.stderr.write(`archivist: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
