/**
 * The operator's drafts of what is published for a recording: proposed from the summary beside
 * it or from a pasted agenda found in its transcript, then edited and saved.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ShowFieldValue, ShowMetadataView } from '../../shared/catalog';
import type { DraftShowFields, RecordingDraft } from '../../shared/library';
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
  /** The show fields the operator set; those equal to the show's own are dropped. */
  fields?: DraftShowFields;
  /** Approved for auto-publish: kept from an earlier approval, or stamped now; false clears it. */
  approved?: boolean;
}

function sameValue(a: string | number | null, b: string | number | null): boolean {
  const norm = (v: string | number | null) => (v === '' ? null : v);
  return norm(a) === norm(b);
}

/**
 * The fields of `wanted` that change the show, each checked against what the show may be set
 * to. A value that is not among the choices is refused with the field it was given for.
 */
export function changedShowFields(
  wanted: DraftShowFields,
  show: ShowMetadataView,
): DraftShowFields {
  const { current, choices } = show;
  const out: DraftShowFields = {};
  const invalid = (field: string, message: string): AppError =>
    new AppError('INVALID_ARGUMENT', message, `fields.${field}`);
  const lookups = [
    ['categoryId', 'category', choices.categories],
    ['producerId', 'producer', choices.producers],
    ['projectId', 'project', choices.projects],
  ] as const;
  for (const [key, label, options] of lookups) {
    const value = wanted[key];
    if (value === undefined || value === current[key]) continue;
    if (value !== null && !options.some((o) => o.id === value))
      throw invalid(key, `There is no ${label} ${value} on Cablecast for this show's location.`);
    out[key] = value;
  }
  const thumbnail = wanted.thumbnailId;
  if (thumbnail !== undefined && thumbnail !== null && thumbnail !== current.thumbnailId) {
    if (!choices.thumbnails.some((t) => t.id === thumbnail))
      throw invalid('thumbnailId', `Asset ${thumbnail} is not one of the show's thumbnails.`);
    out.thumbnailId = thumbnail;
  }
  const fields: ShowFieldValue[] = [];
  for (const [index, item] of (wanted.customFields ?? []).entries()) {
    const definition = choices.fields.find((f) => f.showField === item.showField);
    if (!definition)
      throw invalid(`customFields.${index}`, `The show has no custom field ${item.showField}.`);
    if (definition.type === 'tag')
      throw invalid(
        `customFields.${index}`,
        `${definition.name} holds the draft's tags: set them as tags.`,
      );
    let value = typeof item.value === 'string' ? item.value.trim() : item.value;
    if (definition.type === 'select') {
      if (value !== null && !definition.options?.some((o) => o.id === value))
        throw invalid(
          `customFields.${index}`,
          `${definition.name}: ${String(value)} is not one of its options.`,
        );
    } else if (definition.type === 'file' || definition.type === 'producer') {
      throw invalid(
        `customFields.${index}`,
        `${definition.name} is a ${definition.type} field, which the draft does not set.`,
      );
    } else if (typeof value === 'number') {
      value = String(value);
    }
    const now = current.customFields.find((f) => f.showField === item.showField)?.value ?? null;
    if (!sameValue(value, now)) fields.push({ showField: item.showField, value });
  }
  if (fields.length > 0) out.customFields = fields;
  return out;
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
      // The show fields are not in a summary: the saved draft's stay.
      const saved = this.options.repo.draft(r.id);
      return {
        ...(await this.proposeFromSummary(r)),
        fields: saved?.fields ?? {},
        base: saved?.base ?? null,
        updatedAt: null,
        // A proposal is new text: nobody has approved it yet.
        approvedAt: null,
      };
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
      approvedAt: null,
    };
  }

  save(r: RecordingRecord, input: DraftInput): RecordingDraft {
    const normalized = normalizeChapters(input.chapters, {
      durationSec: r.durationSec,
      frameRate: r.frameRate,
    });
    const tags = [...new Set(input.tags.map((t) => t.trim().toLowerCase()).filter(Boolean))];
    const show = r.linkShowId === null ? null : this.options.shows.metadata(r.linkShowId);
    const wanted = input.fields ?? {};
    if (!show && Object.keys(wanted).length > 0) {
      throw new AppError(
        'FAILED_PRECONDITION',
        r.linkShowId === null
          ? `${basename(r.videoPath)} is not linked to a show: link it before setting show fields.`
          : `Show ${r.linkShowId} is not in the local catalog: sync the catalog first.`,
        'fields',
      );
    }
    const saved: RecordingDraft & { updatedAt: string } = {
      title: input.title.trim(),
      cgTitle: input.cgTitle.trim(),
      description: input.description.trim(),
      tags,
      chapters: normalized.chapters,
      chaptersSource: input.chaptersSource,
      notes: normalized.notes,
      fields: show ? changedShowFields(wanted, show) : {},
      base: show?.current ?? null,
      updatedAt: this.options.now().toISOString(),
      approvedAt: input.approved
        ? (this.options.repo.draft(r.id)?.approvedAt ?? this.options.now().toISOString())
        : null,
    };
    this.options.repo.saveDraft(r.id, saved);
    return saved;
  }
}
