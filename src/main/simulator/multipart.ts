/**
 * A streaming multipart/form-data reader (RFC 7578) for the simulator's chunked uploads. Part
 * bodies are handed on as they arrive and never collected, so a 2 GiB upload in 5 MB segments
 * costs the same memory as a tiny one.
 */

export class MultipartError extends Error {
  override readonly name = 'MultipartError';
}

export interface PartInfo {
  /** The form field name from Content-Disposition. */
  name: string;
  /** The `filename` parameter, when the part is a file. */
  fileName: string | null;
  contentType: string | null;
}

/** Receives one part's bytes. `write` must not keep `data` past the call: it is reused. */
export interface PartSink {
  write(data: Buffer): void;
  end(): void;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const EMPTY = Buffer.alloc(0);
const MAX_HEADER_BYTES = 16 * 1024;
const DASH = 0x2d;

/** The boundary of a `multipart/form-data` Content-Type, or null for any other type. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (contentType === undefined) return null;
  const [type, ...params] = contentType.split(';');
  if (type?.trim().toLowerCase() !== 'multipart/form-data') return null;
  for (const param of params) {
    const match = /^\s*boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))\s*$/i.exec(param);
    if (match) return match[1] ?? match[2] ?? null;
  }
  return null;
}

function headerParam(value: string, name: string): string | null {
  const pattern = new RegExp(`;\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, 'i');
  const match = pattern.exec(value);
  if (!match) return null;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : (match[2] ?? null);
}

function parsePartHeaders(raw: string): PartInfo {
  let disposition: string | null = null;
  let contentType: string | null = null;
  for (const line of raw.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'content-disposition') disposition = value;
    else if (key === 'content-type') contentType = value;
  }
  if (disposition === null || !/^form-data\b/i.test(disposition)) {
    throw new MultipartError('A part has no "Content-Disposition: form-data" header.');
  }
  const name = headerParam(disposition, 'name');
  if (name === null) throw new MultipartError('A part has no field name.');
  return { name, fileName: headerParam(disposition, 'filename'), contentType };
}

type State = 'preamble' | 'after-boundary' | 'headers' | 'body' | 'done';

/**
 * Reads a multipart body from `source`, calling `onPart` for each part and streaming its bytes to
 * the sink it returns. Resolves `complete: false` when the body ended before the closing
 * boundary (the client went away); throws MultipartError when it is malformed.
 */
export async function readMultipart(
  source: AsyncIterable<unknown>,
  boundary: string,
  onPart: (info: PartInfo) => PartSink,
): Promise<{ complete: boolean }> {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const keep = delimiter.length - 1;
  let state = 'preamble' as State;
  // The first boundary has no CRLF before it; pretend it had one so one delimiter fits all.
  let pending: Buffer = Buffer.from(CRLF);
  let sink: PartSink | null = null;

  const consume = (chunk: Buffer): void => {
    let buffer: Buffer;
    if (pending.length === 0) buffer = chunk;
    else if (state === 'body' && sink && chunk.length >= delimiter.length) {
      // The held-back tail only needs joining if a delimiter starts in it; checking that costs a
      // few bytes, while joining would copy the whole chunk.
      const probe = Buffer.concat([pending, chunk.subarray(0, keep)]);
      if (probe.indexOf(delimiter) === -1) {
        sink.write(pending);
        buffer = chunk;
      } else buffer = Buffer.concat([pending, chunk]);
    } else buffer = Buffer.concat([pending, chunk]);
    pending = EMPTY;

    for (;;) {
      switch (state) {
        case 'preamble': {
          const at = buffer.indexOf(delimiter);
          if (at === -1) {
            pending = Buffer.from(buffer.subarray(Math.max(0, buffer.length - keep)));
            return;
          }
          buffer = buffer.subarray(at + delimiter.length);
          state = 'after-boundary';
          continue;
        }
        case 'after-boundary': {
          if (buffer.length < 2) {
            pending = Buffer.from(buffer);
            return;
          }
          if (buffer[0] === DASH && buffer[1] === DASH) {
            state = 'done';
            return;
          }
          // Transport padding (spaces, tabs) may sit between the boundary and its CRLF.
          const end = buffer.indexOf(CRLF);
          if (end === -1) {
            if (buffer.length > 256) throw new MultipartError('A boundary line is malformed.');
            pending = Buffer.from(buffer);
            return;
          }
          if (buffer.subarray(0, end).toString('latin1').trim() !== '') {
            throw new MultipartError('A boundary line is malformed.');
          }
          buffer = buffer.subarray(end + CRLF.length);
          state = 'headers';
          continue;
        }
        case 'headers': {
          let headerText: string;
          if (buffer.length >= 2 && buffer[0] === 0x0d && buffer[1] === 0x0a) {
            headerText = '';
            buffer = buffer.subarray(2);
          } else {
            const end = buffer.indexOf(HEADER_END);
            if (end === -1) {
              if (buffer.length > MAX_HEADER_BYTES) {
                throw new MultipartError('A part header is too long.');
              }
              pending = Buffer.from(buffer);
              return;
            }
            headerText = buffer.subarray(0, end).toString('utf8');
            buffer = buffer.subarray(end + HEADER_END.length);
          }
          sink = onPart(parsePartHeaders(headerText));
          state = 'body';
          continue;
        }
        case 'body': {
          const at = buffer.indexOf(delimiter);
          if (at !== -1) {
            if (at > 0) sink?.write(buffer.subarray(0, at));
            sink?.end();
            sink = null;
            buffer = buffer.subarray(at + delimiter.length);
            state = 'after-boundary';
            continue;
          }
          const emit = Math.max(0, buffer.length - keep);
          if (emit > 0) sink?.write(buffer.subarray(0, emit));
          pending = Buffer.from(buffer.subarray(emit));
          return;
        }
        case 'done':
          // The epilogue after the closing boundary is ignored.
          return;
      }
    }
  };

  for await (const chunk of source) {
    if (state === 'done') continue;
    consume(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return { complete: state === 'done' };
}
