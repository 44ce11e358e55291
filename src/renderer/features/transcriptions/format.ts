import type {
  CaptionDiagnosticView,
  CaptionSourceFormat,
  RecordingLink,
  RecordingState,
} from '../../../shared/library';
import { RECORDING_STATE_LABELS } from '../../../shared/library';
import { describeInterval } from '../../../shared/schedules';
import type { Tone } from '../shows/format';

const STATE_TONES: Record<RecordingState, Tone> = {
  new: 'info',
  'needs-captions': 'warn',
  'caption-invalid': 'bad',
  'needs-summary': 'warn',
  ready: 'info',
  linked: 'ok',
  published: 'ok',
  failed: 'bad',
};

/** The state chip: its words (never colour alone) and its tone. */
export function stateBadge(state: RecordingState): { label: string; tone: Tone } {
  return { label: RECORDING_STATE_LABELS[state], tone: STATE_TONES[state] };
}

const CAPTION_FORMATS: Record<CaptionSourceFormat, string> = {
  scc: 'SCC',
  srt: 'SRT',
  vtt: 'WebVTT',
  'whisper-json': 'Whisper JSON',
};

export function captionFormatLabel(format: CaptionSourceFormat | null): string {
  return format ? CAPTION_FORMATS[format] : '';
}

/** `1.4 GB`, `820 MB`, `12 KB`. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit] ?? 'TB'}`;
}

/** A suggestion's score (0–1) as the percentage operators read: `0.873` → `87%`. */
export function formatScore(score: number): string {
  return `${Math.round(Math.max(0, Math.min(1, score)) * 100)}%`;
}

/** How a link was made, in words. */
export function linkMethodLabel(method: RecordingLink['method']): string {
  return method === 'file-key' ? 'file key' : 'confirmed';
}

/** Where a caption problem is: `Line 12, word 3: …`. */
export function diagnosticPlace(d: Pick<CaptionDiagnosticView, 'line' | 'word'>): string {
  if (d.line === null) return '';
  return d.word === null ? `Line ${d.line}` : `Line ${d.line}, word ${d.word}`;
}

/** The rescan choices offered (seconds), with the current value kept if it is another. */
export function intervalChoices(current: number | null): { value: number; label: string }[] {
  const presets = [60, 300, 900, 1800, 3600, 6 * 3600, 86_400];
  const values = current !== null && !presets.includes(current) ? [...presets, current] : presets;
  return values.sort((a, b) => a - b).map((value) => ({ value, label: formatInterval(value) }));
}

/** `every 5 minutes`, `every hour`, `every 90 seconds`: the schedules list's words, mid-sentence. */
export function formatInterval(seconds: number): string {
  const words = describeInterval(seconds);
  return words.charAt(0).toLowerCase() + words.slice(1);
}
