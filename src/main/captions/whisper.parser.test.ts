import { describe, expect, it } from 'vitest';
import { parseWhisperJson } from './whisper.parser';

describe('Whisper JSON parsing', () => {
  it('reads segments from { text, segments } with the line of each segment', () => {
    const json = `{
  "text": " Call to order. Roll call.",
  "segments": [
    { "id": 0, "seek": 0, "start": 0.0, "end": 2.5, "text": " Call to order.", "tokens": [1, 2] },
    { "id": 1, "seek": 0, "start": 2.5, "end": 4.0, "text": " Roll call." }
  ],
  "language": "en"
}`;
    const { cues, diagnostics } = parseWhisperJson(json);
    expect(diagnostics).toEqual([]);
    expect(cues).toEqual([
      { start: 0, end: 2.5, text: 'Call to order.', line: 4 },
      { start: 2.5, end: 4, text: 'Roll call.', line: 5 },
    ]);
  });

  it('reads a bare list of segments, whisper.cpp transcriptions and pipeline chunks', () => {
    expect(parseWhisperJson('[{"start": 1, "end": 2, "text": "Bare."}]').cues).toMatchObject([
      { start: 1, end: 2, text: 'Bare.' },
    ]);
    const cpp = JSON.stringify({
      transcription: [
        {
          timestamps: { from: '00:00:01,000', to: '00:00:03,000' },
          offsets: { from: 1000, to: 3000 },
          text: ' From cpp.',
        },
        { timestamps: { from: '00:00:03,000', to: '00:00:04,500' }, text: ' Only stamps.' },
      ],
    });
    expect(parseWhisperJson(cpp).cues).toMatchObject([
      { start: 1, end: 3, text: 'From cpp.' },
      { start: 3, end: 4.5, text: 'Only stamps.' },
    ]);
    const chunks = parseWhisperJson(
      JSON.stringify({
        text: 'x',
        chunks: [
          { timestamp: [0, 2], text: ' One.' },
          { timestamp: [2, null], text: ' Two.' },
        ],
      }),
    );
    expect(chunks.cues).toMatchObject([
      { start: 0, end: 2 },
      { start: 2, text: 'Two.' },
    ]);
    expect(chunks.diagnostics).toMatchObject([{ code: 'missing-end', severity: 'warning' }]);
  });

  it('groups word-level transcripts into captions at pauses and sentence ends', () => {
    const words = [
      ['Good', 0.0, 0.3],
      ['evening,', 0.3, 0.7],
      ['everyone.', 0.7, 1.2],
      ['We', 1.3, 1.4],
      ['have', 1.4, 1.6],
      ['a', 1.6, 1.7],
      ['quorum.', 1.7, 2.2],
      ['Next', 4.0, 4.3],
      ['item', 4.3, 4.6],
    ].map(([word, start, end]) => ({ word: ` ${String(word)}`, start, end }));
    const { cues } = parseWhisperJson(
      JSON.stringify({ segments: [{ start: 0, end: 4.6, text: '', words }] }),
    );
    expect(cues.map((c) => [c.text, c.start, c.end])).toEqual([
      ['Good evening, everyone. We have a quorum.', 0, 2.2],
      ['Next item', 4, 4.6],
    ]);
    // WhisperX leaves some words (numbers) without times: they join their neighbours.
    const x = parseWhisperJson(
      JSON.stringify({
        word_segments: [
          { word: 'Item', start: 1, end: 1.3 },
          { word: '7' },
          { word: 'passes.', start: 1.6, end: 2 },
        ],
      }),
    );
    expect(x.cues).toMatchObject([{ text: 'Item 7 passes.', start: 1, end: 2 }]);
  });

  it('names the line of bad segments and of invalid JSON', () => {
    const json = `{
  "segments": [
    { "start": 1, "end": 2, "text": " Fine." },
    { "start": "soon", "end": 3, "text": " No start." },
    { "start": 5, "end": 4, "text": " Backwards." },
    { "start": 6, "end": 7, "text": "   " },
    42
  ]
}`;
    const { cues, diagnostics } = parseWhisperJson(json);
    expect(cues.map((c) => c.text)).toEqual(['Fine.']);
    expect(diagnostics.map((d) => [d.line, d.code])).toEqual([
      [4, 'bad-segment'],
      [5, 'end-before-start'],
      [6, 'empty-cue'],
      [7, 'bad-segment'],
    ]);
    expect(diagnostics[0]?.message).toBe(
      'Segment 2 (line 4) has no valid start time (seconds); it is skipped.',
    );

    const broken = parseWhisperJson('{\n  "segments": [\n    { "start": 1, "end": 2, }\n  ]\n}');
    expect(broken.diagnostics).toMatchObject([{ line: 3, code: 'bad-json', severity: 'error' }]);
    expect(broken.diagnostics[0]?.message).toMatch(/^Line 3: the file is not valid JSON/);
  });

  it('explains JSON that is not a transcript', () => {
    expect(parseWhisperJson('{"text": "no timings"}').diagnostics[0]?.message).toMatch(
      /no timings/,
    );
    expect(parseWhisperJson('{"title": "x"}').diagnostics[0]?.message).toMatch(
      /no "segments" list/,
    );
    expect(parseWhisperJson('42').diagnostics[0]?.code).toBe('not-whisper');
    expect(parseWhisperJson('{"segments": []}').diagnostics[0]?.code).toBe('not-whisper');
    expect(parseWhisperJson('').diagnostics[0]?.code).toBe('empty-file');
  });
});
