import { describe, expect, it } from 'vitest';
import { storeFileName } from './publish-pipeline';

describe('the name a video gets on Cablecast', () => {
  it('keeps a name that already carries this show and reel', () => {
    expect(storeFileName({ fileName: '21413-1-Birchwood Council Me.mp4' }, 21413, 1)).toBe(
      '21413-1-Birchwood Council Me.mp4',
    );
  });

  it('puts the file key in front of any other name, keeping a date in it', () => {
    expect(
      storeFileName({ fileName: '2026-11-17 City Council Regular meeting.MP4' }, 5859, 1),
    ).toBe('5859-1-2026-11-17-City-Council-Regular-meeting.mp4');
  });

  it("replaces another show's key", () => {
    expect(storeFileName({ fileName: '700-2-Budget hearing.mov' }, 5859, 1)).toBe(
      '5859-1-Budget-hearing.mov',
    );
  });
});
