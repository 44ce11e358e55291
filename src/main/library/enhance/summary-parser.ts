import type { SummarySourceFormat } from '../../../shared/library';
import { parseMinutesJson } from './minutes-json';
import { parseSummaryText, type ParsedSummary } from './summary-text';

export type { ParsedSummary } from './summary-text';

/**
 * Reads a summary sidecar into a title, prose description, chapter times, keywords and the
 * problems met. Never throws: a malformed minutes JSON gives a problem naming line and column.
 * The three text formats (`summary-txt`, `summary-md`, `markdown`) share one tolerant reader,
 * since pipelines write markdown into `.txt` files and plain text into `.md` ones.
 */
export function parseSummary(text: string, format: SummarySourceFormat): ParsedSummary {
  return format === 'minutes-json' ? parseMinutesJson(text) : parseSummaryText(text);
}
