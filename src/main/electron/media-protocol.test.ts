import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { contentTypeFor, type MediaFile } from '../library/media-source';
import { mediaUrlFor } from '../../shared/app-origin';
import {
  createMediaProtocolHandler,
  fileSpanStream,
  handleMediaProtocol,
  parseMediaUrl,
} from './media-protocol';

/** Bytes whose values say where they are; longer than one read chunk (256 KiB). */
const SIZE = 600_000;
const VIDEO = Buffer.from(Array.from({ length: SIZE }, (_, i) => i % 251));

describe('parseMediaUrl', () => {
  it.each([
    ['archivist-media://recording/7', 7],
    ['archivist-media://RECORDING/7', 7],
    ['archivist-media://recording/21413?v=2#t=10', 21413],
    [mediaUrlFor(99), 99],
  ])('reads %s as recording %i', (url, id) => {
    expect(parseMediaUrl(url)).toBe(id);
  });

  it.each([
    'archivist-media://recording/0',
    'archivist-media://recording/-7',
    'archivist-media://recording/07',
    'archivist-media://recording/7.5',
    'archivist-media://recording/7/',
    'archivist-media://recording/7/extra',
    'archivist-media://recording/',
    'archivist-media://recording/..%2F..%2Fetc%2Fpasswd',
    'archivist-media://recording/%2Fetc%2Fpasswd',
    'archivist-media://recording/C:%5CWindows%5Cwin.ini',
    'archivist-media://recording/../../7/etc',
    'archivist-media://other/7',
    'archivist-media://recording:8080/7',
    'archivist-media://user@recording/7',
    'app://archivist/7',
    'file:///etc/passwd',
    'not a url',
  ])('refuses %s', (url) => {
    expect(parseMediaUrl(url)).toBeNull();
  });
});

describe('the archivist-media:// handler', () => {
  let dir: string;
  const files = new Map<number, string>();
  const videoFile = vi.fn((id: number): MediaFile | null => {
    const path = files.get(id);
    return path === undefined ? null : { path, contentType: contentTypeFor(path) };
  });
  const handler = createMediaProtocolHandler({ videoFile });
  const get = (id: number | string, headers: Record<string, string> = {}, method = 'GET') =>
    handler(new Request(`archivist-media://recording/${id}`, { method, headers }));
  const bytes = async (response: Response) => Buffer.from(await response.arrayBuffer());

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'archivist-media-'));
    writeFileSync(join(dir, 'council.mp4'), VIDEO);
    writeFileSync(join(dir, 'empty.mxf'), '');
    writeFileSync(join(dir, 'secret.txt'), 'keep out');
    mkdirSync(join(dir, 'folder.mp4'));
    files.set(7, join(dir, 'council.mp4'));
    files.set(8, join(dir, 'gone.mp4'));
    files.set(9, join(dir, 'empty.mxf'));
    files.set(10, join(dir, 'folder.mp4'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => videoFile.mockClear());

  it('serves the whole video with its type, length and range support, never cached', async () => {
    const response = await get(7);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(response.headers.get('content-length')).toBe(String(SIZE));
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect((await bytes(response)).equals(VIDEO)).toBe(true);
    expect(videoFile).toHaveBeenCalledWith(7);
  });

  it('answers the first bytes, a suffix, an open end and a span across read chunks', async () => {
    const first = await get(7, { range: 'bytes=0-99' });
    expect(first.status).toBe(206);
    expect(first.headers.get('content-range')).toBe(`bytes 0-99/${SIZE}`);
    expect(first.headers.get('content-length')).toBe('100');
    expect((await bytes(first)).equals(VIDEO.subarray(0, 100))).toBe(true);

    const suffix = await get(7, { range: 'bytes=-100' });
    expect(suffix.headers.get('content-range')).toBe(`bytes ${SIZE - 100}-${SIZE - 1}/${SIZE}`);
    expect((await bytes(suffix)).equals(VIDEO.subarray(SIZE - 100))).toBe(true);

    const open = await get(7, { range: 'bytes=300000-' });
    expect(open.status).toBe(206);
    expect((await bytes(open)).equals(VIDEO.subarray(300_000))).toBe(true);

    const across = await get(7, { range: 'bytes=262000-263000' });
    expect((await bytes(across)).equals(VIDEO.subarray(262_000, 263_001))).toBe(true);
  });

  it('answers a range beyond the end with 416 and the real length', async () => {
    const response = await get(7, { range: `bytes=${SIZE}-` });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe(`bytes */${SIZE}`);
    expect(await response.text()).toContain(`${SIZE} bytes`);
  });

  it('answers HEAD with the headers and no body', async () => {
    const response = await get(7, { range: 'bytes=10-19' }, 'HEAD');
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes 10-19/${SIZE}`);
    expect(await response.text()).toBe('');
  });

  it('serves an empty file as an empty 200', async () => {
    const response = await get(9);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/mxf');
    expect((await bytes(response)).length).toBe(0);
  });

  it('answers 404 in words for an unknown id, a file that is gone or a folder', async () => {
    const unknown = await get(12345);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toMatch(/no recording/i);
    const gone = await get(8);
    expect(gone.status).toBe(404);
    const text = await gone.text();
    expect(text).toMatch(/moved or deleted/);
    expect(text).not.toContain(dir);
    expect((await get(10)).status).toBe(404);
  });

  it('never asks the library about anything but a positive integer id', async () => {
    for (const id of ['0', '-1', '07', '..%2Fsecret.txt', '%2E%2E%2F%2E%2E%2Fsecret.txt', 'x']) {
      const response = await get(id);
      expect(response.status, id).toBe(404);
      expect(await response.text(), id).not.toContain('keep out');
    }
    expect((await handler(new Request('archivist-media://elsewhere/7'))).status).toBe(404);
    expect(videoFile).not.toHaveBeenCalled();
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await handler(
      new Request('archivist-media://recording/7', { method: 'POST', body: 'x' }),
    );
    expect(response.status).toBe(405);
  });

  it('answers 500, not a crash, when the library cannot answer', async () => {
    const broken = createMediaProtocolHandler({
      videoFile: () => {
        throw new Error('The database is closed.');
      },
    });
    expect((await broken(new Request('archivist-media://recording/7'))).status).toBe(500);
  });

  it('is what protocol.handle gets for the archivist-media scheme', async () => {
    const handlers = new Map<string, (request: Request) => Response | Promise<Response>>();
    handleMediaProtocol({ handle: (scheme, h) => handlers.set(scheme, h) }, { videoFile });
    const response = await handlers.get('archivist-media')?.(new Request(mediaUrlFor(7)));
    expect(response?.status).toBe(200);
    await response?.body?.cancel();
  });
});

describe('fileSpanStream', () => {
  function fakeHandle(data: Buffer) {
    const handle = {
      reads: 0,
      close: vi.fn(() => Promise.resolve()),
      read(buffer: Uint8Array, offset: number, length: number, position: number) {
        handle.reads++;
        const bytesRead = data.copy(buffer, offset, position, position + length);
        return Promise.resolve({ bytesRead, buffer });
      },
    };
    return handle;
  }

  it('reads the span chunk by chunk and closes the file at the end', async () => {
    const handle = fakeHandle(VIDEO);
    const stream = fileSpanStream(handle as unknown as FileHandle, 5, SIZE - 1);
    const body = Buffer.from(await new Response(stream).arrayBuffer());
    expect(body.equals(VIDEO.subarray(5))).toBe(true);
    expect(handle.reads).toBe(3);
    expect(handle.close).toHaveBeenCalledTimes(1);
  });

  it('reads nothing more and closes the file when the page stops listening', async () => {
    const handle = fakeHandle(VIDEO);
    const reader = fileSpanStream(handle as unknown as FileHandle, 0, SIZE - 1).getReader();
    const first = await reader.read();
    expect(first.value?.length).toBe(256 * 1024);
    await reader.cancel();
    expect(handle.close).toHaveBeenCalledTimes(1);
    expect(handle.reads).toBe(1);
  });

  it('fails the stream, and closes the file, when the file is shorter than its size said', async () => {
    const handle = fakeHandle(VIDEO.subarray(0, 100));
    const stream = fileSpanStream(handle as unknown as FileHandle, 0, 999);
    await expect(new Response(stream).arrayBuffer()).rejects.toThrow();
    expect(handle.close).toHaveBeenCalledTimes(1);
  });
});
