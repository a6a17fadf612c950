// `npm audit` of the production dependencies, as a check of the test command: exits 1 on any
// high or critical advisory, 0 when there is none, and 2 when the advisory service cannot be
// asked (on this machine kind the registry answers its bulk endpoint with 405), so the caller
// can report "not checked" instead of counting a check that never ran as passed.
import { spawnSync } from 'node:child_process';

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', timeout: 60_000 });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  report = undefined;
}
const counts = report?.metadata?.vulnerabilities;
if (!counts) {
  const why = report?.message ?? run.error?.message ?? (run.stderr.trim().split('\n').pop() || 'no answer');
  // The reason without the address it was asked at.
  console.log(
    `npm audit: the advisory service could not be asked (${why.replace(/\S+:\/\/\S+/g, '').trim()}); not checked.`,
  );
  process.exit(2);
}
const serious = (counts.high ?? 0) + (counts.critical ?? 0);
for (const [name, v] of Object.entries(report.vulnerabilities ?? {})) {
  if (v.severity === 'high' || v.severity === 'critical') console.log(`  ${v.severity}: ${name} ${v.range ?? ''}`);
}
console.log(`npm audit: ${counts.critical ?? 0} critical, ${counts.high ?? 0} high, ${counts.moderate ?? 0} moderate.`);
process.exit(serious > 0 ? 1 : 0);
