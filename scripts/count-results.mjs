// Sums the JSON reports in test-reports/ (vitest and Playwright) plus the static checks
// recorded by the test scripts, and prints the closing line CI reads: `N passed, N failed`.
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? 'test-reports';
let passed = 0;
let failed = 0;
for (const file of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
  const full = path.join(dir, file);
  if (file.endsWith('.checks')) {
    for (const line of fs.readFileSync(full, 'utf8').split('\n')) {
      if (line.startsWith('pass ')) passed++;
      else if (line.startsWith('fail ')) failed++;
    }
    continue;
  }
  if (!file.endsWith('.json')) continue;
  const report = JSON.parse(fs.readFileSync(full, 'utf8'));
  if (typeof report.numPassedTests === 'number') {
    passed += report.numPassedTests;
    failed += report.numFailedTests + (report.success === false && report.numFailedTests === 0 ? 1 : 0);
  } else if (report.stats) {
    passed += (report.stats.expected ?? 0) + (report.stats.flaky ?? 0);
    failed += report.stats.unexpected ?? 0;
    failed += report.errors?.length ?? 0;
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
