// `npm run bench [group [part]]`: each figure beside its target (and, where there is one, the reference measured
// in the same run), also written to bench-results.json. Speed is measured here, never asserted in
// the test suite.
import { browseBenchmarks } from './bench/browse.bench';
import { captionsBenchmarks } from './bench/captions.bench';
import { catalogBenchmarks } from './bench/catalog.bench';
import { foundationBenchmarks } from './bench/foundation.bench';
import { libraryBenchmarks } from './bench/library.bench';
import { publishingBenchmarks } from './bench/publishing.bench';
import { healthBenchmarks } from './bench/health.bench';
import { printFigure, writeResults, type BenchFigure } from './bench/harness';

const groups: [string, (part?: string) => Promise<BenchFigure[]>][] = [
  ['foundation', foundationBenchmarks],
  ['catalog', catalogBenchmarks],
  ['browse', browseBenchmarks],
  ['captions', captionsBenchmarks],
  ['library', libraryBenchmarks],
  ['publishing', publishingBenchmarks],
  ['health', healthBenchmarks],
];
// `npm run bench -- publishing batch`: one group, and within it one part where the group has parts.
const only = process.argv[2];
const part = process.argv[3];
const figures: BenchFigure[] = [];
for (const [name, run] of groups) {
  if (only && only !== name) continue;
  console.log(`== ${name}`);
  for (const f of await run(part)) {
    printFigure(f);
    figures.push(f);
  }
}
writeResults('bench-results.json', figures);
const missed = figures.filter((f) => !f.pass).length;
console.log(
  `${figures.length} figures, ${figures.length - missed} on target, ${missed} missed; written to bench-results.json`,
);
