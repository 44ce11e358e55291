/**
 * How the values of a show's editable fields compare: the one reading shared by a publish's
 * metadata step and the two-way metadata sync, so both call the same two values "the same".
 */

export type FieldValue = string | number | null;

/** `"budget, Zoning,,budget"` → `['budget', 'Zoning']`: trimmed, blank and repeated ones dropped. */
export function splitTags(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of value.split(',')) {
    const tag = raw.trim();
    if (tag === '' || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    out.push(tag);
  }
  return out;
}

/** The same tags, in any order and case. */
export function sameTags(a: readonly string[], b: readonly string[]): boolean {
  const set = (list: readonly string[]) => [...new Set(list.map((t) => t.toLowerCase()))].sort();
  return JSON.stringify(set(a)) === JSON.stringify(set(b));
}

/** Empty and blank read as nothing; text is trimmed. */
export function normValue(value: unknown): FieldValue {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number') return value;
  return JSON.stringify(value);
}

export function sameValue(a: unknown, b: unknown): boolean {
  return normValue(a) === normValue(b);
}

/** Two Cablecast dates name the same instant, whatever offset each was written with. */
export function sameInstant(a: unknown, b: unknown): boolean {
  const ms = (v: unknown): number | string | null => {
    const n = normValue(v);
    if (typeof n !== 'string') return n;
    const parsed = Date.parse(n);
    return Number.isNaN(parsed) ? n : parsed;
  };
  return ms(a) === ms(b);
}
