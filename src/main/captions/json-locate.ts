/**
 * Where things are in a JSON text, for line-numbered messages. JSON.parse does the parsing (it
 * is fast); this scanner runs only when a message needs a line, and finds every element of one
 * array in a single pass.
 */
export class JsonLocator {
  private lineStarts: number[] | null = null;

  constructor(private readonly text: string) {}

  /** 1-based line of a character offset. */
  lineAt(offset: number): number {
    if (offset < 0) return 0;
    if (!this.lineStarts) {
      const starts = [0];
      let i = this.text.indexOf('\n');
      while (i >= 0) {
        starts.push(i + 1);
        i = this.text.indexOf('\n', i + 1);
      }
      this.lineStarts = starts;
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** Offsets of the elements of the array at `path` (object keys and array indexes), or []. */
  arrayElementOffsets(path: readonly (string | number)[]): number[] {
    const s = new Scanner(this.text);
    if (!s.descend(path) || s.peek() !== '[') return [];
    const offsets: number[] = [];
    s.pos += 1;
    for (;;) {
      s.ws();
      if (s.pos >= this.text.length || s.peek() === ']') return offsets;
      offsets.push(s.pos);
      s.skipValue();
      s.ws();
      if (s.peek() === ',') s.pos += 1;
      else return offsets;
    }
  }
}

class Scanner {
  pos = 0;
  constructor(private readonly text: string) {}

  peek(): string {
    return this.text[this.pos] ?? '';
  }

  ws(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.pos++;
      else break;
    }
  }

  private skipString(): void {
    const t = this.text;
    this.pos += 1;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 92) this.pos += 2;
      else if (c === 34) {
        this.pos += 1;
        return;
      } else this.pos += 1;
    }
  }

  private readString(): string {
    const start = this.pos;
    this.skipString();
    try {
      const value: unknown = JSON.parse(this.text.slice(start, this.pos));
      return typeof value === 'string' ? value : '';
    } catch {
      return '';
    }
  }

  skipValue(): void {
    this.ws();
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    if (c === 34) return this.skipString();
    if (c === 123 || c === 91) {
      let depth = 0;
      while (this.pos < t.length) {
        const ch = t.charCodeAt(this.pos);
        if (ch === 34) {
          this.skipString();
          continue;
        }
        if (ch === 123 || ch === 91) depth++;
        else if (ch === 125 || ch === 93) {
          depth--;
          if (depth === 0) {
            this.pos += 1;
            return;
          }
        }
        this.pos += 1;
      }
      return;
    }
    while (this.pos < t.length) {
      const ch = t.charCodeAt(this.pos);
      // , } ] and whitespace end a number or a literal.
      if (ch === 44 || ch === 125 || ch === 93 || ch === 32 || ch === 9 || ch === 10 || ch === 13)
        return;
      this.pos++;
    }
  }

  /** Moves to the value at `path`; false when it is not there. */
  descend(path: readonly (string | number)[]): boolean {
    for (const key of path) {
      this.ws();
      const c = this.peek();
      if (c === '{' && typeof key === 'string') {
        this.pos += 1;
        for (;;) {
          this.ws();
          if (this.peek() !== '"') return false;
          const k = this.readString();
          this.ws();
          if (this.peek() !== ':') return false;
          this.pos += 1;
          if (k === key) break;
          this.skipValue();
          this.ws();
          if (this.peek() !== ',') return false;
          this.pos += 1;
        }
      } else if (c === '[' && typeof key === 'number') {
        this.pos += 1;
        for (let i = 0; i < key; i++) {
          this.skipValue();
          this.ws();
          if (this.peek() !== ',') return false;
          this.pos += 1;
        }
      } else return false;
    }
    this.ws();
    return true;
  }
}
