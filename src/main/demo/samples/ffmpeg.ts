/** Finding ffmpeg and making small test-pattern videos with it. */
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { findOnPath } from '../../library/probe';

export type VideoEncoder = 'libx264' | 'mpeg4';

interface FfmpegTools {
  path: string;
  video: VideoEncoder;
  /** False when this ffmpeg has no AAC encoder: the videos are silent. */
  aac: boolean;
}

interface PatternVideo {
  pattern: 'testsrc2' | 'smptebars';
  durationSec: number;
  /** Hz of the tone under the picture. */
  toneHz: number;
  /** Written into the file's metadata. */
  title: string;
  /** e.g. `01:00:00;00` (drop-frame: the video runs at 29.97 fps). */
  startTimecode: string;
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** ffmpeg from ARCHIVIST_FFMPEG (when it is an executable file), else from the PATH; or null. */
export function locateFfmpeg(env: Record<string, string | undefined>): string | null {
  const fromEnv = env.ARCHIVIST_FFMPEG?.trim();
  if (fromEnv && isExecutable(fromEnv)) return resolve(fromEnv);
  return findOnPath(env, 'ffmpeg');
}

function run(
  file: string,
  args: readonly string[],
  timeoutMs: number,
): Promise<{ ok: true; stdout: string } | { ok: false; problem: string }> {
  return new Promise((done) => {
    execFile(
      file,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        if (!error) {
          done({ ok: true, stdout });
          return;
        }
        const said = stderr.split(/\r?\n/).find((l) => l.trim() !== '');
        done({
          ok: false,
          problem: error.killed
            ? `it did not finish within ${Math.round(timeoutMs / 1000)} seconds`
            : (said?.trim() ?? error.message),
        });
      },
    );
  });
}

/** What this ffmpeg can encode: H.264 (libx264) when it has it, else MPEG-4 part 2. */
export async function inspectFfmpeg(
  ffmpegPath: string,
): Promise<{ tools: FfmpegTools } | { problem: string }> {
  const result = await run(ffmpegPath, ['-hide_banner', '-encoders'], 15_000);
  if (!result.ok) return { problem: `ffmpeg (${ffmpegPath}) could not be run: ${result.problem}` };
  const has = (name: string): boolean =>
    new RegExp(`^\\s*[VAS][A-Z.]{5}\\s+${name}\\s`, 'm').test(result.stdout);
  const video = has('libx264') ? 'libx264' : has('mpeg4') ? 'mpeg4' : null;
  if (!video) {
    return {
      problem: `ffmpeg (${ffmpegPath}) has neither the libx264 nor the mpeg4 video encoder.`,
    };
  }
  return { tools: { path: ffmpegPath, video, aac: has('aac') } };
}

/**
 * Writes a tiny 320x180, 29.97 fps test-pattern video with a quiet tone and the start timecode
 * in its metadata. It is encoded under a hidden temporary name and renamed when complete, so a
 * folder scan never sees half a video.
 */
export async function writePatternVideo(
  tools: FfmpegTools,
  out: string,
  video: PatternVideo,
): Promise<string | null> {
  const temp = join(dirname(out), `.${basename(out)}.partial`);
  const d = String(video.durationSec);
  const encode =
    tools.video === 'libx264'
      ? ['-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '36', '-threads', '1']
      : ['-c:v', 'mpeg4', '-q:v', '8'];
  const audio = tools.aac
    ? ['-map', '1:a', '-filter:a', 'volume=0.15', '-c:a', 'aac', '-b:a', '32k', '-ac', '1']
    : ['-an'];
  const args = [
    ...['-hide_banner', '-nostdin', '-v', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `${video.pattern}=size=320x180:rate=30000/1001:duration=${d}`],
    ...['-f', 'lavfi', '-i', `sine=frequency=${video.toneHz}:sample_rate=48000:duration=${d}`],
    ...['-map', '0:v', ...encode, '-g', '150', '-pix_fmt', 'yuv420p'],
    ...audio,
    ...['-t', d, '-timecode', video.startTimecode],
    ...['-map_metadata', '-1', '-metadata', `title=${video.title}`],
    ...['-fflags', '+bitexact', '-flags:v', '+bitexact', '-flags:a', '+bitexact'],
    ...['-movflags', '+faststart', '-f', 'mp4', temp],
  ];
  const result = await run(tools.path, args, 120_000);
  if (!result.ok) {
    await rm(temp, { force: true });
    return result.problem;
  }
  await rename(temp, out);
  return null;
}
