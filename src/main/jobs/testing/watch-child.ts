import type { ChildProcess } from 'node:child_process';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/**
 * Follows a crash test's child process: `ready` once it prints a line `ready` (or exits first),
 * `exited` with its code, signal and everything it printed; `output()` so far.
 */
export function watchChild(child: ChildProcess): {
  ready: Promise<void>;
  exited: Promise<ChildExit>;
  output: () => string;
} {
  let output = '';
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const onData = (chunk: Buffer): void => {
    output += chunk.toString();
    if (output.includes('ready\n')) markReady();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<ChildExit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, output })),
  );
  void exited.then(markReady);
  return { ready, exited, output: () => output };
}
