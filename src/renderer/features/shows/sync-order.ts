import type { SyncPhase, SyncStatus } from '../../../shared/catalog';

const PHASE_RANK: Record<SyncPhase, number> = {
  idle: 0,
  lookups: 1,
  listing: 2,
  fetching: 3,
  deleting: 4,
  done: 5,
  failed: 5,
  cancelled: 5,
};

/**
 * Whether `next` is later news than `current`. Statuses come by two roads (the answer to
 * `sync.start`/`sync.status`, and `sync.progress` events) that may cross: the event saying a short
 * sync is done can arrive before the answer saying it started. A later run beats an earlier one;
 * within a run, a later phase beats an earlier one, and more done beats less.
 */
export function isNewerStatus(next: SyncStatus, current: SyncStatus | null): boolean {
  if (!current) return true;
  const a = next.startedAt ?? '';
  const b = current.startedAt ?? '';
  if (a !== b) return Date.parse(a || '0') > Date.parse(b || '0') || (b === '' && a !== '');
  const rank = PHASE_RANK[next.phase] - PHASE_RANK[current.phase];
  if (rank !== 0) return rank > 0;
  if (current.running !== next.running) return !next.running;
  return next.done >= current.done;
}
