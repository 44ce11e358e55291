import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ftsPrefixQuery } from './fts-query';

describe('ftsPrefixQuery', () => {
  it('makes every typed word a required prefix', () => {
    expect(ftsPrefixQuery('council pla')).toBe('"council"* "pla"*');
    expect(ftsPrefixQuery('  City   Council  ')).toBe('"city"* "council"*');
  });

  it('folds case and accents the way the index does', () => {
    expect(ftsPrefixQuery('GONZÁLEZ Müller')).toBe('"gonzalez"* "muller"*');
    // Decomposed input (e + combining acute) folds the same as the precomposed letter.
    expect(ftsPrefixQuery('Jose\u0301')).toBe('"jose"*');
  });

  it('returns null when nothing searchable was typed', () => {
    for (const text of ['', '   ', '"', '***', '()', '- : ^'])
      expect(ftsPrefixQuery(text)).toBeNull();
  });

  it('keeps FTS syntax out: operators and punctuation become words or separators', () => {
    expect(ftsPrefixQuery('"council" OR (planning*) -budget NEAR/2 x:y ^z')).toBe(
      '"council"* "or"* "planning"* "budget"* "near"* "2"* "x"* "y"* "z"*',
    );
    expect(ftsPrefixQuery("O'Brien 8/24/2026")).toBe('"o"* "brien"* "8"* "24"* "2026"*');
  });

  it('drops repeated words and bounds the number of terms', () => {
    expect(ftsPrefixQuery('a a a b')).toBe('"a"* "b"*');
    const many = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
    expect(ftsPrefixQuery(many)?.split(' ')).toHaveLength(16);
  });

  describe('against a real FTS5 index with the catalog tokenizer', () => {
    const sqlite = new BetterSqlite3(':memory:');
    sqlite.exec(
      `CREATE VIRTUAL TABLE f USING fts5(body, content='', contentless_delete=1, detail=none,
        prefix='1 2 3 4', tokenize='unicode61 remove_diacritics 2')`,
    );
    const insert = sqlite.prepare('INSERT INTO f (rowid, body) VALUES (?, ?)');
    insert.run(1, 'City Council Regular meeting - Planning for the budget');
    insert.run(2, 'Sunday worship from Iglesia de San José, with María González');
    insert.run(3, 'O\'Brien Park Board: "Spring" clean-up (OR not)');
    afterAll(() => sqlite.close());
    const search = (text: string): number[] => {
      const match = ftsPrefixQuery(text);
      if (match === null) return [];
      return sqlite
        .prepare('SELECT rowid FROM f WHERE f MATCH ? ORDER BY rowid')
        .pluck()
        .all(match) as number[];
    };

    it('finds shows as the operator types', () => {
      expect(search('c')).toEqual([1, 3]);
      expect(search('council pla')).toEqual([1]);
      expect(search('pla council')).toEqual([1]);
      expect(search('council zoning')).toEqual([]);
    });

    it('is accent- and case-insensitive both ways', () => {
      expect(search('jose gonzalez')).toEqual([2]);
      expect(search('JOSÉ GONZÁLEZ')).toEqual([2]);
      expect(search('maria')).toEqual([2]);
    });

    it('never throws on input full of FTS syntax', () => {
      for (const text of [
        '"',
        '"unbalanced',
        'spring"',
        '*',
        'c*',
        '-',
        '-council',
        'OR',
        'AND NOT',
        '(',
        ')',
        '(council',
        'NEAR(',
        '^',
        'body:council',
        "o'brien",
        '{}[]',
        '\\',
        '%_',
      ]) {
        expect(() => search(text), text).not.toThrow();
      }
      expect(search('"spring" (OR')).toEqual([3]);
      expect(search("o'brien")).toEqual([3]);
    });
  });
});
