import { describe, expect, it } from 'vitest';
import { formatDuration, formatWhen, scheduleDraft, specFromDraft } from './schedule-draft';

describe('the schedule editor', () => {
  it('reads an interval in minutes, within the allowed range', () => {
    const draft = scheduleDraft({ kind: 'interval', seconds: 900 });
    expect(draft).toMatchObject({ kind: 'interval', minutes: '15' });
    expect(specFromDraft({ ...draft, minutes: '1.5' })).toEqual({
      ok: true,
      spec: { kind: 'interval', seconds: 90 },
    });
    for (const minutes of ['', 'soon', '0', '0.1', '20000']) {
      expect(specFromDraft({ ...draft, minutes })).toMatchObject({
        ok: false,
        path: 'spec.seconds',
        message: expect.stringMatching(/from 0\.16.* to 10080/),
      });
    }
  });

  it('leaves a cron expression to the core, but refuses an empty one', () => {
    const draft = scheduleDraft({ kind: 'cron', expression: '0 23 * * 1-5' });
    expect(specFromDraft(draft)).toEqual({
      ok: true,
      spec: { kind: 'cron', expression: '0 23 * * 1-5' },
    });
    expect(specFromDraft({ ...draft, expression: '  ' })).toMatchObject({
      ok: false,
      path: 'spec.expression',
    });
  });

  it('shows times in the station zone and durations in words', () => {
    expect(formatWhen('2026-12-05T05:00:00.000Z', 'America/Chicago')).toBe('Fri, Dec 4, 11:00 PM');
    expect(formatDuration(420)).toBe('0.4 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDuration(3_720_000)).toBe('1 h 2 min');
  });
});
