import { describe, expect, it } from 'vitest';
import { captionFormatFromPath, sccToWebVtt } from './caption-convert';
import { encodeScc } from './scc.encoder';
import { parseSrt } from './srt.parser';
import { toSrt, toWebVtt } from './subtitle.writer';
import { expectFfmpegAgrees } from './testing/round-trip';
import { parseVtt } from './vtt.parser';

describe('WebVTT and SRT output', () => {
  it('writes WebVTT a player can load, escaping markup characters', () => {
    const vtt = toWebVtt([
      { start: 1.001, end: 3.5, lines: ['Fish & chips', '<maybe> -->'], style: 'pop-on' },
      { start: 4, end: null, lines: ['Last one'], style: 'roll-up' },
    ]);
    expect(vtt).toBe(
      'WEBVTT\n\n00:00:01.001 --> 00:00:03.500\nFish &amp; chips\n&lt;maybe&gt; --&gt;\n\n00:00:04.000 --> 00:00:09.000\nLast one\n',
    );
    // And it reads back.
    expect(parseVtt(vtt).cues.map((c) => c.text)).toEqual([
      'Fish & chips\n<maybe> -->',
      'Last one',
    ]);
  });

  it('ends a caption left on screen at the end of the video when its length is known', () => {
    const cues = [{ start: 10, end: null, lines: ['Still up'], style: 'pop-on' as const }];
    expect(toSrt(cues, { mediaDuration: 60 })).toBe('1\n00:00:10,000 --> 00:01:00,000\nStill up\n');
  });

  it('previews an SCC file as WebVTT, with the same cues the decoder found', async () => {
    const source = parseSrt(
      '1\n00:00:02,000 --> 00:00:04,000\nHello, council.\n\n2\n00:00:05,000 --> 00:00:07,000\nSecond caption.\n',
    );
    const { scc, captions } = encodeScc(source.cues);
    await expectFfmpegAgrees(scc, captions);
    const { vtt, decoded } = sccToWebVtt(scc);
    expect(decoded.valid).toBe(true);
    const back = parseVtt(vtt).cues;
    expect(back.map((c) => c.text)).toEqual(['Hello, council.', 'Second caption.']);
    expect(back[0]?.start).toBeCloseTo(2.002, 3);
    expect(back[1]?.end).toBeCloseTo(7.007, 3);
  });

  it('knows caption formats by extension', () => {
    expect(captionFormatFromPath('/shares/flex/21413-1-Council.SCC')).toBe('scc');
    expect(captionFormatFromPath('a.srt')).toBe('srt');
    expect(captionFormatFromPath('a.vtt')).toBe('vtt');
    expect(captionFormatFromPath('meeting.json')).toBe('whisper-json');
    expect(captionFormatFromPath('meeting.txt')).toBeNull();
  });
});
