import { describe, expect, it } from 'vitest';
import { parseVtt } from './vtt.parser';

describe('WebVTT parsing', () => {
  it('reads cues, skipping notes, styles and settings, removing voice, class and timestamp tags', () => {
    const vtt = [
      'WEBVTT - council meeting',
      'Kind: captions',
      '',
      'STYLE',
      '::cue { color: yellow }',
      '',
      'NOTE this is a comment',
      'over two lines',
      '',
      'cue-1',
      '00:00:01.500 --> 00:00:04.000 line:90% align:center',
      '<v Mayor Chen>Good evening.</v>',
      '<c.loud>Please</c> be <00:00:03.000>seated &lt;now&gt;&nbsp;please.',
      '',
      '01:02.000 --> 01:05.250',
      'Short form times.',
    ].join('\n');
    const { cues, diagnostics } = parseVtt(vtt);
    expect(diagnostics).toEqual([]);
    expect(cues).toEqual([
      { start: 1.5, end: 4, text: 'Good evening.\nPlease be seated <now> please.', line: 11 },
      { start: 62, end: 65.25, text: 'Short form times.', line: 15 },
    ]);
  });

  it('names the line of each problem', () => {
    const vtt = [
      'WEBVTT',
      '',
      '00:00:05.000 --> 00:00:04.000',
      'Backwards.',
      '',
      'id only',
      'no timing here',
      '',
      '00:00:01.000 --> later',
      'Bad.',
    ].join('\n');
    const { cues, diagnostics } = parseVtt(vtt);
    expect(cues).toEqual([]);
    expect(diagnostics.map((d) => [d.line, d.code])).toEqual([
      [3, 'end-before-start'],
      [7, 'bad-cue'],
      [9, 'bad-timing'],
    ]);
  });

  it('reports a missing header but still reads the cues', () => {
    const { cues, diagnostics } = parseVtt('00:00:01.000 --> 00:00:02.000\nHello\n');
    expect(cues).toHaveLength(1);
    expect(diagnostics).toMatchObject([{ line: 1, code: 'bad-header', severity: 'error' }]);
  });
});
