import { describe, expect, it } from 'vitest';
import type { TranscriptCue } from '../../../shared/library';
import { cueAt, filterCues, matchParts } from './transcript';

const cues: TranscriptCue[] = [
  { startSec: 0, endSec: 2, text: 'Good evening.' },
  { startSec: 2, endSec: 5, text: 'The meeting will come to order.' },
  { startSec: 6, endSec: 9, text: 'Roll call, please.' },
  { startSec: 9, endSec: 12, text: 'Public COMMENT is next.' },
];

describe('cueAt', () => {
  it('finds the cue on screen', () => {
    expect(cueAt(cues, 0)).toBe(0);
    expect(cueAt(cues, 1.99)).toBe(0);
    expect(cueAt(cues, 2)).toBe(1);
    expect(cueAt(cues, 7)).toBe(2);
    expect(cueAt(cues, 11.5)).toBe(3);
  });

  it('is −1 between cues, before the first and after the last', () => {
    expect(cueAt(cues, 5.5)).toBe(-1);
    expect(cueAt(cues, 12)).toBe(-1);
    expect(cueAt(cues, 100)).toBe(-1);
    expect(cueAt([{ startSec: 3, endSec: 4, text: 'x' }], 1)).toBe(-1);
    expect(cueAt([], 1)).toBe(-1);
    expect(cueAt(cues, Number.NaN)).toBe(-1);
  });

  it('finds a long cue still running over shorter later ones', () => {
    const overlapping: TranscriptCue[] = [
      { startSec: 0, endSec: 10, text: 'long' },
      { startSec: 4, endSec: 5, text: 'short' },
    ];
    expect(cueAt(overlapping, 4.5)).toBe(1);
    expect(cueAt(overlapping, 7)).toBe(0);
  });

  it('agrees with a linear scan on a long transcript', () => {
    const many: TranscriptCue[] = [];
    for (let i = 0; i < 2000; i++) many.push({ startSec: i * 3, endSec: i * 3 + 2, text: `${i}` });
    for (const t of [0, 1.5, 2.5, 2999, 3001.5, 5997, 6000]) {
      const linear = many.findIndex((c) => c.startSec <= t && t < c.endSec);
      expect(cueAt(many, t)).toBe(linear);
    }
  });
});

describe('filterCues', () => {
  it('keeps the cues containing the phrase, any case', () => {
    expect(filterCues(cues, 'comment')).toEqual([3]);
    expect(filterCues(cues, 'the')).toEqual([1]);
    expect(filterCues(cues, '  ROLL   call ')).toEqual([2]);
    expect(filterCues(cues, 'nothing like it')).toEqual([]);
  });

  it('keeps every cue when the box is empty', () => {
    expect(filterCues(cues, '')).toEqual([0, 1, 2, 3]);
    expect(filterCues(cues, '   ')).toEqual([0, 1, 2, 3]);
  });
});

describe('matchParts', () => {
  it('marks every occurrence, keeping the original case', () => {
    expect(matchParts('Order, order!', 'order')).toEqual([
      { text: 'Order', match: true },
      { text: ', ', match: false },
      { text: 'order', match: true },
      { text: '!', match: false },
    ]);
  });

  it('matches across line breaks and treats the query literally', () => {
    expect(matchParts('roll\ncall', 'roll call')).toEqual([{ text: 'roll\ncall', match: true }]);
    expect(matchParts('costs $5 (total)', '$5 (')).toEqual([
      { text: 'costs ', match: false },
      { text: '$5 (', match: true },
      { text: 'total)', match: false },
    ]);
  });

  it('returns the text whole when nothing matches', () => {
    expect(matchParts('Good evening.', '')).toEqual([{ text: 'Good evening.', match: false }]);
    expect(matchParts('Good evening.', 'zz')).toEqual([{ text: 'Good evening.', match: false }]);
  });
});
