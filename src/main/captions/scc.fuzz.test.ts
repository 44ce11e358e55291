import { describe, expect, it } from 'vitest';
import type { CaptionDiagnostic, CaptionCue } from './caption.types';
import { sccWord } from './cea608.tables';
import { decodeScc } from './scc.decoder';
import { encodeScc } from './scc.encoder';
import { parseSrt } from './srt.parser';
import { parseVtt } from './vtt.parser';
import { parseWhisperJson } from './whisper.parser';
import { generateMeetingTranscript, seededRandom } from './testing/meeting.generator';

/** What must hold for any input at all: no exception, sane cues, sane diagnostics. */
function expectSane(
  result: { cues: CaptionCue[]; diagnostics: CaptionDiagnostic[] },
  lines: number,
): void {
  for (const d of result.diagnostics) {
    if (
      d.line < 0 ||
      d.line > lines + 1 ||
      !d.message ||
      (d.severity !== 'error' && d.severity !== 'warning')
    ) {
      throw new Error(`bad diagnostic ${JSON.stringify(d)}`);
    }
  }
  for (const c of result.cues) {
    if (
      c.lines.length < 1 ||
      c.lines.length > 15 ||
      c.lines.some((l) => l.length > 32 || l === '')
    ) {
      throw new Error(`bad cue ${JSON.stringify(c)}`);
    }
    if (c.end !== null && !(c.end > c.start))
      throw new Error(`cue ends before it starts ${JSON.stringify(c)}`);
  }
}

const meeting = encodeScc(
  generateMeetingTranscript({ hours: 0.25, seed: 3 }).segments.map((s, i) => ({
    start: s.start,
    end: s.end,
    text: s.text,
    line: i + 1,
  })),
).scc;

describe('SCC decoder on damaged and random input', () => {
  it('never throws on random bytes', () => {
    const random = seededRandom(11);
    for (let n = 0; n < 300; n++) {
      const bytes = new Uint8Array(Math.floor(random() * 2000));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
      // Half the time behind a valid header, so the line parser sees the junk too.
      const input =
        n % 2 ? bytes : new Uint8Array([...Buffer.from('Scenarist_SCC V1.0\n\n'), ...bytes]);
      const result = decodeScc(input);
      expectSane(result, input.length);
      expect(result.valid).toBe(false);
    }
  });

  it('never throws on random caption words, any parity, any control code', () => {
    const random = seededRandom(12);
    for (let n = 0; n < 200; n++) {
      const lines = ['Scenarist_SCC V1.0', ''];
      let frame = Math.floor(random() * 1000);
      for (let l = 0; l < 30; l++) {
        const words: string[] = [];
        for (let w = 0; w < 1 + random() * 40; w++) {
          const r = random();
          if (r < 0.4)
            words.push(sccWord(0x10 + Math.floor(random() * 16), 0x20 + Math.floor(random() * 96)));
          else if (r < 0.9)
            words.push(sccWord(0x20 + Math.floor(random() * 96), Math.floor(random() * 128)));
          else
            words.push(
              Math.floor(random() * 0x10000)
                .toString(16)
                .padStart(4, '0'),
            );
        }
        frame += Math.floor(random() * 120) - 10;
        const h = Math.floor(Math.max(0, frame) / 108000);
        const label = `${String(h).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}:${String(Math.floor(random() * 61)).padStart(2, '0')}${random() < 0.8 ? ';' : ':'}${String(Math.floor(random() * 31)).padStart(2, '0')}`;
        lines.push(`${label}\t${words.join(' ')}`, '');
      }
      expectSane(decodeScc(lines.join('\r\n')), lines.length);
    }
  });

  it('never throws on a real file cut short or with words damaged', () => {
    const random = seededRandom(13);
    const bytes = Buffer.from(meeting);
    for (let n = 0; n < 100; n++) {
      const cut = bytes.subarray(0, Math.floor(random() * bytes.length));
      expectSane(decodeScc(new Uint8Array(cut)), meeting.length);
      const damaged = meeting.replace(/[0-9a-f]{4}/g, (w) =>
        random() < 0.01
          ? Math.floor(random() * 0x10000)
              .toString(16)
              .padStart(4, '0')
          : w,
      );
      expectSane(decodeScc(damaged), meeting.length);
    }
  });
});

describe('source parsers on random input', () => {
  it('never throw', () => {
    const random = seededRandom(14);
    const alphabet = '0123456789:,.-> \n\r\t{}[]"\'abcWEBVT<>/&;éñ♪\u0000\uFEFF';
    const samples = [
      '1\n00:00:01,000 --> 00:00:02,000\nHi\n\n',
      'WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n',
      '{"segments":[{"start":1,"end":2,"text":"Hi"}]}',
    ];
    for (let n = 0; n < 500; n++) {
      let text = '';
      const base = samples[n % samples.length] ?? '';
      if (n % 2) text = base.slice(0, Math.floor(random() * base.length));
      else
        for (let i = 0; i < random() * 300; i++)
          text += alphabet[Math.floor(random() * alphabet.length)];
      for (const parse of [parseSrt, parseVtt, parseWhisperJson]) {
        const result = parse(text);
        for (const c of result.cues) expect(c.end).toBeGreaterThan(c.start);
        for (const d of result.diagnostics) expect(d.message.length).toBeGreaterThan(0);
        // Whatever was read encodes without throwing.
        encodeScc(result.cues);
      }
    }
  });
});
