import type { PublishBatchView } from '../../../shared/publishing';
import { ExternalLink } from '../../components/ExternalLink';
import { RetryAlert } from '../../components/RetryAlert';
import { safeHttpUrl } from '../../lib/safe-url';
import { useAppStore, usePublishStore } from '../../stores';
import { plural } from '../shows/format';
import { Dialog } from './Dialog';
import { batchSummary } from './jobs';
import { JobActions, JobProgress, JobStateBadge } from './parts';

function Summary({ view }: { view: PublishBatchView }) {
  const summary = batchSummary(view);
  return (
    <section
      className="pub-summary"
      aria-labelledby="batch-summary-title"
      data-testid="batch-summary"
    >
      <h3 id="batch-summary-title">
        {summary.finished ? 'Finished' : `${summary.percent}% done`}:{' '}
        {plural(summary.published.length, 'published', 'published')},{' '}
        {plural(summary.failed.length, 'failed', 'failed')},{' '}
        {plural(summary.skipped.length + summary.cancelled.length, 'skipped', 'skipped')}
      </h3>
      {summary.failed.length > 0 ? (
        <ul className="pub-reasons" aria-label="Failed">
          {summary.failed.map((r) => (
            <li key={r.id}>
              <span className="badge tone-bad">Failed</span>{' '}
              <strong>{r.showTitle ?? r.fileName}</strong>: {r.lastError ?? 'no reason given'}
            </li>
          ))}
        </ul>
      ) : null}
      {summary.skipped.length + summary.cancelled.length > 0 ? (
        <ul className="pub-reasons" aria-label="Skipped">
          {summary.skipped.map((s) => (
            <li key={`s${s.recordingId}`}>
              <span className="badge tone-muted">Skipped</span> <strong>{s.fileName}</strong>:{' '}
              {s.reason}
            </li>
          ))}
          {summary.cancelled.map((r) => (
            <li key={`c${r.id}`}>
              <span className="badge tone-muted">Cancelled</span>{' '}
              <strong>{r.showTitle ?? r.fileName}</strong>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** A batch as it runs: each item's step, progress and result, the whole, and the summary. */
export function BatchDialog() {
  const batch = usePublishStore((s) => s.batch);
  const me = useAppStore((s) => s.who?.name ?? null);
  if (!batch) return null;
  const store = usePublishStore.getState();
  const view = batch.view.value;
  const summary = view ? batchSummary(view) : null;

  return (
    <Dialog
      title={view ? `Publishing ${plural(view.rows.length, 'recording')}` : 'Publishing'}
      titleId="batch-title"
      testId="batch-view"
      className="pub-dialog"
      onClose={store.closeBatch}
      footer={
        <>
          <button
            type="button"
            className="link"
            onClick={() => {
              store.closeBatch();
              useAppStore.getState().go('publish');
            }}
          >
            Open the Publish queue
          </button>
          <button type="button" className="btn btn-primary" onClick={store.closeBatch}>
            {summary?.finished ? 'Done' : 'Keep it running in the background'}
          </button>
        </>
      }
    >
      {batch.view.error ? (
        <RetryAlert onRetry={() => store.refresh()}>
          The batch could not be read: {batch.view.error}
        </RetryAlert>
      ) : null}
      {!view && batch.view.loading ? <p className="muted">Loading the batch…</p> : null}
      {view && summary ? (
        <>
          <div
            className="progress pub-overall"
            role="progressbar"
            aria-label="Batch progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={summary.percent}
            data-testid="batch-progress"
          >
            <div className="progress-fill" style={{ width: `${summary.percent}%` }} />
          </div>
          {summary.finished ? <Summary view={view} /> : null}
          <table className="pub-table pub-batch-table" aria-label="Batch items">
            <thead>
              <tr>
                <th scope="col">Show</th>
                <th scope="col">Step</th>
                <th scope="col">State</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {view.rows.map((row) => {
                const link = safeHttpUrl(row.vod?.url ?? null);
                return (
                  <tr
                    key={row.id}
                    data-testid="batch-item"
                    data-job-id={row.id}
                    data-state={row.state}
                  >
                    <td>
                      <span className="tx-show-title">{row.showTitle ?? `Show ${row.showId}`}</span>
                      <span className="tx-sub">{row.fileName}</span>
                      {row.requestedBy &&
                      row.requestedBy !== me &&
                      row.enqueuedAt < view.createdAt ? (
                        <span className="tx-sub" data-testid="started-by">
                          Already being published: started by {row.requestedBy}
                        </span>
                      ) : null}
                    </td>
                    <td>
                      <JobProgress row={row} />
                    </td>
                    <td>
                      <JobStateBadge state={row.state} />
                    </td>
                    <td className="pub-result">
                      {link ? (
                        <ExternalLink href={link} testId="vod-link">
                          VOD {row.vod?.vodId}
                        </ExternalLink>
                      ) : null}
                      {row.state === 'failed' ? (
                        <>
                          <span className="pub-error" data-testid="job-error">
                            {row.lastError ?? 'Failed without a reason.'}
                          </span>
                          <JobActions row={row} compact />
                        </>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {!summary.finished && view.skipped.length > 0 ? (
            <p className="muted">
              {plural(view.skipped.length, 'recording')} left out:{' '}
              {view.skipped.map((s) => `${s.fileName} (${s.reason})`).join('; ')}
            </p>
          ) : null}
        </>
      ) : null}
    </Dialog>
  );
}
