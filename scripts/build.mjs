// `npm run build`: the console (next build) and the custom server (dist/server.js), with one
// deployment id baked into both. Every instance started from this build reports the same id,
// and a browser tab opened on an older build reloads the page on its next navigation instead
// of calling server actions that no longer exist (Next's version-skew protection).
// The id: DEPLOYMENT_ID if set, else the git commit, else the build's time.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle } from './bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return '';
  }
}

const id = process.env.DEPLOYMENT_ID || gitCommit() || `build-${Date.now().toString(36)}`;
if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) {
  process.stderr.write(`DEPLOYMENT_ID must be 1 to 64 letters, digits, ".", "_" or "-" (got "${id}").\n`);
  process.exit(1);
}
const next = spawnSync(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', DEPLOYMENT_ID: id },
});
if (next.status !== 0) process.exit(next.status ?? 1);
await bundle('server.ts', 'dist/server.js');
fs.writeFileSync(path.join(root, 'dist/deployment-id'), `${id}\n`);
process.stdout.write(`Deployment id: ${id}\n`);
