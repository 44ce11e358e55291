import { describe, expect, it } from 'vitest';
import { parseSrt } from './srt.parser';

describe('SRT parsing', () => {
  it('reads cues with their times, text lines and source line, removing tags', () => {
    const srt =
      '\uFEFF1\r\n00:00:01,000 --> 00:00:04,500\r\n<i>Good evening,</i>\r\n{\\an8}everyone.\r\n\r\n2\r\n00:01:02,250 --> 00:01:05,000 X1:100 X2:200\r\n<font color="#ff0">Fish &amp; chips</font> cost < 5 dollars\r\n';
    const { cues, diagnostics } = parseSrt(srt);
    expect(diagnostics).toEqual([]);
    expect(cues).toEqual([
      { start: 1, end: 4.5, text: 'Good evening,\neveryone.', line: 2 },
      { start: 62.25, end: 65, text: 'Fish & chips cost < 5 dollars', line: 7 },
    ]);
  });

  it('tolerates a missing number, a missing blank line and "." for ","', () => {
    const srt =
      '00:00:01.000 --> 00:00:02.000\nOne\n2\n00:00:03,000 --> 00:00:04,000\nTwo\n00:00:05,000 --> 00:00:06,000\nThree\n';
    const { cues, diagnostics } = parseSrt(srt);
    expect(diagnostics).toEqual([]);
    expect(cues.map((c) => [c.text, c.line])).toEqual([
      ['One', 1],
      ['Two', 4],
      ['Three', 6],
    ]);
  });

  it('names the line of each problem and skips only the broken subtitle', () => {
    const srt = [
      '1',
      '00:00:01,000 --> 00:00:02,000',
      'Fine.',
      '',
      '2',
      '00:00:05,000 --> 00:00:04,000',
      'Backwards.',
      '',
      '3',
      '00:00:61,000 --> 00:01:02,000',
      'Bad seconds.',
      '',
      'Just some text',
      '',
      '5',
      '00:00:07,000 --> 00:00:07,000',
      'Never shown.',
      '',
      '6',
      '00:00:08,000 --> 00:00:09,000',
      '',
      '7',
      '00:00:00,500 --> 00:00:00,900',
      'Out of order.',
    ].join('\n');
    const { cues, diagnostics } = parseSrt(srt);
    expect(cues.map((c) => c.text)).toEqual(['Fine.', 'Out of order.']);
    expect(diagnostics.map((d) => [d.line, d.severity, d.code])).toEqual([
      [6, 'error', 'end-before-start'],
      [10, 'error', 'bad-timing'],
      [13, 'error', 'bad-cue'],
      [16, 'warning', 'zero-duration'],
      [20, 'warning', 'empty-cue'],
      [23, 'warning', 'out-of-order'],
    ]);
    expect(diagnostics[1]?.message).toBe(
      'Line 10: "00:00:61,000 --> 00:01:02,000" is not a valid timing (expected HH:MM:SS,mmm --> HH:MM:SS,mmm); the subtitle is skipped.',
    );
  });

  it('says an empty file, binary junk or another format has no subtitles', () => {
    expect(parseSrt('').diagnostics[0]?.code).toBe('empty-file');
    expect(parseSrt('a\u0000b').diagnostics[0]?.code).toBe('binary-data');
    const scc = parseSrt('Scenarist_SCC V1.0\n\n00:00:01;00\t9420 9420\n');
    expect(scc.diagnostics).toMatchObject([{ line: 1, code: 'wrong-format', severity: 'error' }]);
    expect(scc.diagnostics[0]?.message).toBe(
      "This is an SCC file, not SRT: check the file's name and extension.",
    );
    expect(parseSrt('Hello\n').diagnostics.map((d) => d.code)).toEqual(['bad-cue']);
    expect(parseSrt('\n\n2\n').diagnostics.map((d) => d.code)).toEqual(['bad-cue']);
    expect(parseSrt('WEBVTT\n\n00:01.000 --> 00:02.000\nx\n').diagnostics[0]?.code).toBe(
      'wrong-format',
    );
  });
});
