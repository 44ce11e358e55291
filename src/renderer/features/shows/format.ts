import type { SyncPhase, SyncWarning, VodState } from '../../../shared/catalog';

const WALL_CLOCK = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2}))?/;

/**
 * A Cablecast date as the station's own wall clock (`2026-08-24T18:30:00-05:00` → day
 * `2026-08-24`, time `18:30`). Read from the text, never converted to this machine's time zone:
 * the operator thinks in the station's local time, whatever the workstation is set to.
 */
export function wallClock(value: string | null): { day: string; time: string | null } | null {
  if (!value) return null;
  const match = WALL_CLOCK.exec(value);
  if (!match?.[1]) return null;
  return { day: match[1], time: match[2] && match[3] ? `${match[2]}:${match[3]}` : null };
}

/** `2026-08-24 18:30`, or the day alone, or the raw text when it is not a date at all. */
export function formatDateTime(value: string | null): string {
  if (!value) return '';
  const clock = wallClock(value);
  if (!clock) return value;
  return clock.time ? `${clock.day} ${clock.time}` : clock.day;
}

/**
 * An instant this app recorded (a sync's start or end), in this machine's local time: unlike
 * Cablecast's dates it carries no station wall clock to keep.
 */
export function formatInstant(iso: string | null): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Run time in seconds as `h:mm:ss` (`3725` → `1:02:05`); blank when unknown. */
export function formatRunTime(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '';
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

const COUNT = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return COUNT.format(n);
}

/** `1 show`, `2,400 shows`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** How long ago, in words an operator reads at a glance; the exact time goes in a tooltip. */
export function formatAgo(iso: string | null, nowMs: number): string {
  if (!iso) return 'never';
  const then = Date.parse(iso);
  if (!Number.isFinite(then)) return iso;
  const seconds = Math.round((nowMs - then) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 14) return days === 1 ? 'yesterday' : `${days} days ago`;
  return formatInstant(iso);
}

export type Tone = 'ok' | 'info' | 'warn' | 'bad' | 'muted';

const VOD_LABELS: Record<VodState, { label: string; tone: Tone }> = {
  complete: { label: 'Live', tone: 'ok' },
  queued: { label: 'Queued', tone: 'info' },
  waiting: { label: 'Waiting', tone: 'info' },
  processing: { label: 'Encoding', tone: 'info' },
  partial: { label: 'Partial', tone: 'warn' },
  error: { label: 'Error', tone: 'bad' },
  permanentFailure: { label: 'Failed', tone: 'bad' },
  disabled: { label: 'Disabled', tone: 'muted' },
  unknown: { label: 'Unknown', tone: 'muted' },
};

/** The VOD badge: a show without a VOD says so rather than showing a state it cannot have. */
export function vodBadge(hasVod: boolean, state: VodState | null): { label: string; tone: Tone } {
  if (!hasVod) return { label: 'No VOD', tone: 'muted' };
  return state ? VOD_LABELS[state] : VOD_LABELS.unknown;
}

export function vodStateLabel(state: VodState): string {
  return VOD_LABELS[state].label;
}

const PHASES: Record<SyncPhase, string> = {
  idle: 'Waiting to start',
  lookups: 'Reading categories, producers, projects and locations',
  listing: 'Finding the shows that changed',
  fetching: 'Copying shows',
  deleting: 'Checking for shows deleted on the server',
  done: 'Finished',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function syncPhaseLabel(phase: SyncPhase): string {
  return PHASES[phase];
}

/**
 * What is wrong with a skipped record, without repeating the show and field the list already
 * shows beside it ("Show 27 was skipped: shows[98].title expected a string" → "expected a string").
 */
export function warningDetail(warning: SyncWarning): string {
  let text = warning.message.trim();
  if (warning.showId !== null) {
    const prefix = `Show ${warning.showId} was skipped:`;
    if (text.startsWith(prefix)) text = text.slice(prefix.length).trim();
  }
  if (warning.path && text.startsWith(warning.path)) text = text.slice(warning.path.length).trim();
  text = text.replace(/^[:,-]\s*/, '');
  return text === '' ? warning.message : text;
}
