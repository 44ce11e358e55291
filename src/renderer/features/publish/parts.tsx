import type { PublishedVod, PublishJobRow } from '../../../shared/publishing';
import { CopyButton } from '../../components/CopyButton';
import { ExternalLink } from '../../components/ExternalLink';
import { safeHttpUrl } from '../../lib/safe-url';
import { usePublishStore } from '../../stores';
import { jobStateBadge, progressText, stepPercent, stepText } from './jobs';

/** A job's state in words. */
export function JobStateBadge({ state }: { state: PublishJobRow['state'] }) {
  const badge = jobStateBadge(state);
  return (
    <span className={`badge tone-${badge.tone}`} data-testid="job-state">
      {badge.label}
    </span>
  );
}

/** The step in words, with a bar while the step has a percentage (upload, transcode). */
export function JobProgress({ row }: { row: Pick<PublishJobRow, 'state' | 'step' | 'progress'> }) {
  const percent = row.state === 'running' ? stepPercent(row.step, row.progress) : null;
  const text = progressText(row.progress);
  return (
    <span className="pub-progress" data-testid="job-progress">
      <span className="pub-step">{stepText(row)}</span>
      {percent !== null ? (
        <span
          className="progress pub-bar"
          role="progressbar"
          aria-label={stepText(row)}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(percent)}
        >
          <span
            className="progress-fill"
            style={{ width: `${Math.max(0, Math.min(100, percent))}%` }}
          />
        </span>
      ) : null}
      {row.state === 'running' && text ? <span className="tx-sub">{text}</span> : null}
    </span>
  );
}

/** The VOD a job made: its id, its address as a link, and its embed code to copy. */
export function VodFacts({ vod }: { vod: PublishedVod }) {
  const link = safeHttpUrl(vod.url);
  return (
    <dl className="pub-vod" data-testid="vod-facts">
      <dt>VOD id</dt>
      <dd>{vod.vodId}</dd>
      <dt>State</dt>
      <dd>{vod.state}</dd>
      <dt>Link</dt>
      <dd>
        {link ? (
          <ExternalLink href={link} testId="vod-link">
            {link}
          </ExternalLink>
        ) : (
          <span className="muted">No address yet</span>
        )}
      </dd>
      {vod.embedCode ? (
        <>
          <dt>Embed code</dt>
          <dd className="pub-embed">
            <code>{vod.embedCode}</code>
            <CopyButton text={vod.embedCode} label="Copy embed code" />
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/**
 * What a person can do with a job: cancel one still moving; for one that failed, retry it, have
 * the server checked for what was done, or say it was finished by hand.
 */
export function JobActions({
  row,
  compact = false,
}: {
  row: Pick<PublishJobRow, 'id' | 'state'>;
  compact?: boolean;
}) {
  const busy = usePublishStore((s) => s.jobBusy[row.id] ?? null);
  const store = usePublishStore.getState;
  const size = compact ? 'btn btn-small' : 'btn';
  const stop = (event: { stopPropagation(): void }) => event.stopPropagation();
  const failed = row.state === 'failed';
  return (
    <span className="pub-actions" role="group" aria-label="Job actions" onClick={stop}>
      {failed || row.state === 'cancelled' ? (
        <button
          type="button"
          className={`${size} btn-primary`}
          disabled={busy !== null}
          onClick={() => void store().retry(row.id)}
        >
          {busy === 'retry' ? 'Retrying…' : 'Retry'}
        </button>
      ) : null}
      {failed || row.state === 'unknown' ? (
        <button
          type="button"
          className={size}
          disabled={busy !== null}
          title="Look the job's steps up on the Cablecast server and record what is there"
          onClick={() => void store().check(row.id)}
        >
          {busy === 'check' ? 'Checking…' : 'Check on server'}
        </button>
      ) : null}
      {failed ? (
        <button
          type="button"
          className={size}
          disabled={busy !== null}
          title="It was finished by hand in Cablecast"
          onClick={() => void store().markDone(row.id)}
        >
          {busy === 'markDone' ? 'Marking…' : 'Mark done'}
        </button>
      ) : null}
      {row.state === 'queued' || row.state === 'running' ? (
        <button
          type="button"
          className={size}
          disabled={busy !== null}
          onClick={() => void store().cancel(row.id)}
        >
          {busy === 'cancel' ? 'Cancelling…' : 'Cancel'}
        </button>
      ) : null}
    </span>
  );
}
