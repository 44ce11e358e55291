import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatCount,
  formatDateTime,
  formatInstant,
  formatRunTime,
  plural,
  vodBadge,
  wallClock,
  warningDetail,
} from './format';

describe('dates', () => {
  it("reads the station's wall clock from the text, whatever this machine's time zone", () => {
    expect(wallClock('2026-08-24T18:30:00-05:00')).toEqual({ day: '2026-08-24', time: '18:30' });
    expect(formatDateTime('2026-08-24T23:30:00-05:00')).toBe('2026-08-24 23:30');
    expect(formatDateTime('2026-08-24')).toBe('2026-08-24');
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime('sometime')).toBe('sometime');
  });

  it('says how long ago in words', () => {
    const now = Date.parse('2026-01-10T12:00:00Z');
    expect(formatAgo(null, now)).toBe('never');
    expect(formatAgo('2026-01-10T11:59:40Z', now)).toBe('just now');
    expect(formatAgo('2026-01-10T11:55:00Z', now)).toBe('5 min ago');
    expect(formatAgo('2026-01-10T09:00:00Z', now)).toBe('3 h ago');
    expect(formatAgo('2026-01-09T10:00:00Z', now)).toBe('yesterday');
    expect(formatAgo('2026-01-06T12:00:00Z', now)).toBe('4 days ago');
    expect(formatAgo('2025-11-01T12:00:00Z', now)).toBe(formatInstant('2025-11-01T12:00:00Z'));
    expect(formatInstant('2025-11-01T12:00:00Z')).toMatch(/^2025-11-0[12] \d{2}:00$/);
    expect(formatInstant(null)).toBe('');
  });
});

describe('run time', () => {
  it('is h:mm:ss', () => {
    expect(formatRunTime(3725)).toBe('1:02:05');
    expect(formatRunTime(59)).toBe('0:00:59');
    expect(formatRunTime(0)).toBe('0:00:00');
    expect(formatRunTime(36_000)).toBe('10:00:00');
    expect(formatRunTime(89.6)).toBe('0:01:30');
  });

  it('is blank when unknown or nonsense', () => {
    expect(formatRunTime(null)).toBe('');
    expect(formatRunTime(-1)).toBe('');
    expect(formatRunTime(Number.NaN)).toBe('');
  });
});

describe('counts', () => {
  it('groups thousands and picks the plural', () => {
    expect(formatCount(50_000)).toBe('50,000');
    expect(plural(1, 'show')).toBe('1 show');
    expect(plural(2400, 'show')).toBe('2,400 shows');
  });
});

describe('VOD badge', () => {
  it('says No VOD when there is none, whatever the state', () => {
    expect(vodBadge(false, 'complete')).toEqual({ label: 'No VOD', tone: 'muted' });
  });

  it('names the state with a tone', () => {
    expect(vodBadge(true, 'complete')).toEqual({ label: 'Live', tone: 'ok' });
    expect(vodBadge(true, 'permanentFailure').tone).toBe('bad');
    expect(vodBadge(true, null).label).toBe('Unknown');
  });
});

describe('sync warnings', () => {
  it('drops the show and field the list already shows from the message', () => {
    const w = {
      showId: 27,
      path: 'shows[98].title',
      message: 'Show 27 was skipped: shows[98].title expected a title string, got null.',
    };
    expect(warningDetail(w)).toBe('expected a title string, got null.');
  });

  it('keeps a message that does not repeat them', () => {
    expect(warningDetail({ showId: null, path: 'vods[2].vodState', message: 'Not a state.' })).toBe(
      'Not a state.',
    );
    expect(warningDetail({ showId: 5, path: 'x', message: 'Show 5 was skipped: x' })).toBe(
      'Show 5 was skipped: x',
    );
  });
});
