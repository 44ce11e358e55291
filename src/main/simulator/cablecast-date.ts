/**
 * Dates the way a Cablecast server writes them: ISO-8601 in the server's local UTC offset, with
 * fractional seconds only when there are any and trailing zeros trimmed
 * (`2026-08-24T18:30:00-05:00`, `2026-08-29T02:00:05.733-05:00`, `…T12:35:14.62-05:00`).
 *
 * The simulator uses a fixed offset rather than a time-zone name: it keeps output reproducible on
 * every machine, and a client must never assume the offset is its own anyway.
 */

import { flatString } from './flat-string';

const OFFSET_PATTERN = /^([+-])(\d{2}):?(\d{2})$/;

/** Minutes east of UTC for an offset such as `-05:00`, `+0530` or `Z`. */
export function parseOffsetMinutes(offset: string): number {
  if (offset === 'Z' || offset === 'z') return 0;
  const match = OFFSET_PATTERN.exec(offset);
  if (!match) throw new Error(`Not a UTC offset: ${offset}`);
  const sign = match[1] === '-' ? -1 : 1;
  return sign * (Number(match[2]) * 60 + Number(match[3]));
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function normaliseOffset(offset: string): string {
  const minutes = parseOffsetMinutes(offset);
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Seeding formats hundreds of thousands of dates in one offset: parse each offset once. */
const offsetCache = new Map<string, { shiftMs: number; suffix: string }>();

function offsetInfo(offset: string): { shiftMs: number; suffix: string } {
  let info = offsetCache.get(offset);
  if (!info) {
    info = { shiftMs: parseOffsetMinutes(offset) * 60_000, suffix: normaliseOffset(offset) };
    offsetCache.set(offset, info);
  }
  return info;
}

export function formatCablecastDate(date: Date | number, offset = '-05:00'): string {
  const ms = typeof date === 'number' ? date : date.getTime();
  if (!Number.isFinite(ms)) throw new Error('Cannot format an invalid date');
  const { shiftMs, suffix } = offsetInfo(offset);
  // toISOString of the shifted instant gives the local wall clock; swap its `Z` for the offset.
  const iso = new Date(ms + shiftMs).toISOString();
  if (iso.length !== 24) throw new Error(`Year out of range for a Cablecast date: ${iso}`);
  let fraction = iso.slice(19, 23);
  if (fraction === '.000') fraction = '';
  else if (fraction.endsWith('00')) fraction = fraction.slice(0, 2);
  else if (fraction.endsWith('0')) fraction = fraction.slice(0, 3);
  return flatString(`${iso.slice(0, 19)}${fraction}${suffix}`);
}

const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}:?\d{2})?$/;

export interface ParsedCablecastDate {
  /** Epoch milliseconds. */
  ms: number;
  /** True for a bare `YYYY-MM-DD`: searches compare such values by whole local day. */
  dateOnly: boolean;
}

/**
 * Parses what a client may send: full ISO strings with an offset, strings with no offset (TRMS's
 * WordPress plugin sends `Y-m-d\TH:i:s`), which a server reads in its own local offset rather than
 * UTC, and .NET's seven-digit fractions. `Date.parse` gets the no-offset case wrong for us (it uses
 * the host's zone), hence the hand-written parser.
 */
export function parseCablecastDate(text: string, localOffset: string): ParsedCablecastDate | null {
  const match = ISO_PATTERN.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = match;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    return null;
  }
  const millis = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  const utc = Date.UTC(Number(y), month - 1, day, hour, minute, second, millis);
  const offsetMinutes = parseOffsetMinutes(zone ?? localOffset);
  return { ms: utc - offsetMinutes * 60_000, dateOnly: h === undefined };
}

/** Start of the local calendar day (in `offset`) that contains `ms`. */
export function startOfLocalDay(ms: number, offset: string): number {
  const shift = parseOffsetMinutes(offset) * 60_000;
  const local = ms + shift;
  return local - (((local % 86_400_000) + 86_400_000) % 86_400_000) - shift;
}

/**
 * A clock that never returns the same millisecond twice and never goes backwards, so every
 * mutation gets a distinct, strictly increasing `lastModified`. Incremental sync
 * (`lastModified greaterThan <last seen>`) is only exact under that guarantee.
 */
export class SimulatorClock {
  private last: number;

  constructor(private readonly now: () => number = Date.now) {
    this.last = Number.NEGATIVE_INFINITY;
  }

  next(): number {
    this.last = Math.max(this.now(), this.last + 1);
    return this.last;
  }

  /** The time now, as the clock reads it, without handing out a tick. */
  wallTime(): number {
    return this.now();
  }

  /** Make sure the next tick is later than `ms` (used after seeding historical timestamps). */
  advancePast(ms: number): void {
    if (ms > this.last) this.last = ms;
  }

  get lastIssued(): number {
    return this.last;
  }
}
