// Adds up the runners' JSON reports and prints the one closing line "N passed, N failed".
// A report that is missing counts as one failure, so a runner that crashed cannot hide.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const arg of process.argv.slice(2)) {
  // A step's exit status (build:0, tree:1): a step that failed counts as one failure.
  if (/^[a-z]+:\d+$/.test(arg)) {
    if (!arg.endsWith(':0')) failed += 1;
    continue;
  }
  if (!existsSync(arg)) {
    console.error(`missing report ${arg}: counted as one failure`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(arg, 'utf8'));
  if ('numPassedTests' in report) {
    // Vitest (Jest-compatible JSON)
    passed += report.numPassedTests;
    failed += report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    if (report.success === false && report.numFailedTests === 0) failed += 1;
  } else if (report.stats) {
    // Playwright
    passed += report.stats.expected + report.stats.flaky;
    failed += report.stats.unexpected;
    skipped += report.stats.skipped;
    if (report.errors?.length) failed += report.errors.length;
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
