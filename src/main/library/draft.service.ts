/**
 * The operator's drafts of what is published for a recording: proposed from the summary beside
 * it or from a pasted agenda found in its transcript, then edited and saved.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { RecordingDraft } from '../../shared/library';
import { AppError } from '../../shared/result';
import type { ShowReader } from '../catalog/show-reader';
import { previewCaptions } from './caption-check';
import {
  chaptersFromAgenda,
  normalizeChapters,
  parseSummary,
  proposeDraft,
  type ParsedSummary,
} from './enhance';
import type { RecordingRecord } from './library.schema';
import type { RecordingsRepo } from './recordings.repo';

const SUMMARY_MAX_BYTES = 1024 * 1024;

export interface DraftServiceOptions {
  repo: RecordingsRepo;
  shows: ShowReader;
  now: () => Date;
}

export interface DraftInput {
  id: number;
  title: string;
  cgTitle: string;
  description: string;
  tags: string[];
  chapters: { offsetSec: number; title: string }[];
  chaptersSource: RecordingDraft['chaptersSource'];
}

export type ProposeInput =
  { id: number; source: 'summary' } | { id: number; source: 'agenda'; agenda: string };

export class DraftService {
  constructor(private readonly options: DraftServiceOptions) {}

  /** The summary beside a recording as text (its first megabyte), or null when unreadable. */
  async readSummaryText(path: string): Promise<string | null> {
    try {
      const bytes = await readFile(path);
      return bytes.subarray(0, SUMMARY_MAX_BYTES).toString('utf8');
    } catch {
      return null;
    }
  }

  private async readSummary(r: RecordingRecord): Promise<ParsedSummary | null> {
    if (!r.summaryPath || !r.summaryFormat) return null;
    const text = await this.readSummaryText(r.summaryPath);
    return text === null ? null : parseSummary(text, r.summaryFormat);
  }

  /** The saved draft, or one proposed from the summary (not saved until an operator saves it). */
  async draftFor(r: RecordingRecord): Promise<RecordingDraft> {
    return this.options.repo.draft(r.id) ?? (await this.proposeFromSummary(r));
  }

  private async proposeFromSummary(r: RecordingRecord): Promise<RecordingDraft> {
    const summary = await this.readSummary(r);
    const showTitle =
      r.linkShowId === null
        ? null
        : (this.options.shows.byIds([r.linkShowId]).get(r.linkShowId)?.title ?? null);
    return proposeDraft({
      fileName: basename(r.videoPath),
      eventDate: r.eventDate,
      summary,
      durationSec: r.durationSec,
      frameRate: r.frameRate,
      showTitle,
    });
  }

  async propose(r: RecordingRecord, input: ProposeInput): Promise<RecordingDraft> {
    if (input.source === 'summary') {
      if (!r.summaryPath) {
        throw new AppError(
          'FAILED_PRECONDITION',
          `${basename(r.videoPath)} has no summary beside it: paste the agenda instead.`,
        );
      }
      return { ...(await this.proposeFromSummary(r)), updatedAt: null };
    }
    if (!r.captionPath || !r.captionFormat) {
      throw new AppError(
        'FAILED_PRECONDITION',
        `${basename(r.videoPath)} has no captions, so agenda items cannot be found in a transcript.`,
      );
    }
    const preview = await previewCaptions(r.captionPath, r.captionFormat, r.startTimecode);
    if (preview.cues.length === 0) {
      throw new AppError(
        'FAILED_PRECONDITION',
        `The captions of ${basename(r.videoPath)} do not decode, so agenda items cannot be found in them.`,
      );
    }
    const base = await this.draftFor(r);
    const matched = chaptersFromAgenda(input.agenda, preview.cues, {
      durationSec: r.durationSec,
      frameRate: r.frameRate,
    });
    return {
      ...base,
      chapters: matched.chapters,
      chaptersSource: 'agenda',
      notes: matched.notes,
      updatedAt: null,
    };
  }

  save(r: RecordingRecord, input: DraftInput): RecordingDraft {
    const normalized = normalizeChapters(input.chapters, {
      durationSec: r.durationSec,
      frameRate: r.frameRate,
    });
    const tags = [...new Set(input.tags.map((t) => t.trim().toLowerCase()).filter(Boolean))];
    const saved = {
      title: input.title.trim(),
      cgTitle: input.cgTitle.trim(),
      description: input.description.trim(),
      tags,
      chapters: normalized.chapters,
      chaptersSource: input.chaptersSource,
      notes: normalized.notes,
      updatedAt: this.options.now().toISOString(),
    };
    this.options.repo.saveDraft(r.id, saved);
    return saved;
  }
}
