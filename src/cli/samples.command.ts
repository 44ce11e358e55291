import {
  BUILT_IN_SAMPLE_SHOWS,
  DEMO_RANDOM_SEED,
  generateSampleLibrary,
  sampleShowsFromSimulator,
  type SampleRecording,
  type SampleShow,
} from '../main/demo/samples';
import { seedSimulatorData, SimulatorData } from '../main/simulator';
import { UsageError, type FlagReader } from './args';
import type { CommandOutput } from './captions.command';

export const SAMPLES_HELP = `  archivist samples DIR [--shows N] [--seed N]
      Write a small set of sample recordings into DIR (made if needed): tiny 15-second videos
      (ffmpeg needed; without it only the sidecars) with the caption and summary files of the
      cases an operator meets: file-key name, title and date in the name, SCC, SRT, WebVTT,
      Whisper JSON, no captions, a corrupt and an empty SCC, a Latin-1 SRT, a 0-byte video.
      They link to a built-in list of nine meetings (ids 24101-24172), or with --shows N to
      meetings of the demo catalog of N shows (what "serve --demo --demo-shows N" serves;
      --seed picks another simulator seed).
`;

function sidecarsOf(r: SampleRecording): string {
  const stem = r.video.slice(0, -'.mp4'.length);
  const extra = r.files.filter((f) => f !== r.video).map((f) => f.slice(stem.length));
  return extra.length > 0 ? ` + ${extra.join(', ')}` : '';
}

function showsFor(count: number | undefined, seed: number): SampleShow[] {
  if (count === undefined) return [...BUILT_IN_SAMPLE_SHOWS];
  const data = new SimulatorData({ baseUrl: 'http://127.0.0.1', timeZoneOffset: '-05:00' });
  seedSimulatorData(data, { shows: count, randomSeed: seed });
  return sampleShowsFromSimulator(data);
}

/**
 * `archivist samples DIR [--shows N] [--seed N]`: writes the sample recordings and lists them
 * with the show each should link to. Exit 0 when written (even without ffmpeg, which is said).
 */
export async function samplesCommand(
  args: { positionals: string[] },
  flags: FlagReader,
  out: CommandOutput,
): Promise<number> {
  const showCount = flags.int('shows', 1, 500_000);
  const seed = flags.int('seed', 0, 2 ** 31) ?? DEMO_RANDOM_SEED;
  flags.rejectUnknown();
  const [dir, ...rest] = args.positionals;
  if (!dir || rest.length > 0) {
    throw new UsageError('Use "archivist samples DIR [--shows N]": one folder to write into.');
  }
  const shows = showsFor(showCount, seed);
  if (shows.length === 0) {
    out.write('The demo catalog has no shows to link the samples to; try a larger --shows.\n');
    return 1;
  }
  const source =
    showCount === undefined
      ? 'the built-in sample shows'
      : `meetings of the demo catalog of ${showCount} shows (seed ${seed})`;
  const started = Date.now();
  const manifest = await generateSampleLibrary(dir, { shows });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);

  out.write(`Sample recordings in ${manifest.dir}, linked to ${source}:\n`);
  const width = Math.max(...manifest.recordings.map((r) => r.case.length));
  for (const r of manifest.recordings) {
    const show = shows.find((s) => s.id === r.expectedShowId);
    const link = r.expectedLink === 'file-key' ? 'file key' : 'suggestion';
    out.write(
      `  ${r.case.padEnd(width)}  ${r.videoWritten ? '' : '(no video) '}${r.video}${sidecarsOf(r)}\n` +
        `  ${''.padEnd(width)}  -> ${r.expectedState}; show ${r.expectedShowId} by ${link}${show ? `: ${show.title}` : ''}\n`,
    );
  }
  const files = manifest.recordings.reduce((n, r) => n + r.files.length, 0);
  out.write(
    `Wrote ${manifest.recordings.length} recordings (${files} files, videos of ${manifest.durationSec} s from ${manifest.startTimecode}${manifest.encoder ? `, ${manifest.encoder}` : ''}) in ${seconds} s.\n`,
  );
  if (manifest.message) out.write(`Note: ${manifest.message}\n`);
  return 0;
}
