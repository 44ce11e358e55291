/**
 * The project's own sample recordings, for tests, E2E and the demo: a handful of tiny videos,
 * each with the sidecars of one situation an operator meets in a real storage folder (an exact
 * file-key link, a name with a title and date, each caption and summary format, missing, broken
 * and mis-encoded captions, an empty video). The same inputs always give the same sidecar bytes.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { RecordingState } from '../../../shared/library';
import { convertToScc, parseStartTimecode, toSrt, toWebVtt, type CaptionCue } from '../../captions';
import type { CaptionFormat, SummaryFormat } from '../../library/folder-scanner';
import { inspectFfmpeg, locateFfmpeg, writePatternVideo, type VideoEncoder } from './ffmpeg';
import {
  bodyOf,
  clockStamp,
  meetingScript,
  monthName,
  SAMPLE_TOPICS,
  summaryProse,
  type AgendaTopic,
  type MeetingScript,
} from './meeting-script';
import { BUILT_IN_SAMPLE_SHOWS, type SampleShow } from './sample-shows';

export type SampleCase =
  | 'file-key-linked'
  | 'title-date-suggested'
  | 'webvtt-markdown'
  | 'whisper-no-summary'
  | 'no-captions'
  | 'corrupt-scc'
  | 'empty-scc'
  | 'latin1-srt'
  | 'zero-byte-video';

export const SAMPLE_CASES: readonly SampleCase[] = [
  'file-key-linked',
  'title-date-suggested',
  'webvtt-markdown',
  'whisper-no-summary',
  'no-captions',
  'corrupt-scc',
  'empty-scc',
  'latin1-srt',
  'zero-byte-video',
];

/** The start timecode of every sample video, and the one its SCC labels count from. */
const SAMPLE_START_TIMECODE = '01:00:00;00';
const DEFAULT_SAMPLE_DURATION_SEC = 15;

export interface SampleSidecar {
  /** File name in the sample folder. */
  file: string;
  format: CaptionFormat | SummaryFormat;
}

export interface SampleRecording {
  case: SampleCase;
  /** What the sample shows, in words. */
  description: string;
  /** The video's file name in the sample folder. */
  video: string;
  /** False when no ffmpeg was available (or it failed): only the sidecars were written. */
  videoWritten: boolean;
  caption: (SampleSidecar & { format: CaptionFormat }) | null;
  summary: (SampleSidecar & { format: SummaryFormat }) | null;
  /** Every file of the recording written (video first when written). */
  files: string[];
  /** The show it belongs to: the file key's, or the one suggestions should rank first. */
  expectedShowId: number;
  /** How it should link: exactly by its file key, or by an operator picking a suggestion. */
  expectedLink: 'file-key' | 'suggestion';
  /** The library state it should end in once examined (before an operator does anything). */
  expectedState: RecordingState;
}

export interface SampleManifest {
  /** Absolute path of the sample folder. */
  dir: string;
  /** True when every sample video (but the deliberately empty one) was written. */
  videos: boolean;
  /** Why videos are missing, in words; null when they were all written. */
  message: string | null;
  encoder: VideoEncoder | null;
  durationSec: number;
  startTimecode: string;
  recordings: SampleRecording[];
}

interface SampleLibraryOptions {
  /** The catalog shows to link to; empty: BUILT_IN_SAMPLE_SHOWS. */
  shows: readonly SampleShow[];
  /** ffmpeg to make the videos with; null: sidecars only; undefined: ARCHIVIST_FFMPEG or PATH. */
  ffmpegPath?: string | null;
  /** Length of each video, 6 to 120 s (default 15). */
  durationSec?: number;
}

type CaptionKind =
  'scc' | 'srt' | 'vtt' | 'whisper-json' | 'corrupt-scc' | 'empty-scc' | 'latin1-srt';

interface CaseSpec {
  case: SampleCase;
  description: string;
  topic: AgendaTopic;
  caption: CaptionKind | null;
  summary: SummaryFormat | null;
  emptyVideo?: boolean;
  pattern: 'testsrc2' | 'smptebars';
  expectedState: RecordingState;
  /** The file's stem from the show's title (no date/time), its event day, and the show id. */
  stem(base: string, day: Day | null, showId: number): string;
}

interface Day {
  y: string;
  m: string;
  d: string;
  month: number;
  day: number;
}

const SHORT_MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

const withDay = (base: string, day: Day | null, dated: (d: Day) => string): string =>
  day ? dated(day) : base;

const CASES: readonly CaseSpec[] = [
  {
    case: 'file-key-linked',
    description:
      'Cablecast file-key name (<show id>-1-<title>) with a valid SCC and a _summary.txt: links exactly.',
    topic: SAMPLE_TOPICS.publicComment,
    caption: 'scc',
    summary: 'summary-txt',
    pattern: 'testsrc2',
    expectedState: 'linked',
    stem: (base, _day, id) => `${id}-1-${base.replace(/\s+/g, '-')}`,
  },
  {
    case: 'title-date-suggested',
    description:
      'The show title with the event date as YYYYMMDD, SRT captions (to convert to SCC) and a _minutes.json summary: ranked suggestions.',
    topic: SAMPLE_TOPICS.mainStreet,
    caption: 'srt',
    summary: 'minutes-json',
    pattern: 'testsrc2',
    expectedState: 'ready',
    stem: (base, day) => withDay(base, day, (t) => `${base} (${t.y}${t.m}${t.d})`),
  },
  {
    case: 'webvtt-markdown',
    description: 'ISO date before the title, WebVTT captions and a .md summary.',
    topic: SAMPLE_TOPICS.rezoning,
    caption: 'vtt',
    summary: 'markdown',
    pattern: 'testsrc2',
    expectedState: 'ready',
    stem: (base, day) => withDay(base, day, (t) => `${t.y}-${t.m}-${t.d} ${base}`),
  },
  {
    case: 'whisper-no-summary',
    description: 'US date (MM-DD-YYYY), Whisper JSON captions, no summary: needs a summary.',
    topic: SAMPLE_TOPICS.parks,
    caption: 'whisper-json',
    summary: null,
    pattern: 'smptebars',
    expectedState: 'needs-summary',
    stem: (base, day) => withDay(base, day, (t) => `${base} ${t.m}-${t.d}-${t.y}`),
  },
  {
    case: 'no-captions',
    description: 'Month name in the date, no caption file: needs captions.',
    topic: SAMPLE_TOPICS.reading,
    caption: null,
    summary: null,
    pattern: 'smptebars',
    expectedState: 'needs-captions',
    stem: (base, day) => withDay(base, day, (t) => `${base} ${monthName(t.month)} ${t.day} ${t.y}`),
  },
  {
    case: 'corrupt-scc',
    description:
      'An SCC with a parity error and a garbage line, and a _summary.txt: the caption is invalid.',
    topic: SAMPLE_TOPICS.libraryHours,
    caption: 'corrupt-scc',
    summary: 'summary-txt',
    pattern: 'smptebars',
    expectedState: 'caption-invalid',
    stem: (base, day) => withDay(base, day, (t) => `${base}_${t.y}_${t.m}_${t.d}`),
  },
  {
    case: 'empty-scc',
    description: 'An empty (0-byte) SCC: the caption is invalid.',
    topic: SAMPLE_TOPICS.grants,
    caption: 'empty-scc',
    summary: null,
    pattern: 'smptebars',
    expectedState: 'caption-invalid',
    stem: (base, day) =>
      withDay(base, day, (t) => `${base} - ${SHORT_MONTHS[t.month - 1] ?? ''} ${t.d}, ${t.y}`),
  },
  {
    case: 'latin1-srt',
    description:
      'An SRT saved as Latin-1 (Windows-1252), not UTF-8, with accented words, and a _summary.md: read with a warning.',
    topic: SAMPLE_TOPICS.cafe,
    caption: 'latin1-srt',
    summary: 'summary-md',
    pattern: 'smptebars',
    expectedState: 'ready',
    stem: (base, day) =>
      withDay(base, day, (t) => `${base} ${t.day} ${SHORT_MONTHS[t.month - 1] ?? ''} ${t.y}`),
  },
  {
    case: 'zero-byte-video',
    description: 'An empty (0-byte) video with a valid SCC: failed (the transfer never finished).',
    topic: SAMPLE_TOPICS.snow,
    caption: 'scc',
    summary: null,
    emptyVideo: true,
    pattern: 'smptebars',
    expectedState: 'failed',
    stem: (base, day) => withDay(base, day, (t) => `${base} ${t.y}${t.m}${t.d}`),
  },
];

const CAPTION_FILE: Record<CaptionKind, { ext: string; format: CaptionFormat }> = {
  scc: { ext: '.scc', format: 'scc' },
  'corrupt-scc': { ext: '.scc', format: 'scc' },
  'empty-scc': { ext: '.scc', format: 'scc' },
  srt: { ext: '.srt', format: 'srt' },
  'latin1-srt': { ext: '.srt', format: 'srt' },
  vtt: { ext: '.vtt', format: 'vtt' },
  'whisper-json': { ext: '.json', format: 'whisper-json' },
};

const SUMMARY_SUFFIX: Record<SummaryFormat, string> = {
  'summary-txt': '_summary.txt',
  'minutes-json': '_minutes.json',
  'summary-md': '_summary.md',
  markdown: '.md',
};

// ---- names ------------------------------------------------------------------------------------

/** The show's title without Cablecast's ` - 1/7/2025 6:30:00 PM`, safe in a file name. */
function baseTitle(show: SampleShow): string {
  const clean = show.title
    .replace(/\s+-\s+\d{1,2}\/\d{1,2}\/\d{2,4}(\s+\d{1,2}:\d{2}(:\d{2})?\s*([AP]M)?)?\s*$/i, '')
    .replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[. ]+$/, '');
  const capped = clean.length > 60 ? clean.slice(0, 60).replace(/\s+\S*$/, '') : clean;
  return capped === '' ? `Show ${show.id}` : capped;
}

function eventDay(show: SampleShow): Day | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(show.eventDate ?? '');
  if (!m?.[1] || !m[2] || !m[3]) return null;
  return { y: m[1], m: m[2], d: m[3], month: Number(m[2]), day: Number(m[3]) };
}

// ---- sidecar contents -------------------------------------------------------------------------

function captionCues(script: MeetingScript): CaptionCue[] {
  return script.cues.map((c) => ({ start: c.start, end: c.end, lines: [c.text], style: 'pop-on' }));
}

function validScc(script: MeetingScript): string {
  const srt = toSrt(captionCues(script));
  const result = convertToScc(srt, 'srt', {
    startFrame: parseStartTimecode(SAMPLE_START_TIMECODE),
  });
  if (!result.ok) {
    // The script is the project's own text: failing here is a bug in it or in the encoder.
    const first = result.diagnostics.find((d) => d.severity === 'error');
    throw new Error(`The sample captions do not encode to SCC: ${first?.message ?? 'unknown'}`);
  }
  return result.scc;
}

/**
 * Damages a valid SCC as a bad copy or a broken tool would: one caption word loses its parity
 * bit, and a line of text that is not caption data appears among the timecoded lines.
 */
function corruptScc(scc: string): string {
  const lines = scc.split('\r\n');
  // Words of two printable characters (not control codes): the first byte is 0x20 or more.
  const printable = (p: string): boolean =>
    /^[0-9a-f]{4}$/.test(p) && (parseInt(p, 16) & 0x6000) !== 0;
  const withText = lines.flatMap((line, i) =>
    /^\d\d:\d\d:\d\d[:;]\d\d\t/.test(line) && line.split(/\s+/).some(printable) ? [i] : [],
  );
  // The second caption, so the first still shows: damage in the middle of a file.
  const target = withText[1] ?? withText[0];
  if (target === undefined) return scc;
  const [label = '', words = ''] = (lines[target] ?? '').split('\t');
  const parts = words.split(' ');
  const w = parts.findIndex(printable);
  const word = parts[w];
  if (word !== undefined) parts[w] = (parseInt(word, 16) ^ 0x8000).toString(16).padStart(4, '0');
  lines[target] = `${label}\t${parts.join(' ')}`;
  lines.splice(target + 2, 0, 'Captions resumed here -- PLEASE CHECK', '');
  return lines.join('\r\n');
}

function whisperJson(script: MeetingScript): string {
  const segments = script.cues.map((c, id) => ({
    id,
    seek: 0,
    start: c.start,
    end: c.end,
    text: ` ${c.text}`,
    avg_logprob: -0.21,
    no_speech_prob: 0.01,
  }));
  const text = segments.map((s) => s.text).join('');
  return `${JSON.stringify({ text, segments, language: 'en' }, null, 2)}\n`;
}

/** Windows-1252 bytes of text whose characters are all in Latin-1. */
function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (ch) => {
    const code = ch.charCodeAt(0);
    return code <= 0xff ? code : 0x3f;
  });
}

interface SummaryInput {
  title: string;
  body: string;
  day: string | null;
  script: MeetingScript;
}

function summaryText(s: SummaryInput): string {
  return [
    s.title,
    '',
    summaryProse(s.body, s.day, s.script),
    '',
    ...s.script.sections.map((x) => `${clockStamp(x.offsetSec)} ${x.heading}`),
    '',
  ].join('\n');
}

function summaryMarkdown(s: SummaryInput): string {
  return [
    `# ${s.title}`,
    '',
    summaryProse(s.body, s.day, s.script),
    '',
    '## Agenda',
    '',
    ...s.script.sections.map((x) => `- ${clockStamp(x.offsetSec)} ${x.heading}: ${x.summary}`),
    '',
  ].join('\n');
}

function minutesJson(s: SummaryInput): string {
  const minutes = {
    title: s.title,
    body: s.body,
    date: s.day,
    summary: summaryProse(s.body, s.day, s.script),
    items: s.script.sections.map((x) => ({
      time: clockStamp(x.offsetSec).slice(1, -1),
      offsetSec: x.offsetSec,
      title: x.heading,
      summary: x.summary,
    })),
  };
  return `${JSON.stringify(minutes, null, 2)}\n`;
}

function summaryContent(format: SummaryFormat, input: SummaryInput): string {
  switch (format) {
    case 'summary-txt':
      return summaryText(input);
    case 'minutes-json':
      return minutesJson(input);
    case 'summary-md':
    case 'markdown':
      return summaryMarkdown(input);
  }
}

function captionContent(kind: CaptionKind, script: MeetingScript): string | Uint8Array {
  switch (kind) {
    case 'scc':
      return validScc(script);
    case 'corrupt-scc':
      return corruptScc(validScc(script));
    case 'empty-scc':
      return '';
    case 'srt':
      return toSrt(captionCues(script));
    case 'latin1-srt':
      // Older Windows tools write CRLF as well as a code page.
      return latin1(toSrt(captionCues(script)).replace(/\n/g, '\r\n'));
    case 'vtt':
      return toWebVtt(captionCues(script));
    case 'whisper-json':
      return whisperJson(script);
  }
}

/** Appears whole or not at all to a scan running at the same time (a hidden temporary first). */
async function writeWhole(path: string, dir: string, name: string, content: string | Uint8Array) {
  const temp = join(dir, `.${name}.partial`);
  await writeFile(temp, content);
  await rename(temp, path);
}

// ---- the library ------------------------------------------------------------------------------

interface Planned {
  spec: CaseSpec;
  show: SampleShow;
  stem: string;
  title: string;
  script: MeetingScript;
  toneHz: number;
}

function plan(shows: readonly SampleShow[], durationSec: number): Planned[] {
  const source = shows.length > 0 ? shows : BUILT_IN_SAMPLE_SHOWS;
  const used = new Set<string>();
  return CASES.map((spec, i) => {
    const show = source[i % source.length] ?? BUILT_IN_SAMPLE_SHOWS[0]!;
    const base = baseTitle(show);
    let stem = spec.stem(base, eventDay(show), show.id);
    // The scan pairs sidecars by case-insensitive stem: two samples must not share one.
    for (let n = 2; used.has(stem.toLowerCase()); n++)
      stem = `${spec.stem(base, eventDay(show), show.id)} (${n})`;
    used.add(stem.toLowerCase());
    return {
      spec,
      show,
      stem,
      title: show.title,
      script: meetingScript(bodyOf(base), spec.topic, durationSec),
      toneHz: 330 + 55 * i,
    };
  });
}

/**
 * Writes the sample recordings into `dir` (made if needed; files of the same names are
 * replaced). Without ffmpeg the sidecars are still written, `videos` is false and `message`
 * says why: that is not an error. Rejects only when `dir` cannot be written.
 */
export async function generateSampleLibrary(
  dir: string,
  options: SampleLibraryOptions,
): Promise<SampleManifest> {
  const root = resolve(dir);
  const durationSec = Math.min(
    120,
    Math.max(6, Math.round(options.durationSec ?? DEFAULT_SAMPLE_DURATION_SEC)),
  );
  await mkdir(root, { recursive: true });
  const planned = plan(options.shows, durationSec);

  // Sidecars first: a library scanning the folder meanwhile finds each video (renamed into place
  // when complete) with its captions and summary already beside it.
  const recordings: SampleRecording[] = [];
  for (const p of planned) {
    const files: string[] = [];
    const day = eventDay(p.show);
    const iso = day ? `${day.y}-${day.m}-${day.d}` : null;
    let caption: SampleRecording['caption'] = null;
    if (p.spec.caption) {
      const { ext, format } = CAPTION_FILE[p.spec.caption];
      const file = `${p.stem}${ext}`;
      await writeWhole(join(root, file), root, file, captionContent(p.spec.caption, p.script));
      caption = { file, format };
      files.push(file);
    }
    let summary: SampleRecording['summary'] = null;
    if (p.spec.summary) {
      const file = `${p.stem}${SUMMARY_SUFFIX[p.spec.summary]}`;
      const input = { title: p.title, body: bodyOf(baseTitle(p.show)), day: iso, script: p.script };
      await writeWhole(join(root, file), root, file, summaryContent(p.spec.summary, input));
      summary = { file, format: p.spec.summary };
      files.push(file);
    }
    recordings.push({
      case: p.spec.case,
      description: p.spec.description,
      video: `${p.stem}.mp4`,
      videoWritten: false,
      caption,
      summary,
      files,
      expectedShowId: p.show.id,
      expectedLink: p.spec.case === 'file-key-linked' ? 'file-key' : 'suggestion',
      expectedState: p.spec.expectedState,
    });
  }
  const videoDone = (i: number): void => {
    const r = recordings[i];
    if (!r) return;
    r.videoWritten = true;
    r.files.unshift(r.video);
  };
  for (const [i, p] of planned.entries()) {
    if (!p.spec.emptyVideo) continue;
    const video = `${p.stem}.mp4`;
    await writeWhole(join(root, video), root, video, '');
    videoDone(i);
  }

  const ffmpegPath =
    options.ffmpegPath === undefined ? locateFfmpeg(process.env) : options.ffmpegPath;
  let message: string | null = null;
  let encoder: VideoEncoder | null = null;
  if (ffmpegPath === null) {
    message =
      'ffmpeg was not found, so the sample videos were not made: only their captions and summaries were written. Install FFmpeg, or set ARCHIVIST_FFMPEG to the full path of ffmpeg.';
  } else {
    const inspected = await inspectFfmpeg(ffmpegPath);
    if ('problem' in inspected) {
      message = `${inspected.problem} The sample videos were not made: only their captions and summaries were written.`;
    } else {
      encoder = inspected.tools.video;
      const tools = inspected.tools;
      const problems: string[] = [];
      // Two at a time: each ffmpeg runs one thread, and the machines have two cores or more.
      const queue = [...planned.entries()].filter(([, p]) => !p.spec.emptyVideo);
      const worker = async (): Promise<void> => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const [i, p] = next;
          const problem = await writePatternVideo(tools, join(root, `${p.stem}.mp4`), {
            pattern: p.spec.pattern,
            durationSec,
            toneHz: p.toneHz,
            title: p.title,
            startTimecode: SAMPLE_START_TIMECODE,
          });
          if (problem === null) videoDone(i);
          else problems.push(`${p.stem}.mp4: ${problem}`);
        }
      };
      await Promise.all([worker(), worker()]);
      if (problems.length > 0) {
        message = `ffmpeg could not make ${problems.length === 1 ? 'a sample video' : `${problems.length} sample videos`} (${problems.sort()[0] ?? ''}); their captions and summaries were written.`;
      }
    }
  }
  // Stale partial files from an interrupted earlier run.
  await Promise.all(planned.map((p) => rm(join(root, `.${p.stem}.mp4.partial`), { force: true })));
  return {
    dir: root,
    videos: recordings.every((r) => r.videoWritten),
    message,
    encoder,
    durationSec,
    startTimecode: SAMPLE_START_TIMECODE,
    recordings,
  };
}
