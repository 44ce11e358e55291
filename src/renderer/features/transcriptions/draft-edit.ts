import type { ShowFieldValue, ShowMetadata } from '../../../shared/catalog';
import type { DraftChapter, DraftShowFields, RecordingDraft } from '../../../shared/library';
import { formatClock, parseClock } from './time';

/**
 * The draft as the editor holds it while an operator types: times as the text in their boxes
 * (with the seconds they stand for when they parse), tags as one comma-separated line.
 */
export interface ChapterEdit {
  /** Stable across edits and moves, for React keys and focus. */
  key: string;
  time: string;
  /** The seconds `time` stands for; null while it does not parse. */
  offsetSec: number | null;
  title: string;
}

export interface DraftEdit {
  title: string;
  cgTitle: string;
  description: string;
  tags: string;
  chapters: ChapterEdit[];
  chaptersSource: RecordingDraft['chaptersSource'];
  /** The show fields the operator changes: a key left out keeps the show's own value. */
  fields: DraftShowFields;
  /** A person approved it for auto-publish. */
  approved: boolean;
}

export type LookupField = 'categoryId' | 'producerId' | 'projectId' | 'thumbnailId';

/** The value the show will have: the draft's when it sets one, else the show's own. */
export function effectiveLookup(
  fields: DraftShowFields,
  show: ShowMetadata,
  key: LookupField,
): number | null {
  const value = fields[key];
  return value === undefined ? show[key] : value;
}

export function effectiveCustom(
  fields: DraftShowFields,
  show: ShowMetadata,
  showField: number,
): string | number | null {
  const set = fields.customFields?.find((f) => f.showField === showField);
  if (set) return set.value;
  return show.customFields.find((f) => f.showField === showField)?.value ?? null;
}

/** Sets a lookup; setting it back to the show's own value drops it from the draft. */
export function withLookup(
  fields: DraftShowFields,
  show: ShowMetadata,
  key: LookupField,
  value: number | null,
): DraftShowFields {
  const next = { ...fields };
  if (value === show[key]) delete next[key];
  else next[key] = value;
  return next;
}

function blankToNull(value: string | number | null): string | number | null {
  return typeof value === 'string' && value.trim() === '' ? null : value;
}

/** Sets a custom field; setting it back to the show's own value drops it from the draft. */
export function withCustom(
  fields: DraftShowFields,
  show: ShowMetadata,
  showField: number,
  value: string | number | null,
): DraftShowFields {
  const own = show.customFields.find((f) => f.showField === showField)?.value ?? null;
  const rest = (fields.customFields ?? []).filter((f) => f.showField !== showField);
  const list: ShowFieldValue[] =
    blankToNull(value) === blankToNull(own) ? rest : [...rest, { showField, value }];
  const next = { ...fields };
  if (list.length === 0) delete next.customFields;
  else next.customFields = list;
  return next;
}

/** A stable text of the fields, for comparing an edit with what was saved. */
function fieldsKey(fields: DraftShowFields): string {
  const custom = [...(fields.customFields ?? [])]
    .map((f) => ({ ...f, value: typeof f.value === 'string' ? f.value.trim() : f.value }))
    .sort((a, b) => a.showField - b.showField);
  return JSON.stringify([
    fields.categoryId,
    fields.producerId,
    fields.projectId,
    fields.thumbnailId,
    custom,
  ]);
}

let keySeq = 0;
function newChapterKey(): string {
  keySeq += 1;
  return `ch${keySeq}`;
}

function chapterEdit(chapter: DraftChapter): ChapterEdit {
  return {
    key: newChapterKey(),
    time: formatClock(chapter.offsetSec, 'nearest'),
    offsetSec: chapter.offsetSec,
    title: chapter.title,
  };
}

export function editFromDraft(draft: RecordingDraft): DraftEdit {
  return {
    title: draft.title,
    cgTitle: draft.cgTitle,
    description: draft.description,
    tags: draft.tags.join(', '),
    chapters: draft.chapters.map(chapterEdit),
    chaptersSource: draft.chaptersSource,
    fields: draft.fields,
    approved: draft.approvedAt !== null,
  };
}

/** `council, budget , ,Budget` → `['council', 'budget']`: trimmed, blank and repeated ones dropped. */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const raw of text.split(/[,;\n]/)) {
    const tag = raw.trim().replace(/\s+/g, ' ');
    if (tag === '' || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    tags.push(tag);
  }
  return tags;
}

/** A changed time text: the seconds follow when it parses, and stay put while it does not. */
export function withTime(chapter: ChapterEdit, time: string): ChapterEdit {
  const parsed = parseClock(time);
  return { ...chapter, time, offsetSec: parsed.ok ? parsed.seconds : null };
}

/** In time order (stable; chapters whose time does not parse stay where they are typed). */
export function sortChapters(chapters: readonly ChapterEdit[]): ChapterEdit[] {
  const timed = chapters
    .filter((c) => c.offsetSec !== null)
    .sort((a, b) => (a.offsetSec ?? 0) - (b.offsetSec ?? 0));
  let t = 0;
  return chapters.map((c) => (c.offsetSec === null ? c : (timed[t++] ?? c)));
}

/** A new, untitled chapter at `offsetSec`, placed in time order. */
export function insertChapter(
  chapters: readonly ChapterEdit[],
  offsetSec: number,
): { chapters: ChapterEdit[]; key: string } {
  const chapter: ChapterEdit = {
    key: newChapterKey(),
    time: formatClock(offsetSec),
    offsetSec,
    title: '',
  };
  const at = chapters.findIndex((c) => c.offsetSec !== null && c.offsetSec > offsetSec);
  const next = [...chapters];
  next.splice(at < 0 ? next.length : at, 0, chapter);
  return { chapters: next, key: chapter.key };
}

interface DraftProblems {
  /** Problems that stop saving, by field (`title`, `tags`, …) or chapter key. */
  fields: Partial<Record<'title' | 'cgTitle' | 'description' | 'tags' | 'chapters', string>>;
  chapters: Record<string, { time?: string; title?: string }>;
  /** Things saving will change, by chapter key (after the end: dropped). */
  chapterWarnings: Record<string, string>;
  /** How many problems stop saving. */
  count: number;
}

/** What stops this draft from saving, in words, and what saving will change. */
export function draftProblems(edit: DraftEdit, durationSec: number | null): DraftProblems {
  const problems: DraftProblems = { fields: {}, chapters: {}, chapterWarnings: {}, count: 0 };
  const field = (name: keyof DraftProblems['fields'], message: string) => {
    problems.fields[name] = message;
    problems.count++;
  };
  if (edit.title.length > 255)
    field('title', `The title is ${edit.title.length} characters; 255 at most.`);
  if (edit.cgTitle.length > 255) {
    field('cgTitle', `The public title is ${edit.cgTitle.length} characters; 255 at most.`);
  }
  if (edit.description.length > 20_000) {
    field('description', 'The description is longer than 20,000 characters.');
  }
  const tags = parseTags(edit.tags);
  const long = tags.find((t) => t.length > 64);
  if (long) field('tags', `The tag “${long.slice(0, 20)}…” is longer than 64 characters.`);
  else if (tags.length > 50) field('tags', `${tags.length} tags; 50 at most.`);
  for (const c of edit.chapters) {
    const entry: { time?: string; title?: string } = {};
    const parsed = parseClock(c.time);
    if (!parsed.ok) entry.time = parsed.message;
    if (c.title.trim() === '') entry.title = 'A chapter needs a title.';
    else if (c.title.trim().length > 200)
      entry.title = 'A chapter title is 200 characters at most.';
    if (entry.time || entry.title) {
      problems.chapters[c.key] = entry;
      problems.count += (entry.time ? 1 : 0) + (entry.title ? 1 : 0);
    } else if (durationSec !== null && c.offsetSec !== null && c.offsetSec > durationSec) {
      problems.chapterWarnings[c.key] =
        `After the end of the video (${formatClock(durationSec, 'nearest')}): saving drops it.`;
    }
  }
  if (edit.chapters.length > 500) {
    field('chapters', `${edit.chapters.length} chapters; 500 at most.`);
  }
  return problems;
}

/** Whether the editor differs from the saved draft. */
export function isDirty(edit: DraftEdit, saved: RecordingDraft): boolean {
  if (edit.title !== saved.title) return true;
  if (edit.cgTitle !== saved.cgTitle) return true;
  if (edit.description !== saved.description) return true;
  const tags = parseTags(edit.tags);
  if (tags.length !== saved.tags.length || tags.some((t, i) => t !== saved.tags[i])) return true;
  if (fieldsKey(edit.fields) !== fieldsKey(saved.fields)) return true;
  if (edit.approved !== (saved.approvedAt !== null)) return true;
  if (edit.chapters.length !== saved.chapters.length) return true;
  return edit.chapters.some((c, i) => {
    const s = saved.chapters[i];
    return !s || c.offsetSec === null || c.offsetSec !== s.offsetSec || c.title !== s.title;
  });
}

/** The draft as `library.draft.save` takes it (call only when `draftProblems` counts none). */
export function saveInput(id: number, edit: DraftEdit) {
  const chapters = sortChapters(edit.chapters).map((c) => ({
    offsetSec: c.offsetSec ?? 0,
    title: c.title.trim(),
  }));
  return {
    id,
    title: edit.title.trim(),
    cgTitle: edit.cgTitle.trim(),
    description: edit.description,
    tags: parseTags(edit.tags),
    chapters,
    chaptersSource: chapters.length === 0 ? ('none' as const) : edit.chaptersSource,
    fields: edit.fields,
    approved: edit.approved,
  };
}

const SOURCE_LABELS: Record<RecordingDraft['chaptersSource'], string> = {
  summary: 'proposed from the summary',
  agenda: 'drafted from the agenda',
  manual: 'edited by hand',
  none: 'none yet',
};

export function chaptersSourceLabel(source: RecordingDraft['chaptersSource']): string {
  return SOURCE_LABELS[source];
}
