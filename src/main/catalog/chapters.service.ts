import type { ChapterView, ShowChapters } from '../../shared/catalog';
import { AppError } from '../../shared/result';
import { CablecastError, type CablecastClient, type Chapter } from '../cablecast';
import type { StoredChapter } from './catalog.schema';
import type { CatalogRepo } from './catalog.repo';

export interface ChaptersServiceOptions {
  repo: CatalogRepo;
  client: () => Promise<CablecastClient | null>;
  /**
   * The detail pane waits for this: a server that does not answer should fall back to the cached
   * copy within a moment, not after the sync's full retry budget. Default 5 s, one retry.
   */
  timeoutMs?: number;
  maxRetries?: number;
  now?: () => Date;
}

/** What the public site shows ([WP], [PS]): not deleted, not hidden, in playback order. */
export function visibleChapters(chapters: readonly Chapter[]): StoredChapter[] {
  return chapters
    .filter((chapter) => chapter.deleted !== true && chapter.hidden !== true)
    .map((chapter) => ({
      id: chapter.id,
      title: chapter.title ?? '',
      body: chapter.body ?? null,
      offset: typeof chapter.offset === 'number' && chapter.offset > 0 ? chapter.offset : 0,
    }))
    .sort((a, b) => a.offset - b.offset || a.id - b.id);
}

function toViews(chapters: readonly StoredChapter[]): ChapterView[] {
  return chapters.map((c) => ({ id: c.id, title: c.title, body: c.body, offset: c.offset }));
}

/**
 * A show's VOD chapters for the detail pane: read from Cablecast each time (they are edited
 * there), kept in SQLite, and served from that copy, with the reason, when Cablecast does not
 * answer.
 */
export class ChaptersService {
  private readonly now: () => Date;

  constructor(private readonly options: ChaptersServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async chapters(showId: number): Promise<ShowChapters> {
    const { repo } = this.options;
    const ref = repo.vodOf(showId);
    if (ref === null) {
      throw new AppError('NOT_FOUND', `Show ${showId} is not in the local catalog.`);
    }
    const base = { showId, vodId: ref.vodId, published: ref.chaptersPublished };
    if (ref.vodId === null) {
      return { ...base, chapters: [], source: 'none', fetchedAt: null, problem: null };
    }
    const vodId = ref.vodId;
    let problem: string;
    try {
      const client = await this.options.client();
      if (client === null) {
        problem = 'No Cablecast server is set up, so the chapters could not be read.';
      } else {
        const { chapters, invalid } = await client.getChapters(vodId, {
          timeoutMs: this.options.timeoutMs ?? 5_000,
          maxRetries: this.options.maxRetries ?? 1,
        });
        const visible = visibleChapters(chapters);
        const fetchedAt = this.now().toISOString();
        repo.saveChapters(vodId, showId, visible, fetchedAt);
        const first = invalid[0];
        return {
          ...base,
          chapters: toViews(visible),
          source: 'server',
          fetchedAt,
          problem:
            first === undefined
              ? null
              : `${invalid.length} chapter(s) could not be read and are not shown (${first.path}: ${first.message}).`,
        };
      }
    } catch (error) {
      if (!(error instanceof CablecastError)) throw error;
      problem = error.message;
    }
    const cached = repo.cachedChapters(vodId);
    if (cached === null) {
      return { ...base, chapters: [], source: 'none', fetchedAt: null, problem };
    }
    return {
      ...base,
      chapters: toViews(cached.chapters),
      source: 'cache',
      fetchedAt: cached.fetchedAt,
      problem: `${problem} Showing the copy from ${cached.fetchedAt}.`,
    };
  }
}
