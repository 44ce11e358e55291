import type { SyncStatus } from '../../../shared/catalog';

/** A sync status as the core reports it, idle and empty unless `patch` says otherwise. */
export function syncStatus(patch: Partial<SyncStatus>): SyncStatus {
  return {
    running: false,
    mode: null,
    phase: 'idle',
    done: 0,
    total: 0,
    startedAt: null,
    finishedAt: null,
    lastFullSyncAt: null,
    lastIncrementalSyncAt: null,
    watermark: null,
    showCount: 0,
    added: 0,
    updated: 0,
    deleted: 0,
    error: null,
    warnings: [],
    ...patch,
  };
}
