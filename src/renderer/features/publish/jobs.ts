import {
  PUBLISH_STEP_LABELS,
  PUBLISH_STEPS,
  type PublishBatchView,
  type PublishJobRow,
  type PublishJobState,
  type PublishProgress,
  type PublishStep,
  type PublishStepState,
} from '../../../shared/publishing';
import type { AppEvents } from '../../../shared/contract';
import type { Tone } from '../shows/format';

/**
 * The publish screens' rules as pure functions: what a job's state and step say, how a progress
 * tick lands on the rows already on screen, where a dragged row goes, and what a batch adds up to.
 */

export type ProgressTick = AppEvents['publish.progress'];

const STATE_BADGES: Record<PublishJobState, { label: string; tone: Tone }> = {
  queued: { label: 'Queued', tone: 'muted' },
  running: { label: 'Publishing', tone: 'info' },
  unknown: { label: 'Checking', tone: 'warn' },
  done: { label: 'Published', tone: 'ok' },
  failed: { label: 'Failed', tone: 'bad' },
  cancelled: { label: 'Cancelled', tone: 'muted' },
};

/** A job's state in words (never colour alone) and its tone. */
export function jobStateBadge(state: PublishJobState): { label: string; tone: Tone } {
  return STATE_BADGES[state];
}

const STEP_BADGES: Record<PublishStepState, { label: string; tone: Tone }> = {
  pending: { label: 'To do', tone: 'muted' },
  running: { label: 'Running', tone: 'info' },
  done: { label: 'Done', tone: 'ok' },
  skipped: { label: 'Skipped', tone: 'muted' },
  failed: { label: 'Failed', tone: 'bad' },
};

export function stepStateBadge(state: PublishStepState): { label: string; tone: Tone } {
  return STEP_BADGES[state];
}

/** Jobs still moving: the queue may pick them up or is working on them. */
export function isActive(state: PublishJobState): boolean {
  return state === 'queued' || state === 'running' || state === 'unknown';
}

/** What a job is doing, in words: the step, or the state when there is no step yet. */
export function stepText(row: Pick<PublishJobRow, 'state' | 'step'>): string {
  if (row.state === 'done') return 'Live on VOD';
  if (row.state === 'queued' && row.step === null) return 'Waiting its turn';
  return row.step ? PUBLISH_STEP_LABELS[row.step] : '';
}

/** The percentage that belongs to the current step (upload or transcode), or null. */
export function stepPercent(step: PublishStep | null, progress: PublishProgress): number | null {
  if (step === 'video' || step === 'captions') return progress.uploadPercent;
  if (step === 'transcode') return progress.transcodePercent;
  return null;
}

/** `upload 42%`, `transcode 80%`, or '' when neither runs. */
export function progressText(progress: PublishProgress): string {
  const parts: string[] = [];
  if (progress.uploadPercent !== null) parts.push(`upload ${Math.round(progress.uploadPercent)}%`);
  if (progress.transcodePercent !== null) {
    parts.push(`transcode ${Math.round(progress.transcodePercent)}%`);
  }
  return parts.join(' · ');
}

/** How far one job is, 0..1: terminal jobs count as finished, a running one by step and percent. */
export function jobFraction(row: Pick<PublishJobRow, 'state' | 'step' | 'progress'>): number {
  if (!isActive(row.state)) return 1;
  if (row.step === null) return 0;
  const at = PUBLISH_STEPS.indexOf(row.step);
  const within = (stepPercent(row.step, row.progress) ?? 0) / 100;
  return Math.min(1, (at + Math.max(0, Math.min(1, within))) / PUBLISH_STEPS.length);
}

/**
 * A progress tick applied to the rows on screen: the one row changes, every other row (and the
 * array itself, when the job is not among them) stays the same object, so nothing else re-renders.
 */
export function applyProgress<T extends PublishJobRow>(rows: T[], tick: ProgressTick): T[] {
  const at = rows.findIndex((r) => r.id === tick.id);
  const row = rows[at];
  if (!row) return rows;
  if (
    row.step === tick.step &&
    row.progress.uploadPercent === tick.progress.uploadPercent &&
    row.progress.transcodePercent === tick.progress.transcodePercent
  ) {
    return rows;
  }
  const next = rows.slice();
  next[at] = { ...row, step: tick.step, progress: tick.progress };
  return next;
}

/** One job's row replaced by a newer copy of it (after retry, cancel…), the rest untouched. */
export function replaceRow<T extends PublishJobRow>(rows: T[], fresh: PublishJobRow): T[] {
  const at = rows.findIndex((r) => r.id === fresh.id);
  const row = rows[at];
  if (!row) return rows;
  const next = rows.slice();
  next[at] = { ...row, ...pickRow(fresh) };
  return next;
}

function pickRow(job: PublishJobRow): PublishJobRow {
  return {
    id: job.id,
    recordingId: job.recordingId,
    fileName: job.fileName,
    showId: job.showId,
    showTitle: job.showTitle,
    state: job.state,
    step: job.step,
    progress: job.progress,
    attempts: job.attempts,
    lastError: job.lastError,
    enqueuedAt: job.enqueuedAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    batchId: job.batchId,
    position: job.position,
    vod: job.vod,
    origin: job.origin,
    requestedBy: job.requestedBy,
  };
}

/**
 * Where a queued job dropped onto another goes, as `publish.reorder`'s `beforeId`: it takes the
 * place of the row it was dropped on, so moving down lands after that row and moving up before
 * it. Null `beforeId` is the end of the queue. Returns null when the drop changes nothing.
 */
export function reorderTarget(
  rows: readonly Pick<PublishJobRow, 'id'>[],
  id: number,
  ontoId: number,
): { id: number; beforeId: number | null } | null {
  const from = rows.findIndex((r) => r.id === id);
  const to = rows.findIndex((r) => r.id === ontoId);
  if (from < 0 || to < 0 || from === to) return null;
  if (to < from) return { id, beforeId: ontoId };
  return { id, beforeId: rows[to + 1]?.id ?? null };
}

/** The rows as they will be once `id` moved before `beforeId` (or to the end). */
export function moveRow<T extends Pick<PublishJobRow, 'id'>>(
  rows: readonly T[],
  id: number,
  beforeId: number | null,
): T[] {
  const row = rows.find((r) => r.id === id);
  if (!row) return rows.slice();
  const rest = rows.filter((r) => r.id !== id);
  const at = beforeId === null ? rest.length : rest.findIndex((r) => r.id === beforeId);
  rest.splice(at < 0 ? rest.length : at, 0, row);
  return rest;
}

export interface BatchSummary {
  total: number;
  published: PublishJobRow[];
  failed: PublishJobRow[];
  cancelled: PublishJobRow[];
  /** Left out when the batch was made, with the reason. */
  skipped: PublishBatchView['skipped'];
  /** Jobs still queued, running or being checked. */
  active: number;
  /** Every job reached an end (published, failed or cancelled). */
  finished: boolean;
  /** 0..100 over the jobs of the batch. */
  percent: number;
}

/** What a batch adds up to, for its progress bar and its summary at the end. */
export function batchSummary(view: PublishBatchView): BatchSummary {
  const published = view.rows.filter((r) => r.state === 'done');
  const failed = view.rows.filter((r) => r.state === 'failed');
  const cancelled = view.rows.filter((r) => r.state === 'cancelled');
  const active = view.rows.filter((r) => isActive(r.state)).length;
  const sum = view.rows.reduce((acc, r) => acc + jobFraction(r), 0);
  return {
    total: view.rows.length,
    published,
    failed,
    cancelled,
    skipped: view.skipped,
    active,
    finished: active === 0,
    percent: view.rows.length === 0 ? 100 : Math.round((sum / view.rows.length) * 100),
  };
}

/** `4 min`, `2 h 5 min`, `3 days`: how long a job has waited or ran. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days`;
}

/**
 * How long the job has been waiting, for the queue's column: since it was queued until it
 * started (or until now while it waits); a finished job says how long it took in all.
 */
export function waitingText(
  row: Pick<PublishJobRow, 'state' | 'enqueuedAt' | 'startedAt' | 'finishedAt'>,
  nowMs: number,
): string {
  const queued = Date.parse(row.enqueuedAt);
  if (!Number.isFinite(queued)) return '';
  if (row.state === 'queued') return `waiting ${formatDuration(nowMs - queued)}`;
  const finished = row.finishedAt ? Date.parse(row.finishedAt) : NaN;
  if (!isActive(row.state) && Number.isFinite(finished)) {
    const took = formatDuration(finished - queued);
    return took ? `took ${took}` : '';
  }
  const started = row.startedAt ? Date.parse(row.startedAt) : NaN;
  if (Number.isFinite(started)) {
    const waited = formatDuration(started - queued);
    return waited ? `waited ${waited}` : '';
  }
  return `waiting ${formatDuration(nowMs - queued)}`;
}

/** `fileUpload 31, asset 2207`: a step's remote ids in a line. */
export function remoteIdsText(ids: Record<string, number | number[]>): string {
  return Object.entries(ids)
    .map(([name, value]) => `${name} ${Array.isArray(value) ? value.join(', ') : String(value)}`)
    .join(' · ');
}
