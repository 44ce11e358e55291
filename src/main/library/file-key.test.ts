import { describe, expect, it } from 'vitest';
import { parseFileKey } from './file-key';

describe('parseFileKey', () => {
  it('reads the show id and reel of a Cablecast file key', () => {
    expect(parseFileKey('21413-1-Birchwood Council Me.mp4')).toEqual({ showId: 21413, reel: 1 });
    expect(parseFileKey('28-1-dn2020-0220-hd.mp4')).toEqual({ showId: 28, reel: 1 });
  });

  it('accepts leading zeros, spaces around dashes, any extension and a folder path', () => {
    expect(parseFileKey('021413-02-x.MXF')).toEqual({ showId: 21413, reel: 2 });
    expect(parseFileKey(' 300 - 3 - Parade.mov')).toEqual({ showId: 300, reel: 3 });
    expect(parseFileKey('/mnt/flex/content/512-1-Town Hall.scc')).toEqual({
      showId: 512,
      reel: 1,
    });
    expect(parseFileKey('C:\\media\\77-4-Board.mpeg')).toEqual({ showId: 77, reel: 4 });
  });

  it('is not fooled by dates at the start of a name', () => {
    expect(parseFileKey('2025-01-07 Council.mp4')).toBeNull();
    expect(parseFileKey('2025-1-7-Council.mp4')).toBeNull();
    expect(parseFileKey('01-07-2025 Council.mp4')).toBeNull();
    expect(parseFileKey('1-7-25 Council.mp4')).toBeNull();
    expect(parseFileKey('20160614-1-Council.mp4')).toBeNull();
  });

  it('refuses reel or show 0 and names without the three parts', () => {
    expect(parseFileKey('21413-0-Council.mp4')).toBeNull();
    expect(parseFileKey('0-1-Council.mp4')).toBeNull();
    expect(parseFileKey('21413-Council.mp4')).toBeNull();
    expect(parseFileKey('Council 21413-1.mp4')).toBeNull();
    expect(parseFileKey('abc-1-x.mp4')).toBeNull();
  });

  it('keeps a key whose numbers cannot be a date', () => {
    expect(parseFileKey('123-1-2024 Budget Hearing.mp4')).toEqual({ showId: 123, reel: 1 });
    expect(parseFileKey('2025-1-7th Street Festival.mp4')).toEqual({ showId: 2025, reel: 1 });
  });
});
