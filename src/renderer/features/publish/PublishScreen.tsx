import { useEffect, useState, type DragEvent, type KeyboardEvent } from 'react';
import {
  PUBLISH_JOB_STATES,
  PUBLISH_STEP_LABELS,
  type PublishJobDetail,
  type PublishJobRow,
} from '../../../shared/publishing';
import { DetailStatus } from '../../components/DetailStatus';
import { EmptyState, ErrorState, LoadingState } from '../../components/EmptyState';
import { RetryAlert } from '../../components/RetryAlert';
import { StateChips } from '../../components/StateChips';
import { useNow } from '../../hooks/use-now';
import { useNoticesStore, usePublishStore } from '../../stores';
import { formatCount, formatInstant, plural } from '../shows/format';
import { jobStateBadge, remoteIdsText, reorderTarget, stepStateBadge, waitingText } from './jobs';
import { JobActions, JobProgress, JobStateBadge, VodFacts } from './parts';

/** Pause and resume the whole queue. */
function QueueControls() {
  const status = usePublishStore((s) => s.status);
  const busy = usePublishStore((s) => s.queueBusy);
  const paused = status?.paused ?? false;
  const store = usePublishStore.getState();
  return (
    <div className="sync-row" role="group" aria-label="Queue">
      <span className="sync-last" data-testid="queue-state" aria-live="polite">
        {status
          ? paused
            ? 'Paused: running steps finish, nothing new starts'
            : status.counts.running > 0
              ? `Publishing ${formatCount(status.counts.running)}`
              : 'Idle'
          : ''}
      </span>
      {paused ? (
        <button
          type="button"
          className="btn btn-primary btn-small"
          disabled={!status || busy !== null}
          onClick={() => void store.resume()}
        >
          {busy === 'resume' ? 'Resuming…' : 'Resume the queue'}
        </button>
      ) : (
        <button
          type="button"
          className="btn btn-small"
          disabled={!status || busy !== null}
          onClick={() => void store.pause()}
        >
          {busy === 'pause' ? 'Pausing…' : 'Pause the queue'}
        </button>
      )}
    </div>
  );
}

/** The one-time "Allow notifications" (a browser only; never asked on page load). */
export function AllowNotifications() {
  const access = useNoticesStore((s) => s.access);
  const error = useNoticesStore((s) => s.accessError);
  if (access !== 'default') return null;
  return (
    <span className="pub-allow">
      <button
        type="button"
        className="btn btn-small"
        title="Let this browser show a notification when a VOD goes live or a publish fails"
        onClick={() => void useNoticesStore.getState().allowNotifications()}
      >
        Allow notifications
      </button>
      {error ? <span className="tx-warn-text">{error}</span> : null}
    </span>
  );
}

/** Counts by state; each chip filters the queue to that state (several may be on). */
function JobStateChips() {
  const counts = usePublishStore((s) => s.status?.counts ?? null);
  const states = usePublishStore((s) => s.states);
  return (
    <StateChips
      states={PUBLISH_JOB_STATES}
      counts={counts}
      active={states}
      badge={jobStateBadge}
      onSetStates={(next) => usePublishStore.getState().setStates(next)}
      onToggle={(state) => usePublishStore.getState().toggleState(state)}
    />
  );
}

function JobRowView({
  row,
  selected,
  focusable,
  now,
  dragOver,
  onDragStart,
  onDragOver,
  onDrop,
}: {
  row: PublishJobRow;
  selected: boolean;
  focusable: boolean;
  now: number;
  dragOver: boolean;
  onDragStart: (id: number) => void;
  onDragOver: (id: number | null) => void;
  onDrop: (id: number) => void;
}) {
  const queued = row.state === 'queued';
  return (
    <tr
      className={['pub-row', selected ? 'selected' : '', dragOver ? 'drop-target' : '']
        .filter(Boolean)
        .join(' ')}
      aria-selected={selected}
      tabIndex={focusable ? 0 : -1}
      data-job-id={row.id}
      data-state={row.state}
      draggable={queued}
      title={queued ? 'Drag onto another queued job to move it (or Alt+↑ ↓)' : undefined}
      onClick={() => usePublishStore.getState().select(row.id)}
      onDragStart={(e: DragEvent) => {
        e.dataTransfer.effectAllowed = 'move';
        e.dataTransfer.setData('text/plain', String(row.id));
        onDragStart(row.id);
      }}
      onDragOver={(e: DragEvent) => {
        if (!queued) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        onDragOver(row.id);
      }}
      onDragLeave={() => onDragOver(null)}
      onDrop={(e: DragEvent) => {
        e.preventDefault();
        onDrop(row.id);
      }}
    >
      <td className="pub-col-grip" aria-hidden="true">
        {queued ? <span className="pub-grip">⠿</span> : null}
      </td>
      <td className="pub-col-file">
        <span className="tx-file-name" title={row.fileName}>
          {row.fileName}
        </span>
        <span className="tx-sub">{row.showTitle ?? `Show ${row.showId}`}</span>
      </td>
      <td className="pub-col-step">
        <JobProgress row={row} />
      </td>
      <td className="pub-col-wait">{waitingText(row, now)}</td>
      <td className="pub-col-state">
        <JobStateBadge state={row.state} />
        {row.origin === 'auto' ? <AutoBadge /> : null}
        {row.attempts > 1 ? <span className="tx-sub">attempt {row.attempts}</span> : null}
        {row.state === 'failed' || (row.lastError && row.state !== 'done') ? (
          <span className="pub-error" data-testid="job-error">
            {row.lastError ?? 'Failed without a reason.'}
          </span>
        ) : null}
        {row.state === 'failed' ? <JobActions row={row} compact /> : null}
      </td>
    </tr>
  );
}

function ListEmpty() {
  const shown = usePublishStore((s) => s.shown);
  const error = usePublishStore((s) => s.listError);
  if (error && !shown) {
    return (
      <ErrorState
        title="The queue could not be read"
        error={error}
        onRetry={() => usePublishStore.getState().refresh()}
      />
    );
  }
  if (!shown) return <LoadingState text="Loading the queue…" />;
  if (shown.states.length > 0) {
    return (
      <EmptyState
        title="No job in these states"
        action={{ label: 'Show all', onClick: () => usePublishStore.getState().setStates([]) }}
      >
        Pick other states, or show every job.
      </EmptyState>
    );
  }
  return (
    <EmptyState title="Nothing is queued" testId="queue-empty">
      Select linked recordings on the Transcriptions screen (or shows on the Shows screen) and press
      Publish. Each job appears here with its progress until its VOD is live.
    </EmptyState>
  );
}

/** Every job of the queue, in the order the queue runs them. */
function JobList() {
  const shown = usePublishStore((s) => s.shown);
  const selectedId = usePublishStore((s) => s.selectedJobId);
  const listError = usePublishStore((s) => s.listError);
  const now = useNow(10_000);
  const [dragging, setDragging] = useState<number | null>(null);
  const [over, setOver] = useState<number | null>(null);
  const rows = shown?.rows ?? [];
  const selectedIndex = rows.findIndex((r) => r.id === selectedId);

  function drop(ontoId: number) {
    const id = dragging;
    setDragging(null);
    setOver(null);
    if (id === null) return;
    const target = reorderTarget(rows, id, ontoId);
    if (target) void usePublishStore.getState().reorder(target.id, target.beforeId);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTableSectionElement>) {
    const target = event.target as HTMLElement;
    const at = rows.findIndex((r) => String(r.id) === target.dataset.jobId);
    const row = rows[at];
    if (
      event.altKey &&
      row?.state === 'queued' &&
      (event.key === 'ArrowUp' || event.key === 'ArrowDown')
    ) {
      // Alt+↑ ↓ moves a queued job, as a drag would.
      event.preventDefault();
      const neighbour = rows[event.key === 'ArrowUp' ? at - 1 : at + 1];
      if (neighbour?.state !== 'queued') return;
      const move = reorderTarget(rows, row.id, neighbour.id);
      if (move) void usePublishStore.getState().reorder(move.id, move.beforeId);
      return;
    }
    let to: number | null = null;
    if (event.key === 'ArrowDown') to = Math.min(rows.length - 1, at + 1);
    else if (event.key === 'ArrowUp') to = Math.max(0, at - 1);
    else if (event.key === 'Home') to = 0;
    else if (event.key === 'End') to = rows.length - 1;
    if (to === null) return;
    event.preventDefault();
    const next = rows[to];
    if (!next) return;
    usePublishStore.getState().select(next.id);
    event.currentTarget.querySelector<HTMLElement>(`tr[data-job-id="${next.id}"]`)?.focus();
  }

  return (
    <div className="tx-list pub-list">
      <div className="tx-list-scroll">
        <table
          className="pub-table"
          role="grid"
          aria-label="Publish jobs"
          data-result-total={shown ? rows.length : ''}
        >
          <thead>
            <tr>
              <th scope="col" className="pub-col-grip">
                <span className="sr-only">Move</span>
              </th>
              <th scope="col">Recording and show</th>
              <th scope="col">Step and progress</th>
              <th scope="col">Waiting</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody onKeyDown={onKeyDown}>
            {rows.map((row, i) => (
              <JobRowView
                key={row.id}
                row={row}
                selected={row.id === selectedId}
                focusable={i === (selectedIndex >= 0 ? selectedIndex : 0)}
                now={now}
                dragOver={over === row.id && dragging !== row.id}
                onDragStart={setDragging}
                onDragOver={setOver}
                onDrop={drop}
              />
            ))}
          </tbody>
        </table>
        {rows.length === 0 ? (
          <div className="tx-list-empty">
            <ListEmpty />
          </div>
        ) : null}
      </div>
      <div className="status-line">
        <span data-testid="job-count" aria-live="polite">
          {shown ? plural(rows.length, 'job') : ''}
        </span>
        {shown && listError ? (
          <RetryAlert
            inline
            className="page-error"
            onRetry={() => usePublishStore.getState().refresh()}
          >
            The queue could not be refreshed: {listError}
          </RetryAlert>
        ) : null}
      </div>
    </div>
  );
}

function Steps({ job }: { job: PublishJobDetail }) {
  return (
    <section className="detail-section" aria-labelledby="job-steps-title">
      <h3 id="job-steps-title">Steps</h3>
      <ol className="pub-steps" data-testid="job-steps">
        {job.steps.map((step) => {
          const badge = stepStateBadge(step.state);
          const ids = remoteIdsText(step.remoteIds);
          return (
            <li
              key={step.step}
              className={`pub-step-item step-${step.state}`}
              data-step={step.step}
            >
              <div className="pub-step-head">
                <span>{PUBLISH_STEP_LABELS[step.step]}</span>
                <span className={`badge tone-${badge.tone}`}>{badge.label}</span>
              </div>
              {step.detail ? <p className="pub-step-detail">{step.detail}</p> : null}
              {ids ? <p className="tx-sub">Remote ids: {ids}</p> : null}
              {step.startedAt ? (
                <p className="tx-sub">
                  {formatInstant(step.startedAt)}
                  {step.finishedAt ? ` → ${formatInstant(step.finishedAt)}` : ' → running'}
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** Queued by auto-publish at its scheduled time, not by a person. */
function AutoBadge() {
  return (
    <span className="badge badge-auto" title="Queued by auto-publish at its scheduled time">
      Auto-publish
    </span>
  );
}

function JobDetail({ job }: { job: PublishJobDetail }) {
  const options = job.options;
  return (
    <>
      <header className="detail-head">
        <h2 id="job-detail-title">{job.showTitle ?? `Show ${job.showId}`}</h2>
        <p className="detail-sub">
          {job.fileName}
          {job.origin === 'auto' ? <AutoBadge /> : null}
          {job.requestedBy ? <span className="tx-sub"> · started by {job.requestedBy}</span> : null}
        </p>
        <p>
          <JobStateBadge state={job.state} /> <JobProgress row={job} />
        </p>
      </header>
      {job.lastError && job.state !== 'done' ? (
        <div className="alert alert-error" role="note" data-testid="job-detail-error">
          {job.lastError}
        </div>
      ) : null}
      <div className="pub-detail-actions">
        <JobActions row={job} />
      </div>
      {job.vod ? (
        <section className="detail-section" aria-labelledby="job-vod-title">
          <h3 id="job-vod-title">VOD</h3>
          <VodFacts vod={job.vod} />
        </section>
      ) : null}
      <Steps job={job} />
      <section className="detail-section" aria-labelledby="job-facts-title">
        <h3 id="job-facts-title">Job</h3>
        <dl>
          <dt>Job id</dt>
          <dd>{job.id}</dd>
          <dt>Show id</dt>
          <dd>{job.showId}</dd>
          <dt>Queued</dt>
          <dd>{formatInstant(job.enqueuedAt)}</dd>
          {job.startedAt ? (
            <>
              <dt>Started</dt>
              <dd>{formatInstant(job.startedAt)}</dd>
            </>
          ) : null}
          {job.finishedAt ? (
            <>
              <dt>Finished</dt>
              <dd>{formatInstant(job.finishedAt)}</dd>
            </>
          ) : null}
          <dt>Attempts</dt>
          <dd>{job.attempts}</dd>
          <dt>Settings</dt>
          <dd>
            {[
              options.captions ? 'captions' : 'no captions',
              options.chapters ? 'chapters' : 'no chapters',
              options.quality !== null ? `quality ${options.quality}` : 'default quality',
              options.tagsToAdd.length > 0 ? `tags: ${options.tagsToAdd.join(', ')}` : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </dd>
          {job.batchId ? (
            <>
              <dt>Batch</dt>
              <dd>
                <button
                  type="button"
                  className="link"
                  onClick={() => usePublishStore.getState().openBatch(job.batchId ?? '')}
                >
                  Open the batch
                </button>
              </dd>
            </>
          ) : null}
        </dl>
      </section>
    </>
  );
}

function JobDetailPane() {
  const detail = usePublishStore((s) => s.detail);
  const job = detail?.value ?? null;
  return (
    <aside
      className="detail-pane"
      aria-label="Job details"
      aria-busy={detail?.loading ?? false}
      data-testid="job-detail"
      data-job-id={job?.id ?? ''}
    >
      <DetailStatus
        detail={detail}
        hint="Select a job to see each of its steps, with the ids Cablecast gave them and when they ran."
        keys="↑ ↓ move through the queue; drag a queued job onto another (or Alt+↑ ↓) to change the order."
        errorText="This job could not be read"
        loadingText="Loading the job…"
        onRetry={() => usePublishStore.getState().reloadDetail()}
      />
      {job ? <JobDetail job={job} /> : null}
    </aside>
  );
}

/** The publish queue: every job, its progress, what failed and why, and what to do about it. */
export function PublishScreen() {
  const actionError = usePublishStore((s) => s.actionError);

  useEffect(() => {
    usePublishStore.getState().start();
  }, []);

  return (
    <section className="screen publish-screen" aria-labelledby="screen-title">
      <header className="tx-head">
        <h1 id="screen-title">Publish queue</h1>
        <AllowNotifications />
        <QueueControls />
      </header>
      <JobStateChips />
      {actionError ? (
        <div className="alert alert-error" role="alert">
          {actionError}{' '}
          <button
            type="button"
            className="link"
            onClick={() => usePublishStore.getState().dismissActionError()}
          >
            Dismiss
          </button>
        </div>
      ) : null}
      <div className="shows-body publish-body">
        <JobList />
        <JobDetailPane />
      </div>
    </section>
  );
}
