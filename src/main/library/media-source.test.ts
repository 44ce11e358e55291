import { describe, expect, it } from 'vitest';
import { contentTypeFor, NO_MEDIA, parseRecordingId } from './media-source';

describe('contentTypeFor', () => {
  it.each([
    ['/videos/council.mp4', 'video/mp4'],
    ['/videos/COUNCIL.MP4', 'video/mp4'],
    ['C:\\Videos\\Parade.mov', 'video/quicktime'],
    ['a.mpg', 'video/mpeg'],
    ['a.mpeg', 'video/mpeg'],
    ['a.ts', 'video/mp2t'],
    ['a.mxf', 'application/mxf'],
    ['a.srt', 'application/octet-stream'],
    ['no-extension', 'application/octet-stream'],
  ])('%s is %s', (path, type) => {
    expect(contentTypeFor(path)).toBe(type);
  });
});

describe('parseRecordingId', () => {
  it('accepts positive decimal integers', () => {
    expect(parseRecordingId('1')).toBe(1);
    expect(parseRecordingId('21413')).toBe(21413);
    expect(parseRecordingId('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each(['', '0', '-1', '+1', '01', '1.0', '1e3', '0x10', ' 1', '1 ', '9007199254740993', '..'])(
    'refuses %j',
    (text) => {
      expect(parseRecordingId(text)).toBeNull();
    },
  );
});

describe('NO_MEDIA', () => {
  it('knows no recording', () => {
    expect(NO_MEDIA.videoFile(1)).toBeNull();
  });
});
