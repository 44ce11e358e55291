import { describe, expect, it } from 'vitest';
import { safeHttpUrl } from './safe-url';

describe('the address a link may open', () => {
  it('keeps http and https addresses, normalised', () => {
    expect(safeHttpUrl('https://vod.example.org/v/12')).toBe('https://vod.example.org/v/12');
    expect(safeHttpUrl('HTTP://Example.org')).toBe('http://example.org/');
  });

  it('refuses other schemes, garbage and nothing', () => {
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('file:///etc/passwd')).toBeNull();
    expect(safeHttpUrl('not a url')).toBeNull();
    expect(safeHttpUrl('')).toBeNull();
    expect(safeHttpUrl(null)).toBeNull();
  });
});
