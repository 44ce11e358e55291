import type { CaptionDiagnostic, DiagnosticSeverity } from './caption.types';

/**
 * Collects diagnostics, keeping at most `perCode` of each kind: a file written without parity
 * has one problem, not 40,000, and an operator reads the first few. What is left out is still
 * counted, so `errors` stays right and a summary line says how many more there were.
 */
export class DiagnosticLog {
  private readonly items: CaptionDiagnostic[] = [];
  private readonly perCodeCount = new Map<string, number>();
  private readonly suppressed = new Map<string, { count: number; severity: DiagnosticSeverity }>();
  private errorCount = 0;
  private warningCount = 0;

  constructor(private readonly perCode = 25) {}

  add(d: CaptionDiagnostic): void {
    if (d.severity === 'error') this.errorCount += 1;
    else this.warningCount += 1;
    const seen = this.perCodeCount.get(d.code) ?? 0;
    this.perCodeCount.set(d.code, seen + 1);
    if (seen < this.perCode) {
      this.items.push(d);
      return;
    }
    const s = this.suppressed.get(d.code);
    if (s) s.count += 1;
    else this.suppressed.set(d.code, { count: 1, severity: d.severity });
  }

  error(line: number, word: number | undefined, code: string, message: string): void {
    this.add(
      word === undefined
        ? { line, severity: 'error', code, message }
        : { line, word, severity: 'error', code, message },
    );
  }

  warning(line: number, word: number | undefined, code: string, message: string): void {
    this.add(
      word === undefined
        ? { line, severity: 'warning', code, message }
        : { line, word, severity: 'warning', code, message },
    );
  }

  count(code: string): number {
    return this.perCodeCount.get(code) ?? 0;
  }

  get errors(): number {
    return this.errorCount;
  }

  get warnings(): number {
    return this.warningCount;
  }

  /** The kept diagnostics in file order, then one line per kind that was cut short. */
  list(): CaptionDiagnostic[] {
    const sorted = [...this.items].sort((a, b) => a.line - b.line || (a.word ?? 0) - (b.word ?? 0));
    for (const [code, s] of this.suppressed) {
      sorted.push({
        line: 0,
        severity: s.severity,
        code,
        message: `…and ${s.count} more ${s.severity === 'error' ? 'errors' : 'warnings'} like the ones above (${code}).`,
      });
    }
    return sorted;
  }
}
