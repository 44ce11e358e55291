/**
 * Times in a recording as an operator reads and types them: `h:mm:ss` (`0:12:30`), the way the
 * player, the transcript and Cablecast's chapter list show them.
 */

/**
 * Seconds as `h:mm:ss` (`750.4` → `0:12:30`); '' if unknown. Rounded down like a player's clock,
 * or to the nearest second for chapter times (a chapter typed at 0:00:17 and snapped to the frame
 * at 16.983 s still reads 0:00:17).
 */
export function formatClock(
  seconds: number | null,
  rounding: 'floor' | 'nearest' = 'floor',
): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '';
  const total = rounding === 'nearest' ? Math.round(seconds) : Math.floor(seconds + 1e-6);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

type ParsedClock = { ok: true; seconds: number } | { ok: false; message: string };

const CLOCK = /^(\d+)(?::(\d{1,2}))?(?::(\d{1,2}))?(?:[.,](\d{1,3}))?$/;

/**
 * Reads a typed time: `1:02:03`, `12:30` (minutes and seconds), `95` (seconds), with optional
 * fractions of a second (`0:00:05.5`). Says what is wrong in words when it cannot.
 */
export function parseClock(text: string): ParsedClock {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'Type a time as h:mm:ss, e.g. 0:12:30.' };
  const match = CLOCK.exec(trimmed);
  if (!match?.[1]) {
    return { ok: false, message: `“${trimmed}” is not a time: type it as h:mm:ss, e.g. 0:12:30.` };
  }
  const parts = [match[1], match[2], match[3]].filter((p): p is string => p !== undefined);
  const numbers = parts.map(Number);
  // The first part may be any size (hours, or minutes/seconds alone); the rest are 0-59.
  if (numbers.slice(1).some((n) => n > 59)) {
    return { ok: false, message: 'Minutes and seconds go up to 59 (h:mm:ss).' };
  }
  let seconds = 0;
  for (const n of numbers) seconds = seconds * 60 + n;
  if (match[4]) seconds += Number(`0.${match[4]}`);
  return { ok: true, seconds };
}
