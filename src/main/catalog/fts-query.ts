/** More words than anyone types into a search box; bounds the work one query can ask for. */
const MAX_TERMS = 16;

/**
 * Turns what an operator typed into an FTS5 MATCH expression for search as you type: every word is
 * a prefix (`council pla` → `"council"* "pla"*`, all of them required), case and accents folded.
 *
 * Only runs of letters and digits survive, each one quoted, so nothing typed can be FTS syntax:
 * quotes, `*`, `-`, `^`, parentheses, `:` and the words OR / AND / NOT / NEAR are separators or
 * plain search words. The split matches the index's unicode61 tokenizer (letters and digits are
 * word characters, everything else separates), so "O'Brien" is searched as the index stored it.
 *
 * Returns null when nothing searchable was typed.
 */
export function ftsPrefixQuery(text: string): string | null {
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  const words = folded.match(/[\p{L}\p{N}\p{Co}]+/gu);
  if (words === null) return null;
  const unique = [...new Set(words)].slice(0, MAX_TERMS);
  return unique.map((word) => `"${word}"*`).join(' ');
}
