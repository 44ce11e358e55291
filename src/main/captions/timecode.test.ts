import { describe, expect, it } from 'vitest';
import {
  dropFrameLabelToFrame,
  formatClock,
  frameToDropFrameLabel,
  frameToNonDropLabel,
  frameToSeconds,
  parseStartTimecode,
  parseTimecode,
  secondsToFrame,
  TimecodeError,
} from './timecode';

function frameOf(label: string): number {
  const parsed = parseTimecode(label);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.frame;
}

describe('drop-frame timecode at 29.97 fps', () => {
  it('skips labels ;00 and ;01 at each minute except every tenth', () => {
    expect(frameOf('00:00:59;29')).toBe(1799);
    expect(frameOf('00:01:00;02')).toBe(1800);
    expect(frameToDropFrameLabel(1799)).toBe('00:00:59;29');
    expect(frameToDropFrameLabel(1800)).toBe('00:01:00;02');
    // The tenth minute keeps ;00 and ;01.
    expect(frameOf('00:09:59;29')).toBe(17_981);
    expect(frameOf('00:10:00;00')).toBe(17_982);
    expect(frameOf('00:10:00;01')).toBe(17_983);
    expect(frameToDropFrameLabel(17_982)).toBe('00:10:00;00');
    expect(frameToDropFrameLabel(17_983)).toBe('00:10:00;01');
    expect(frameToDropFrameLabel(17_982 + 1800)).toBe('00:11:00;02');
    expect(frameToDropFrameLabel(17_982 + 1799)).toBe('00:10:59;29');
  });

  it('labels one hour of wall clock 01:00:00;00, which is frame 107892 = 3599.9964 s', () => {
    expect(frameOf('01:00:00;00')).toBe(107_892);
    expect(frameToSeconds(107_892)).toBeCloseTo(3599.9964, 4);
    expect(secondsToFrame(3600)).toBe(107_892);
    expect(frameToDropFrameLabel(secondsToFrame(3600))).toBe('01:00:00;00');
    expect(frameToDropFrameLabel(secondsToFrame(4 * 3600))).toBe('04:00:00;00');
  });

  it('shows the classic bug: wall-clock seconds written as non-drop labels are 3.6 s late an hour', () => {
    // 01:00:00:00 non-drop is 108000 frames: at 29.97 fps that is 3603.6 s, not 3600.
    expect(frameToSeconds(frameOf('01:00:00:00'))).toBeCloseTo(3603.6, 6);
    expect(frameToSeconds(frameOf('04:00:00:00')) - 4 * 3600).toBeCloseTo(14.4, 6);
    // Drop-frame labels stay within about two frames of the wall clock over a long meeting
    // (the scheme drifts by 0.018 frame every ten minutes, 2.6 frames a day).
    for (let f = 0; f < 4 * 107_892; f += 97) {
      const label = frameToDropFrameLabel(f);
      const m = /^(\d\d):(\d\d):(\d\d);(\d\d)$/.exec(label)!;
      const wall = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 30;
      expect(Math.abs(wall - frameToSeconds(f))).toBeLessThan(2.3 / 29.97);
    }
  });

  it('round-trips every frame of the first two hours through its label', () => {
    for (let f = 0; f < 2 * 107_892; f++) {
      const label = frameToDropFrameLabel(f);
      const parsed = parseTimecode(label);
      if (!parsed.ok || parsed.frame !== f || !parsed.dropFrame) {
        throw new Error(`frame ${f} → ${label} → ${JSON.stringify(parsed)}`);
      }
    }
    expect(dropFrameLabelToFrame(23, 59, 59, 29)).toBe(24 * 107_892 - 1);
  });

  it('round-trips non-drop-frame labels', () => {
    for (const f of [0, 1, 29, 30, 1799, 1800, 107_999, 108_000, 2_000_000]) {
      expect(frameOf(frameToNonDropLabel(f))).toBe(f);
    }
    expect(frameToNonDropLabel(1800)).toBe('00:01:00:00');
  });

  it('accepts ; , and . as the drop-frame separator and : for non-drop', () => {
    expect(parseTimecode('00:01:00,02')).toEqual({ ok: true, frame: 1800, dropFrame: true });
    expect(parseTimecode('00:01:00.02')).toEqual({ ok: true, frame: 1800, dropFrame: true });
    expect(parseTimecode('00:01:00:02')).toEqual({ ok: true, frame: 1802, dropFrame: false });
  });
});

describe('bad timecodes, in words', () => {
  it('refuses a label drop-frame skips and names the next one', () => {
    const r = parseTimecode('00:01:00;00');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('dropped-frame-label');
    expect(r.frame).toBe(1800);
    expect(r.message).toContain('does not exist in drop-frame timecode');
    expect(r.message).toContain('00:01:00;02');
    expect(parseTimecode('00:01:00;01').ok).toBe(false);
    expect(parseTimecode('00:10:00;00').ok).toBe(true);
    // Non-drop-frame has every label.
    expect(parseTimecode('00:01:00:00').ok).toBe(true);
  });

  it('refuses frame 30, minute 60 and text that is no timecode', () => {
    const f30 = parseTimecode('00:00:01;30');
    expect(f30.ok === false && f30.message).toMatch(/frame 30.*29\.97 fps.*00 to 29/);
    const m60 = parseTimecode('00:60:00;00');
    expect(m60.ok === false && m60.message).toMatch(/minute 60/);
    const junk = parseTimecode('1:2:3');
    expect(junk.ok === false && junk.code).toBe('bad-timecode');
  });

  it('reads a start timecode for an offset and explains a bad one', () => {
    expect(parseStartTimecode('01:00:00;00')).toBe(107_892);
    expect(parseStartTimecode(' 00:00:00;00 ')).toBe(0);
    expect(() => parseStartTimecode('01:00:00;30')).toThrow(TimecodeError);
    expect(() => parseStartTimecode('one hour')).toThrow(
      /Start timecode: "one hour" is not a timecode/,
    );
  });

  it('formats seconds for messages', () => {
    expect(formatClock(3725.5)).toBe('1:02:05.500');
    expect(formatClock(0)).toBe('0:00:00.000');
  });
});
