import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeScc } from '../main/captions';
import { expectFfmpegReadsLikeUs } from '../main/captions/testing/round-trip';
import { captionsConvert, captionsValidate } from './captions.command';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'archivist-captions-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function buffer(): { write(text: string): void; text: () => string } {
  let text = '';
  return { write: (t: string) => void (text += t), text: () => text };
}

const SRT =
  '1\n00:00:02,000 --> 00:00:04,000\nGood evening.\n\n2\n00:00:05,000 --> 00:00:08,000\nPlease rise for the pledge.\n';

describe('archivist captions validate', () => {
  it('says a good file is valid, with its captions and time span', async () => {
    const scc = join(dir, 'good.scc');
    const out = buffer();
    expect(await captionsConvert(join(dir, 'x.srt'), scc, { out })).toBe(1); // no such source yet
    writeFileSync(join(dir, 'x.srt'), SRT);
    expect(await captionsConvert(join(dir, 'x.srt'), scc, { out: buffer() })).toBe(0);
    await expectFfmpegReadsLikeUs(readFileSync(scc, 'utf8'));
    const result = buffer();
    expect(await captionsValidate(scc, result)).toBe(0);
    expect(result.text()).toBe(
      `${scc}: valid: 2 captions (pop-on) over 0:00:06.006, from 00:00:02;00 to 00:00:08;00; 0 errors, 0 warnings.\n`,
    );
  });

  it('lists each problem as file:line:word and exits 1', async () => {
    const scc = join(dir, 'bad.scc');
    writeFileSync(
      scc,
      'Scenarist_SCC V1.0\r\n\r\n00:00:01;00\t1420 9420 94ae 94ae 9470 9470 c8e9 942f 942f\r\n\r\n00:00:03;30\t942c 942c\r\n',
    );
    const out = buffer();
    expect(await captionsValidate(scc, out)).toBe(1);
    const lines = out.text().split('\n');
    expect(lines[0]).toBe(
      `${scc}:3:1: error: Byte 0x14 at line 3, word 1 has even parity: the file is damaged or was written without parity.`,
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `^${scc.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5: error: Line 5: timecode 00:00:03;30 has frame 30`,
      ),
    );
    expect(lines[2]).toMatch(/: INVALID: 1 caption \(pop-on\) over .*; 2 errors, 0 warnings\.$/);
  });

  it('explains a file that cannot be read, and an empty one', async () => {
    const out = buffer();
    expect(await captionsValidate(join(dir, 'none.scc'), out)).toBe(1);
    expect(out.text()).toContain('none.scc: error: cannot read the file: the file does not exist');
    const empty = join(dir, 'empty.scc');
    writeFileSync(empty, '');
    const out2 = buffer();
    expect(await captionsValidate(empty, out2)).toBe(1);
    expect(out2.text()).toContain(`${empty}: error: The file is empty (0 bytes)`);
    expect(out2.text()).toContain('INVALID: no captions');
  });

  it('hints at the start timecode when captions begin an hour in', async () => {
    writeFileSync(join(dir, 'a.srt'), '1\n01:00:05,000 --> 01:00:07,000\nHour one.\n');
    expect(await captionsConvert(join(dir, 'a.srt'), join(dir, 'a.scc'), { out: buffer() })).toBe(
      0,
    );
    await expectFfmpegReadsLikeUs(readFileSync(join(dir, 'a.scc'), 'utf8'));
    const out = buffer();
    expect(await captionsValidate(join(dir, 'a.scc'), out)).toBe(0);
    expect(out.text()).toMatch(
      /note: the first caption is at 01:00:05;00; .*--start-timecode 01:00:00;00/,
    );
    const withStart = buffer();
    expect(
      await captionsValidate(join(dir, 'a.scc'), withStart, { startTimecode: '01:00:00;00' }),
    ).toBe(0);
    expect(withStart.text()).not.toContain('note:');
  });
});

describe('archivist captions convert', () => {
  it('converts SRT to SCC with a start timecode, atomically, readable by ffmpeg', async () => {
    const srt = join(dir, '21413-1-Council.srt');
    const scc = join(dir, '21413-1-Council.scc');
    writeFileSync(srt, SRT);
    const out = buffer();
    expect(await captionsConvert(srt, scc, { offset: '01:00:00;00', out })).toBe(0);
    expect(out.text()).toBe(`${scc}: written: 2 captions, up to 0:00:08.008.\n`);
    expect(readdirSync(dir).sort()).toEqual(['21413-1-Council.scc', '21413-1-Council.srt']);
    const text = readFileSync(scc, 'utf8');
    expect(text).toContain('01:00:02;00\t942f 942f');
    const decoded = decodeScc(text, { startFrame: 107_892 });
    expect(decoded.valid).toBe(true);
    expect(decoded.cues.map((c) => c.lines.join(' '))).toEqual([
      'Good evening.',
      'Please rise for the pledge.',
    ]);
    await expectFfmpegReadsLikeUs(text, 107_892);
  });

  it('converts WebVTT and Whisper JSON, and reads UTF-16 and Windows-1252 subtitles', async () => {
    writeFileSync(join(dir, 'a.vtt'), 'WEBVTT\n\n00:01.000 --> 00:03.000\nHello\n');
    expect(await captionsConvert(join(dir, 'a.vtt'), join(dir, 'a.scc'), { out: buffer() })).toBe(
      0,
    );
    writeFileSync(
      join(dir, 'b.json'),
      JSON.stringify({ segments: [{ start: 1, end: 3, text: ' Hi.' }] }),
    );
    expect(await captionsConvert(join(dir, 'b.json'), join(dir, 'b.scc'), { out: buffer() })).toBe(
      0,
    );

    writeFileSync(
      join(dir, 'c.srt'),
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from('1\r\n00:00:01,000 --> 00:00:03,000\r\nCafé\r\n', 'utf16le'),
      ]),
    );
    expect(await captionsConvert(join(dir, 'c.srt'), join(dir, 'c.scc'), { out: buffer() })).toBe(
      0,
    );
    expect(decodeScc(readFileSync(join(dir, 'c.scc'))).cues[0]?.lines).toEqual(['Café']);

    writeFileSync(
      join(dir, 'd.srt'),
      Buffer.from('1\r\n00:00:01,000 --> 00:00:03,000\r\nJos\xe9 Pe\xf1a\r\n', 'latin1'),
    );
    const out = buffer();
    expect(await captionsConvert(join(dir, 'd.srt'), join(dir, 'd.scc'), { out })).toBe(0);
    expect(out.text()).toContain(
      'warning: The file is not UTF-8 text; it was read as Windows-1252',
    );
    expect(decodeScc(readFileSync(join(dir, 'd.scc'))).cues[0]?.lines).toEqual(['José Peña']);
    for (const name of ['a.scc', 'b.scc', 'c.scc', 'd.scc']) {
      await expectFfmpegReadsLikeUs(readFileSync(join(dir, name), 'utf8'));
    }
  });

  it('does not write an SCC from a source with errors', async () => {
    const srt = join(dir, 'bad.srt');
    writeFileSync(srt, '1\n00:00:05,000 --> 00:00:04,000\nBackwards.\n');
    const out = buffer();
    expect(await captionsConvert(srt, join(dir, 'bad.scc'), { out })).toBe(1);
    expect(out.text()).toContain(
      `${srt}:2: error: Line 2: the subtitle ends (00:00:04,000) before it starts (00:00:05,000)`,
    );
    expect(out.text()).toContain('bad.scc: not written');
    expect(existsSync(join(dir, 'bad.scc'))).toBe(false);
  });

  it('converts SCC to WebVTT and SRT for preview', async () => {
    writeFileSync(join(dir, 'a.srt'), SRT);
    await captionsConvert(join(dir, 'a.srt'), join(dir, 'a.scc'), { out: buffer() });
    await expectFfmpegReadsLikeUs(readFileSync(join(dir, 'a.scc'), 'utf8'));
    expect(await captionsConvert(join(dir, 'a.scc'), join(dir, 'a.vtt'), { out: buffer() })).toBe(
      0,
    );
    expect(readFileSync(join(dir, 'a.vtt'), 'utf8')).toBe(
      'WEBVTT\n\n00:00:02.002 --> 00:00:04.004\nGood evening.\n\n00:00:05.005 --> 00:00:08.008\nPlease rise for the pledge.\n',
    );
    expect(await captionsConvert(join(dir, 'a.scc'), join(dir, 'b.srt'), { out: buffer() })).toBe(
      0,
    );
    expect(readFileSync(join(dir, 'b.srt'), 'utf8')).toContain(
      '1\n00:00:02,002 --> 00:00:04,004\nGood evening.\n',
    );
  });

  it('refuses what it cannot do with exit code 2, and a bad start timecode', async () => {
    writeFileSync(join(dir, 'a.srt'), SRT);
    const out = buffer();
    expect(await captionsConvert(join(dir, 'a.srt'), join(dir, 'a.vtt'), { out })).toBe(2);
    expect(out.text()).toContain('converting srt to vtt is not supported');
    expect(await captionsConvert(join(dir, 'a.txt'), join(dir, 'a.scc'), { out })).toBe(2);
    expect(out.text()).toContain('a.txt: error: cannot tell the caption format from the file name');
    const tc = buffer();
    expect(
      await captionsConvert(join(dir, 'a.srt'), join(dir, 'a.scc'), {
        offset: '01:00:00;30',
        out: tc,
      }),
    ).toBe(2);
    expect(tc.text()).toContain('Start timecode: timecode 01:00:00;30 has frame 30');
  });
});
