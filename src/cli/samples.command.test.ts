import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlagReader, parseArgs, UsageError } from './args';
import { samplesCommand } from './samples.command';

let dir: string;
let printed: string;
const out = {
  write: (text: string) => {
    printed += text;
  },
};

function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  return samplesCommand(args, new FlagReader(args), out);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'archivist-cli-samples-'));
  printed = '';
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('archivist samples', () => {
  it('writes the samples linked to the built-in shows and lists them', async () => {
    const target = join(dir, 'library');
    expect(await run(['samples', target])).toBe(0);
    expect(printed).toContain(
      `Sample recordings in ${target}, linked to the built-in sample shows:`,
    );
    expect(printed).toContain('24101-1-City-Council-Regular-meeting.mp4 + .scc, _summary.txt');
    expect(printed).toContain('-> linked; show 24101 by file key: City Council Regular meeting');
    expect(printed).toMatch(/Wrote 9 recordings \(\d+ files, videos of 15 s from 01:00:00;00/);
    expect(existsSync(join(target, '24101-1-City-Council-Regular-meeting.scc'))).toBe(true);
  });

  it('links to meetings of the demo catalog with --shows', async () => {
    expect(await run(['samples', dir, '--shows', '300'])).toBe(0);
    expect(printed).toContain(
      'linked to meetings of the demo catalog of 300 shows (seed 20260101)',
    );
    expect(printed).not.toContain('show 24101');
    expect(readdirSync(dir).some((f) => /^\d+-1-.*\.mp4$/.test(f))).toBe(true);
  });

  it('refuses wrong usage', async () => {
    await expect(run(['samples'])).rejects.toBeInstanceOf(UsageError);
    await expect(run(['samples', dir, 'other'])).rejects.toBeInstanceOf(UsageError);
    await expect(run(['samples', dir, '--shows', '0'])).rejects.toThrow(/--shows must be/);
    await expect(run(['samples', dir, '--colour', 'red'])).rejects.toThrow(/Unknown option/);
  });
});
