// `npm start`: runs the production server (dist/server.js), or says what to do when the
// build is missing instead of failing with a module-not-found stack trace.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// fileURLToPath, not URL.pathname: a project folder with spaces or non-ASCII letters must work.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const server = path.join(root, 'dist', 'server.js');
if (!fs.existsSync(server) || !fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
  process.stderr.write('mesibo-admin is not built yet: run `npm run build` first, then `npm start`.\n');
  process.exit(1);
}
createRequire(import.meta.url)(server);
