import { memo, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { CaptionPreview, RecordingDetail, TranscriptCue } from '../../../shared/library';
import { EmptyState } from '../../components/EmptyState';
import { RetryAlert } from '../../components/RetryAlert';
import { SearchInput } from '../../components/SearchInput';
import { useLibraryStore } from '../../stores';
import { plural } from '../shows/format';
import { chapterMarkers, playheadPercent } from './markers';
import { api } from '../../lib/api';
import { usePlayer } from './player';
import { formatClock } from './time';
import { cueAt, filterCues, matchParts } from './transcript';

/** A Blob URL for the captions as WebVTT, revoked when they change or the preview goes. */
function useVttUrl(vtt: string | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (vtt === null) {
      setUrl(null);
      return;
    }
    const made = URL.createObjectURL(new Blob([vtt], { type: 'text/vtt' }));
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [vtt]);
  return url;
}

function mediaErrorText(error: MediaError | null): string {
  switch (error?.code) {
    case 2:
      return 'the network dropped while reading it (is its share still mounted?)';
    case 3:
    case 4:
      return 'this player cannot decode it (broadcast MPEG-2 or ProRes files often cannot be previewed here)';
    default:
      return 'it could not be read';
  }
}

/** The draft's chapters as marks on a bar the width of the player; click or Enter to seek. */
function ChapterTimeline({
  durationSec,
  timeSec,
}: {
  durationSec: number | null;
  timeSec: number;
}) {
  const player = usePlayer();
  const chapters = useLibraryStore((s) =>
    s.selectedId === null ? null : (s.drafts[s.selectedId]?.edit.chapters ?? null),
  );
  const markers = useMemo(
    () => chapterMarkers(chapters ?? [], durationSec),
    [chapters, durationSec],
  );
  return (
    <div className="tx-timeline" role="group" aria-label="Chapters on the timeline">
      <div
        className="tx-timeline-bar"
        data-testid="chapter-timeline"
        onClick={(e) => {
          // A click on the bar itself (not a marker) seeks there too.
          if (e.target !== e.currentTarget || !durationSec) return;
          const rect = e.currentTarget.getBoundingClientRect();
          player.seek(((e.clientX - rect.left) / rect.width) * durationSec);
        }}
      >
        <span
          className="tx-playhead"
          style={{ left: `${playheadPercent(timeSec, durationSec)}%` }}
          aria-hidden="true"
        />
        {markers.map((m) => {
          const title = m.title.trim() || 'Untitled chapter';
          return (
            <button
              key={`${m.index}-${m.offsetSec}`}
              type="button"
              className="tx-marker"
              style={{ left: `${m.percent}%` }}
              aria-label={`Chapter ${m.index + 1}: ${title}, at ${formatClock(m.offsetSec, 'nearest')}`}
              data-testid="chapter-marker"
              data-offset={m.offsetSec}
              onClick={() => player.seek(m.offsetSec)}
            >
              <span className="tx-marker-tip" aria-hidden="true">
                <span className="chapter-at">{formatClock(m.offsetSec, 'nearest')}</span> {title}
              </span>
            </button>
          );
        })}
      </div>
      {durationSec === null ? (
        <p className="tx-timeline-note muted">
          Chapter marks appear once the video&apos;s length is known.
        </p>
      ) : markers.length === 0 ? (
        <p className="tx-timeline-note muted">No chapters yet: add them in the draft below.</p>
      ) : null}
    </div>
  );
}

const CueRow = memo(function CueRow({
  cue,
  index,
  current,
  query,
  onSeek,
}: {
  cue: TranscriptCue;
  index: number;
  current: boolean;
  query: string;
  onSeek: (index: number) => void;
}) {
  return (
    <li data-cue-index={index} className={current ? 'tx-cue current' : 'tx-cue'}>
      <button
        type="button"
        className="tx-cue-btn"
        aria-current={current ? 'true' : undefined}
        onClick={() => onSeek(index)}
        title={`Play from ${formatClock(cue.startSec)}`}
      >
        <span className="chapter-at tx-cue-at">{formatClock(cue.startSec)}</span>
        <span className="tx-cue-text">
          {matchParts(cue.text, query).map((p, i) =>
            p.match ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>,
          )}
        </span>
      </button>
    </li>
  );
});

/** The captions as a searchable list: click a cue to seek; the cue on screen is highlighted. */
function Transcript({
  preview,
  timeSec,
  playing,
}: {
  preview: CaptionPreview;
  timeSec: number;
  playing: boolean;
}) {
  const player = usePlayer();
  const [query, setQuery] = useState('');
  const listRef = useRef<HTMLOListElement>(null);
  const inputId = useId();
  const cues = preview.cues;
  const shown = useMemo(() => filterCues(cues, query), [cues, query]);
  const current = cueAt(cues, timeSec);
  const onSeek = useMemo(
    () => (index: number) => {
      const cue = cues[index];
      if (cue) player.seek(cue.startSec);
    },
    [cues, player],
  );

  // While playing, keep the cue on screen in view (scrolling the list only, never the page).
  useEffect(() => {
    const list = listRef.current;
    if (!playing || current < 0 || !list) return;
    const item = list.querySelector<HTMLElement>(`[data-cue-index="${current}"]`);
    if (!item) return;
    const top = item.offsetTop - list.offsetTop;
    if (top < list.scrollTop || top + item.offsetHeight > list.scrollTop + list.clientHeight) {
      list.scrollTop = Math.max(0, top - list.clientHeight / 3);
    }
  }, [current, playing]);

  return (
    <section
      className="tx-transcript"
      aria-labelledby={`${inputId}-title`}
      data-testid="transcript"
    >
      <div className="tx-transcript-head">
        <h3 id={`${inputId}-title`}>Transcript</h3>
        <span className="muted tx-cue-count" aria-live="polite" data-testid="cue-count">
          {query.trim()
            ? `${shown.length} of ${plural(cues.length, 'cue')}`
            : plural(cues.length, 'cue')}
        </span>
      </div>
      <SearchInput
        id={inputId}
        label="Find in the transcript"
        placeholder="Find in the transcript"
        value={query}
        onChange={setQuery}
      />
      {shown.length === 0 ? (
        <p className="muted tx-transcript-empty">
          {cues.length === 0 ? 'The captions have no text.' : `No cue contains “${query.trim()}”.`}
        </p>
      ) : null}
      <ol ref={listRef} className="tx-cue-list" aria-label="Cues">
        {shown.map((i) => {
          const cue = cues[i];
          return cue ? (
            <CueRow
              key={i}
              cue={cue}
              index={i}
              current={i === current}
              query={query}
              onSeek={onSeek}
            />
          ) : null;
        })}
      </ol>
    </section>
  );
}

function CaptionsState({ detail }: { detail: RecordingDetail }) {
  const captions = useLibraryStore((s) => (s.captions?.id === detail.id ? s.captions : null));
  if (!captions || (captions.loading && !captions.value)) {
    return <p className="muted">Reading the captions…</p>;
  }
  if (captions.error) {
    return (
      <RetryAlert onRetry={() => useLibraryStore.getState().reloadDetail()}>
        The captions could not be read: {captions.error}
      </RetryAlert>
    );
  }
  return null;
}

/**
 * The video with its captions as a track, the chapter marks under it, and the transcript beside
 * it. The video comes from the shell (never a file path); the captions as a Blob URL. Keyed by
 * the recording, so nothing carries over to the next one.
 */
export function Preview({ detail }: { detail: RecordingDetail }) {
  const player = usePlayer();
  const captions = useLibraryStore((s) => (s.captions?.id === detail.id ? s.captions : null));
  const preview = captions?.value ?? null;
  const trackUrl = useVttUrl(preview?.vtt ?? null);
  const src = api.mediaUrl(detail.id);
  const [timeSec, setTimeSec] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [videoDuration, setVideoDuration] = useState<number | null>(null);
  const [videoError, setVideoError] = useState<string | null>(null);

  const durationSec = videoDuration ?? detail.durationSec;

  return (
    <div className="tx-preview">
      <div className="tx-player">
        {detail.missing ? (
          <div className="tx-video-missing alert alert-warn" role="note">
            The video was not found by the last scan (moved, or its share is offline), so it cannot
            be played.
          </div>
        ) : (
          <video
            ref={(el) => {
              player.video = el;
            }}
            className="tx-video"
            controls
            preload="metadata"
            src={src}
            data-testid="preview-video"
            aria-label={`Preview of ${detail.fileName}`}
            onTimeUpdate={(e) => setTimeSec(e.currentTarget.currentTime)}
            onSeeked={(e) => setTimeSec(e.currentTarget.currentTime)}
            onPlay={() => setPlaying(true)}
            onPause={() => setPlaying(false)}
            onLoadedMetadata={(e) => {
              const d = e.currentTarget.duration;
              if (Number.isFinite(d) && d > 0) setVideoDuration(d);
              setVideoError(null);
            }}
            onError={(e) => setVideoError(mediaErrorText(e.currentTarget.error))}
          >
            {trackUrl ? (
              <track
                key={trackUrl}
                kind="captions"
                default
                src={trackUrl}
                srcLang="en"
                label="Captions"
              />
            ) : null}
          </video>
        )}
        {videoError ? (
          <p className="alert alert-warn tx-video-error" role="note">
            The video cannot be previewed here: {videoError}. The transcript and chapters still
            work.
          </p>
        ) : null}
        <ChapterTimeline durationSec={durationSec} timeSec={timeSec} />
      </div>
      <div className="tx-transcript-pane">
        <CaptionsState detail={detail} />
        {preview && preview.vtt === null && preview.cues.length === 0 ? (
          <EmptyState
            className="tx-no-captions"
            title={detail.caption ? 'The captions do not decode' : 'No captions yet'}
          >
            {detail.caption
              ? 'See the caption problems below (line and word). Fix the file, and the next scan reads it again.'
              : 'Put a caption file (.scc, .srt, .vtt or Whisper .json) with the same name beside the video; the next scan picks it up.'}
          </EmptyState>
        ) : preview ? (
          <Transcript preview={preview} timeSec={timeSec} playing={playing} />
        ) : null}
      </div>
    </div>
  );
}
