/**
 * Video facts (duration, start timecode, frame rate) read with ffprobe. ffprobe is found in the
 * ARCHIVIST_FFPROBE environment variable, then in the bundled @ffprobe-installer package, then on
 * the PATH; without it the library still works, only without durations and timecodes.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { delimiter, isAbsolute, join, resolve, sep } from 'node:path';
import { errorCode, errorMessage } from '../../shared/errors';

export interface FfprobeLocation {
  /** Absolute path of the ffprobe to run, or null when none was found. */
  path: string | null;
  source: 'env' | 'bundled' | 'path' | null;
  /** What an operator should know: why there is none, or why ARCHIVIST_FFPROBE was not used. */
  message: string | null;
}

export interface VideoFacts {
  durationSec: number | null;
  /** The video's start timecode as written in the file, e.g. `01:00:00;00`. */
  startTimecode: string | null;
  /** Frames per second, to three decimals (29.97 for 30000/1001). */
  frameRate: number | null;
  /** What could not be read about the file, in words; null when it probed well. */
  problem: string | null;
  /**
   * True when the problem is not the file's (ffprobe timed out on a slow share, or could not
   * start): worth trying again, and no reason to call the video unusable.
   */
  transient?: boolean;
}

export interface VideoProber {
  available: boolean;
  /** Why video facts cannot be read (no ffprobe), or null. */
  message: string | null;
  /** Never rejects: a bad file gives a `problem`. */
  probe(file: string): Promise<VideoFacts>;
}

export interface VideoProberOptions {
  /** Per file, before ffprobe is killed (default 20 000 ms). */
  timeoutMs?: number;
  /** Probes run at once (default 2): each reads the file's head, maybe over a network share. */
  concurrency?: number;
  /** The message to give when `ffprobePath` is null (default: NOT_FOUND_MESSAGE). */
  unavailableMessage?: string | null;
}

export const FFPROBE_NOT_FOUND_MESSAGE =
  'ffprobe was not found, so video durations and start timecodes cannot be read. Install FFmpeg ' +
  '(ffprobe comes with it), or set the ARCHIVIST_FFPROBE environment variable to the full path ' +
  'of ffprobe, then restart Archivist. Captions, summaries and links still work without it.';

const DEFAULT_TIMEOUT_MS = 20_000;
const MAX_BUFFER = 8 * 1024 * 1024;
const BUNDLED_PACKAGE = '@ffprobe-installer/ffprobe';

function isExecutableFile(path: string): 'ok' | 'missing' | 'not-file' | 'not-executable' {
  try {
    if (!statSync(path).isFile()) return 'not-file';
  } catch {
    return 'missing';
  }
  try {
    accessSync(path, constants.X_OK);
    return 'ok';
  } catch {
    return 'not-executable';
  }
}

/**
 * The ffprobe binary shipped in the optional @ffprobe-installer package, or null when the package
 * or its binary for this platform is not installed. Loaded on first use only.
 */
export function bundledFfprobePath(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const loaded: unknown = require(BUNDLED_PACKAGE);
    const path =
      loaded && typeof loaded === 'object' && 'path' in loaded && typeof loaded.path === 'string'
        ? loaded.path
        : null;
    if (!path) return null;
    // Inside a packaged app the binary is unpacked next to the archive; it cannot run from it.
    return path.replace(`app.asar${sep}`, `app.asar.unpacked${sep}`);
  } catch {
    // Not installed, or no binary for this platform ("Unsupported platform/architecture").
    return null;
  }
}

/** The first executable `name` in the PATH of `env` (with PATHEXT's extensions on Windows). */
export function findOnPath(env: Record<string, string | undefined>, name: string): string | null {
  const pathVar = env.PATH ?? env.Path ?? '';
  const extensions =
    process.platform === 'win32'
      ? (env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter((e) => e !== '')
      : [''];
  for (const dir of pathVar.split(delimiter)) {
    if (dir.trim() === '' || !isAbsolute(dir)) continue;
    for (const ext of extensions) {
      const candidate = join(dir, name + ext.toLowerCase());
      if (isExecutableFile(candidate) === 'ok') return candidate;
    }
  }
  return null;
}

/**
 * Finds ffprobe: ARCHIVIST_FFPROBE first (it must be an executable file; if it is not, the next
 * place is used and `message` says why), then the bundled package, then `ffprobe` on the PATH.
 * `bundled` is for tests (default: bundledFfprobePath).
 */
export function locateFfprobe(
  env: Record<string, string | undefined>,
  options: { bundled?: () => string | null } = {},
): FfprobeLocation {
  let warning: string | null = null;
  const fromEnv = env.ARCHIVIST_FFPROBE?.trim();
  if (fromEnv) {
    const state = isExecutableFile(fromEnv);
    if (state === 'ok') return { path: resolve(fromEnv), source: 'env', message: null };
    const why =
      state === 'missing'
        ? 'that file does not exist'
        : state === 'not-file'
          ? 'that is a folder, not the ffprobe program'
          : 'that file is not executable (check its permissions)';
    warning = `ARCHIVIST_FFPROBE is set to "${fromEnv}", but ${why}.`;
  }
  const bundled = (options.bundled ?? bundledFfprobePath)();
  if (bundled && isExecutableFile(bundled) === 'ok') {
    return {
      path: bundled,
      source: 'bundled',
      message: warning && `${warning} The ffprobe that comes with Archivist is used instead.`,
    };
  }
  const found = findOnPath(env, 'ffprobe');
  if (found) {
    return {
      path: found,
      source: 'path',
      message: warning && `${warning} The ffprobe found on the PATH (${found}) is used instead.`,
    };
  }
  return {
    path: null,
    source: null,
    message: warning ? `${warning} ${FFPROBE_NOT_FOUND_MESSAGE}` : FFPROBE_NOT_FOUND_MESSAGE,
  };
}

// ---- reading ffprobe's answer -----------------------------------------------------------------

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function positiveNumber(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** `00:00:15.015000000` (Matroska's DURATION tag) as seconds. */
function clockDuration(v: unknown): number | null {
  if (typeof v !== 'string') return null;
  const m = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(v.trim());
  if (!m) return null;
  return positiveNumber(Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]));
}

/** `30000/1001` → 29.97; `0/0` and nonsense → null. */
export function parseFrameRate(v: unknown): number | null {
  if (typeof v !== 'string') return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(\d+(?:\.\d+)?))?\s*$/.exec(v);
  if (!m) return null;
  const num = Number(m[1]);
  const den = m[2] === undefined ? 1 : Number(m[2]);
  if (!(den > 0) || !(num > 0)) return null;
  const rate = num / den;
  // Above 1000 fps is a time base, not a frame rate (some containers report 90000/1).
  return rate > 1000 ? null : Math.round(rate * 1000) / 1000;
}

const TIMECODE = /^\d{2}:\d{2}:\d{2}[:;.,]\d{2,3}$/;

function timecodeTag(tags: unknown): string | null {
  if (!isObject(tags)) return null;
  for (const [key, value] of Object.entries(tags)) {
    if (
      key.toLowerCase() === 'timecode' &&
      typeof value === 'string' &&
      TIMECODE.test(value.trim())
    )
      return value.trim();
  }
  return null;
}

function streamsOf(answer: Json): Json[] {
  return Array.isArray(answer.streams) ? answer.streams.filter(isObject) : [];
}

function isCoverArt(stream: Json): boolean {
  return isObject(stream.disposition) && stream.disposition.attached_pic === 1;
}

/** The facts in ffprobe's JSON (`-show_format -show_streams`). Exported for tests. */
export function factsFromFfprobe(answer: unknown): VideoFacts {
  if (!isObject(answer)) {
    return {
      durationSec: null,
      startTimecode: null,
      frameRate: null,
      problem: 'ffprobe gave an answer that could not be read.',
    };
  }
  const format = isObject(answer.format) ? answer.format : {};
  const streams = streamsOf(answer);
  const video = streams.find((s) => s.codec_type === 'video' && !isCoverArt(s)) ?? null;
  const durationSec =
    positiveNumber(format.duration) ??
    positiveNumber(video?.duration) ??
    clockDuration(isObject(video?.tags) ? video.tags.DURATION : undefined) ??
    streams.map((s) => positiveNumber(s.duration)).find((d) => d !== null) ??
    null;
  const tmcd = streams.filter((s) => s.codec_tag_string === 'tmcd' || s.codec_type === 'data');
  const startTimecode =
    timecodeTag(video?.tags) ??
    timecodeTag(format.tags) ??
    tmcd.map((s) => timecodeTag(s.tags)).find((t) => t !== null) ??
    null;
  if (!video) {
    const hasAudio = streams.some((s) => s.codec_type === 'audio');
    return {
      durationSec,
      startTimecode,
      frameRate: null,
      problem: hasAudio
        ? 'The file has sound but no picture: it is an audio file, not a video.'
        : 'The file has no video stream: it is not a video.',
    };
  }
  const frameRate = parseFrameRate(video.avg_frame_rate) ?? parseFrameRate(video.r_frame_rate);
  return { durationSec, startTimecode, frameRate, problem: null };
}

// ---- running ffprobe --------------------------------------------------------------------------

function failed(problem: string): VideoFacts {
  return { durationSec: null, startTimecode: null, frameRate: null, problem };
}

/** Checks the file before starting a process for it: gone, a folder, empty, unreadable. */
async function preflight(file: string): Promise<string | null> {
  try {
    const s = await stat(file);
    if (s.isDirectory()) return 'This is a folder, not a video file.';
    if (s.size === 0) return 'The video file is empty (0 bytes).';
    return null;
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') return 'The video file is not there any more (moved or deleted?).';
    if (code === 'EACCES' || code === 'EPERM')
      return 'Permission denied reading the video file: this account may not open it.';
    return `The video file could not be read (${code ?? String(error)}).`;
  }
}

/**
 * What ffprobe said, in one line: the line about the file itself ("Invalid data found when
 * processing input"), with the first demuxer detail ("moov atom not found") in brackets.
 */
export function ffprobeComplaint(stderr: string, file: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim().replace(/^\[[^\]]*@\s*0x[0-9a-f]+\]\s*/i, ''))
    .filter((l) => l !== '');
  const about = lines.find((l) => l.startsWith(`${file}: `));
  const detail = lines.find((l) => l !== about);
  if (!about) return detail ?? '';
  const said = about.slice(file.length + 2);
  return detail ? `${said} (${detail})` : said;
}

function runFfprobe(ffprobe: string, file: string, timeoutMs: number): Promise<VideoFacts> {
  return new Promise((done) => {
    execFile(
      ffprobe,
      ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file],
      {
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: MAX_BUFFER,
        windowsHide: true,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (error) {
          const code = errorCode(error);
          if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
            done(failed('ffprobe wrote more than expected about this file; it was stopped.'));
          } else if (error.killed && error.signal === 'SIGKILL') {
            done({
              ...failed(
                `ffprobe did not finish reading the file within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} seconds` : `${timeoutMs} ms`} (a slow or unreachable share?); it was stopped.`,
              ),
              transient: true,
            });
          } else if (code === 'ENOENT' || code === 'EACCES') {
            done({
              ...failed(`ffprobe (${ffprobe}) could not be started (${code}).`),
              transient: true,
            });
          } else {
            const said = ffprobeComplaint(stderr, file).replace(/\.$/, '');
            done(
              failed(
                said.startsWith('Invalid data found')
                  ? `The file is not a readable video: it may be damaged, still being written, or not a video at all (ffprobe: ${said}).`
                  : said
                    ? `ffprobe could not read the file: ${said}.`
                    : `ffprobe could not read the file (it stopped with ${error.signal ? `signal ${error.signal}` : `exit code ${String(error.code)}`}).`,
              ),
            );
          }
          return;
        }
        let answer: unknown;
        try {
          answer = JSON.parse(stdout);
        } catch {
          done(failed('ffprobe gave an answer that could not be read.'));
          return;
        }
        done(factsFromFfprobe(answer));
      },
    );
  });
}

/** Runs at most `limit` tasks at once, the rest in order of arrival. */
function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((go) => waiting.push(go));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/**
 * A prober running `ffprobePath` (from locateFfprobe), at most two at once, with a timeout per
 * file. With a null path, `available` is false and every probe answers with the reason.
 */
export function createVideoProber(
  ffprobePath: string | null,
  options: VideoProberOptions = {},
): VideoProber {
  if (ffprobePath === null) {
    const message = options.unavailableMessage ?? FFPROBE_NOT_FOUND_MESSAGE;
    return {
      available: false,
      message,
      probe: () => Promise.resolve(failed(message)),
    };
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const queue = limiter(Math.max(1, options.concurrency ?? 2));
  return {
    available: true,
    message: null,
    probe: async (file: string): Promise<VideoFacts> => {
      // Absolute, so a name starting with "-" is not read as an option, nor "x:" as a protocol.
      const path = resolve(file);
      const before = await preflight(path);
      if (before) return failed(before);
      return queue(() => runFfprobe(ffprobePath, path, timeoutMs)).catch((error: unknown) =>
        failed(`ffprobe could not be run: ${errorMessage(error)}`),
      );
    },
  };
}
