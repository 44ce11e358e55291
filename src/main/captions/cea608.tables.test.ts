import { describe, expect, it } from 'vitest';
import {
  BASIC_CHARS,
  CEA608_CHARS,
  EXTENDED_CHARS_12,
  EXTENDED_CHARS_13,
  hasOddParity,
  pacBytes,
  pacIndent,
  pacRow,
  sccWord,
  SPECIAL_CHARS,
  withOddParity,
} from './cea608.tables';

describe('CEA-608 parity', () => {
  it('sets bit 7 so every byte has an odd number of ones', () => {
    for (let v = 0; v < 128; v++) {
      const b = withOddParity(v);
      expect(b & 0x7f).toBe(v);
      expect(hasOddParity(b)).toBe(true);
      expect(hasOddParity(b ^ 0x80)).toBe(false);
    }
    expect(withOddParity(0x14)).toBe(0x94);
    expect(withOddParity(0x20)).toBe(0x20);
    expect(withOddParity(0x00)).toBe(0x80);
  });

  it('writes the familiar SCC words', () => {
    expect(sccWord(0x14, 0x20)).toBe('9420'); // RCL
    expect(sccWord(0x14, 0x2e)).toBe('94ae'); // ENM
    expect(sccWord(0x14, 0x2f)).toBe('942f'); // EOC
    expect(sccWord(0x14, 0x2c)).toBe('942c'); // EDM
    expect(sccWord(0x14, 0x2d)).toBe('94ad'); // CR
    expect(sccWord(0x14, 0x25)).toBe('9425'); // RU2
    expect(sccWord(0x17, 0x21)).toBe('97a1'); // TO1
    expect(sccWord(0x11, 0x37)).toBe('9137'); // ♪
    expect(sccWord(0x48, 0x65)).toBe('c8e5'); // He
    expect(sccWord(0x41, 0x00)).toBe('c180'); // A + padding
  });
});

describe('preamble address codes', () => {
  it('round-trips every row and indent', () => {
    for (let row = 1; row <= 15; row++) {
      for (let indent = 0; indent <= 28; indent += 4) {
        const [b1, b2] = pacBytes(row, indent);
        expect(pacRow(b1, b2)).toBe(row);
        expect(pacIndent(b2)).toBe(indent);
      }
    }
    expect(sccWord(...pacBytes(15, 0))).toBe('9470');
    expect(sccWord(...pacBytes(14, 0))).toBe('94d0');
    expect(sccWord(...pacBytes(1, 0))).toBe('91d0');
    expect(sccWord(...pacBytes(11, 0))).toBe('10d0');
  });

  it('knows 0x10 has no second row', () => {
    expect(pacRow(0x10, 0x60)).toBe(0);
    expect(pacRow(0x10, 0x40)).toBe(11);
  });
});

describe('character sets', () => {
  it('has the basic set with its ten non-ASCII positions', () => {
    expect(BASIC_CHARS[0x2a]).toBe('á');
    expect(BASIC_CHARS[0x5c]).toBe('é');
    expect(BASIC_CHARS[0x7e]).toBe('ñ');
    expect(BASIC_CHARS[0x41]).toBe('A');
    expect(BASIC_CHARS[0x27]).toBe("'");
  });

  it('has 16 special and 2 x 32 extended characters, each with a fallback', () => {
    expect(SPECIAL_CHARS).toHaveLength(16);
    expect(EXTENDED_CHARS_12).toHaveLength(32);
    expect(EXTENDED_CHARS_13).toHaveLength(32);
    for (const ch of [...EXTENDED_CHARS_12, ...EXTENDED_CHARS_13]) {
      const c = CEA608_CHARS.get(ch);
      if (ch === "'") continue; // also basic
      expect(c?.kind, ch).toBe('extended');
      if (c?.kind === 'extended') {
        expect(BASIC_CHARS[c.fallback], ch).toBeTruthy();
        expect(c.fallback).toBeGreaterThanOrEqual(0x20);
      }
    }
    expect(CEA608_CHARS.get('♪')).toEqual({ kind: 'special', b1: 0x11, b2: 0x37 });
    expect(CEA608_CHARS.get('Ü')).toEqual({ kind: 'extended', fallback: 0x55, b1: 0x12, b2: 0x24 });
    expect(CEA608_CHARS.get('*')?.kind).toBe('extended');
  });
});
