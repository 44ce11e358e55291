import type { RecordingState } from '../../shared/library';

/** What the state of a recording is decided from: the facts the scan and the checks found. */
export interface StateFacts {
  fileName: string;
  missing: boolean;
  publishedAt: string | null;
  videoSize: number;
  settled: boolean;
  /** Problems of the video file itself that make it unusable. */
  videoProblem: string | null;
  captionPath: string | null;
  /** null: not checked yet. */
  captionValid: boolean | null;
  /** The first error the caption check found, in words (with its line). */
  captionError: string | null;
  summaryPath: string | null;
  link: { showId: number; method: 'file-key' | 'operator'; showTitle: string | null } | null;
}

export interface DerivedState {
  state: RecordingState;
  reason: string;
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

function stemOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}

/**
 * The state an operator sees, with its reason in words. The first thing that stops a recording
 * from being published decides it: a missing or unusable video, then one still being written,
 * then captions, then the summary; a usable recording is `ready` until it is linked to its show.
 */
export function deriveState(f: StateFacts): DerivedState {
  if (f.publishedAt !== null) {
    return { state: 'published', reason: `Published to Cablecast VOD on ${f.publishedAt}.` };
  }
  if (f.missing) {
    return {
      state: 'failed',
      reason:
        'The video was not found by the last scan: it was moved out of the storage folders or deleted. Its link and draft are kept.',
    };
  }
  if (f.videoSize === 0) {
    return { state: 'failed', reason: 'The video file is empty (0 bytes): copy it again.' };
  }
  if (f.videoProblem !== null) return { state: 'failed', reason: f.videoProblem };
  if (!f.settled) {
    return {
      state: 'new',
      reason: 'The video is still being written (its size changed since the last look).',
    };
  }
  const stem = stemOf(f.fileName);
  if (f.captionPath === null) {
    return {
      state: 'needs-captions',
      reason: `No caption file beside the video: looked for ${stem}.scc, .srt, .vtt and .json.`,
    };
  }
  if (f.captionValid === null) {
    return { state: 'new', reason: `The captions (${baseName(f.captionPath)}) are being checked.` };
  }
  if (!f.captionValid) {
    return {
      state: 'caption-invalid',
      reason: `${baseName(f.captionPath)}: ${f.captionError ?? 'the captions do not decode.'}`,
    };
  }
  if (f.summaryPath === null) {
    return {
      state: 'needs-summary',
      reason: `Captions are valid; no summary beside the video: looked for ${stem}_summary.txt, ${stem}_minutes.json and ${stem}.md.`,
    };
  }
  if (f.link !== null) {
    const show = f.link.showTitle
      ? `show ${f.link.showId} (${f.link.showTitle})`
      : `show ${f.link.showId}`;
    return {
      state: 'linked',
      reason:
        f.link.method === 'file-key'
          ? `Linked to ${show} by the file key in its name.`
          : `Linked to ${show}, confirmed by an operator.`,
    };
  }
  return {
    state: 'ready',
    reason: 'Captions and summary are ready: confirm which show it belongs to.',
  };
}

/** Ready for `transcription.completed`: valid captions and a summary (linked or not). */
export function isComplete(state: RecordingState): boolean {
  return state === 'ready' || state === 'linked' || state === 'published';
}
