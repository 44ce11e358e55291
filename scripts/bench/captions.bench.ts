import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeScc, encodeScc, parseWhisperJson } from '../../src/main/captions';
import { generateMeetingTranscript } from '../../src/main/captions/testing/meeting.generator';
import { figure, percentile, type BenchFigure } from './harness';

const run = promisify(execFile);
const FFMPEG = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg';
const RUNS = 7;

/** Median wall time of `runs` calls after two warm-ups (the first calls also compile the code). */
async function medianMs(runs: number, fn: () => unknown): Promise<number> {
  await fn();
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return percentile(times, 50);
}

/**
 * A four-hour meeting's captions: Whisper JSON to SCC (parse and encode), and SCC decoded and
 * validated, against ffmpeg decoding the same SCC to SRT in the same run (a child process, so
 * its start-up is part of what it costs a caller).
 */
export async function captionsBenchmarks(): Promise<BenchFigure[]> {
  const transcript = generateMeetingTranscript({ hours: 4, seed: 1 });
  const json = JSON.stringify(transcript, null, 2);
  let scc = '';
  let captions = 0;
  const encodeMs = await medianMs(RUNS, () => {
    const parsed = parseWhisperJson(json);
    const encoded = encodeScc(parsed.cues);
    scc = encoded.scc;
    captions = encoded.captions.length;
  });
  let cues = 0;
  let valid = false;
  const decodeMs = await medianMs(RUNS, () => {
    const decoded = decodeScc(scc);
    cues = decoded.cues.length;
    valid = decoded.valid;
  });
  const sizes = `${(json.length / 1e6).toFixed(1)} MB of JSON, ${transcript.segments.length} segments; SCC ${(scc.length / 1e6).toFixed(1)} MB, ${captions} captions`;

  let reference: number | undefined;
  if (existsSync(FFMPEG)) {
    const dir = mkdtempSync(join(tmpdir(), 'archivist-bench-captions-'));
    try {
      const input = join(dir, 'meeting.scc');
      writeFileSync(input, scc);
      const args = [
        '-v',
        'error',
        '-nostdin',
        '-f',
        'scc',
        '-i',
        input,
        '-y',
        join(dir, 'out.srt'),
      ];
      reference = await medianMs(3, () => run(FFMPEG, args));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return [
    figure('captions.encode.4h.ms', encodeMs, 'ms', '<= 150', {
      note: `Whisper JSON parsed and encoded to SCC: ${sizes}`,
    }),
    figure('captions.decode.4h.ms', decodeMs, 'ms', '<= 150', {
      ...(reference === undefined
        ? {
            note: `${cues} cues${valid ? '' : ' (INVALID)'}; no ffmpeg at ${FFMPEG} for the reference`,
          }
        : {
            reference,
            ratio: reference / decodeMs,
            note: `${cues} cues${valid ? ', valid' : ' (INVALID)'}; reference: ffmpeg -f scc to SRT, child process wall time`,
          }),
    }),
  ];
}
