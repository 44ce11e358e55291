import { describe, expect, it } from 'vitest';
import { parseByteRange, planMediaReply } from './byte-range';

describe('parseByteRange', () => {
  it.each([
    ['bytes=0-99', { kind: 'partial', start: 0, end: 99 }],
    ['bytes=0-0', { kind: 'partial', start: 0, end: 0 }],
    ['bytes=500-', { kind: 'partial', start: 500, end: 999 }],
    ['bytes=0-', { kind: 'partial', start: 0, end: 999 }],
    ['bytes=-100', { kind: 'partial', start: 900, end: 999 }],
    ['bytes=-5000', { kind: 'partial', start: 0, end: 999 }],
    ['bytes=990-5000', { kind: 'partial', start: 990, end: 999 }],
    ['bytes=999-999', { kind: 'partial', start: 999, end: 999 }],
    ['Bytes = 10-19', { kind: 'partial', start: 10, end: 19 }],
    ['bytes= 10 - 19 ', { kind: 'partial', start: 10, end: 19 }],
  ] as const)('reads %s of a 1000-byte file', (header, expected) => {
    expect(parseByteRange(header, 1000)).toEqual(expected);
  });

  it.each(['bytes=1000-', 'bytes=1000-2000', 'bytes=-0'])(
    'finds %s unsatisfiable for a 1000-byte file',
    (header) => {
      expect(parseByteRange(header, 1000)).toEqual({ kind: 'unsatisfiable' });
    },
  );

  it('finds every range of an empty file unsatisfiable', () => {
    for (const header of ['bytes=0-', 'bytes=0-0', 'bytes=-10']) {
      expect(parseByteRange(header, 0), header).toEqual({ kind: 'unsatisfiable' });
    }
    expect(parseByteRange(null, 0)).toEqual({ kind: 'full' });
  });

  it.each([
    undefined,
    null,
    '',
    'bytes=',
    'bytes=-',
    'bytes=abc',
    'bytes=5',
    'bytes=9-3',
    'bytes=1.5-2',
    'bytes=0x10-',
    'bytes=-1e3',
    'bytes=+1-2',
    'bytes=0-99,200-299',
    'items=0-99',
    'bytes=99999999999999999999-',
  ])('ignores %s and serves the whole file', (header) => {
    expect(parseByteRange(header, 1000)).toEqual({ kind: 'full' });
  });
});

describe('planMediaReply', () => {
  it('answers no range with 200, the length and range support', () => {
    expect(planMediaReply(1000, 'video/mp4', undefined)).toEqual({
      status: 200,
      headers: {
        'accept-ranges': 'bytes',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'content-type': 'video/mp4',
        'content-length': '1000',
      },
      span: { start: 0, end: 999 },
      message: null,
    });
  });

  it('answers a range with 206 and Content-Range', () => {
    const reply = planMediaReply(1000, 'video/mp4', 'bytes=100-199');
    expect(reply.status).toBe(206);
    expect(reply.headers['content-range']).toBe('bytes 100-199/1000');
    expect(reply.headers['content-length']).toBe('100');
    expect(reply.span).toEqual({ start: 100, end: 199 });
  });

  it('answers an unsatisfiable range with 416, the real length and words', () => {
    const reply = planMediaReply(1000, 'video/mp4', 'bytes=2000-');
    expect(reply.status).toBe(416);
    expect(reply.headers['content-range']).toBe('bytes */1000');
    expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(reply.span).toBeNull();
    expect(reply.message).toMatch(/1000 bytes/);
    expect(reply.headers['content-length']).toBe(String(Buffer.byteLength(reply.message ?? '')));
  });

  it('sends nothing for an empty file', () => {
    const reply = planMediaReply(0, 'video/mp4', null);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-length']).toBe('0');
    expect(reply.span).toBeNull();
  });
});
