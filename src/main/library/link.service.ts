/**
 * Links between recordings and catalog shows: the operator's link and unlink, the ranked
 * suggestion stored for every unlinked recording, and both brought up to date when the catalog
 * changes, with no more work than the change calls for.
 */
import { basename } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { LinkSuggestionView } from '../../shared/library';
import { AppError } from '../../shared/result';
import type { ShowReader, ShowSummary } from '../catalog/show-reader';
import type { Logger } from '../logging/logger';
import { Rerunner, type SerialLock } from '../work';
import { parseFileKey } from './file-key';
import type { RecordingRecord } from './library.schema';
import { LinkIndex, suggestLinks } from './link-suggestions';
import { stamp, type RecordingAnalysis } from './recording-analysis';
import type { RecordingPatch, RecordingsRepo } from './recordings.repo';

export interface LinkServiceOptions {
  repo: RecordingsRepo;
  shows: ShowReader;
  analysis: RecordingAnalysis;
  lock: SerialLock;
  logger: Logger;
  now: () => Date;
  /** The counts changed. */
  changed(): void;
}

/** What a recording's stored suggestion is ranked from. */
function suggestionStamp(catalog: string, row: RecordingRecord): string {
  return stamp(catalog, basename(row.videoPath), row.durationSec);
}

/** The suggestions of a recording as the detail pane shows them, and notes about its name. */
export interface RecordingSuggestions {
  suggestions: LinkSuggestionView[];
  notes: string[];
  shows: Map<number, ShowSummary>;
}

export class LinkService {
  private readonly repo: RecordingsRepo;
  private readonly shows: ShowReader;
  /** Catalog changes followed, then stale suggestions ranked: one run at a time, never piled up. */
  private readonly runner: Rerunner;
  private linkIndex: { stamp: string; index: LinkIndex } | null = null;
  /**
   * The catalog every stored suggestion holds for: its link stamp, and the mark of its last
   * write (where the next change is read from). Null until the first ranking.
   */
  private baseline: { stamp: string; mark: string | null } | null = null;
  private catalogChangedSince = false;
  private stopped = false;

  constructor(private readonly options: LinkServiceOptions) {
    this.repo = options.repo;
    this.shows = options.shows;
    this.runner = new Rerunner(
      () => this.settle(),
      (error) => this.options.logger.error('ranking link suggestions failed', { error }),
    );
  }

  async dispose(): Promise<void> {
    this.stopped = true;
    await this.runner.stop();
  }

  get running(): boolean {
    return this.runner.running;
  }

  idle(): Promise<void> {
    return this.runner.idle();
  }

  /**
   * Ranks catalog shows for the unlinked recordings whose stored suggestion no longer holds (after
   * a scan, a link change). Apart from the scan: against a large catalog it takes milliseconds per
   * recording, and a scan must not wait for it.
   */
  rank(): Promise<void> {
    return this.runner.request();
  }

  /**
   * The catalog changed: file keys may now resolve, linked shows may be renamed or deleted, and
   * suggestions the changed shows reach may change. Calls during a run make it run once more.
   */
  catalogChanged(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.catalogChangedSince = true;
    return this.runner.request();
  }

  private async settle(): Promise<void> {
    if (this.catalogChangedSince) {
      this.catalogChangedSince = false;
      await this.followCatalog();
    }
    // A change not announced yet (a sync still running when a rescan ends) is followed the same
    // way, until the catalog holds still: stale suggestions are never ranked from scratch just
    // because the catalog moved.
    while (
      !this.stopped &&
      this.baseline !== null &&
      this.shows.linkStamp() !== this.baseline.stamp
    )
      await this.followCatalog();
    if (!this.stopped) await this.rankStale();
  }

  private roots(): Set<string> {
    return new Set(this.repo.folders().map((f) => f.path));
  }

  /**
   * Re-examines the recordings the changed shows decide (a file key naming one, a link to one),
   * and keeps every suggestion they cannot reach, stamped as holding for the catalog as it is now.
   * With no recording unlinked, no link index is built.
   */
  private async followCatalog(): Promise<void> {
    const before = this.baseline;
    const { ids, mark } = this.shows.changedSince(before?.mark ?? null);
    const catalog = this.shows.linkStamp();
    // Only shows' other fields changed (VOD states, categories): nothing linking reads.
    if (before !== null && catalog === before.stamp) {
      this.baseline = { stamp: catalog, mark };
      return;
    }
    const changed = new Set(ids);
    const roots = [...this.roots()];
    const rows = this.repo.under(roots);
    const decided =
      before === null
        ? rows
        : rows.filter((r) => {
            if (r.linkShowId !== null) return changed.has(r.linkShowId);
            const key = r.autoLinkRefused ? null : parseFileKey(basename(r.videoPath));
            return key !== null && changed.has(key.showId);
          });
    await this.options.analysis.analyse(decided.map((r) => r.id));
    if (this.stopped) return;
    this.options.changed();
    // Never ranked: the stamps say what to rank.
    if (before === null) return;

    const holding = this.repo
      .unlinked()
      .filter(
        (r) => roots.includes(r.root) && r.suggestedStamp === suggestionStamp(before.stamp, r),
      );
    if (holding.length > 0) {
      const reaches = this.index(catalog).reaches(changed);
      const kept = holding.filter(
        (r) =>
          !(r.suggestedShowId !== null && changed.has(r.suggestedShowId)) &&
          !reaches({ fileName: basename(r.videoPath) }),
      );
      await this.store(
        kept.map((r) => ({ row: r, patch: {} })),
        catalog,
      );
    }
    this.baseline = { stamp: catalog, mark };
  }

  /** Ranks the unlinked recordings whose stored suggestion does not hold for the catalog now. */
  private async rankStale(): Promise<void> {
    // The mark before the stamp: a write in between is read again by the next change.
    const mark = this.baseline === null ? this.shows.mark() : null;
    const catalog = this.shows.linkStamp();
    const roots = this.roots();
    const stale = this.repo
      .unlinked()
      .filter((r) => roots.has(r.root) && r.suggestedStamp !== suggestionStamp(catalog, r));
    if (stale.length > 0) {
      const index = this.index(catalog);
      const ranked: { row: RecordingRecord; patch: RecordingPatch }[] = [];
      for (const row of stale) {
        if (this.stopped) return;
        const top = suggestLinks(
          { fileName: basename(row.videoPath), durationSec: row.durationSec },
          index,
          { limit: 1 },
        ).suggestions[0];
        ranked.push({
          row,
          patch: { suggestedShowId: top?.showId ?? null, suggestedScore: top?.score ?? null },
        });
        if (ranked.length % 16 === 0) await yieldToLoop();
      }
      await this.store(ranked, catalog);
      this.options.changed();
    }
    // Once settled, changes are followed from here on.
    if (this.baseline === null && !this.stopped) this.baseline = { stamp: catalog, mark };
  }

  /**
   * Writes suggestions with the stamp they hold for, to the recordings that are still unlinked
   * with the name and duration they were ranked from.
   */
  private async store(
    ranked: readonly { row: RecordingRecord; patch: RecordingPatch }[],
    catalog: string,
  ): Promise<void> {
    if (ranked.length === 0 || this.stopped) return;
    await this.options.lock.run(() => {
      const current = new Map(this.repo.byIds(ranked.map((r) => r.row.id)).map((r) => [r.id, r]));
      const updates = ranked.flatMap(({ row, patch }) => {
        const now = current.get(row.id);
        // Linked meanwhile: a suggestion no longer applies; renamed or re-probed: ranked again.
        if (!now || now.linkShowId !== null) return [];
        const from = suggestionStamp(catalog, row);
        if (suggestionStamp(catalog, now) !== from) return [];
        return [{ id: row.id, patch: { ...patch, suggestedStamp: from } }];
      });
      this.repo.transaction(() => this.repo.updateMany(updates));
    });
  }

  /** The link index over the catalog's live shows, rebuilt when what linking reads changes. */
  private index(catalog = this.shows.linkStamp()): LinkIndex {
    if (this.linkIndex?.stamp !== catalog)
      this.linkIndex = { stamp: catalog, index: new LinkIndex(this.shows.linkable()) };
    return this.linkIndex.index;
  }

  /** A recording's ranked suggestions, for its detail pane. */
  suggestionsFor(row: RecordingRecord, limit: number): RecordingSuggestions {
    const result = suggestLinks(
      { fileName: basename(row.videoPath), durationSec: row.durationSec },
      this.index(),
      { limit },
    );
    const shows = this.shows.byIds([
      ...result.suggestions.map((s) => s.showId),
      ...(row.linkShowId === null ? [] : [row.linkShowId]),
      ...(row.suggestedShowId === null ? [] : [row.suggestedShowId]),
    ]);
    const suggestions = result.suggestions.map((s): LinkSuggestionView => {
      const show = shows.get(s.showId);
      return {
        showId: s.showId,
        title: show?.title ?? `Show ${s.showId}`,
        eventDate: show?.eventDate?.slice(0, 10) ?? null,
        totalRunTime: show?.totalRunTime ?? null,
        score: s.score,
        method: s.method,
        isCertain: s.isCertain,
        reasons: s.reasons,
      };
    });
    return { suggestions, notes: result.notes, shows };
  }

  // ---- the operator's links ------------------------------------------------------------------

  async link(id: number, showId: number): Promise<void> {
    this.existing(id);
    const show = this.shows.byIds([showId]).get(showId);
    if (!show || show.deleted) {
      throw new AppError(
        'NOT_FOUND',
        show
          ? `Show ${showId} was deleted on the Cablecast server: pick another show.`
          : `Show ${showId} is not in the local catalog: sync the catalog, or pick another show.`,
        'showId',
      );
    }
    await this.options.lock.run(() => {
      this.repo.update(id, {
        linkShowId: showId,
        linkMethod: 'operator',
        linkedAt: this.options.now().toISOString(),
        suggestedShowId: null,
        suggestedScore: null,
        suggestedStamp: null,
      });
    });
    await this.afterLinkChange(id);
  }

  async unlink(id: number): Promise<void> {
    this.existing(id);
    await this.options.lock.run(() => {
      const r = this.existing(id);
      this.repo.update(id, {
        linkShowId: null,
        linkMethod: null,
        linkedAt: null,
        // An operator who unlinks a recording whose name has a file key means it: the key does
        // not link it again by itself.
        autoLinkRefused: r.autoLinkRefused || parseFileKey(basename(r.videoPath)) !== null,
        // Ranked again now that it is unlinked.
        suggestedStamp: null,
      });
    });
    await this.afterLinkChange(id);
  }

  private async afterLinkChange(id: number): Promise<void> {
    await this.options.analysis.analyse([id]);
    this.options.changed();
    await this.rank();
  }

  private existing(id: number): RecordingRecord {
    const row = this.repo.get(id);
    if (!row) throw new AppError('NOT_FOUND', `There is no recording ${id}.`, 'id');
    return row;
  }
}
