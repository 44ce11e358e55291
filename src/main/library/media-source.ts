import { extname } from 'node:path';

/** A recording's video on disk, as a shell may serve it. */
export interface MediaFile {
  /** Absolute path of the video file. */
  path: string;
  /** The `Content-Type` to serve it with (see `contentTypeFor`). */
  contentType: string;
}

/**
 * How the shells (the browser host's `/api/media/<id>` and Electron's `archivist-media://`) find a
 * recording's video. The shells serve exactly the file this names and nothing else: a page never
 * hands them a path, only a recording id.
 */
export interface MediaSource {
  /** The video of recording `recordingId`, or null when there is no such recording. */
  videoFile(recordingId: number): MediaFile | null;
}

const VIDEO_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
  '.mpg': 'video/mpeg',
  '.mpeg': 'video/mpeg',
  '.ts': 'video/mp2t',
  '.mxf': 'application/mxf',
};

/** The content type of a video file, from its extension (any case); octet-stream if unknown. */
export function contentTypeFor(path: string): string {
  return VIDEO_CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** A MediaSource that knows no recordings (a shell started without a library, a test). */
export const NO_MEDIA: MediaSource = { videoFile: () => null };

/**
 * A recording id as it appears in a media URL: a positive decimal integer with no sign, no leading
 * zero and no other characters, small enough to be exact. Anything else is no id at all.
 */
export function parseRecordingId(text: string): number | null {
  if (!/^[1-9][0-9]{0,15}$/.test(text)) return null;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : null;
}
