import { writeFileSync } from 'node:fs';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  /** e.g. '<= 3' or '>= 100000' */
  target: string;
  /** What the same run measured for the reference, if there is one. */
  reference: number | null;
  /** reference / value (or value / reference for throughput): how many times better than the reference. */
  ratio: number | null;
  pass: boolean;
  note?: string;
}

export function meetsTarget(value: number, target: string): boolean {
  const match = /^(<=|>=)\s*([\d.]+)$/.exec(target.trim());
  if (!match) throw new Error(`Bad target "${target}"`);
  const limit = Number(match[2]);
  return match[1] === '<=' ? value <= limit : value >= limit;
}

export function figure(
  name: string,
  value: number,
  unit: string,
  target: string,
  extra: { reference?: number; ratio?: number; ratioTarget?: string; note?: string } = {},
): BenchFigure {
  let pass = meetsTarget(value, target);
  if (extra.ratio !== undefined && extra.ratioTarget)
    pass &&= meetsTarget(extra.ratio, extra.ratioTarget);
  return {
    name,
    value: round(value),
    unit,
    target: extra.ratioTarget ? `${target}; ratio ${extra.ratioTarget}` : target,
    reference: extra.reference === undefined ? null : round(extra.reference),
    ratio: extra.ratio === undefined ? null : round(extra.ratio),
    pass,
    ...(extra.note ? { note: extra.note } : {}),
  };
}

function round(n: number): number {
  return Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 1000) / 1000;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

export function printFigure(f: BenchFigure): void {
  const ref = f.reference === null ? '' : `  reference ${f.reference} ${f.unit}, ratio ${f.ratio}x`;
  const note = f.note ? `  (${f.note})` : '';
  console.log(
    `${f.pass ? 'PASS' : 'MISS'}  ${f.name}  ${f.value} ${f.unit}  target ${f.target}${ref}${note}`,
  );
}

export function writeResults(file: string, figures: BenchFigure[]): void {
  writeFileSync(
    file,
    JSON.stringify({ date: new Date().toISOString(), node: process.version, figures }, null, 2) +
      '\n',
  );
}
