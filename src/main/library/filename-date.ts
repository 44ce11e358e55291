import { parseFileKey } from './file-key';

/** Event dates written into recording file names, in the many forms stations use. */
export interface DateCandidate {
  /** ISO calendar day, `YYYY-MM-DD`. */
  date: string;
  /** The part of the name it was read from. */
  text: string;
  /** 0..1: how sure the reading is; ambiguous forms give several lower candidates. */
  confidence: number;
}

export interface DateParseOptions {
  /** The day the name is judged against ("recent" and "not in the future"); defaults to today. */
  now?: Date;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
};
const MONTH_WORD = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');

/** Recordings older than this are not community-TV files we will see. */
const EARLIEST_YEAR = 1980;

interface Ctx {
  nowYear: number;
  /** Latest day accepted: tomorrow, so a time-zone difference does not reject today's meeting. */
  latestIso: string;
  out: Map<string, DateCandidate>;
  /** Character ranges already read, so `2025-01-07` is not read again as `01 07` or `2025`. */
  used: [number, number][];
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function fullYear(yy: number, nowYear: number): number {
  const y = 2000 + yy;
  // A two-digit year past next year is last century's.
  return y > nowYear + 1 ? y - 100 : y;
}

function overlaps(ctx: Ctx, start: number, end: number): boolean {
  return ctx.used.some(([s, e]) => start < e && end > s);
}

/**
 * Adds a reading if it is a real, not-future day. Older years lose a little confidence so that,
 * among ambiguous readings, the recent one wins.
 */
function add(ctx: Ctx, y: number, m: number, d: number, text: string, confidence: number): boolean {
  if (y < EARLIEST_YEAR || !validDay(y, m, d)) return false;
  const date = iso(y, m, d);
  if (date > ctx.latestIso) return false;
  const age = Math.max(0, ctx.nowYear - y);
  const c = Math.round(confidence * (age > 15 ? 0.9 : 1) * 1000) / 1000;
  const prior = ctx.out.get(date);
  if (!prior || prior.confidence < c) ctx.out.set(date, { date, text, confidence: c });
  return true;
}

function scan(ctx: Ctx, name: string, re: RegExp, fn: (m: RegExpExecArray) => boolean): void {
  for (const m of name.matchAll(re)) {
    const start = m.index;
    const end = start + m[0].length;
    if (overlaps(ctx, start, end)) continue;
    if (fn(m)) ctx.used.push([start, end]);
  }
}

/** Splits a run of digits into 1-2 digit month and day readings. */
function monthDaySplits(digits: string): [number, number][] {
  const splits: [number, number][] = [];
  for (let i = 1; i <= 2 && i < digits.length; i++) {
    const m = digits.slice(0, i);
    const d = digits.slice(i);
    if (d.length > 2 || d.length === 0) continue;
    // Month and day may each be one digit or two, so one run can be read more than one way.
    splits.push([Number(m), Number(d)]);
  }
  return splits;
}

export function parseEventDateFromName(
  name: string,
  options: DateParseOptions = {},
): DateCandidate[] {
  const now = options.now ?? new Date();
  const nowYear = now.getUTCFullYear();
  const latestIso = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
  const ctx: Ctx = { nowYear, latestIso, out: new Map(), used: [] };
  const dot = name.lastIndexOf('.');
  const withoutExtension = dot > 0 && name.length - dot <= 6 ? name.slice(0, dot) : name;
  // The show id of a file key (21413-1-...) would otherwise read as a compact date (2/14/13).
  const stem = parseFileKey(withoutExtension + '.x')
    ? withoutExtension.replace(/^\s*\d+\s*-\s*\d+\s*-/, '')
    : withoutExtension;
  const N = (s: string | undefined): number => Number(s);

  // Month names: "Jan 7 2025", "January 7th, 2025", "7 Jan 2025", "Jan-07-2025".
  scan(
    ctx,
    stem,
    new RegExp(
      `\\b(${MONTH_WORD})\\.?[\\s_-]*(\\d{1,2})(?!\\d)(?:st|nd|rd|th)?,?[\\s_-]*(\\d{4}|\\d{2})(?!\\d)`,
      'gi',
    ),
    (m) => {
      const y = m[3]?.length === 2 ? fullYear(N(m[3]), nowYear) : N(m[3]);
      return add(ctx, y, MONTHS[m[1]?.toLowerCase() ?? ''] ?? 0, N(m[2]), m[0], 0.95);
    },
  );
  scan(
    ctx,
    stem,
    new RegExp(
      `(?<!\\d)(\\d{1,2})(?:st|nd|rd|th)?[\\s_-]*(${MONTH_WORD})\\.?,?[\\s_-]*(\\d{4})(?!\\d)`,
      'gi',
    ),
    (m) => add(ctx, N(m[3]), MONTHS[m[2]?.toLowerCase() ?? ''] ?? 0, N(m[1]), m[0], 0.95),
  );
  // Separated year first: 2025-01-07, 2025_01_07, 2025.01.07, 2025 01 07.
  scan(ctx, stem, /(?<!\d)((?:19|20)\d{2})[-_. ](\d{1,2})[-_. ](\d{1,2})(?!\d)/g, (m) =>
    add(ctx, N(m[1]), N(m[2]), N(m[3]), m[0], 0.95),
  );
  // Year, then month and day run together: 2020-0220.
  scan(ctx, stem, /(?<!\d)((?:19|20)\d{2})[-_. ](\d{2})(\d{2})(?!\d)/g, (m) =>
    add(ctx, N(m[1]), N(m[2]), N(m[3]), m[0], 0.8),
  );
  // Separated month first (US order), four-digit year: 01-07-2025, 01 07 2025, 1/7/2025.
  scan(ctx, stem, /(?<!\d)(\d{1,2})[-_. /](\d{1,2})[-_. /]((?:19|20)\d{2})(?!\d)/g, (m) => {
    const us = add(ctx, N(m[3]), N(m[1]), N(m[2]), m[0], 0.85);
    // The European reading stays possible but unlikely for a US station.
    const eu = m[1] !== m[2] && add(ctx, N(m[3]), N(m[2]), N(m[1]), m[0], 0.25);
    return us || eu;
  });
  // Two-digit year: 1-7-25, 01_07_25.
  scan(ctx, stem, /(?<!\d)(\d{1,2})[-_. /](\d{1,2})[-_. /](\d{2})(?!\d)/g, (m) =>
    add(ctx, fullYear(N(m[3]), nowYear), N(m[1]), N(m[2]), m[0], 0.7),
  );
  // Eight digits, in brackets or bare: (20160614), 20160614, or US 01072025.
  scan(ctx, stem, /(?<!\d)(\(?)(\d{8})(\)?)(?!\d)/g, (m) => {
    const d = m[2] ?? '';
    const boxed = m[1] === '(' && m[3] === ')';
    const ymd = add(
      ctx,
      N(d.slice(0, 4)),
      N(d.slice(4, 6)),
      N(d.slice(6)),
      m[0],
      boxed ? 0.95 : 0.85,
    );
    const mdy = add(ctx, N(d.slice(4)), N(d.slice(0, 2)), N(d.slice(2, 4)), m[0], ymd ? 0.3 : 0.7);
    return ymd || mdy;
  });
  // Compact year first without padding: 202584 (2025-8-4), 2025111 (Jan 11 or Nov 1).
  scan(ctx, stem, /(?<!\d)((?:19|20)\d{2})(\d{2,3})(?!\d)/g, (m) => {
    const y = N(m[1]);
    const readings = monthDaySplits(m[2] ?? '').filter(([mo, d]) => validDay(y, mo, d));
    const c = readings.length > 1 ? 0.35 : 0.6;
    return readings.map(([mo, d]) => add(ctx, y, mo, d, m[0], c)).some(Boolean);
  });
  // Compact US with two-digit year: 42125 (4/21/25), 010725, 1125 (1/1/25).
  scan(ctx, stem, /(?<!\d)(\d{2,4})(\d{2})(?!\d)/g, (m) => {
    const whole = m[0];
    // Four digits are more often a year, a show number or a time than a date.
    if (whole.length < 5) return false;
    const y = fullYear(N(m[2]), nowYear);
    const readings = monthDaySplits(m[1] ?? '').filter(([mo, d]) => validDay(y, mo, d));
    const c = readings.length > 1 ? 0.3 : 0.5;
    return readings.map(([mo, d]) => add(ctx, y, mo, d, whole, c)).some(Boolean);
  });

  return [...ctx.out.values()].sort(
    (a, b) => b.confidence - a.confidence || b.date.localeCompare(a.date),
  );
}
