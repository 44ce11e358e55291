/** The Cablecast file key `<ShowID>-<Reel>-<anything>.<ext>`: the one exact link to a show. */
export interface FileKey {
  showId: number;
  reel: number;
}

const KEY = /^\s*(\d{1,9})\s*-\s*(\d{1,4})\s*-(.*)$/s;

/** Strips folders (either separator) and the extension, so callers may pass a path. */
function stemOf(fileName: string): string {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

function isValidDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Dates look like keys (`2025-01-07 Council` would be show 2025, reel 1), and a wrong exact link is
 * worse than none, so a name whose leading numbers read as a date is not a key.
 */
function looksLikeDate(first: string, second: string, rest: string): boolean {
  const a = Number(first);
  const b = Number(second);
  const next = /^\s*(\d{1,4})(?!\d)(?![a-z])/i.exec(rest);
  // YYYYMMDD-... : an eight-digit "show id" that is a calendar day.
  if (/^(19|20)\d{6}$/.test(first)) {
    if (isValidDay(Number(first.slice(0, 4)), Number(first.slice(4, 6)), Number(first.slice(6))))
      return true;
  }
  if (!next?.[1]) return false;
  const c = Number(next[1]);
  // YYYY-MM-DD
  if (first.length === 4 && a >= 1970 && a <= 2099 && next[1].length <= 2 && isValidDay(a, b, c))
    return true;
  // MM-DD-YYYY or MM-DD-YY (and DD-MM-YYYY)
  if (first.length <= 2 && second.length <= 2 && (next[1].length === 4 || next[1].length === 2)) {
    const year = next[1].length === 2 ? 2000 + c : c;
    if (year >= 1970 && (isValidDay(year, a, b) || isValidDay(year, b, a))) return true;
  }
  return false;
}

export function parseFileKey(fileName: string): FileKey | null {
  const match = KEY.exec(stemOf(fileName));
  if (!match?.[1] || !match[2] || match[3] === undefined) return null;
  const showId = Number(match[1]);
  const reel = Number(match[2]);
  if (showId < 1 || reel < 1) return null;
  if (looksLikeDate(match[1], match[2], match[3])) return null;
  return { showId, reel };
}
