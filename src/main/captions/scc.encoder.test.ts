import { describe, expect, it } from 'vitest';
import type { SourceCue } from './caption.types';
import { convertToScc } from './caption-convert';
import { decodeScc } from './scc.decoder';
import { encodeScc } from './scc.encoder';
import { parseSrt } from './srt.parser';
import {
  expectDecoderAgrees,
  expectFfmpegAgrees,
  expectMatchesSource,
  expectWellFormedScc,
} from './testing/round-trip';
import { frameToDropFrameLabel, frameToSeconds, parseStartTimecode } from './timecode';

const FRAME = 1001 / 30000;

function cue(
  start: number,
  end: number,
  text: string,
  line = Math.round(start * 10) + 1,
): SourceCue {
  return { start, end, text, line };
}

/** Every encoded file: well formed, read back exactly by our decoder, and true to its source. */
function checkEncoded(
  cues: SourceCue[],
  options: Parameters<typeof encodeScc>[1] = {},
  maxDelay?: number,
) {
  const result = encodeScc(cues, options);
  expectWellFormedScc(result.scc);
  expectDecoderAgrees(result.scc, result.captions, options.startFrame ?? 0);
  expectMatchesSource(result.captions, cues, result.diagnostics, maxDelay);
  return result;
}

function labels(scc: string): string[] {
  return scc
    .split('\r\n')
    .filter((l) => /^\d/.test(l))
    .map((l) => l.split('\t')[0] ?? '');
}

function lineWith(scc: string, words: string): string | undefined {
  return scc.split('\r\n').find((l) => l.split('\t')[1] === words);
}

const COUNCIL_SRT = `1
00:00:03,000 --> 00:00:06,500
Good evening. I call this meeting
of the Birchwood City Council to order.

2
00:00:07,200 --> 00:00:09,000
Will the clerk please call the roll?

3
00:00:09,000 --> 00:00:12,250
<i>Councilmember Muñoz?</i> Here.
Councilmember García? Present.

4
00:00:14,000 --> 00:00:22,000
The first item on tonight's agenda is the public hearing on the proposed budget amendment for fiscal year 2025, which staff will present, followed by questions from the council and then public comment.

5
00:00:23,500 --> 00:00:25,000
♪ (music) ♪
`;

describe('SCC encoding, each file checked by our decoder and by ffmpeg', () => {
  it('writes pop-on captions from SRT: bottom rows, 32 columns, sent ahead, erased at the end', async () => {
    const source = parseSrt(COUNCIL_SRT);
    expect(source.diagnostics).toEqual([]);
    const result = checkEncoded(source.cues);
    expect(result.diagnostics).toEqual([]);
    expect(result.captions.map((c) => c.lines)).toEqual([
      ['Good evening. I', 'call this meeting'],
      ['of the Birchwood City', 'Council to order.'],
      ['Will the clerk', 'please call the roll?'],
      ['Councilmember Muñoz? Here.', 'Councilmember García? Present.'],
      ["The first item on tonight's", 'agenda is the public'],
      ['hearing on the proposed budget', 'amendment for fiscal year 2025,'],
      ['which staff will present,'],
      ['followed by questions from the', 'council and then public comment.'],
      ['♪ (music) ♪'],
    ]);
    // 3.000 s is frame 89.91: the End Of Caption goes on frame 90, labelled 00:00:03;00, and the
    // caption's words are sent in the frames just before it, one a frame.
    const lines = result.scc.split('\r\n').filter((l) => l !== '');
    const [loadLabel = '', loadWords = ''] = lines[1]?.split('\t') ?? [];
    expect(loadWords.startsWith('9420 9420 94ae 94ae 9454 9454 ')).toBe(true);
    expect(loadLabel).toBe(frameToDropFrameLabel(90 - loadWords.split(' ').length));
    expect(lines[2]).toBe('00:00:03;00\t942f 942f');
    // Rows 14 and 15 (PACs 94d0/9470 or, centred, 9452/94f2 with tab offsets).
    expect(result.scc).toContain('94f2 94f2 97a2 97a2');
    // A gap after the cue ending at 6.5 s: erased on frame 195 (6.5065 s).
    expect(lineWith(result.scc, '942c 942c')).toBe('00:00:06;15\t942c 942c');
    // Cues 2 and 3 touch: no erase between them, the next End Of Caption replaces the caption.
    expect(result.captions[2]?.end).toBe(result.captions[3]?.start);
    // The last caption is erased at its end.
    expect(labels(result.scc).at(-1)).toBe('00:00:24;29');
    await expectFfmpegAgrees(result.scc, result.captions);
  });

  it('encodes WebVTT with tags, and Whisper JSON segments and words', async () => {
    const vtt = `WEBVTT

NOTE made by a transcription vendor

intro
00:00:05.000 --> 00:00:08.000 align:start line:0
<v Mayor Chen>We'll begin with the <b>consent</b> agenda.</v>

00:10.000 --> 00:12.500
<c.yellow>Motion</c> &amp; second &lt;item 4&gt;
`;
    const fromVtt = convertToScc(vtt, 'vtt');
    expect(fromVtt.ok).toBe(true);
    expect(fromVtt.captions.map((c) => c.lines)).toEqual([
      ["We'll begin with", 'the consent agenda.'],
      ['Motion & second <item 4>'],
    ]);
    expectWellFormedScc(fromVtt.scc);
    expectDecoderAgrees(fromVtt.scc, fromVtt.captions);

    const whisper = JSON.stringify({
      text: ' Thank you. Next item.',
      segments: [
        { id: 0, start: 2.0, end: 4.2, text: ' Thank you, Madam Chair.' },
        {
          id: 1,
          start: 4.2,
          end: 7.9,
          text: ' The next item is a resolution on the library hours.',
        },
      ],
      language: 'en',
    });
    const fromJson = convertToScc(whisper, 'whisper-json');
    expect(fromJson.ok).toBe(true);
    expect(fromJson.captions.map((c) => c.lines.join(' '))).toEqual([
      'Thank you, Madam Chair.',
      'The next item is a resolution on the library hours.',
    ]);
    expectWellFormedScc(fromJson.scc);
    expectDecoderAgrees(fromJson.scc, fromJson.captions);

    const words = JSON.stringify({
      word_segments: [
        { word: 'Roll', start: 1.0, end: 1.3 },
        { word: 'call', start: 1.3, end: 1.6 },
        { word: 'please.', start: 1.6, end: 2.1 },
        { word: 'Here.', start: 4.0, end: 4.4 },
      ],
    });
    const fromWords = convertToScc(words, 'whisper-json');
    expect(fromWords.captions.map((c) => c.lines.join(' '))).toEqual([
      'Roll call please.',
      'Here.',
    ]);
    expectWellFormedScc(fromWords.scc);
    expectDecoderAgrees(fromWords.scc, fromWords.captions);

    await expectFfmpegAgrees(fromVtt.scc, fromVtt.captions);
    await expectFfmpegAgrees(fromJson.scc, fromJson.captions);
    await expectFfmpegAgrees(fromWords.scc, fromWords.captions);
  });

  it('labels from a start timecode, so a source starting at 01:00:00;00 lines up', async () => {
    const startFrame = parseStartTimecode('01:00:00;00');
    const cues = [cue(10, 12, 'Ten seconds in.'), cue(3600, 3603, 'One hour in.')];
    const result = checkEncoded(cues, { startFrame });
    const eoc = result.scc
      .split('\r\n')
      .filter((l) => l.endsWith('942f 942f'))
      .map((l) => l.split('\t')[0]);
    // 10 s is frame 300 after the start: 01:00:10;00. An hour in is 02:00:00;00, not 02:00:03;18.
    expect(eoc).toEqual(['01:00:10;00', '02:00:00;00']);
    const decoded = decodeScc(result.scc, { startFrame });
    expect(decoded.cues[0]?.start).toBeCloseTo(frameToSeconds(300), 9);
    expect(decoded.cues[1]?.start).toBeCloseTo(3600, 2);
    await expectFfmpegAgrees(result.scc, result.captions, 3600);
  });

  it('writes wall-clock times as drop-frame labels (never as non-drop: 3.6 s late an hour)', async () => {
    const cues = [60, 600, 3600, 7200, 4 * 3600 - 10].map((t, i) =>
      cue(t, t + 2, `Caption ${i + 1}`),
    );
    const result = checkEncoded(cues);
    const eoc = result.scc
      .split('\r\n')
      .filter((l) => l.endsWith('942f 942f'))
      .map((l) => l.split('\t')[0]);
    // 60 s is frame 1798.2, just before the minute's drop: 00:00:59;28 (a non-drop writer says
    // 00:01:00:00). Drop-frame gains 0.018 frame every ten minutes: 3:59:50 is 03:59:50;01.
    expect(eoc).toEqual([
      '00:00:59;28',
      '00:10:00;00',
      '01:00:00;00',
      '02:00:00;00',
      '03:59:50;01',
    ]);
    await expectFfmpegAgrees(result.scc, result.captions);
  });

  it('encodes special and extended characters, with the fallback before each extended one', async () => {
    const cues = [
      cue(2, 5, '¿Dónde está Peña? ¡Aquí! Ünal Müller'),
      cue(6, 9, 'São Paulo: Ørsted straße ♪ ½ 98° “quoted”'),
      cue(10, 12, 'Français: À la carte, çà et là, crème brûlée'),
    ];
    const result = checkEncoded(cues);
    expect(result.diagnostics).toEqual([]);
    expect(result.captions.map((c) => c.lines.join(' '))).toEqual(cues.map((c) => c.text));
    // ü is extended: fallback "u" then 12 25, twice.
    expect(result.scc).toMatch(/75\w\w 9225 9225|\w\w75 9225 9225/);
    await expectFfmpegAgrees(result.scc, result.captions);
  });

  it('maps characters 608 lacks to the closest one, or leaves them out with a warning', async () => {
    const cues = [cue(2, 5, 'Erdős said “ok” — it’s fine… 🎉 done'), cue(6, 8, 'Łódź and 東京')];
    const result = checkEncoded(cues);
    expect(result.captions.map((c) => c.lines.join(' '))).toEqual([
      "Erdos said “ok” — it's fine... done",
      'Lódz and', // ó is in the basic set
    ]);
    const codes = result.diagnostics.map((d) => [d.code, d.line]);
    expect(codes).toContainEqual(['character-replaced', 21]);
    expect(codes).toContainEqual(['character-dropped', 21]);
    expect(result.diagnostics.find((d) => d.message.includes('🎉'))?.message).toMatch(
      /U\+1F389.*left out/,
    );
    await expectFfmpegAgrees(result.scc, result.captions);
  });

  it('breaks at words into rows of at most 32 columns, cutting a word longer than a row', async () => {
    const url = 'https://www.birchwood.example.gov/agendas/2025-01-07';
    const result = checkEncoded([cue(3, 9, `Agendas are online at ${url} for everyone.`)]);
    for (const c of result.captions)
      for (const l of c.lines) expect(l.length).toBeLessThanOrEqual(32);
    expect(result.captions.map((c) => c.lines.join(' ')).join(' ')).toContain(
      'https://www.birchwood.example.go v/agendas',
    );
    await expectFfmpegAgrees(result.scc, result.captions);
  });

  it('splits a long cue into captions within its time rather than dropping text', async () => {
    const long =
      'Staff recommends approval of the variance with three conditions. First, the applicant shall ' +
      'plant screening trees along the north property line. Second, lighting shall be shielded. ' +
      'Third, construction hours are limited to weekdays.';
    const result = checkEncoded([cue(5, 20, long)]);
    expect(result.captions.length).toBeGreaterThanOrEqual(4);
    expect(result.captions[0]?.start).toBeCloseTo(frameToSeconds(150), 9);
    expect(result.captions.at(-1)?.end).toBeCloseTo(frameToSeconds(599), 9);
    expect(result.diagnostics).toEqual([]);
    // Sentence ends are preferred cut points.
    expect(result.captions.some((c) => c.lines.at(-1)?.endsWith('conditions.'))).toBe(true);
    await expectFfmpegAgrees(result.scc, result.captions);
  });

  it('puts up to four rows per caption when asked, on the bottom rows, left-aligned if asked', async () => {
    const text =
      'One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen.';
    const result = checkEncoded([cue(4, 12, text)], { maxRows: 4, align: 'left' });
    expect(result.captions).toHaveLength(1);
    expect(result.captions[0]?.lines).toHaveLength(4);
    // Row 12 at column 0 is 13 50 (with parity 13d0), then 13 70, 94 50, 94 70.
    expect(result.scc).toMatch(/13d0 13d0 .* 1370 1370 .* 94d0 94d0 .* 9470 9470 /);
    await expectFfmpegAgrees(result.scc, result.captions);
  });

  it('keeps a caption up across a gap too short to blank the screen, and erases across a longer one', async () => {
    const result = checkEncoded([
      cue(3, 5, 'First.'),
      cue(5.1, 7, 'Second.'),
      cue(8, 10, 'Third.'),
    ]);
    // 0.1 s (3 frames) is a flicker: no erase; "First." stays until "Second." replaces it.
    expect(result.captions[0]?.end).toBe(result.captions[1]?.start);
    expect(result.captions[1]?.end).toBeCloseTo(frameToSeconds(210), 9);
    expect(result.scc.match(/942c 942c/g)).toHaveLength(2);
    await expectFfmpegAgrees(result.scc, result.captions);
  });

  it('lets an overlapping cue replace the one before, and says so', async () => {
    const result = checkEncoded([
      cue(3, 8, 'Speaker one talking.'),
      cue(5, 9, 'Speaker two interrupts.'),
    ]);
    expect(result.captions[0]?.end).toBeCloseTo(result.captions[1]?.start ?? 0, 9);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['overlap']);
    await expectFfmpegAgrees(result.scc, result.captions);
  });

  it('shifts captions that would overlap in transmission, in order and with a warning', async () => {
    const cues = [
      cue(0.5, 1, 'Right at the start of the recording there is a caption.', 1),
      cue(1.1, 1.6, 'And another one very soon after it, just as long as the first.', 5),
      cue(1.6, 2.2, 'A third, also long, in the same second of the meeting.', 9),
      cue(1.6, 3.2, 'Same start as the one before.', 13),
    ];
    const result = checkEncoded(cues, {}, 4);
    const delayed = result.diagnostics.filter((d) => d.code === 'caption-delayed');
    expect(delayed.length).toBeGreaterThanOrEqual(3);
    expect(delayed[0]?.message).toMatch(
      /appears \d\.\d\d s late: there is not enough time before it to send its \d+ words/,
    );
    // Never two captions at once, never out of order, every word of every cue still there.
    expect(result.captions.map((c) => c.sourceLine)).toEqual([1, 5, 9, 13]);
    await expectFfmpegAgrees(result.scc, result.captions);
  });

  it('encodes nothing, with an error, when there is no text', () => {
    const result = convertToScc('1\n00:00:01,000 --> 00:00:02,000\n<i></i>\n', 'srt');
    expect(result.ok).toBe(false);
    expect(result.scc).toBe('');
    expect(result.diagnostics.map((d) => d.code)).toEqual(['no-cues', 'empty-cue']);
  });
});

describe('SCC encoding timing rules', () => {
  it('sends each caption ahead so that End Of Caption lands on the cue start frame', async () => {
    const result = encodeScc([cue(10, 12, 'Hello there, council.')]);
    const lines = result.scc.split('\r\n').filter((l) => /^\d/.test(l));
    const [loadLabel, loadWords] = lines[0]!.split('\t');
    const n = loadWords!.split(' ').length;
    const eoc = lines[1]!;
    expect(eoc).toBe('00:00:10;00\t942f 942f');
    const load = decodeScc(`Scenarist_SCC V1.0\r\n\r\n${loadLabel}\t942c\r\n`).stats.firstFrame!;
    expect(load + n).toBe(300);
    expect(result.captions[0]?.start).toBeCloseTo(FRAME * 300, 9);
    await expectFfmpegAgrees(result.scc, result.captions);
  });
});
