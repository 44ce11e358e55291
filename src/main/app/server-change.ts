import type { CablecastSettings } from '../../shared/settings';
import { normalizeApiBase } from '../cablecast/api-base';
import type { Logger } from '../logging/logger';

/** Which server the settings name: `demo`, the API base of the address, or '' for none. */
export function serverIdentity(c: CablecastSettings): string {
  if (c.mode === 'demo') return 'demo';
  if (c.serverUrl.trim() === '') return '';
  try {
    return normalizeApiBase(c.serverUrl).toLowerCase();
  } catch {
    return c.serverUrl.trim().toLowerCase();
  }
}

/** The work that talks to the Cablecast server, as the root reaches it. */
export interface ConnectionWork {
  syncRunning(): boolean;
  cancelSync(): Promise<unknown>;
  /** True when a metadata sync was running and was told to stop. */
  cancelMetadataSync(reason: string): boolean;
  /** Pauses the publish queue when it has open jobs; returns how many it has. */
  holdPublishing(): number;
}

/**
 * When the settings name another Cablecast server, stops the work that was talking to the previous
 * one, and only that: a running catalog sync and metadata sync stop, and the publish queue is
 * paused with its jobs kept (they were started against the previous server). Schedules, scans and
 * everything else go on. `check` says in words what it did; nothing when the server is the same.
 */
export class ServerChangeWatch {
  private server: string;

  constructor(
    private readonly options: {
      settings: () => CablecastSettings;
      work: ConnectionWork;
      logger: Logger;
    },
  ) {
    this.server = serverIdentity(options.settings());
  }

  async check(): Promise<string[]> {
    const next = serverIdentity(this.options.settings());
    const previous = this.server;
    if (next === previous) return [];
    this.server = next;
    if (previous === '') return [];
    const { work } = this.options;
    const stopped: string[] = [];
    if (work.syncRunning()) {
      await work.cancelSync();
      stopped.push(
        'the catalog sync that was running was stopped (the next one reads the new server from the start)',
      );
    }
    if (work.cancelMetadataSync('The Cablecast server changed.')) {
      stopped.push('the metadata sync that was running was stopped');
    }
    const open = work.holdPublishing();
    if (open > 0) {
      stopped.push(
        `the publish queue was paused with ${open} ${open === 1 ? 'job' : 'jobs'} open: they were started against the previous server, so check them before resuming`,
      );
    }
    const message =
      stopped.length === 0
        ? 'The Cablecast server changed; nothing was working with the previous one.'
        : `The Cablecast server changed: ${stopped.join('; ')}. Nothing else was stopped.`;
    this.options.logger.info('cablecast server changed', { message });
    return [message];
  }
}
