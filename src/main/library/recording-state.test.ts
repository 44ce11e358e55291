import { describe, expect, it } from 'vitest';
import { deriveState, isComplete, type StateFacts } from './recording-state';

const ready: StateFacts = {
  fileName: 'Council 2025-01-07.mp4',
  missing: false,
  publishedAt: null,
  videoSize: 1000,
  settled: true,
  videoProblem: null,
  captionPath: '/m/Council 2025-01-07.scc',
  captionValid: true,
  captionError: null,
  summaryPath: '/m/Council 2025-01-07_summary.txt',
  link: null,
};

describe('deriveState', () => {
  it('walks a recording from found to linked, the first blocker deciding', () => {
    expect(deriveState(ready).state).toBe('ready');
    expect(deriveState({ ...ready, summaryPath: null })).toEqual({
      state: 'needs-summary',
      reason: expect.stringMatching(/Council 2025-01-07_summary\.txt/) as unknown,
    });
    expect(
      deriveState({ ...ready, captionValid: false, captionError: 'line 4: bad parity' }),
    ).toEqual({ state: 'caption-invalid', reason: 'Council 2025-01-07.scc: line 4: bad parity' });
    expect(deriveState({ ...ready, captionValid: null }).state).toBe('new');
    expect(deriveState({ ...ready, captionPath: null, captionValid: null }).state).toBe(
      'needs-captions',
    );
    expect(deriveState({ ...ready, settled: false }).state).toBe('new');
    expect(deriveState({ ...ready, videoProblem: 'The video could not be read: x' })).toEqual({
      state: 'failed',
      reason: 'The video could not be read: x',
    });
    expect(deriveState({ ...ready, videoSize: 0, settled: false }).state).toBe('failed');
    expect(deriveState({ ...ready, missing: true }).reason).toMatch(/not found by the last scan/);
    expect(
      deriveState({ ...ready, link: { showId: 7, method: 'file-key', showTitle: 'Council' } }),
    ).toEqual({
      state: 'linked',
      reason: 'Linked to show 7 (Council) by the file key in its name.',
    });
    expect(
      deriveState({ ...ready, link: { showId: 7, method: 'operator', showTitle: null } }).reason,
    ).toBe('Linked to show 7, confirmed by an operator.');
  });

  it('keeps a published recording published whatever happens to its files', () => {
    expect(deriveState({ ...ready, missing: true, publishedAt: '2026-01-01' }).state).toBe(
      'published',
    );
  });

  it('counts ready, linked and published as complete, nothing else', () => {
    expect(
      (['new', 'needs-captions', 'caption-invalid', 'needs-summary', 'failed'] as const).some(
        isComplete,
      ),
    ).toBe(false);
    expect((['ready', 'linked', 'published'] as const).every(isComplete)).toBe(true);
  });
});
