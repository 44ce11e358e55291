import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MultipartError, multipartBoundary, readMultipart, type PartInfo } from './multipart';

const BOUNDARY = '----sim-boundary-7MA4YWxkTrZu0gW';

function body(parts: { name: string; fileName?: string; data: Buffer | string }[]): Buffer {
  const pieces: Buffer[] = [Buffer.from('preamble to ignore\r\n')];
  for (const part of parts) {
    const file = part.fileName === undefined ? '' : `; filename="${part.fileName}"`;
    const type = part.fileName === undefined ? '' : '\r\nContent-Type: application/octet-stream';
    pieces.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"${file}${type}\r\n\r\n`,
      ),
      Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data),
      Buffer.from('\r\n'),
    );
  }
  pieces.push(Buffer.from(`--${BOUNDARY}--\r\nepilogue`));
  return Buffer.concat(pieces);
}

/** The body as a socket would deliver it: in pieces of `size` bytes. */
function inPieces(data: Buffer, size: number): Readable {
  const pieces: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) pieces.push(data.subarray(i, i + size));
  return Readable.from(pieces);
}

interface Collected {
  info: PartInfo;
  data: Buffer;
}

async function collect(data: Buffer, pieceSize: number): Promise<Collected[]> {
  const parts: Collected[] = [];
  const result = await readMultipart(inPieces(data, pieceSize), BOUNDARY, (info) => {
    const chunks: Buffer[] = [];
    return {
      write: (chunk) => chunks.push(Buffer.from(chunk)),
      end: () => parts.push({ info, data: Buffer.concat(chunks) }),
    };
  });
  expect(result.complete).toBe(true);
  return parts;
}

describe('readMultipart', () => {
  // Bytes that look like a boundary but are not one, CRLFs and dashes: the hard cases.
  const tricky = Buffer.concat([
    Buffer.from(`\r\n--${BOUNDARY.slice(0, -1)}x\r\n--\r\n`),
    createHash('sha256').update('seed').digest(),
    Buffer.alloc(70_000, 0x2d),
  ]);

  it.each([1, 2, 7, 64, 1000, 65_536, 1_000_000])(
    'finds every part whatever the read size (%i bytes at a time)',
    async (pieceSize) => {
      const parts = await collect(
        body([
          { name: 'file', fileName: 'a.bin', data: tricky },
          { name: 'segment', data: '3' },
        ]),
        pieceSize,
      );
      expect(parts.map((part) => part.info.name)).toEqual(['file', 'segment']);
      expect(parts[0]!.info.fileName).toBe('a.bin');
      expect(parts[0]!.info.contentType).toBe('application/octet-stream');
      expect(parts[0]!.data.equals(tricky)).toBe(true);
      expect(parts[1]!.data.toString()).toBe('3');
    },
  );

  it('says the body was incomplete when it stops before the closing boundary', async () => {
    const whole = body([{ name: 'file', fileName: 'a.bin', data: tricky }]);
    const cut = whole.subarray(0, whole.length - 30);
    const result = await readMultipart(inPieces(cut, 4096), BOUNDARY, () => ({
      write: () => undefined,
      end: () => undefined,
    }));
    expect(result.complete).toBe(false);
  });

  it('refuses a part without a form-data disposition', async () => {
    const bad = Buffer.from(
      `--${BOUNDARY}\r\nContent-Type: text/plain\r\n\r\nx\r\n--${BOUNDARY}--`,
    );
    await expect(
      readMultipart(inPieces(bad, 10), BOUNDARY, () => ({ write() {}, end() {} })),
    ).rejects.toBeInstanceOf(MultipartError);
  });

  it('reads the boundary from the Content-Type, quoted or not', () => {
    expect(multipartBoundary('multipart/form-data; boundary=abc')).toBe('abc');
    expect(multipartBoundary('Multipart/Form-Data; charset=utf-8; boundary="a b"')).toBe('a b');
    expect(multipartBoundary('application/json')).toBeNull();
    expect(multipartBoundary(undefined)).toBeNull();
  });
});
