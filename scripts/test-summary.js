// Adds up the Vitest and Playwright JSON reports (the end-to-end tests, and the desktop smoke test
// when its report is named) into one closing line: "N passed, N failed, N skipped".
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];

const [vitestFile, playwrightFile, electronFile] = process.argv.slice(2);

function addPlaywright(file, name) {
  if (!existsSync(file)) {
    missing.push(name);
    return;
  }
  const s = JSON.parse(readFileSync(file, 'utf8')).stats ?? {};
  passed += s.expected ?? 0;
  failed += (s.unexpected ?? 0) + (s.flaky ?? 0);
  skipped += s.skipped ?? 0;
}

if (vitestFile && existsSync(vitestFile)) {
  const r = JSON.parse(readFileSync(vitestFile, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A test file that failed to load has no tests in the counts: count it as a failure.
  failed += (r.testResults ?? []).filter(
    (f) => f.status === 'failed' && f.assertionResults.length === 0,
  ).length;
} else missing.push('Vitest');
if (playwrightFile) addPlaywright(playwrightFile, 'Playwright');
else missing.push('Playwright');
// Optional: named only by runs that include the desktop smoke test.
if (electronFile) addPlaywright(electronFile, 'Playwright (desktop smoke test)');

if (missing.length > 0) {
  console.log(`No report from: ${missing.join(', ')}`);
  failed += missing.length;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
