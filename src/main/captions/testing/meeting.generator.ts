/**
 * A deterministic, realistic transcript of a long public meeting, shaped like Whisper's JSON
 * output: segments of 1.5 to 7 seconds at speaking pace, short gaps with now and then a pause,
 * punctuation, numbers, names with accents. Used by tests and the captions benchmark.
 */

interface WhisperSegment {
  id: number;
  start: number;
  end: number;
  text: string;
}

interface WhisperTranscript {
  text: string;
  segments: WhisperSegment[];
  language: string;
}

/** Mulberry32: small, fast, and the same sequence everywhere for a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the council will now consider item number on agenda motion to approve second discussion ' +
  'public hearing budget amendment fiscal year resolution ordinance zoning variance planning ' +
  'commission staff report recommends approval residents concerns traffic safety crosswalk ' +
  'sidewalk parks recreation library hours water sewer rates infrastructure grant funding ' +
  'we have a quorum thank you mayor councilmember chair vice please state your name and ' +
  'address for the record three minutes comment period seeing none all in favor opposed ' +
  'abstain carries unanimously next presentation from department director update on project ' +
  'timeline contractor bid construction schedule spring summer fall winter neighborhood'
).split(' ');

const NAMES = ['Muñoz', 'José', 'Nguyen', 'García', 'Okafor', 'Peña', 'Lindqvist', 'Zoë'];

function sentence(random: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    const r = random();
    let w: string;
    if (r < 0.04) w = NAMES[Math.floor(random() * NAMES.length)] ?? 'Muñoz';
    else if (r < 0.07) w = String(Math.floor(random() * 2025));
    else w = WORDS[Math.floor(random() * WORDS.length)] ?? 'the';
    out.push(w);
  }
  const first = out[0] ?? 'So';
  out[0] = first.charAt(0).toUpperCase() + first.slice(1);
  const end = random();
  return `${out.join(' ')}${end < 0.8 ? '.' : end < 0.95 ? '?' : '!'}`;
}

export function generateMeetingTranscript(options: {
  hours: number;
  seed?: number;
}): WhisperTranscript {
  const random = seededRandom(options.seed ?? 1);
  const total = options.hours * 3600;
  const segments: WhisperSegment[] = [];
  let t = 2 + random() * 3;
  while (t < total - 8) {
    const duration = 1.5 + random() * 5.5;
    const words = Math.max(2, Math.round(duration * (2.2 + random() * 0.8)));
    let text = sentence(random, words);
    if (random() < 0.3) text += ` ${sentence(random, 2 + Math.floor(random() * 4))}`;
    const start = Math.round(t * 100) / 100;
    const end = Math.round((t + duration) * 100) / 100;
    segments.push({ id: segments.length, start, end, text: ` ${text}` });
    const gap = random();
    t += duration + (gap < 0.6 ? 0 : gap < 0.9 ? 0.3 + random() * 0.7 : 1 + random() * 6);
  }
  return { text: segments.map((s) => s.text).join(''), segments, language: 'en' };
}
