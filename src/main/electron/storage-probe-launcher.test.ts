import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./test/fake-electron'));

import { PROBE_SOURCE, processProber } from '../health/storage-probe';
import { utilityProbeLauncher } from './storage-probe-launcher';
import { resetFakeElectron, utilityProcess } from './test/fake-electron';

let dir: string;
beforeEach(() => {
  resetFakeElectron();
  dir = mkdtempSync(join(tmpdir(), 'archivist-probe-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the storage probe in the desktop app', () => {
  it("runs in Electron's utility process from a file of its own, without ELECTRON_RUN_AS_NODE", async () => {
    const probe = processProber(utilityProbeLauncher(dir));
    const [here, gone] = await probe([dir, join(dir, 'unplugged')], 10_000);
    expect(here).toMatchObject({ exists: true, readable: true, writable: true, error: null });
    expect(gone).toMatchObject({ exists: false, error: expect.stringMatching(/^ENOENT/) });
    await probe([dir], 10_000);
    // One file, written once, forked each time with the folders as its argument.
    const file = join(dir, 'storage-probe.cjs');
    expect(readFileSync(file, 'utf8')).toBe(PROBE_SOURCE);
    expect(utilityProcess.forks.map((f) => f.modulePath)).toEqual([file, file]);
    expect(JSON.parse(utilityProcess.forks[1]!.args[0]!)).toEqual([dir]);
  });
});
