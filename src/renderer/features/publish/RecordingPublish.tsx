import { useEffect } from 'react';
import type { RecordingDetail } from '../../../shared/library';
import { useAppStore, usePublishStore } from '../../stores';
import { formatInstant } from '../shows/format';
import { JobActions, JobProgress, JobStateBadge, VodFacts } from './parts';

/** Why a recording cannot be published yet, in words; null when it can. */
export function publishBlocker(detail: RecordingDetail): string | null {
  if (!detail.link) return 'Link it to its show first.';
  if (detail.link.showMissing) return 'Its show is no longer in the catalog.';
  if (detail.missing) return 'The last scan did not find the video.';
  if (!detail.caption) return 'It has no captions yet.';
  if (detail.captionDiagnostics.some((d) => d.severity === 'error')) {
    return 'Its captions have errors: fix them first.';
  }
  return null;
}

/** Publish…: the confirmation of a batch of one (for a linked recording with valid captions). */
export function PublishButton({ detail }: { detail: RecordingDetail }) {
  const blocker = publishBlocker(detail);
  return (
    <button
      type="button"
      className="btn btn-primary btn-small pub-publish-button"
      disabled={blocker !== null}
      title={blocker ?? 'Publish this recording to Cablecast VOD'}
      onClick={() => usePublishStore.getState().openPlan({ recordingIds: [detail.id] })}
    >
      Publish…
    </button>
  );
}

/** A recording's publishing: why it cannot be published yet, its history, and its VOD once live. */
export function RecordingPublish({ detail }: { detail: RecordingDetail }) {
  const history = usePublishStore((s) => s.history);
  const blocker = publishBlocker(detail);

  useEffect(() => {
    usePublishStore.getState().showHistory(detail.id);
  }, [detail.id]);

  const rows = history?.recordingId === detail.id ? (history.rows.value ?? []) : [];
  const live = rows.find((r) => r.state === 'done' && r.vod)?.vod ?? null;
  const active = rows.find(
    (r) => r.state === 'queued' || r.state === 'running' || r.state === 'unknown',
  );

  return (
    <section
      className="detail-section pub-recording"
      aria-labelledby="tx-publish-title"
      data-testid="recording-publish"
    >
      <h3 id="tx-publish-title">Publishing</h3>
      {blocker ? <p className="muted">Not ready to publish: {blocker}</p> : null}
      {active ? (
        <p className="muted" data-testid="publish-active">
          In the queue now (job {active.id}).
        </p>
      ) : null}
      {live ? <VodFacts vod={live} /> : null}
      {history?.recordingId === detail.id && history.rows.error ? (
        <p className="alert alert-warn">
          The publish history could not be read: {history.rows.error}
        </p>
      ) : null}
      {rows.length > 0 ? (
        <ol className="pub-history" aria-label="Publish history" data-testid="publish-history">
          {rows.map((row) => (
            <li key={row.id} data-job-id={row.id}>
              <div className="pub-history-head">
                <JobStateBadge state={row.state} />
                <span className="tx-sub">
                  {formatInstant(row.enqueuedAt)}
                  {row.origin === 'auto' ? ' · by auto-publish' : ''}
                </span>
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    useAppStore.getState().go('publish');
                    usePublishStore.getState().select(row.id);
                  }}
                  title="Show this job's steps in the Publish queue"
                >
                  Job {row.id}
                </button>
              </div>
              {row.state === 'running' ? <JobProgress row={row} /> : null}
              {row.state === 'failed' ? (
                <>
                  <p className="pub-error">{row.lastError ?? 'Failed without a reason.'}</p>
                  <JobActions row={row} compact />
                </>
              ) : null}
            </li>
          ))}
        </ol>
      ) : history?.recordingId === detail.id && history.rows.value ? (
        <p className="muted">Not published from this app yet.</p>
      ) : null}
    </section>
  );
}
