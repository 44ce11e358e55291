import type { TranscriptionCompleted } from '../../shared/library';
import type { VodPublished } from '../../shared/publishing';

/*
 * The `data` of each webhook: the original system's keys first, so receivers built for it keep
 * working, then what this app knows besides.
 */

export function transcriptionCompletedData(event: TranscriptionCompleted): Record<string, unknown> {
  return {
    transcription_id: event.recordingId,
    file_path: event.videoPath,
    duration: event.durationSec,
    status: 'completed',
    output_files: { scc: event.captionPath, summary: event.summaryPath },
    file_name: event.fileName,
    show_id: event.showId,
    completed_at: event.completedAt,
  };
}

export function vodPublishedData(event: VodPublished): Record<string, unknown> {
  return {
    transcription_id: event.recordingId,
    vod_id: event.vod.vodId,
    url: event.vod.url,
    show_id: event.showId,
    title: event.showTitle,
    embed_code: event.vod.embedCode,
    state: event.vod.state,
    published_at: event.publishedAt,
  };
}
