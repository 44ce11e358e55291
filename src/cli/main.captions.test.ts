import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from './main';

let dir: string;
let printed: string;
const options = {
  out: (text: string) => {
    printed += text;
  },
  err: (text: string) => {
    printed += text;
  },
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'archivist-cli-captions-'));
  printed = '';
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('archivist captions', () => {
  it('converts SRT to SCC and validates the result', async () => {
    const srt = join(dir, '21413-1-Council.srt');
    const scc = join(dir, '21413-1-Council.scc');
    writeFileSync(srt, '1\n00:00:01,000 --> 00:00:03,000\nCall to order.\n');
    expect(await main(['captions', 'convert', srt, scc], options)).toBe(0);
    expect(readFileSync(scc, 'utf8')).toMatch(/^Scenarist_SCC V1\.0/);
    printed = '';
    expect(await main(['captions', 'validate', scc], options)).toBe(0);
    expect(printed).toContain('valid');
  });

  it('names the line of a problem and exits 1', async () => {
    const scc = join(dir, 'bad.scc');
    writeFileSync(scc, 'Scenarist_SCC V1.0\n\n00:00:01;00\t9420 zz20\n');
    expect(await main(['captions', 'validate', scc], options)).toBe(1);
    expect(printed).toMatch(/bad\.scc:3:/);
  });

  it('refuses wrong usage with exit 2', async () => {
    expect(await main(['captions', 'explode', 'x'], options)).toBe(2);
    expect(await main(['captions', 'validate'], options)).toBe(2);
    expect(await main(['captions', 'validate', 'a.scc', '--colour', 'red'], options)).toBe(2);
  });
});
