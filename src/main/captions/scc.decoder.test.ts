import { describe, expect, it } from 'vitest';
import type { CaptionDiagnostic } from './caption.types';
import { sccWord } from './cea608.tables';
import { decodeScc } from './scc.decoder';
import { frameToSeconds } from './timecode';

/** Caption words for ASCII text: two characters a word, padded, with parity. */
function text(s: string): string {
  const words: string[] = [];
  for (let i = 0; i < s.length; i += 2) {
    words.push(sccWord(s.charCodeAt(i), i + 1 < s.length ? s.charCodeAt(i + 1) : 0));
  }
  return words.join(' ');
}

function scc(...lines: string[]): string {
  return ['Scenarist_SCC V1.0', '', ...lines.flatMap((l) => [l, ''])].join('\r\n');
}

function only(diagnostics: CaptionDiagnostic[], code: string): CaptionDiagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}

const RCL = '9420 9420';
const ENM = '94ae 94ae';
const EOC = '942f 942f';
const EDM = '942c 942c';
const ROW15 = '9470 9470';
const ROW14 = '94d0 94d0';

describe('SCC decoding: pop-on captions', () => {
  it('shows a caption when End Of Caption is sent, timed by its word position on the line', () => {
    // EOC is word 10 on a line at 00:00:01;00 (frame 30): sent on frame 39.
    const file = scc(
      `00:00:01;00\t${RCL} ${ENM} ${ROW15} ${text('Hello')} ${EOC}`,
      `00:00:03;00\t${EDM}`,
    );
    const result = decodeScc(file);
    expect(result.diagnostics).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.cues).toEqual([
      { start: frameToSeconds(39), end: frameToSeconds(90), lines: ['Hello'], style: 'pop-on' },
    ]);
  });

  it('keeps two rows, and the next End Of Caption replaces the caption', () => {
    const file = scc(
      `00:00:00;10\t${RCL} ${ENM} ${ROW14} ${text('Good evening,')} ${ROW15} ${text('everyone.')}`,
      `00:00:01;00\t${EOC}`,
      `00:00:01;15\t${RCL} ${ENM} ${ROW15} ${text('Please be seated.')}`,
      `00:00:02;00\t${EOC}`,
      `00:00:04;00\t${EDM}`,
    );
    const { cues, valid } = decodeScc(file);
    expect(valid).toBe(true);
    expect(cues.map((c) => [c.start, c.end, c.lines])).toEqual([
      [frameToSeconds(30), frameToSeconds(60), ['Good evening,', 'everyone.']],
      [frameToSeconds(60), frameToSeconds(120), ['Please be seated.']],
    ]);
  });

  it('leaves old text in memory when a caption is loaded without Erase Non-displayed Memory', () => {
    const file = scc(
      `00:00:01;00\t${RCL} ${ROW14} ${text('FIRST TOP')} ${ROW15} ${text('FIRST')} ${EOC}`,
      `00:00:02;00\t${RCL} ${ROW15} ${text('SECOND')} ${EOC}`,
      `00:00:03;00\t${RCL} ${ENM} ${ROW15} ${text('THIRD')} ${EOC}`,
    );
    const { cues } = decodeScc(file);
    // The second caption only overwrote row 15 of the memory EOC swapped back: row 14 is stale.
    expect(cues.map((c) => c.lines)).toEqual([['FIRST TOP', 'FIRST'], ['SECOND'], ['THIRD']]);
    const file2 = scc(
      `00:00:01;00\t${RCL} ${ROW14} ${text('A')} ${ROW15} ${text('B')} ${EOC}`,
      `00:00:02;00\t${RCL} ${ROW15} ${text('C')} ${EOC}`,
      `00:00:03;00\t${RCL} ${ROW15} ${text('D')} ${EOC}`,
    );
    // After two swaps the memory with "A" on row 14 is loaded again.
    expect(decodeScc(file2).cues.map((c) => c.lines)).toEqual([['A', 'B'], ['C'], ['A', 'D']]);
  });

  it('treats a control code sent twice in a row as one command, and a third copy as a new one', () => {
    const bs = '94a1';
    const once = scc(`00:00:01;00\t${RCL} ${ENM} ${ROW15} ${text('ABCD')} ${bs} ${bs} ${EOC}`);
    expect(decodeScc(once).cues[0]?.lines).toEqual(['ABC']);
    const twice = scc(
      `00:00:01;00\t${RCL} ${ENM} ${ROW15} ${text('ABCD')} ${bs} ${bs} ${bs} ${bs} ${EOC}`,
    );
    expect(decodeScc(twice).cues[0]?.lines).toEqual(['AB']);
    const three = scc(
      `00:00:01;00\t${RCL} ${ENM} ${ROW15} ${text('ABCD')} ${bs} ${bs} ${bs} ${EOC}`,
    );
    expect(decodeScc(three).cues[0]?.lines).toEqual(['AB']);
    // Copies in frames that are not consecutive (a later line) are separate commands.
    const apart = scc(
      `00:00:01;00\t${RCL} ${ENM} ${ROW15} ${text('ABCD')} ${bs}`,
      `00:00:02;00\t${bs} ${EOC}`,
    );
    expect(decodeScc(apart).cues[0]?.lines).toEqual(['AB']);
  });

  it('starts a caption at the frame of the first copy of a doubled End Of Caption', () => {
    const file = scc(`00:00:10;00\t${RCL} ${ENM} ${ROW15} ${text('Hi')} 942f`, `00:00:10;06\t942f`);
    const { cues } = decodeScc(file);
    expect(cues).toHaveLength(1);
    expect(cues[0]?.start).toBeCloseTo(frameToSeconds(300 + 7), 9);
  });
});

describe('SCC decoding: roll-up and paint-on', () => {
  it('scrolls roll-up rows on carriage return, inside the window above the base row', () => {
    const RU2 = '9425 9425';
    const CR = '94ad 94ad';
    const file = scc(
      `00:00:01;00\t${RU2} ${ROW15} ${text('FIRST LINE')}`,
      `00:00:02;00\t${CR} ${ROW15} ${text('SECOND LINE')}`,
      `00:00:03;00\t${CR} ${ROW15} ${text('THIRD LINE')}`,
      `00:00:05;00\t${EDM}`,
    );
    const { cues, valid, diagnostics } = decodeScc(file);
    expect(diagnostics).toEqual([]);
    expect(valid).toBe(true);
    expect(cues.map((c) => c.lines)).toEqual([
      ['FIRST LINE'],
      ['FIRST LINE', 'SECOND LINE'],
      ['SECOND LINE', 'THIRD LINE'],
    ]);
    expect(cues.every((c) => c.style === 'roll-up')).toBe(true);
    // The first row appears with its first character (word 5 of its line).
    expect(cues[0]?.start).toBeCloseTo(frameToSeconds(30 + 4), 9);
    expect(cues[2]?.end).toBeCloseTo(frameToSeconds(150), 9);
  });

  it('keeps three rows with RU3 and follows a base row set by a preamble', () => {
    const RU3 = '9426 9426';
    const CR = '94ad 94ad';
    const file = scc(
      `00:00:01;00\t${RU3} ${text('ONE')} ${CR} ${text('TWO')} ${CR} ${text('THREE')} ${CR} ${text('FOUR')}`,
    );
    const { cues } = decodeScc(file);
    expect(cues.at(-1)?.lines).toEqual(['TWO', 'THREE', 'FOUR']);
    expect(cues.at(-1)?.end).toBeNull();
  });

  it('shows paint-on text as it is painted, line by line', () => {
    const RDC = '9429 9429';
    const file = scc(
      `00:00:01;00\t${RDC} ${ROW15} ${text('Painted')}`,
      `00:00:02;00\t${text(' words')}`,
      `00:00:04;00\t${EDM}`,
    );
    const { cues, valid } = decodeScc(file);
    expect(valid).toBe(true);
    expect(cues.map((c) => [c.lines, c.style])).toEqual([
      [['Painted'], 'paint-on'],
      [['Painted words'], 'paint-on'],
    ]);
    expect(cues[0]?.start).toBeCloseTo(frameToSeconds(34), 9);
    expect(cues[1]?.end).toBeCloseTo(frameToSeconds(120), 9);
  });
});

describe('SCC decoding: character sets', () => {
  it('reads special characters (doubled, one column each)', () => {
    const note = '9137 9137';
    const degree = '9131 9131';
    const half = '9132 9132';
    const file = scc(
      `00:00:01;00\t${RCL} ${ENM} ${ROW15} ${note} ${text(' 98')} ${degree} ${text(' ')} ${half} ${EOC}`,
    );
    expect(decodeScc(file).cues[0]?.lines).toEqual(['♪ 98° ½']);
  });

  it('reads the basic set positions 608 gives to accented letters', () => {
    // 0x2a is á, 0x5c é, 0x7e ñ: written by ASCII tools as * \ ~.
    const file = scc(`00:00:01;00\t${RCL} ${ENM} ${ROW15} ${text('Espa~ol caf\\ m*s')} ${EOC}`);
    expect(decodeScc(file).cues[0]?.lines).toEqual(['Español café más']);
  });

  it('lets an extended character replace the fallback sent before it', () => {
    // "Sa" + ã (13 21) replacing the fallback "a"; then "o": São. Ü (12 24) replaces "U".
    const file = scc(
      `00:00:01;00\t${RCL} ${ENM} ${ROW15} ${text('Sa')} 13a1 13a1 ${text('o U')} 92a4 92a4 ${text('ber ')} 1338 1338 ${EOC}`,
    );
    // 0x13 0x38 (Å) has no fallback before it here: it replaces the space.
    expect(decodeScc(file).cues[0]?.lines).toEqual(['São ÜberÅ']);
  });

  it('reads extended punctuation and the Portuguese/German/Danish set', () => {
    const file = scc(
      `00:00:01;00\t${RCL} ${ENM} ${ROW15} ${text('"')} 92ae 92ae ${text('"')} 922f 922f ${text('o')} 13b3 13b3 ${EOC}`,
    );
    expect(decodeScc(file).cues[0]?.lines).toEqual(['“”ö']);
  });

  it('places text by preamble indent and tab offsets', () => {
    const column8 = sccWord(0x14, 0x74); // row 15, indent 8
    const to2 = '97a2 97a2'; // tab offset 2: column 10
    const file = scc(
      `00:00:01;00\t${RCL} ${ENM} ${ROW15} ${text('A')} ${column8} ${column8} ${to2} ${text('X')} ${EOC}`,
    );
    expect(decodeScc(file).cues[0]?.lines).toEqual(['A         X']);
  });
});

describe('SCC validation: problems with their line and word', () => {
  it('reports a byte with even parity, naming the byte, line and word', () => {
    // 0x14 has even parity: 1420 is 9420 written without its parity bit.
    const file = scc(
      `00:00:01;00\t${RCL} ${ENM} ${ROW15} ${text('Hi')} ${EOC}`,
      `00:00:02;00\t1420 ${EDM}`,
    );
    const { diagnostics, valid } = decodeScc(file);
    expect(valid).toBe(false);
    expect(only(diagnostics, 'parity')).toEqual([
      {
        line: 5,
        word: 1,
        severity: 'error',
        code: 'parity',
        message:
          'Byte 0x14 at line 5, word 1 has even parity: the file is damaged or was written without parity.',
      },
    ]);
  });

  it('says a file written without parity is that, once, and still decodes nothing false', () => {
    const noParity = (w: string): string =>
      w.replace(/[0-9a-f]{4}/g, (h) => (parseInt(h, 16) & 0x7f7f).toString(16).padStart(4, '0'));
    const file = scc(noParity(`00:00:01;00\t${RCL} ${ENM} ${ROW15} ${text('Hello there')} ${EOC}`));
    const { diagnostics, valid } = decodeScc(file);
    expect(valid).toBe(false);
    expect(only(diagnostics, 'no-parity')[0]?.message).toMatch(
      /written without CEA-608 odd parity/,
    );
  });

  it('reports a word that is not 4 hex digits', () => {
    const file = scc(`00:00:01;00\t${RCL} 94g0 ${ENM} 942 ${ROW15} ${text('Hi')} ${EOC}`);
    const bad = only(decodeScc(file).diagnostics, 'bad-word');
    expect(bad.map((d) => [d.line, d.word])).toEqual([
      [3, 3],
      [3, 6],
    ]);
    expect(bad[0]?.message).toBe(
      '"94g0" at line 3, word 3 is not a caption word: SCC words are 4 hexadecimal digits, such as 9420.',
    );
  });

  it('reports frame 30 and a drop-frame label that does not exist', () => {
    const file = scc(
      `00:00:01;30\t${RCL} ${ENM} ${ROW15} ${text('Hi')} ${EOC}`,
      `00:01:00;00\t${RCL} ${ENM} ${ROW15} ${text('Ho')} ${EOC}`,
    );
    const { diagnostics, cues } = decodeScc(file);
    expect(only(diagnostics, 'bad-timecode')).toMatchObject([{ line: 3, severity: 'error' }]);
    expect(only(diagnostics, 'bad-timecode')[0]?.message).toMatch(
      /frame 30, which does not exist at 29\.97 fps/,
    );
    expect(only(diagnostics, 'dropped-frame-label')).toMatchObject([
      { line: 5, severity: 'error' },
    ]);
    expect(only(diagnostics, 'dropped-frame-label')[0]?.message).toMatch(
      /00:01:00;00 does not exist in drop-frame timecode/,
    );
    // The line with the impossible label is read at the next label that exists.
    expect(cues.map((c) => c.lines[0])).toEqual(['Ho']);
    expect(cues[0]?.start).toBeCloseTo(frameToSeconds(1800 + 7), 9);
  });

  it('reports timecodes going backwards and lines sent over each other', () => {
    const file = scc(
      `00:00:05;00\t${RCL} ${ENM} ${ROW15} ${text('One')} ${EOC}`,
      `00:00:04;00\t${RCL} ${ENM} ${ROW15} ${text('Two')} ${EOC}`,
      `00:00:10;00\t${RCL} ${ENM} ${ROW15} ${text('Three three three')} ${EOC}`,
      `00:00:10;05\t${EDM}`,
    );
    const { diagnostics } = decodeScc(file);
    expect(only(diagnostics, 'timecode-backwards')).toMatchObject([{ line: 5, severity: 'error' }]);
    expect(only(diagnostics, 'timecode-backwards')[0]?.message).toContain(
      'is earlier than line 3 (00:00:05;00)',
    );
    expect(only(diagnostics, 'transmission-overlap')).toMatchObject([
      { line: 9, severity: 'warning' },
    ]);
  });

  it('reports a row longer than 32 characters', () => {
    const long = 'This row has thirty-three chars!!';
    expect(long).toHaveLength(33);
    const file = scc(`00:00:01;00\t${RCL} ${ENM} ${ROW15} ${text(long)} ${EOC}`);
    const { diagnostics, cues, valid } = decodeScc(file);
    expect(valid).toBe(false);
    // The 33rd character is in the second half of word 23 (6 words of controls, then text).
    expect(only(diagnostics, 'row-too-long')).toMatchObject([
      { line: 3, word: 23, severity: 'error' },
    ]);
    expect(only(diagnostics, 'row-too-long')[0]?.message).toMatch(
      /Row 15 is longer than 32 characters/,
    );
    expect(cues[0]?.lines[0]).toHaveLength(32);
  });

  it('reports an unknown control code, text without a preamble and text without a mode', () => {
    const file = scc(
      `00:00:00;10\t${text('lost')}`,
      `00:00:01;00\t${RCL} ${ENM} 1620 ${text('Hi')} ${EOC}`,
    );
    const { diagnostics } = decodeScc(file);
    expect(only(diagnostics, 'text-without-mode')).toMatchObject([
      { line: 3, word: 1, severity: 'warning' },
    ]);
    expect(only(diagnostics, 'unknown-control-code')).toMatchObject([
      { line: 5, word: 5, severity: 'warning' },
    ]);
    expect(only(diagnostics, 'text-without-preamble')).toMatchObject([
      { line: 5, word: 6, severity: 'warning' },
    ]);
  });

  it('calls a file that shows no captions at all an error, and says why', () => {
    const noEoc = decodeScc(scc(`00:00:01;00\t${RCL} ${ENM} ${ROW15} ${text('Never shown')}`));
    expect(noEoc.valid).toBe(false);
    expect(only(noEoc.diagnostics, 'no-captions')[0]?.message).toMatch(
      /no captions at all: text is loaded \(line 3\) but never displayed.*942f/,
    );
    expect(only(noEoc.diagnostics, 'caption-never-shown')).toHaveLength(1);

    const onlyErases = decodeScc(scc(`00:00:01;00\t${EDM}`, `00:00:02;00\t${EDM}`));
    expect(onlyErases.valid).toBe(false);
    expect(only(onlyErases.diagnostics, 'no-captions')).toHaveLength(1);

    const headerOnly = decodeScc('Scenarist_SCC V1.0\r\n\r\n');
    expect(only(headerOnly.diagnostics, 'no-captions')[0]?.message).toMatch(
      /no caption data lines/,
    );

    const channel2 = decodeScc(
      scc(`00:00:01;00\t1c20 1c20 1cae 1cae 1c70 1c70 ${text('CC2')} 1c2f 1c2f`),
    );
    expect(only(channel2.diagnostics, 'channel-2')).toHaveLength(1);
    expect(only(channel2.diagnostics, 'no-captions')[0]?.message).toMatch(/channel 2/);
  });

  it('decodes channel 1 and ignores channel 2 interleaved with it', () => {
    const file = scc(
      `00:00:01;00\t${RCL} ${ENM} ${ROW15} ${text('One')} 1c20 1c20 ${text('two')} ${ROW15} ${text('!')} ${EOC}`,
    );
    const { cues, diagnostics } = decodeScc(file);
    expect(cues[0]?.lines).toEqual(['!ne']);
    expect(only(diagnostics, 'channel-2')).toHaveLength(1);
  });
});

describe('SCC validation: files that are not SCC', () => {
  it('says an empty file is empty', () => {
    for (const input of [new Uint8Array(0), '', '\r\n\r\n  \n']) {
      const r = decodeScc(input);
      expect(r.valid).toBe(false);
      expect(r.diagnostics[0]?.code).toBe('empty-file');
    }
  });

  it('recognises an SRT or WebVTT file renamed .scc', () => {
    const srt = decodeScc('1\r\n00:00:01,000 --> 00:00:04,000\r\nHello\r\n');
    expect(srt.diagnostics).toMatchObject([{ line: 1, code: 'not-scc', severity: 'error' }]);
    expect(srt.diagnostics[0]?.message).toMatch(/SRT subtitle file.*renamed/);
    const vtt = decodeScc('WEBVTT\n\n00:01.000 --> 00:04.000\nHello\n');
    expect(vtt.diagnostics[0]?.message).toMatch(/WebVTT/);
    const json = decodeScc('{"segments": []}');
    expect(json.diagnostics[0]?.message).toMatch(/JSON/);
    const prose = decodeScc('Minutes of the meeting of the city council\n');
    expect(prose.diagnostics[0]).toMatchObject({ code: 'not-scc' });
  });

  it('reports a missing or wrong header but still checks the captions', () => {
    const missing = decodeScc(`00:00:01;00\t${RCL} ${ENM} ${ROW15} ${text('Hi')} ${EOC}\r\n`);
    expect(missing.diagnostics).toMatchObject([{ line: 1, code: 'bad-header' }]);
    expect(missing.cues).toHaveLength(1);
    const wrong = decodeScc(
      `Scenarist_SCC V2.0\r\n\r\n00:00:01;00\t${RCL} ${ENM} ${ROW15} ${text('Hi')} ${EOC}\r\n`,
    );
    expect(wrong.diagnostics[0]?.message).toMatch(/must be exactly "Scenarist_SCC V1\.0"/);
  });

  it('says a UTF-16 file is mis-encoded, with or without a byte-order mark', () => {
    const good = scc(`00:00:01;00\t${RCL} ${ENM} ${ROW15} ${text('Hi')} ${EOC}`);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(good, 'utf16le')]);
    const r = decodeScc(new Uint8Array(le));
    expect(r.diagnostics[0]).toMatchObject({ code: 'mis-encoded', severity: 'error' });
    expect(r.cues).toHaveLength(1);
    const noBom = decodeScc(new Uint8Array(Buffer.from(good, 'utf16le')));
    expect(noBom.diagnostics[0]).toMatchObject({ code: 'mis-encoded' });
  });

  it('tolerates a UTF-8 byte-order mark with a warning', () => {
    const good = scc(`00:00:01;00\t${RCL} ${ENM} ${ROW15} ${text('Hi')} ${EOC}`);
    const r = decodeScc(
      new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(good)])),
    );
    expect(r.valid).toBe(true);
    expect(r.diagnostics).toMatchObject([{ code: 'byte-order-mark', severity: 'warning' }]);
  });

  it('says binary junk is not a caption file', () => {
    const junk = new Uint8Array(512);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 73 + 11) % 256;
    const r = decodeScc(junk);
    expect(r.valid).toBe(false);
    expect(r.diagnostics[0]).toMatchObject({ code: 'binary-data', line: 0 });
  });

  it('lists a few of a kind and counts the rest', () => {
    const lines = Array.from(
      { length: 60 },
      (_, i) => `00:00:${String(i % 60).padStart(2, '0')};10\tzzzz`,
    );
    const r = decodeScc(scc(...lines));
    const bad = only(r.diagnostics, 'bad-word');
    expect(bad.filter((d) => d.line > 0)).toHaveLength(25);
    expect(bad.at(-1)?.message).toMatch(/and 35 more errors/);
    expect(r.stats.errors).toBe(61); // 60 bad words and "no captions"
  });
});

describe('SCC decoding with a start timecode', () => {
  it('measures cue times from the video start', () => {
    const file = scc(`01:00:10;00\t${RCL} ${ENM} ${ROW15} ${text('Hi')}`, `01:00:12;00\t${EOC}`);
    const { cues } = decodeScc(file, { startFrame: 107_892 });
    expect(cues[0]?.start).toBeCloseTo(frameToSeconds(360), 9);
    const early = decodeScc(file, { startFrame: 108_500 });
    expect(early.diagnostics).toMatchObject([{ code: 'before-start', severity: 'warning' }]);
  });
});
