import { describe, expect, it } from 'vitest';
import { layoutCaptions, stripMarkup, toCea608Text, wrapWords } from './caption-text';

describe('caption text', () => {
  it('removes tags and entities but keeps a lone "<"', () => {
    expect(stripMarkup('<i>a</i> {\\an8}b &amp; c < d <00:01.000>e &#233;')).toBe(
      'a b & c < d e é',
    );
  });

  it('maps characters to what 608 has', () => {
    const m = toCea608Text('Ærø “hi” – ok… 😀\tdone');
    expect(m.text).toBe('AErø “hi” - ok... done');
    expect([...m.replaced.keys()]).toEqual(['Æ', '–', '…']);
    expect([...m.dropped]).toEqual(['😀']);
  });

  it('keeps source line breaks that fit, and re-flows those that do not', () => {
    expect(layoutCaptions('Short line\nAnother')).toEqual([['Short line', 'Another']]);
    expect(layoutCaptions('One\nTwo\nThree')).toEqual([['One Two Three']]);
    expect(layoutCaptions('A line that is much too long for a caption row')).toEqual([
      ['A line that is much too', 'long for a caption row'],
    ]);
  });

  it('balances two rows, and avoids ending a caption on "the" or "of"', () => {
    const [caption] = layoutCaptions('Thank you all for coming out tonight to this meeting');
    expect(caption).toEqual(['Thank you all for coming', 'out tonight to this meeting']);
    const pieces = layoutCaptions(
      'The committee of the whole will now review the report of the city manager on the state of the roads.',
    );
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(2);
      expect(p.at(-1)).not.toMatch(/ (the|of)$/);
    }
  });

  it('wraps at words and cuts only a word longer than a row', () => {
    expect(wrapWords(['a'.repeat(40), 'b'], 32)).toEqual(['a'.repeat(32), 'aaaaaaaa b']);
  });
});
