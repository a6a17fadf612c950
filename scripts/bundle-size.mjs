// Prints the first-load JavaScript of every console page, gzip, and its difference to /login
// (from the build's .next/diagnostics/route-bundle-stats.json; `npm run build` first).
// Exits 1 when a page ships more than LIMIT_KIB above /login.
import fs from 'node:fs';
import { gzipSync } from 'node:zlib';

const LIMIT_KIB = 15;
const stats = JSON.parse(fs.readFileSync('.next/diagnostics/route-bundle-stats.json', 'utf8'));
const gzip = (paths) => paths.reduce((n, p) => n + gzipSync(fs.readFileSync(p)).length, 0);
const pages = stats.filter((r) => !r.route.startsWith('/api') && !r.route.startsWith('/_'));
const sizes = new Map(pages.map((r) => [r.route, gzip(r.firstLoadChunkPaths)]));
const login = sizes.get('/login');
if (login === undefined) throw new Error('no /login in the build stats');
let over = 0;
console.log('route'.padEnd(22), 'first-load JS (gzip)', '  vs /login');
for (const [route, bytes] of [...sizes].sort()) {
  const diff = (bytes - login) / 1024;
  if (diff > LIMIT_KIB) over++;
  console.log(
    route.padEnd(22),
    `${(bytes / 1024).toFixed(1)} KiB`.padStart(20),
    `${diff >= 0 ? '+' : ''}${diff.toFixed(1)} KiB`.padStart(11),
  );
}
console.log(over ? `${over} page(s) over +${LIMIT_KIB} KiB` : `every page within +${LIMIT_KIB} KiB of /login`);
process.exit(over ? 1 : 0);
