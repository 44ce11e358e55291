import { open, type FileHandle } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { planMediaReply } from '../host/byte-range';
import { parseRecordingId, type MediaSource } from '../library/media-source';
import { MEDIA_HOST, MEDIA_SCHEME } from '../../shared/app-origin';

/** How much of the file one pull reads: large enough for video, small enough to stop quickly. */
const CHUNK_BYTES = 256 * 1024;

/**
 * The recording id in `archivist-media://recording/<id>`, or null for any other URL. Compared by
 * parts: Chromium lowercases the host of a standard scheme, Node's parser does not.
 */
export function parseMediaUrl(url: string): number | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (
    parsed.protocol !== `${MEDIA_SCHEME}:` ||
    parsed.hostname.toLowerCase() !== MEDIA_HOST ||
    parsed.port !== '' ||
    parsed.username !== '' ||
    parsed.password !== ''
  ) {
    return null;
  }
  return parseRecordingId(parsed.pathname.replace(/^\//, ''));
}

function textResponse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    },
  });
}

/**
 * Reads `[start, end]` (inclusive) of an open file as a web stream, a chunk per pull, and closes
 * the file when done or when the page stops listening (a seek cancels the request in flight).
 * Written by hand rather than `Readable.toWeb(createReadStream())`: that adapter can throw
 * "Controller is already closed" when a stream is cancelled mid-read, which a seeking video does
 * all the time.
 */
export function fileSpanStream(
  handle: FileHandle,
  start: number,
  end: number,
): ReadableStream<Uint8Array> {
  let position = start;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await handle.close().catch(() => undefined);
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const wanted = Math.min(CHUNK_BYTES, end - position + 1);
        try {
          const chunk = new Uint8Array(wanted);
          const { bytesRead } = await handle.read(chunk, 0, wanted, position);
          if (closed) return;
          if (bytesRead === 0) throw new Error('The video file ended sooner than its size said.');
          position += bytesRead;
          controller.enqueue(bytesRead === wanted ? chunk : chunk.subarray(0, bytesRead));
          if (position > end) {
            await close();
            controller.close();
          }
        } catch (error) {
          await close();
          controller.error(error);
        }
      },
      cancel: close,
    },
    { highWaterMark: 0 },
  );
}

/**
 * The `protocol.handle` handler for `archivist-media://`, as a plain function of a Fetch
 * `Request`: the video of the recording the URL names, with byte ranges so the page can seek
 * (Electron's own `file:` loading ignores `Range`). Only the file the MediaSource gives for a
 * positive integer id is opened; the URL never carries a path.
 */
export function createMediaProtocolHandler(
  media: MediaSource,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return textResponse(405, 'Use GET or HEAD to read a video.');
    }
    const id = parseMediaUrl(request.url);
    let file;
    try {
      file = id === null ? null : media.videoFile(id);
    } catch {
      return textResponse(500, 'The library could not be asked for this recording.');
    }
    if (id === null || file === null) {
      return textResponse(404, 'There is no recording with this id in the library.');
    }
    let handle: FileHandle;
    let size: number;
    try {
      handle = await open(file.path, 'r');
    } catch {
      return textResponse(
        404,
        `The video of recording ${id} is not where the library last saw it: it may have been moved or deleted.`,
      );
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new Error('not a file');
      size = stat.size;
    } catch {
      await handle.close();
      return textResponse(404, `The video of recording ${id} is not a file.`);
    }
    const reply = planMediaReply(size, file.contentType, request.headers.get('range'));
    if (request.method === 'HEAD' || reply.span === null) {
      await handle.close();
      const body = request.method === 'HEAD' ? null : reply.message;
      return new Response(body, { status: reply.status, headers: reply.headers });
    }
    const body = fileSpanStream(handle, reply.span.start, reply.span.end);
    return new Response(body, { status: reply.status, headers: reply.headers });
  };
}

/** Serves recordings' videos under `archivist-media://recording/<id>`. After `ready`. */
export function handleMediaProtocol(protocol: Pick<Protocol, 'handle'>, media: MediaSource): void {
  protocol.handle(MEDIA_SCHEME, createMediaProtocolHandler(media));
}
