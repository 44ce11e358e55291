/*
 * HTTP byte ranges (RFC 9110 §14) for serving videos: a `<video>` asks for pieces of the file as it
 * plays and seeks, and cannot seek at all unless the server answers `206` with `Content-Range`.
 * Pure functions, shared by the browser host (`/api/media/<id>`) and Electron's
 * `archivist-media://` handler, so both shells answer the same request the same way.
 */

/** What a `Range` header asks of a file of a given size. `end` is inclusive, as in the header. */
type ByteRange =
  { kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

const DIGITS = /^[0-9]{1,16}$/;

function toOffset(text: string): number | null {
  if (!DIGITS.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * Reads a `Range` header against a file of `size` bytes. A missing header, another unit, a
 * malformed header or several ranges at once give `full` (a server may always ignore `Range`; a
 * media element only ever asks for one range); a well-formed range that starts at or past the end
 * of the file, or a suffix of zero bytes, is `unsatisfiable` (416).
 */
export function parseByteRange(header: string | null | undefined, size: number): ByteRange {
  if (header === null || header === undefined) return { kind: 'full' };
  const match = /^\s*bytes\s*=(.*)$/i.exec(header);
  if (!match) return { kind: 'full' };
  const specs = (match[1] ?? '').split(',').map((s) => s.trim());
  if (specs.length !== 1) return { kind: 'full' };
  const spec = specs[0] ?? '';
  const dash = spec.indexOf('-');
  if (dash < 0) return { kind: 'full' };
  const first = spec.slice(0, dash).trim();
  const last = spec.slice(dash + 1).trim();

  if (first === '') {
    // `bytes=-N`: the last N bytes.
    const suffix = toOffset(last);
    if (suffix === null) return { kind: 'full' };
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = toOffset(first);
  if (start === null) return { kind: 'full' };
  let end = size - 1;
  if (last !== '') {
    const requested = toOffset(last);
    // `bytes=9-3` is not a range at all: ignored, as the RFC allows.
    if (requested === null || requested < start) return { kind: 'full' };
    end = Math.min(requested, size - 1);
  }
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}

/** How a shell answers a media request: status, headers and which bytes (if any) to send. */
interface MediaReply {
  status: 200 | 206 | 416;
  headers: Record<string, string>;
  /** The inclusive span of the file to send with a GET; null when there is nothing to send. */
  span: { start: number; end: number } | null;
  /** The body of a 416, in words; null otherwise. */
  message: string | null;
}

/**
 * The answer to a request for a video of `size` bytes with the given `Range` header. Never
 * cached: a recording's file can be replaced or still be growing, and the page asks again anyway.
 */
export function planMediaReply(
  size: number,
  contentType: string,
  rangeHeader: string | null | undefined,
): MediaReply {
  const common = {
    'accept-ranges': 'bytes',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
  const range = parseByteRange(rangeHeader, size);
  if (range.kind === 'unsatisfiable') {
    const message = `The requested range is outside the video, which is ${size} bytes long.`;
    return {
      status: 416,
      headers: {
        ...common,
        'content-type': 'text/plain; charset=utf-8',
        'content-length': String(Buffer.byteLength(message)),
        'content-range': `bytes */${size}`,
      },
      span: null,
      message,
    };
  }
  if (range.kind === 'partial') {
    return {
      status: 206,
      headers: {
        ...common,
        'content-type': contentType,
        'content-length': String(range.end - range.start + 1),
        'content-range': `bytes ${range.start}-${range.end}/${size}`,
      },
      span: { start: range.start, end: range.end },
      message: null,
    };
  }
  return {
    status: 200,
    headers: { ...common, 'content-type': contentType, 'content-length': String(size) },
    span: size === 0 ? null : { start: 0, end: size - 1 },
    message: null,
  };
}
