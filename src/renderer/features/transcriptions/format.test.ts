import { describe, expect, it } from 'vitest';
import {
  diagnosticPlace,
  formatBytes,
  formatInterval,
  formatScore,
  intervalChoices,
  stateBadge,
} from './format';

describe('format', () => {
  it('labels states in words', () => {
    expect(stateBadge('caption-invalid')).toEqual({ label: 'Caption invalid', tone: 'bad' });
    expect(stateBadge('linked').label).toBe('Linked');
  });

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.5 GB');
    expect(formatBytes(820 * 1024 ** 2)).toBe('820 MB');
    expect(formatBytes(null)).toBe('');
  });

  it('formats scores as percentages', () => {
    expect(formatScore(0.873)).toBe('87%');
    expect(formatScore(1)).toBe('100%');
    expect(formatScore(2)).toBe('100%');
  });

  it('places caption problems in words', () => {
    expect(diagnosticPlace({ line: 12, word: 3 })).toBe('Line 12, word 3');
    expect(diagnosticPlace({ line: 12, word: null })).toBe('Line 12');
    expect(diagnosticPlace({ line: null, word: 4 })).toBe('');
  });

  it('says rescan intervals in words, keeping a custom one', () => {
    expect(formatInterval(300)).toBe('every 5 minutes');
    expect(formatInterval(3600)).toBe('every hour');
    expect(formatInterval(7200)).toBe('every 2 hours');
    expect(formatInterval(90)).toBe('every 90 seconds');
    expect(intervalChoices(90).map((c) => c.value)).toContain(90);
    expect(intervalChoices(300).filter((c) => c.value === 300)).toHaveLength(1);
  });
});
