import { describe, expect, it } from 'vitest';
import { convertToScc } from './caption-convert';
import { decodeScc } from './scc.decoder';
import { parseWhisperJson } from './whisper.parser';
import { ffmpegAvailable } from './testing/ffmpeg';
import { generateMeetingTranscript } from './testing/meeting.generator';
import {
  expectDecoderAgrees,
  expectFfmpegAgrees,
  expectMatchesSource,
  expectWellFormedScc,
} from './testing/round-trip';
import { parseStartTimecode } from './timecode';

// A four-hour council meeting as Whisper writes it, generated the same way every run.
const transcript = JSON.stringify(generateMeetingTranscript({ hours: 4, seed: 7 }), null, 2);
const source = parseWhisperJson(transcript);
const converted = convertToScc(transcript, 'whisper-json');

describe('a four-hour meeting', () => {
  it('encodes every segment, well formed, and decodes back to exactly what was encoded', () => {
    expect(source.diagnostics).toEqual([]);
    expect(source.cues.length).toBeGreaterThan(2500);
    expect(converted.ok).toBe(true);
    expectWellFormedScc(converted.scc);
    expectDecoderAgrees(converted.scc, converted.captions);
    expectMatchesSource(converted.captions, source.cues, converted.diagnostics);
    const last = converted.captions.at(-1);
    expect(last?.end).toBeGreaterThan(4 * 3600 - 60);
    expect(last?.end).toBeLessThan(4 * 3600);
    // Fast talkers make a few captions late; never many, never by much.
    const late = converted.captions.filter((c) => c.late > 0);
    expect(late.length).toBeLessThan(converted.captions.length / 100);
    expect(Math.max(...late.map((c) => c.late))).toBeLessThan(1.5);
  });

  it('keeps drop-frame time: the last label is within two frames of the wall clock', () => {
    const decoded = decodeScc(converted.scc);
    const last = decoded.cues.at(-1)!;
    const wanted = source.cues.at(-1)!.end;
    expect(Math.abs((last.end ?? 0) - wanted)).toBeLessThanOrEqual(2 / 29.97);
  });

  it('lines up with a start timecode of 01:00:00;00', async () => {
    const startFrame = parseStartTimecode('01:00:00;00');
    const offset = convertToScc(transcript, 'whisper-json', { startFrame });
    expect(offset.ok).toBe(true);
    expect(offset.scc.split('\r\n')[2]?.startsWith('01:00:0')).toBe(true);
    expectDecoderAgrees(offset.scc, offset.captions, startFrame);
    expect(offset.captions.map((c) => c.start)).toEqual(converted.captions.map((c) => c.start));
    await expectFfmpegAgrees(offset.scc, offset.captions, 3600);
  });

  it.skipIf(!ffmpegAvailable)(
    'is read by ffmpeg with the same text at the same times',
    async () => {
      await expectFfmpegAgrees(converted.scc, converted.captions);
    },
  );
});
