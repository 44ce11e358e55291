import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { utilityProcess } from 'electron';
import type { ProbeLauncher } from '../health/storage-probe';

/**
 * The storage probe in the desktop app: Electron's utility process (a Node environment of its
 * own), so the app never needs ELECTRON_RUN_AS_NODE, which the packaged build turns off with a
 * fuse. The probe's source is written once to a file in `dir` (a utility process runs a module
 * file, not a string).
 */
export function utilityProbeLauncher(dir: string): ProbeLauncher {
  let file: string | null = null;
  return (source, argument) => {
    if (file === null) {
      file = join(dir, 'storage-probe.cjs');
      writeFileSync(file, source);
    }
    const child = utilityProcess.fork(file, [argument], {
      stdio: 'pipe',
      serviceName: 'Archivist storage check',
    });
    return {
      stdout: child.stdout,
      stderr: child.stderr,
      kill: () => void child.kill(),
      // A utility process belongs to the app: nothing to let go of beyond killing it.
      abandon: () => undefined,
      onExit: (listener) => void child.once('exit', listener),
      onError: (listener) =>
        void child.once('error', (type: string, location: string) =>
          listener(new Error(`The storage check failed (${type} at ${location}).`)),
        ),
    };
  };
}
