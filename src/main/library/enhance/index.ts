/**
 * Content enhancement for recordings: pure functions that read summaries, propose drafts (title,
 * CG title, description, tags, chapters), match pasted agendas to transcripts and normalise
 * chapter lists. No I/O.
 */
export { parseSummary, type ParsedSummary } from './summary-parser';
export { describeJsonError } from './minutes-json';
export {
  cgTitleFor,
  dateInWords,
  MAX_DESCRIPTION,
  MAX_TAGS,
  proposeDraft,
  proposeTags,
  readTwoPartTimesAsHours,
  titleFromFileName,
  type DraftInput,
} from './draft';
export { chaptersFromAgenda } from './agenda-match';
export { parseAgenda, type AgendaItem } from './agenda-parse';
export { MAX_CHAPTER_TITLE, normalizeChapters, snapToFrame, type ChapterOptions } from './chapters';
export { parseTimestampLine, parseWrittenTime, type WrittenTime } from './timestamps';
