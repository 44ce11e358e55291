import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectFfmpeg, locateFfmpeg } from './ffmpeg';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'archivist-ffmpeg-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function standIn(name: string, encoders: string): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    `#!/bin/sh\ncat <<'END'\nEncoders:\n V..... = Video\n ------\n${encoders}\nEND\n`,
  );
  chmodSync(path, 0o755);
  return path;
}

describe('inspectFfmpeg', () => {
  it('uses libx264 when this ffmpeg has it (Debian builds do)', async () => {
    expect(await inspectFfmpeg(locateFfmpeg(process.env)!)).toMatchObject({
      tools: { video: 'libx264', aac: true },
    });
  });

  it('falls back to mpeg4 without libx264, and to silence without aac', async () => {
    const path = standIn('no-x264', ' V.S... mpeg4                MPEG-4 part 2');
    expect(await inspectFfmpeg(path)).toEqual({ tools: { path, video: 'mpeg4', aac: false } });
  });

  it('says when neither encoder is there, or ffmpeg cannot run', async () => {
    const path = standIn('audio-only', ' A..... aac                  AAC (Advanced Audio Coding)');
    expect(await inspectFfmpeg(path)).toEqual({
      problem: `ffmpeg (${path}) has neither the libx264 nor the mpeg4 video encoder.`,
    });
    expect(await inspectFfmpeg(join(dir, 'missing'))).toMatchObject({
      problem: expect.stringMatching(/could not be run/),
    });
  });
});

describe('locateFfmpeg', () => {
  it('prefers ARCHIVIST_FFMPEG, then the PATH', () => {
    const mine = standIn('my-ffmpeg', '');
    expect(locateFfmpeg({ ARCHIVIST_FFMPEG: mine, PATH: '/usr/bin' })).toBe(mine);
    expect(locateFfmpeg({ ARCHIVIST_FFMPEG: join(dir, 'gone'), PATH: '/usr/bin' })).toBe(
      '/usr/bin/ffmpeg',
    );
    expect(locateFfmpeg({ PATH: dir })).toBeNull();
  });
});
