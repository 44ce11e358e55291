import { useState } from 'react';
import type { RecordingDetail } from '../../../shared/library';
import { DetailStatus } from '../../components/DetailStatus';
import { useLibraryStore } from '../../stores';
import { PublishButton, RecordingPublish } from '../publish/RecordingPublish';
import { formatInstant, formatRunTime, plural } from '../shows/format';
import { DraftEditor } from './DraftEditor';
import { captionFormatLabel, diagnosticPlace, formatBytes, stateBadge } from './format';
import { LinkSection } from './LinkSection';
import { Player, PlayerContext } from './player';
import { Preview } from './Preview';

const SUMMARY_FORMATS = {
  'summary-txt': 'text summary',
  'minutes-json': 'minutes (JSON)',
  'summary-md': 'summary (Markdown)',
  markdown: 'Markdown',
} as const;

function FileLine({
  label,
  path,
  size,
  note,
}: {
  label: string;
  path: string;
  size: number;
  note: string;
}) {
  return (
    <>
      <dt>{label}</dt>
      <dd>
        <code>{path}</code>
        <span className="tx-sub">
          {formatBytes(size)}
          {note ? ` · ${note}` : ''}
        </span>
      </dd>
    </>
  );
}

function Files({ detail }: { detail: RecordingDetail }) {
  return (
    <section className="detail-section" aria-labelledby="tx-files-title">
      <h3 id="tx-files-title">Files</h3>
      <dl>
        <FileLine
          label="Video"
          path={detail.video.path}
          size={detail.video.sizeBytes}
          note={`modified ${formatInstant(detail.video.modifiedAt)}`}
        />
        {detail.caption ? (
          <FileLine
            label="Captions"
            path={detail.caption.path}
            size={detail.caption.sizeBytes}
            note={`${captionFormatLabel(detail.caption.format)}, ${plural(detail.captionCueCount, 'cue')}`}
          />
        ) : (
          <>
            <dt>Captions</dt>
            <dd className="muted">None beside the video</dd>
          </>
        )}
        {detail.summary ? (
          <FileLine
            label="Summary"
            path={detail.summary.path}
            size={detail.summary.sizeBytes}
            note={SUMMARY_FORMATS[detail.summary.format]}
          />
        ) : (
          <>
            <dt>Summary</dt>
            <dd className="muted">None beside the video</dd>
          </>
        )}
      </dl>
    </section>
  );
}

function VideoFacts({ detail }: { detail: RecordingDetail }) {
  return (
    <section className="detail-section" aria-labelledby="tx-video-title">
      <h3 id="tx-video-title">Video</h3>
      {detail.probeProblem ? (
        <p className="alert alert-warn" role="note">
          {detail.probeProblem}
        </p>
      ) : null}
      <dl>
        <dt>Duration</dt>
        <dd>{formatRunTime(detail.durationSec) || <span className="muted">unknown</span>}</dd>
        <dt>Frame rate</dt>
        <dd>
          {detail.frameRate !== null ? (
            `${Math.round(detail.frameRate * 1000) / 1000} fps`
          ) : (
            <span className="muted">unknown</span>
          )}
        </dd>
        <dt>Start timecode</dt>
        <dd>{detail.startTimecode ?? <span className="muted">unknown</span>}</dd>
        <dt>Event date</dt>
        <dd>{detail.eventDate ?? <span className="muted">not in the file name</span>}</dd>
      </dl>
    </section>
  );
}

function Diagnostics({ detail }: { detail: RecordingDetail }) {
  const list = detail.captionDiagnostics;
  if (list.length === 0) return null;
  const errors = list.filter((d) => d.severity === 'error').length;
  return (
    <section
      className="detail-section"
      aria-labelledby="tx-diag-title"
      data-testid="caption-diagnostics"
    >
      <h3 id="tx-diag-title">Caption problems</h3>
      <p className="muted tx-diag-summary">
        {errors > 0 ? plural(errors, 'error') : 'No errors'}
        {list.length - errors > 0 ? `, ${plural(list.length - errors, 'warning')}` : ''} in{' '}
        {detail.caption ? <code>{detail.caption.path.split(/[\\/]/).pop()}</code> : 'the captions'}
      </p>
      <ul className="tx-diagnostics">
        {list.map((d, i) => (
          <li key={i} className={`tx-diag ${d.severity}`}>
            <span className={`badge ${d.severity === 'error' ? 'tone-bad' : 'tone-warn'}`}>
              {d.severity === 'error' ? 'Error' : 'Warning'}
            </span>{' '}
            {diagnosticPlace(d) ? <strong>{diagnosticPlace(d)}: </strong> : null}
            {d.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

function SummaryText({ detail }: { detail: RecordingDetail }) {
  if (!detail.summaryText) return null;
  return (
    <section className="detail-section" aria-labelledby="tx-summary-title">
      <details>
        <summary id="tx-summary-title">Summary text</summary>
        <p className="detail-text tx-summary-text">{detail.summaryText}</p>
      </details>
    </section>
  );
}

function Detail({ detail }: { detail: RecordingDetail }) {
  const badge = stateBadge(detail.state);
  return (
    <>
      <header className="tx-detail-head">
        <PublishButton detail={detail} />
        <h2 id="tx-detail-title">{detail.fileName}</h2>
        <p className="tx-detail-state">
          <span className={`badge tone-${badge.tone}`} data-testid="detail-state">
            {badge.label}
          </span>{' '}
          <span>{detail.reason}</span>
        </p>
      </header>
      {detail.missing ? (
        <div className="alert alert-warn" role="note">
          The last scan did not find this video (moved away, or its share is offline). Its links and
          draft are kept; it comes back when the file does.
        </div>
      ) : null}
      <Preview key={detail.id} detail={detail} />
      <div className="tx-detail-grid">
        <DraftEditor detail={detail} />
        <div className="tx-detail-side">
          <RecordingPublish detail={detail} />
          <LinkSection detail={detail} />
          <Diagnostics detail={detail} />
          <Files detail={detail} />
          <VideoFacts detail={detail} />
          <SummaryText detail={detail} />
        </div>
      </div>
    </>
  );
}

/** The selected recording: preview, transcript, link, draft and publishing. */
export function RecordingDetailPane() {
  const detail = useLibraryStore((s) => s.detail);
  const [player] = useState(() => new Player());
  const value = detail?.value ?? null;

  return (
    <section
      className="tx-detail"
      aria-label="Recording details"
      aria-busy={detail?.loading ?? false}
      data-testid="recording-detail"
      data-recording-id={value?.id ?? ''}
    >
      <DetailStatus
        detail={detail}
        hint="Select a recording to preview it with its captions, link it to its show and edit the draft that will be published."
        keys="↑ ↓ move through the list; Ctrl+F searches it."
        errorText="This recording could not be read"
        loadingText="Loading the recording…"
        onRetry={() => useLibraryStore.getState().reloadDetail()}
      />
      {value ? (
        <PlayerContext.Provider value={player}>
          <Detail detail={value} />
        </PlayerContext.Provider>
      ) : null}
    </section>
  );
}
