import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseSrt } from '../srt.parser';

const run = promisify(execFile);

/** Debian's ffmpeg: an SCC decoder written independently of ours. */
const FFMPEG_PATH = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg';
export const ffmpegAvailable = existsSync(FFMPEG_PATH);

let toldMissing = false;
/** Says once per test file that the ffmpeg cross-checks are skipped, and why. */
export function noteFfmpegMissing(): void {
  if (toldMissing) return;
  toldMissing = true;
  console.warn(
    `${FFMPEG_PATH} not found: the ffmpeg cross-checks of SCC files are skipped (CI installs ffmpeg).`,
  );
}

interface FfmpegCue {
  start: number;
  end: number;
  text: string;
}

/**
 * Text as both decoders can agree on it: ffmpeg wraps rows in ASS/HTML tags, writes leading
 * spaces as \h, and draws a few characters with other code points (’ for the apostrophe,
 * - for the em dash).
 */
export function comparableText(text: string): string {
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/\{\\[^}]*\}/g, '')
    .replace(/\\h/g, ' ')
    .replace(/\\N/g, ' ')
    .replace(/[\u00a0\s]+/g, ' ')
    .replace(/[’‘]/g, "'")
    .replace(/—/g, '-')
    .trim();
}

/** `ffmpeg -f scc -i file.scc out.srt`, read back as cues with comparable text. */
export async function decodeWithFfmpeg(scc: string): Promise<FfmpegCue[]> {
  const dir = await mkdtemp(join(tmpdir(), 'archivist-ffmpeg-'));
  try {
    const input = join(dir, 'in.scc');
    const output = join(dir, 'out.srt');
    await writeFile(input, scc);
    await run(FFMPEG_PATH, ['-v', 'error', '-nostdin', '-f', 'scc', '-i', input, '-y', output], {
      maxBuffer: 64 * 1024 * 1024,
    });
    const parsed = parseSrt(await readFile(output, 'utf8'));
    return parsed.cues.map((c) => ({ start: c.start, end: c.end, text: comparableText(c.text) }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
