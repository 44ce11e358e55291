import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  convertToScc,
  decodeScc,
  decodeSourceText,
  parseStartTimecode,
  type SourceFormat,
} from '../../captions';
import { SimulatorData, seedSimulatorData } from '../../simulator';
import { parseFileKey } from '../../library/file-key';
import { parseEventDateFromName } from '../../library/filename-date';
import { scanFolders } from '../../library/folder-scanner';
import { LinkIndex, suggestLinks } from '../../library/link-suggestions';
import { createVideoProber, locateFfprobe } from '../../library/probe';
import {
  BUILT_IN_SAMPLE_SHOWS,
  DEMO_RANDOM_SEED,
  generateSampleLibrary,
  locateFfmpeg,
  SAMPLE_CASES,
  sampleShowsFromSimulator,
  type SampleManifest,
  type SampleRecording,
} from '.';

const START_FRAME = parseStartTimecode('01:00:00;00');
const NOW = new Date('2026-11-25T12:00:00Z');
let root: string;
let manifest: SampleManifest;
let sidecarsOnly: SampleManifest;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'archivist-samples-'));
  manifest = await generateSampleLibrary(join(root, 'with-videos'), {
    shows: [],
    ffmpegPath: locateFfmpeg(process.env),
  });
  sidecarsOnly = await generateSampleLibrary(join(root, 'sidecars-only'), {
    shows: [],
    ffmpegPath: null,
  });
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function recording(m: SampleManifest, c: SampleRecording['case']): SampleRecording {
  const r = m.recordings.find((x) => x.case === c);
  if (!r) throw new Error(`no ${c} sample`);
  return r;
}

function read(m: SampleManifest, file: string): Buffer {
  return readFileSync(join(m.dir, file));
}

function sourceFormat(file: string): SourceFormat {
  if (file.endsWith('.srt')) return 'srt';
  if (file.endsWith('.vtt')) return 'vtt';
  return 'whisper-json';
}

describe('generateSampleLibrary with ffmpeg', () => {
  it('writes one recording per case, every listed file, and nothing half-written', () => {
    expect(manifest.videos).toBe(true);
    expect(manifest.message).toBeNull();
    expect(manifest.encoder).toBe('libx264');
    expect(manifest.durationSec).toBe(15);
    expect(manifest.recordings.map((r) => r.case)).toEqual(SAMPLE_CASES);
    const listed = manifest.recordings.flatMap((r) => r.files).sort();
    expect(readdirSync(manifest.dir).sort()).toEqual(listed);
    for (const r of manifest.recordings) {
      expect(r.files[0]).toBe(r.video);
      expect(r.videoWritten).toBe(true);
    }
  });

  it('makes videos that probe with a duration, 29.97 fps and the 01:00:00;00 timecode', async () => {
    const prober = createVideoProber(locateFfprobe(process.env).path);
    for (const r of manifest.recordings) {
      const facts = await prober.probe(join(manifest.dir, r.video));
      if (r.case === 'zero-byte-video') {
        expect(facts.problem).toBe('The video file is empty (0 bytes).');
        expect(statSync(join(manifest.dir, r.video)).size).toBe(0);
        continue;
      }
      expect(facts.problem, r.video).toBeNull();
      expect(facts.durationSec).toBeGreaterThan(14.9);
      expect(facts.durationSec).toBeLessThan(15.2);
      expect(facts.startTimecode).toBe('01:00:00;00');
      expect(facts.frameRate).toBe(29.97);
    }
  });

  it('writes valid SCC that decodes cleanly from the 01:00:00;00 start', () => {
    for (const c of ['file-key-linked', 'zero-byte-video'] as const) {
      const r = recording(manifest, c);
      const decoded = decodeScc(read(manifest, r.caption!.file), { startFrame: START_FRAME });
      expect(decoded.valid).toBe(true);
      expect(decoded.diagnostics).toEqual([]);
      expect(decoded.cues.length).toBe(6);
      expect(decoded.cues[0]!.start).toBeGreaterThan(0);
      expect(decoded.cues.at(-1)!.end).toBeLessThan(15);
    }
  });

  it('damages the corrupt SCC with a parity error and a garbage line', () => {
    const r = recording(manifest, 'corrupt-scc');
    const decoded = decodeScc(read(manifest, r.caption!.file), { startFrame: START_FRAME });
    expect(decoded.valid).toBe(false);
    expect(decoded.diagnostics.map((d) => d.code)).toEqual(
      expect.arrayContaining(['parity', 'bad-timecode']),
    );
    // The rest still decodes, as it would on air.
    expect(decoded.cues.length).toBe(6);
  });

  it('writes an empty SCC that is invalid', () => {
    const r = recording(manifest, 'empty-scc');
    expect(read(manifest, r.caption!.file).length).toBe(0);
    const decoded = decodeScc(read(manifest, r.caption!.file));
    expect(decoded.valid).toBe(false);
    expect(decoded.diagnostics[0]?.code).toBe('empty-file');
  });

  it('writes SRT, WebVTT and Whisper JSON that convert to SCC without a problem', () => {
    for (const c of ['title-date-suggested', 'webvtt-markdown', 'whisper-no-summary'] as const) {
      const r = recording(manifest, c);
      const source = decodeSourceText(read(manifest, r.caption!.file));
      expect(source.diagnostics).toEqual([]);
      const result = convertToScc(source.text, sourceFormat(r.caption!.file), {
        startFrame: START_FRAME,
      });
      expect(result.ok, c).toBe(true);
      expect(result.diagnostics, c).toEqual([]);
    }
  });

  it('writes the Latin-1 SRT as Windows-1252 bytes that read back with a warning', () => {
    const r = recording(manifest, 'latin1-srt');
    const bytes = read(manifest, r.caption!.file);
    expect(bytes.includes(0xe9)).toBe(true); // é as one byte
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const source = decodeSourceText(bytes);
    expect(source.diagnostics.map((d) => d.code)).toEqual(['not-utf8']);
    expect(source.text).toContain('Señora Peña and Mr. Müller');
    const result = convertToScc(source.text, 'srt', { startFrame: START_FRAME });
    expect(result.ok).toBe(true);
    const shown = decodeScc(result.scc, { startFrame: START_FRAME }).cues.flatMap((c) => c.lines);
    expect(shown.join(' ')).toContain('café');
  });

  it('writes summaries whose timestamps fall inside the video and whose topics are spoken', () => {
    for (const r of manifest.recordings.filter((x) => x.summary)) {
      const text = read(manifest, r.summary!.file).toString('utf8');
      const headings: string[] =
        r.summary!.format === 'minutes-json'
          ? JSON.parse(text).items.map((i: { title: string }) => i.title)
          : [...text.matchAll(/\[\d\d:\d\d:\d\d\] ([^:\n]+)/g)].map((m) => m[1]!);
      expect(headings.length, r.summary!.file).toBe(3);
      const stamps = [...text.matchAll(/\b(\d\d):(\d\d):(\d\d)\b/g)].map(
        (m) => Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]),
      );
      expect(stamps.length, r.summary!.file).toBeGreaterThanOrEqual(3);
      for (const s of stamps) expect(s).toBeLessThan(manifest.durationSec);
      const bytes = read(manifest, r.caption!.file);
      const spoken =
        r.caption!.format === 'scc'
          ? decodeScc(bytes, { startFrame: START_FRAME })
              .cues.flatMap((c) => c.lines)
              .join(' ')
          : decodeSourceText(bytes).text.replace(/\s+/g, ' ');
      expect(spoken.toLowerCase(), r.summary!.file).toContain(headings[1]!.toLowerCase());
    }
    const txt = read(manifest, recording(manifest, 'file-key-linked').summary!.file).toString();
    expect(txt.split('\n')[0]).toBe(BUILT_IN_SAMPLE_SHOWS[0]!.title);
    expect(txt).toContain(
      '[00:00:00] Call to order\n[00:00:05] Public comment\n[00:00:10] Adjournment',
    );
    const minutes = JSON.parse(
      read(manifest, recording(manifest, 'title-date-suggested').summary!.file).toString(),
    );
    expect(minutes.items.map((i: { title: string }) => i.title)).toEqual([
      'Call to order',
      'Main Street reconstruction contract',
      'Adjournment',
    ]);
  });

  it('pairs as the folder scan sees it', async () => {
    const { result } = await scanFolders({ roots: [manifest.dir] });
    expect(result.problems).toEqual([]);
    expect(result.recordings.length).toBe(SAMPLE_CASES.length);
    for (const r of manifest.recordings) {
      const scanned = result.recordings.find((s) => s.relPath === r.video);
      expect(scanned, r.video).toBeDefined();
      expect(scanned!.caption?.format ?? null).toBe(r.caption?.format ?? null);
      expect(scanned!.summary?.format ?? null).toBe(r.summary?.format ?? null);
      expect(scanned!.problems.includes('zero-byte video')).toBe(r.case === 'zero-byte-video');
    }
  });

  it('names recordings so that the file key links exactly and the others rank their show first', () => {
    const index = new LinkIndex(BUILT_IN_SAMPLE_SHOWS.map((s) => ({ ...s, cgTitle: null })));
    for (const r of manifest.recordings) {
      const show = BUILT_IN_SAMPLE_SHOWS.find((s) => s.id === r.expectedShowId)!;
      const key = parseFileKey(r.video);
      if (r.expectedLink === 'file-key') {
        expect(key).toEqual({ showId: r.expectedShowId, reel: 1 });
      } else {
        expect(key, r.video).toBeNull();
        const days = parseEventDateFromName(r.video, { now: NOW }).map((d) => d.date);
        expect(days, r.video).toContain(show.eventDate!.slice(0, 10));
      }
      const best = suggestLinks({ fileName: r.video, durationSec: 15 }, index, { now: NOW });
      expect(best.suggestions[0]?.showId, r.video).toBe(r.expectedShowId);
    }
  });
});

describe('generateSampleLibrary without ffmpeg', () => {
  it('writes the sidecars and the empty video, and says why there are no videos', () => {
    expect(sidecarsOnly.videos).toBe(false);
    expect(sidecarsOnly.encoder).toBeNull();
    expect(sidecarsOnly.message).toMatch(/^ffmpeg was not found, so the sample videos were not/);
    for (const r of sidecarsOnly.recordings) {
      expect(r.videoWritten).toBe(r.case === 'zero-byte-video');
      for (const f of r.files) expect(existsSync(join(sidecarsOnly.dir, f)), f).toBe(true);
    }
    expect(readdirSync(sidecarsOnly.dir).filter((f) => f.endsWith('.mp4'))).toEqual([
      recording(sidecarsOnly, 'zero-byte-video').video,
    ]);
  });

  it('writes the same sidecar bytes as a run with ffmpeg (deterministic)', () => {
    expect(sidecarsOnly.recordings.map((r) => r.video)).toEqual(
      manifest.recordings.map((r) => r.video),
    );
    for (const r of sidecarsOnly.recordings) {
      for (const f of r.files)
        expect(read(sidecarsOnly, f).equals(read(manifest, f)), f).toBe(true);
    }
  });

  it('reports an ffmpeg that cannot run instead of throwing', async () => {
    const m = await generateSampleLibrary(join(root, 'bad-ffmpeg'), {
      shows: [],
      ffmpegPath: join(root, 'no-such-ffmpeg'),
    });
    expect(m.videos).toBe(false);
    expect(m.message).toMatch(/could not be run.*only their captions and summaries were written/);
  });
});

describe('generateSampleLibrary with given shows', () => {
  it('keeps names apart when one show serves every case, and copes with no event date', async () => {
    const m = await generateSampleLibrary(join(root, 'one-show'), {
      shows: [{ id: 7, title: 'Town Hall: Budget / Q&A?', eventDate: null, totalRunTime: null }],
      ffmpegPath: null,
      durationSec: 6,
    });
    const stems = m.recordings.map((r) => r.video.toLowerCase());
    expect(new Set(stems).size).toBe(SAMPLE_CASES.length);
    expect(m.recordings[0]!.video).toBe('7-1-Town-Hall-Budget-Q&A.mp4');
    expect(m.recordings.every((r) => r.expectedShowId === 7)).toBe(true);
    expect(m.durationSec).toBe(6);
    const scc = read(m, recording(m, 'file-key-linked').caption!.file);
    expect(decodeScc(scc, { startFrame: START_FRAME }).valid).toBe(true);
  });
});

describe('sampleShowsFromSimulator', () => {
  it('picks recent meetings of different bodies from a seeded catalog', () => {
    const data = new SimulatorData({ baseUrl: 'http://sim.test', timeZoneOffset: '-05:00' });
    seedSimulatorData(data, { shows: 400, randomSeed: 20_260_101 });
    const shows = sampleShowsFromSimulator(data, { count: 9, now: NOW });
    expect(shows.length).toBe(9);
    expect(new Set(shows.map((s) => s.id)).size).toBe(9);
    for (const s of shows) {
      expect(s.title).toMatch(/meeting|work session|hearing/i);
      expect(Date.parse(s.eventDate!)).toBeLessThanOrEqual(NOW.getTime());
    }
    expect(sampleShowsFromSimulator(data, { count: 9, now: NOW })).toEqual(shows);
  });

  it('gives demo samples whose best suggestion is their show in the whole catalog', async () => {
    const data = new SimulatorData({ baseUrl: 'http://sim.test', timeZoneOffset: '-05:00' });
    seedSimulatorData(data, { shows: 2000, randomSeed: DEMO_RANDOM_SEED });
    const shows = sampleShowsFromSimulator(data, { now: NOW });
    const m = await generateSampleLibrary(join(root, 'demo'), { shows, ffmpegPath: null });
    data.buildAll();
    const index = new LinkIndex(
      [...data.showIds()].map((id) => {
        const s = data.getShow(id)!;
        return { ...s, cgTitle: s.cgTitle ?? null };
      }),
    );
    for (const r of m.recordings) {
      const best = suggestLinks({ fileName: r.video, durationSec: 15 }, index, { now: NOW });
      expect(best.suggestions[0]?.showId, r.video).toBe(r.expectedShowId);
    }
  });
});
