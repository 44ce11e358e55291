import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';

/** Bytes, or a stream of them, sent in order without being joined in memory. */
export type BodyPart = Buffer | Readable;

/** A request body given as parts, streamed to the server one after another. */
export interface StreamedBody {
  parts: readonly BodyPart[];
  contentType: string;
  /** Total bytes, when known: sent as Content-Length instead of chunked encoding. */
  length?: number;
}

/** Quotes a form-data parameter value (RFC 7578 §4.2: escape `"`, `\` and line breaks). */
function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&').replace(/\r?\n|\r/g, ' ')}"`;
}

/**
 * A multipart/form-data body with text fields and one file part whose bytes are `file` itself:
 * a Buffer is sent as it is and a stream is read as it is sent, so no copy of the chunk is made
 * and at most one chunk is in memory. `fileLength` is needed for a stream to get a Content-Length.
 */
export function multipartBody(
  fields: Readonly<Record<string, string>>,
  file: { field: string; fileName: string; data: BodyPart; length?: number },
): StreamedBody {
  const boundary = `----ArchivistBoundary${randomBytes(12).toString('hex')}`;
  let head = '';
  for (const [name, value] of Object.entries(fields)) {
    head += `--${boundary}\r\nContent-Disposition: form-data; name=${quoted(name)}\r\n\r\n${value}\r\n`;
  }
  head +=
    `--${boundary}\r\nContent-Disposition: form-data; name=${quoted(file.field)}; ` +
    `filename=${quoted(file.fileName)}\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const headBytes = Buffer.from(head, 'utf8');
  const tailBytes = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  const fileLength = Buffer.isBuffer(file.data) ? file.data.length : file.length;
  return {
    parts: [headBytes, file.data, tailBytes],
    contentType: `multipart/form-data; boundary=${boundary}`,
    ...(fileLength === undefined
      ? {}
      : { length: headBytes.length + fileLength + tailBytes.length }),
  };
}

async function* partBytes(parts: readonly BodyPart[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) {
    if (Buffer.isBuffer(part)) {
      if (part.length > 0) yield part;
      continue;
    }
    for await (const chunk of part) {
      yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
    }
  }
}

/** The parts as a web stream for fetch, pulled only as fast as the socket takes them. */
export function bodyStream(body: StreamedBody): ReadableStream<Uint8Array> {
  const iterator = partBytes(body.parts);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done === true) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await iterator.return(undefined);
      // A stream part that was not read to the end is ours to close.
      for (const part of body.parts) if (!Buffer.isBuffer(part)) part.destroy();
    },
  });
}
