/**
 * CEA-608 (line 21) tables: parity, the character sets, preamble address codes and the
 * miscellaneous control codes. Byte values here are 7-bit (parity stripped); the channel-1
 * first bytes (0x10-0x17) are used, and channel 2 is the same with bit 0x08 set.
 */

/** ODD_PARITY[b] is 1 when byte b has an odd number of set bits, as every 608 byte must. */
export const ODD_PARITY: Uint8Array = (() => {
  const table = new Uint8Array(256);
  for (let b = 0; b < 256; b++) {
    let bits = 0;
    for (let v = b; v; v >>= 1) bits += v & 1;
    table[b] = bits & 1;
  }
  return table;
})();

export function hasOddParity(byte: number): boolean {
  return ODD_PARITY[byte & 0xff] === 1;
}

/** Sets bit 7 of a 7-bit value when needed so the byte has odd parity. */
export function withOddParity(value: number): number {
  const v = value & 0x7f;
  return ODD_PARITY[v] === 1 ? v : v | 0x80;
}

let wordTable: string[] | null = null;

/** A 7-bit byte pair as the 4 hex digits of an SCC word, with parity added. */
export function sccWord(b1: number, b2: number): string {
  if (!wordTable) {
    // 16,384 pairs: built once, so encoding a four-hour file makes no strings per word.
    const table: string[] = [];
    for (let i = 0; i < 0x4000; i++) {
      const w = (withOddParity(i >> 7) << 8) | withOddParity(i & 0x7f);
      table.push(w.toString(16).padStart(4, '0'));
    }
    wordTable = table;
  }
  return wordTable[((b1 & 0x7f) << 7) | (b2 & 0x7f)] ?? '8080';
}

/**
 * The basic character set: ASCII, except ten positions 608 gives to accented letters and symbols
 * (0x2A is á, not *). 0x27 is the apostrophe (drawn as ’ by some decoders; we keep ').
 */
export const BASIC_CHARS: readonly string[] = (() => {
  const chars: string[] = [];
  for (let b = 0; b < 0x80; b++) chars.push(b >= 0x20 ? String.fromCharCode(b) : '');
  const overrides: Record<number, string> = {
    0x2a: 'á',
    0x5c: 'é',
    0x5e: 'í',
    0x5f: 'ó',
    0x60: 'ú',
    0x7b: 'ç',
    0x7c: '÷',
    0x7d: 'Ñ',
    0x7e: 'ñ',
    0x7f: '█',
  };
  for (const [b, c] of Object.entries(overrides)) chars[Number(b)] = c;
  return chars;
})();

/** Special characters: first byte 0x11, second 0x30-0x3F. 0x39 is the transparent space. */
// prettier-ignore
export const SPECIAL_CHARS: readonly string[] = [
  '®', '°', '½', '¿', '™', '¢', '£', '♪', 'à', ' ', 'è', 'â', 'ê', 'î', 'ô', 'û',
];

/** Extended Spanish/French/miscellaneous: first byte 0x12, second 0x20-0x3F. */
// prettier-ignore
export const EXTENDED_CHARS_12: readonly string[] = [
  'Á', 'É', 'Ó', 'Ú', 'Ü', 'ü', '‘', '¡', '*', "'", '—', '©', '℠', '•', '“', '”',
  'À', 'Â', 'Ç', 'È', 'Ê', 'Ë', 'ë', 'Î', 'Ï', 'ï', 'Ô', 'Ù', 'ù', 'Û', '«', '»',
];

/** Extended Portuguese/German/Danish: first byte 0x13, second 0x20-0x3F. */
// prettier-ignore
export const EXTENDED_CHARS_13: readonly string[] = [
  'Ã', 'ã', 'Í', 'Ì', 'ì', 'Ò', 'ò', 'Õ', 'õ', '{', '}', '\\', '^', '_', '|', '~',
  'Ä', 'ä', 'Ö', 'ö', 'ß', '¥', '¤', '¦', 'Å', 'å', 'Ø', 'ø', '┌', '┐', '└', '┘',
];

/**
 * What an encoder sends before an extended character: the closest basic character. A decoder
 * that knows the extended set backs up over it; an older one shows it instead.
 */
const EXTENDED_FALLBACKS_12 = 'AEOUUu\'!+\'-cS.""AACEEEeIIiOUuU""';
const EXTENDED_FALLBACKS_13 = "AaIIiOoOo()/'-I-AaOosY$IAaOo++++";

/** Row (1-15) of a preamble address code, from its 7-bit bytes; 0 when it is not a PAC. */
export function pacRow(b1: number, b2: number): number {
  if (b2 < 0x40 || b2 > 0x7f) return 0;
  const low = (b2 & 0x20) !== 0;
  switch (b1 & 0x07) {
    case 0:
      return low ? 0 : 11;
    case 1:
      return low ? 2 : 1;
    case 2:
      return low ? 4 : 3;
    case 3:
      return low ? 13 : 12;
    case 4:
      return low ? 15 : 14;
    case 5:
      return low ? 6 : 5;
    case 6:
      return low ? 8 : 7;
    default:
      return low ? 10 : 9;
  }
}

/** Column a PAC puts the cursor at: its indent (0, 4, ... 28), or 0 for the colour/italic PACs. */
export function pacIndent(b2: number): number {
  const low5 = b2 & 0x1f;
  return low5 >= 0x10 ? ((low5 & 0x0e) >> 1) * 4 : 0;
}

// prettier-ignore
const PAC_FIRST_BYTES = [
  0, 0x11, 0x11, 0x12, 0x12, 0x15, 0x15, 0x16, 0x16, 0x17, 0x17, 0x10, 0x13, 0x13, 0x14, 0x14,
];

/** The 7-bit bytes of the PAC that puts the cursor on `row` (1-15) at `indent` (0, 4, ... 28). */
export function pacBytes(row: number, indent: number): [number, number] {
  const b1 = PAC_FIRST_BYTES[row];
  if (b1 === undefined || row < 1) throw new RangeError(`No preamble for row ${row}`);
  const lowRow =
    row === 2 || row === 4 || row === 6 || row === 8 || row === 10 || row === 13 || row === 15;
  const b2 =
    (lowRow ? 0x60 : 0x40) |
    0x10 |
    ((Math.min(7, Math.max(0, Math.floor(indent / 4))) << 1) & 0x0e);
  return [b1, b2];
}

/** Miscellaneous control codes (first byte 0x14; 0x15 in field 2): their second bytes. */
export const MISC = {
  RCL: 0x20,
  BS: 0x21,
  AOF: 0x22,
  AON: 0x23,
  DER: 0x24,
  RU2: 0x25,
  RU3: 0x26,
  RU4: 0x27,
  FON: 0x28,
  RDC: 0x29,
  TR: 0x2a,
  RTD: 0x2b,
  EDM: 0x2c,
  CR: 0x2d,
  ENM: 0x2e,
  EOC: 0x2f,
} as const;

/** How one character of text is sent. */
type Cea608Char =
  | { kind: 'basic'; byte: number }
  | { kind: 'special'; b1: number; b2: number }
  | { kind: 'extended'; fallback: number; b1: number; b2: number };

/** Every character 608 can show, keyed by the Unicode character. */
export const CEA608_CHARS: ReadonlyMap<string, Cea608Char> = (() => {
  const map = new Map<string, Cea608Char>();
  // Extended first so that the basic and special sets win for characters in two sets (').
  const addExtended = (table: readonly string[], fallbacks: string, b1: number): void => {
    table.forEach((c, i) => {
      map.set(c, { kind: 'extended', fallback: fallbacks.charCodeAt(i), b1, b2: 0x20 + i });
    });
  };
  addExtended(EXTENDED_CHARS_12, EXTENDED_FALLBACKS_12, 0x12);
  addExtended(EXTENDED_CHARS_13, EXTENDED_FALLBACKS_13, 0x13);
  SPECIAL_CHARS.forEach((c, i) => {
    if (i !== 0x09) map.set(c, { kind: 'special', b1: 0x11, b2: 0x30 + i });
  });
  for (let b = 0x20; b < 0x80; b++) {
    const c = BASIC_CHARS[b];
    if (c) map.set(c, { kind: 'basic', byte: b });
  }
  return map;
})();

/**
 * Characters 608 does not have, with the closest it does (or '' to drop them quietly). Letters
 * with other accents are handled by stripping the accent; anything else is dropped with a warning.
 */
export const CHARACTER_SUBSTITUTES: ReadonlyMap<string, string> = new Map([
  ['’', "'"],
  ['`', "'"],
  ['´', "'"],
  ['′', "'"],
  ['″', '"'],
  ['„', '"'],
  ['‚', "'"],
  ['–', '-'],
  ['‐', '-'],
  ['‑', '-'],
  ['−', '-'],
  ['…', '...'],
  ['\u00a0', ' '],
  ['\u2009', ' '],
  ['\u202f', ' '],
  ['♫', '♪'],
  ['·', '•'],
  ['×', 'x'],
  ['æ', 'ae'],
  ['Æ', 'AE'],
  ['œ', 'oe'],
  ['Œ', 'OE'],
  ['ł', 'l'],
  ['Ł', 'L'],
  ['đ', 'd'],
  ['Đ', 'D'],
  ['ð', 'd'],
  ['þ', 'th'],
  ['Þ', 'Th'],
  ['ı', 'i'],
  ['€', 'EUR'],
  ['\u200b', ''],
  ['\u200e', ''],
  ['\u200f', ''],
  ['\ufeff', ''],
]);
